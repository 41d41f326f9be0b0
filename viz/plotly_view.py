"""A small widget that draws a plotly figure with the plotly.js shipped in the ``plotly`` package,
served by this server at ``/static/assets/plotly.min.js`` (never cdn.plot.ly).

Why not ``solara.FigurePlotly``: plotly's FigureWidget sends its 5 MB JavaScript bundle through the
websocket once per chart and updates traces by adding and deleting them; this widget loads
plotly.js once per page (cached by the browser), redraws with ``Plotly.react`` and reports clicks.
After each redraw it sets ``data-key`` on its element to the ``key`` of what it drew, which is
how tests and the benchmark see that a chart shows a new result. Redraws, resizes and PNG exports
are done one after the other; an export goes through the server, so that it shows what the page
shows after every change made before it.
"""

from __future__ import annotations

import json
from pathlib import Path

import anywidget
import plotly
import traitlets

PLOTLY_JS_DIRECTORY = Path(plotly.__file__).parent / "package_data"
"""Holds plotly.min.js; ``viz.app`` adds it to the server's asset directories."""

ESM = """
function loadPlotly() {
  if (!window.__techniekpactPlotly) {
    window.__techniekpactPlotly = new Promise((resolve, reject) => {
      const script = document.createElement("script");
      const root = (window.solara && window.solara.rootPath) || "";
      script.src = root + "/static/assets/plotly.min.js";
      script.onload = () => resolve(window.Plotly);
      script.onerror = () => reject(new Error("plotly.js could not be loaded from " + script.src));
      document.head.appendChild(script);
    });
  }
  return window.__techniekpactPlotly;
}

async function render({ model, el }) {
  const Plotly = await loadPlotly();
  const plot = document.createElement("div");
  el.classList.add("tp-plot");
  el.dataset.chart = model.get("name");
  el.appendChild(plot);
  const name = model.get("name");
  const config = {displaylogo: false, displayModeBar: true, showSendToCloud: false,
                  showEditInChartStudio: false, showLink: false, plotlyServerURL: "",
                  modeBarButtonsToRemove: ["select2d", "lasso2d", "autoScale2d", "toImage"],
                  modeBarButtonsToAdd: [{name: "png", title: "Download plot as a PNG", icon: Plotly.Icons.camera,
                                         click: () => {
                                           model.set("export_request", model.get("export_request") + 1);
                                           model.save_changes();
                                         }}]};
  let pending = Promise.resolve();
  const draw = () => {  // one drawing at a time, in order: a redraw, a resize and an export never overlap
    pending = pending.then(async () => {
      if (!plot.isConnected && el.dataset.key) return;
      const figure = JSON.parse(model.get("figure"));
      await Plotly.react(plot, figure.data || [], figure.layout || {}, config);
      el.dataset.key = model.get("key");
    }).catch((error) => console.error(error));
    return pending;
  };
  await draw();
  let scheduled = false;
  const redraw = () => {  // once when the figure and the key change together
    if (scheduled) return;
    scheduled = true;
    queueMicrotask(() => { scheduled = false; draw(); });
  };
  model.on("change:figure", redraw);
  model.on("change:key", redraw);
  // the server answers an export request after every change sent before it, so the picture is
  // of what the page shows now (not of a chart still waiting for its redraw)
  model.on("change:export_done", () => {
    pending = pending.then(() => Plotly.downloadImage(plot, {format: "png", filename: name, scale: 2}));
  });
  plot.on("plotly_click", (event) => {
    const point = event.points && event.points[0];
    if (!point) return;
    const value = point.customdata !== undefined ? point.customdata : point.data && point.data.meta;
    if (value === undefined || value === null) return;
    model.set("clicked", {value: String(value), count: (model.get("clicked").count || 0) + 1});
    model.save_changes();
  });
  // follow the width of the page's layout (which changes with presenter mode), not only the
  // window's: draw again at the new width (the height is the figure's own, so it never collapses)
  let width = el.clientWidth;
  const resized = new ResizeObserver(() => {
    if (el.clientWidth !== width || plot.offsetHeight === 0) {
      width = el.clientWidth;
      redraw();
    }
  });
  resized.observe(el);
  return () => { resized.disconnect(); Plotly.purge(plot); };
}
export default { render };
"""


class PlotlyView(anywidget.AnyWidget):
    """A plotly figure named ``name``; ``figure`` is its JSON text (see :func:`figure_json`)."""

    _esm = ESM
    name = traitlets.Unicode("").tag(sync=True)
    figure = traitlets.Unicode("{}").tag(sync=True)
    key = traitlets.Unicode("").tag(sync=True)
    clicked = traitlets.Dict().tag(sync=True)
    export_request = traitlets.Int(0).tag(sync=True)
    export_done = traitlets.Int(0).tag(sync=True)

    @traitlets.observe("export_request")
    def _export(self, change: dict) -> None:
        """Answer an export request once everything before it has been handled and sent."""
        self.export_done = change["new"]


def figure_json(figure: dict) -> str:
    """A figure as JSON text: a widget's text property is sent as it is, where a nested dict would
    be walked element by element on every render of the page (and NaN is no JSON: it fails here)."""
    return json.dumps(figure, separators=(",", ":"), allow_nan=False)
