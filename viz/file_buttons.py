"""Two small widgets for files: a download button whose content is made only when clicked, and an
upload button that opens the browser's file chooser. Both are plain buttons in the page's style,
and both work offline (the file never leaves the browser and this server)."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable

import anywidget
import solara
import traitlets

BUTTON_JS = """
function button(model, el, classes) {
  const node = document.createElement("button");
  node.type = "button";
  node.className = "v-btn v-btn--density-default v-btn--size-default v-btn--variant-outlined tp-file-button " + classes;
  const label = document.createElement("span");
  label.className = "v-btn__content";
  label.textContent = model.get("label");
  node.appendChild(label);
  model.on("change:label", () => { label.textContent = model.get("label"); });
  el.appendChild(node);
  return node;
}
"""

DOWNLOAD_ESM = BUTTON_JS + """
function render({ model, el }) {
  const node = button(model, el, "tp-download-button");
  node.onclick = () => { model.set("requested", model.get("requested") + 1); model.save_changes(); };
  model.on("change:payload", () => {
    const payload = model.get("payload");
    if (!payload || !payload.name) return;
    const bytes = Uint8Array.from(atob(payload.content), (c) => c.charCodeAt(0));
    const url = URL.createObjectURL(new Blob([bytes], {type: payload.mime}));
    const link = document.createElement("a");
    link.href = url;
    link.download = payload.name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 2000);
  });
}
export default { render };
"""

UPLOAD_ESM = BUTTON_JS + """
function render({ model, el }) {
  const node = button(model, el, "tp-upload-button");
  const input = document.createElement("input");
  input.type = "file";
  input.accept = model.get("accept");
  input.className = "tp-upload-input";
  input.style.display = "none";
  el.appendChild(input);
  node.onclick = () => input.click();
  input.onchange = async () => {
    const file = input.files[0];
    if (!file) return;
    let content = null;
    if (file.size <= model.get("limit")) {
      const bytes = new Uint8Array(await file.arrayBuffer());
      let binary = "";
      for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]);
      content = btoa(binary);
    }
    const count = (model.get("upload").count || 0) + 1;
    model.set("upload", {name: file.name, size: file.size, content: content, count: count});
    model.save_changes();
    input.value = "";
  };
}
export default { render };
"""


class DownloadWidget(anywidget.AnyWidget):
    _esm = DOWNLOAD_ESM
    label = traitlets.Unicode("").tag(sync=True)
    requested = traitlets.Int(0).tag(sync=True)
    payload = traitlets.Dict().tag(sync=True)


class UploadWidget(anywidget.AnyWidget):
    """Reads only files up to ``limit`` bytes; a larger one arrives as its name and size."""

    _esm = UPLOAD_ESM
    label = traitlets.Unicode("").tag(sync=True)
    accept = traitlets.Unicode("").tag(sync=True)
    limit = traitlets.Int(0).tag(sync=True)
    upload = traitlets.Dict().tag(sync=True)


@solara.component
def DownloadButton(label: str, filename: str, mime: str, content: Callable[[], str], classes: str = "") -> None:
    """A button that saves ``content()`` (made when clicked) as ``filename``."""
    payload, set_payload = solara.use_state({})

    def requested(count: int) -> None:
        if count:
            data = base64.b64encode(content().encode("utf-8")).decode("ascii")
            set_payload({"name": filename, "mime": mime, "content": data, "count": count})

    with solara.Div(classes=[classes]):
        DownloadWidget.element(label=label, payload=payload, on_requested=requested)


def received(upload: dict) -> tuple[str, bytes | None, int]:
    """Name, content (None if not sent or damaged) and size of an upload from the browser."""
    name = str(upload.get("name") or "upload")
    size = int(upload.get("size") or 0)
    try:
        content = base64.b64decode(upload["content"], validate=True) if upload.get("content") is not None else None
    except (binascii.Error, TypeError, ValueError):
        content = None
    return name, content, size


@solara.component
def UploadButton(label: str, accept: str, limit: int, on_file: Callable[[str, bytes | None, int], None],
                 classes: str = "") -> None:
    """A button that lets the user choose a file and passes its name, content and size on."""
    def uploaded(upload: dict) -> None:
        if upload:
            on_file(*received(upload))

    with solara.Div(classes=[classes]):
        UploadWidget.element(label=label, accept=accept, limit=limit, on_upload=uploaded)
