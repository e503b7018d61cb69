"""A file upload as a plain `<input type=file>`: the browser reads the text and sends it over."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipyvuetify as v
import solara
import traitlets

TEMPLATE = """
<template>
  <div class="wg-upload" style="margin:8px 0">
    <label style="cursor:pointer">{{ label }}
      <input type="file" class="wg-upload-input" accept=".jsonl,.json,.txt" @change="read"/>
    </label>
  </div>
</template>
<script>
module.exports = {
  methods: {
    read(event) {
      const file = event.target.files[0];
      if (!file) { return; }
      const reader = new FileReader();
      reader.onload = () => {
        this.upload = {name: file.name, text: reader.result, size: file.size, at: Date.now()};
      };
      reader.readAsText(file);
    }
  }
}
</script>
"""


class UploadWidget(v.VuetifyTemplate):
    """The widget behind `Upload`: `upload` holds the last file read ({name, text, size})."""

    template = traitlets.Unicode(TEMPLATE).tag(sync=True)
    label = traitlets.Unicode("Upload a file").tag(sync=True)
    upload = traitlets.Dict(default_value={}).tag(sync=True)


@solara.component
def Upload(label: str, on_file: Callable[[str, str], None]) -> Any:
    """An upload control; `on_file(name, text)` is called with each file chosen."""

    def changed(value: dict[str, Any]) -> None:
        if value:
            on_file(str(value.get("name", "upload")), str(value.get("text", "")))

    return UploadWidget.element(label=label, on_upload=changed)
