"""Keyboard shortcuts for the facilitator: a small widget that listens to the page's key presses
(never while typing in a box) and tells the server which shortcut was pressed.

    space    play / pause (switches play mode on)        s or ->   one month on (play mode)
    p        presentation layout on / off                 Escape    leave full screen
    ctrl+z   undo                                         ctrl+y or ctrl+shift+z   redo
"""

from __future__ import annotations

import anywidget
import solara
import traitlets

from viz.state import Studio

ESM = """
function render({ model, el }) {
  el.classList.add("tp-shortcuts");
  const keys = {" ": "play", "p": "presenter", "s": "step", "ArrowRight": "step", "Escape": "escape"};
  const handler = (event) => {
    const target = event.target;
    const typing = target && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName)
                              || (target.closest && target.closest(".v-slider, .v-select, .v-field")));
    let action = null;
    if ((event.ctrlKey || event.metaKey) && !event.altKey) {
      const key = event.key.toLowerCase();
      if (key === "z" && !event.shiftKey) action = "undo";
      else if (key === "y" || (key === "z" && event.shiftKey)) action = "redo";
      if (action && typing && target.tagName !== "BUTTON") return;  // the box's own undo
    } else if (!event.altKey && !typing) {
      action = keys[event.key] || null;
    }
    if (!action) return;
    event.preventDefault();
    model.set("pressed", {action: action, count: (model.get("pressed").count || 0) + 1});
    model.save_changes();
  };
  document.addEventListener("keydown", handler);
  return () => document.removeEventListener("keydown", handler);
}
export default { render };
"""


class ShortcutsWidget(anywidget.AnyWidget):
    _esm = ESM
    pressed = traitlets.Dict().tag(sync=True)


@solara.component
def Shortcuts(studio: Studio) -> None:
    """Listens for the shortcuts; play and step act through ``studio.command`` (read by play mode)."""
    def pressed(event: dict) -> None:
        action = event.get("action")
        if action == "presenter":
            studio.presenter.set(not studio.presenter.value)
        elif action == "undo":
            studio.undo()
        elif action == "redo":
            studio.redo()
        elif action == "escape":
            studio.fullscreen.set(None)
        elif action in ("play", "step"):
            if not studio.play_mode.value:
                studio.play_mode.set(True)
            studio.command.set((action, event.get("count", 0)))

    ShortcutsWidget.element(on_pressed=pressed)
