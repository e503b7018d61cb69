"""A file upload as a plain `<input type=file>`: the browser reads the text and sends it over.

The server keeps an uploaded record under a name it makes up (never the browser's), only if its
first line is a record header, only below a size limit (checked in the browser before sending:
the websocket drops any message over 16 MiB without a word), and only for a number of days.
"""

from __future__ import annotations

import json
import os
import secrets
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import ipyvuetify as v
import solara
import traitlets

from wargame.errors import WargameError
from wargame.files import write_atomic
from wargame.ui.i18n import tr

# uvicorn's websocket refuses messages over 16 MiB, and JSON escaping of a record's quotes grows
# it by about a fifth: 8 MiB of text stays well under (a ten-year game's record is ~2-3 MiB).
MAX_UPLOAD_BYTES = 8 * 1024 * 1024
UPLOADS_FOLDER = "uploads"
UPLOAD_SUFFIX = ".wgr.jsonl"
UPLOAD_DAYS_ENV = "WARGAME_UPLOAD_DAYS"
DEFAULT_UPLOAD_DAYS = 7.0


class UploadError(WargameError):
    """An upload the server refuses (not a record, too big); the message says why."""


def upload_days() -> float:
    """How many days an upload is kept (`WARGAME_UPLOAD_DAYS`, default 7)."""
    text = os.environ.get(UPLOAD_DAYS_ENV, "")
    try:
        days = float(text) if text else DEFAULT_UPLOAD_DAYS
    except ValueError:
        days = DEFAULT_UPLOAD_DAYS
    return days if days > 0 else DEFAULT_UPLOAD_DAYS


def check_record_text(name: str, text: str) -> None:
    """Refuse an upload that is too big or whose first line is not a record header."""
    size = len(text.encode("utf-8"))
    if size > MAX_UPLOAD_BYTES:
        raise UploadError(too_big(name, f"{size / 2**20:.1f} MiB"))
    first = text.split("\n", 1)[0]
    try:
        header = json.loads(first)
    except ValueError:
        header = None
    if not (
        isinstance(header, dict)
        and header.get("type") == "header"
        and header.get("format") == "wargame-record"
    ):
        raise UploadError(
            tr(
                "{name}: not a game record (a record's first line is its JSON header with "
                '"format": "wargame-record"; records are saved by the Play page or `wargame run '
                "--record`)",
                name=name,
            )
        )


def too_big(name: str, size: str) -> str:
    """The refusal of a file over the upload limit."""
    return tr(
        "{name}: {size} is over the upload limit of {limit} MiB",
        name=name,
        size=size,
        limit=f"{MAX_UPLOAD_BYTES / 2**20:.0f}",
    )


def store_upload(folder: Path, name: str, text: str, now: float | None = None) -> Path:
    """Keep a checked record in `folder` under a fresh server-made name; return its path."""
    check_record_text(name, text)
    folder.mkdir(parents=True, exist_ok=True)
    now = time.time() if now is None else now
    prune_uploads(folder, now=now)
    stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime(now))
    while True:
        path = folder / f"upload-{stamp}-{secrets.token_hex(4)}{UPLOAD_SUFFIX}"
        if not path.exists():
            break
    write_atomic(path, text)
    return path


def prune_uploads(folder: Path, days: float | None = None, now: float | None = None) -> list[Path]:
    """Remove uploads older than `days` (default `upload_days()`); return those removed."""
    if not folder.is_dir():
        return []
    limit = (time.time() if now is None else now) - 86400 * (days or upload_days())
    removed = []
    for path in folder.glob(f"upload-*{UPLOAD_SUFFIX}"):
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
                path.with_name(path.name + ".owner").unlink(missing_ok=True)  # who uploaded it
                removed.append(path)
        except OSError:  # removed meanwhile by another session
            continue
    return removed


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
      if (file.size > this.max_bytes) {
        this.upload = {name: file.name, size: file.size, too_big: true, at: Date.now()};
        return;
      }
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
    max_bytes = traitlets.Int(MAX_UPLOAD_BYTES).tag(sync=True)


def refusal_text(name: str, value: dict[str, Any]) -> str:
    """Why the browser's upload message is refused before its text is looked at."""
    if not isinstance(value.get("text", ""), str):
        return tr("{name}: not a game record (its content is not text)", name=name)
    size = value.get("size")
    mib = f"{size / 2**20:.1f} MiB" if isinstance(size, (int, float)) else tr("the file")
    return too_big(name, mib)


@solara.component
def Upload(
    label: str,
    on_file: Callable[[str, str], None],
    on_refused: Callable[[str], None] | None = None,
) -> Any:
    """An upload control; `on_file(name, text)` gets each file, `on_refused(why)` a too big one."""

    def changed(value: dict[str, Any]) -> None:
        if not value:
            return
        name = str(value.get("name", "upload"))[:200]
        if value.get("too_big") or not isinstance(value.get("text", ""), str):
            if on_refused is not None:
                on_refused(refusal_text(name, value))
            return
        on_file(name, str(value.get("text", "")))

    return UploadWidget.element(label=label, on_upload=changed)
