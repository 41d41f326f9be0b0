"""The browser view: a Solara scenario studio over the model (``viz.app``; ``techniekpact ui``)."""
