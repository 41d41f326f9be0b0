"""A small widget that draws a plotly figure with the plotly.js shipped in the ``plotly`` package,
served by this server at ``/static/assets/plotly.min.js`` (never cdn.plot.ly).

Why not ``solara.FigurePlotly``: plotly's FigureWidget sends its 5 MB JavaScript bundle through the
websocket once per chart and updates traces by adding and deleting them; this widget loads
plotly.js once per page (cached by the browser), redraws with ``Plotly.react`` and reports clicks.
After each redraw it sets ``data-key`` on its element to the ``key`` of what it drew, which is
how tests and the benchmark see that a chart shows a new result.
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
  const config = {displaylogo: false, displayModeBar: true, responsive: true, showSendToCloud: false,
                  showEditInChartStudio: false, showLink: false, plotlyServerURL: "",
                  modeBarButtonsToRemove: ["select2d", "lasso2d", "autoScale2d"],
                  toImageButtonOptions: {format: "png", filename: model.get("name"), scale: 2}};
  let pending = Promise.resolve();
  const draw = () => {
    pending = pending.then(async () => {
      const figure = JSON.parse(model.get("figure"));
      await Plotly.react(plot, figure.data || [], figure.layout || {}, config);
      el.dataset.key = model.get("key");
    });
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
  plot.on("plotly_click", (event) => {
    const point = event.points && event.points[0];
    if (!point) return;
    const value = point.customdata !== undefined ? point.customdata : point.data && point.data.meta;
    if (value === undefined || value === null) return;
    model.set("clicked", {value: String(value), count: (model.get("clicked").count || 0) + 1});
    model.save_changes();
  });
  // follow the width of the page's layout (which changes with presenter mode), not only the window's
  const resized = new ResizeObserver(() => requestAnimationFrame(() => {
    if (plot.isConnected && plot._fullLayout) Plotly.Plots.resize(plot);
  }));
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


def figure_json(figure: dict) -> str:
    """A figure as JSON text: a widget's text property is sent as it is, where a nested dict would
    be walked element by element on every render of the page (and NaN is no JSON: it fails here)."""
    return json.dumps(figure, separators=(",", ":"), allow_nan=False)
