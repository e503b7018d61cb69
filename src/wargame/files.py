"""Writing files so that a crash never leaves a half-written one."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(path: str | Path, text: str, durable: bool = True) -> None:
    """Write a text file atomically: a temporary file in the same folder, then rename.

    `durable=False` skips the fsync: the file is still whole or absent after the process is
    killed, but a power cut may lose the last write (for small files rewritten every move)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            if durable:
                os.fsync(fh.fileno())
        os.chmod(tmp, file_mode())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def file_mode() -> int:
    """The mode a newly created file gets under the current umask (mkstemp would give 0600)."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask
