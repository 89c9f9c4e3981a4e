"""Writing outputs safely: beside the target, then renamed over it, so that nobody reads half a
report and a crash leaves the old file whole. Only regular files are replaced this way: a device
or pipe given as output (/dev/null, /dev/stdout, a FIFO) is written into, never replaced."""

from __future__ import annotations

import os
import stat
import tempfile
from typing import Callable


def _special(path: str) -> bool:
    try:
        return not stat.S_ISREG(os.stat(path).st_mode)
    except FileNotFoundError:
        return False


def write_with(path: str, write: Callable[[str], None]) -> None:
    """Call ``write(tmp_path)`` then rename the result over ``path`` atomically."""
    if _special(path):
        if os.path.isdir(path):
            raise IsADirectoryError(21, "Is a directory", path)
        write(path)
        return
    folder = os.path.dirname(os.path.abspath(path)) or "."
    os.makedirs(folder, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".baocao-", suffix=".tmp", dir=folder)
    os.close(fd)
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def write_atomic(path: str, data: str | bytes) -> None:
    payload = data.encode("utf-8") if isinstance(data, str) else data

    def write(target: str) -> None:
        with open(target, "wb") as fh:
            fh.write(payload)
    write_with(path, write)
