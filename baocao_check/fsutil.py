"""Reading inputs and writing outputs safely.

Reading: only regular files are read (a FIFO would block, ``/dev/zero`` never ends), opened
without blocking, and never more than a limit of bytes actually read, whatever size the file
claims.

Writing: beside the target, then renamed over it, so that nobody reads half a report and a
crash leaves the old file whole; the new file gets the permissions of any file the user
creates (the umask), not mkstemp's 0600. A device or pipe given as output on the command line
(/dev/null, /dev/stdout, a FIFO) is written into, never replaced. No output may be one of the
inputs: ``output_clash`` finds an output that is a draft, a hard link or a symlink to one.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from typing import Callable, Iterable


class NotRegularFile(OSError):
    """A path that is a FIFO, a device, a socket: never a draft."""

    def __init__(self, path: str):
        super().__init__(errno.EINVAL, "not a regular file", path)


class TooLarge(OSError):
    """More bytes than the limit were read."""

    def __init__(self, path: str, limit: int):
        super().__init__(errno.EFBIG, "file too large", path)
        self.limit = limit


def is_regular(path: str) -> bool:
    """A regular file (a symlink to one counts); never opens the path."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def read_regular(path: str, limit: int) -> bytes:
    """The bytes of a regular file, at most ``limit`` of them (``TooLarge`` past that).

    Opened with O_NONBLOCK so that a FIFO cannot block the open; then checked to be a regular
    file before a byte is read."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags)
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, "Is a directory", path)
        if not stat.S_ISREG(mode):
            raise NotRegularFile(path)
        os.set_blocking(fd, True)
        chunks, total = [], 0
        while True:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise TooLarge(path, limit)
        return b"".join(chunks)
    finally:
        os.close(fd)


def _identity(path: str):
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return st.st_dev, st.st_ino


class InputSet:
    """The inputs of a run, by real path and by file identity (device, inode), to test outputs against."""

    def __init__(self, paths: Iterable[str]):
        self.real: dict[str, str] = {}
        self.ids: dict[tuple, str] = {}
        for path in paths:
            self.real.setdefault(os.path.realpath(path), path)
            ident = _identity(path)
            if ident is not None:
                self.ids.setdefault(ident, path)

    def clash(self, output: str) -> str | None:
        """The input that writing ``output`` would replace or alias: the same path, a symlink to it
        or a hard link of it (same device and inode); None when the output is none of them."""
        hit = self.real.get(os.path.realpath(output))
        if hit is None:
            ident = _identity(output)
            hit = self.ids.get(ident) if ident is not None else None
        return hit


def output_clash(output: str, inputs: Iterable[str]) -> str | None:
    return InputSet(inputs).clash(output)


def _read_umask() -> int:
    """The process umask, read without changing it where Linux says it (no race with threads that
    create files meanwhile); elsewhere set and restored once, at import."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _read_umask()


def _umask() -> int:
    return _UMASK


def _special(path: str) -> bool:
    try:
        return not stat.S_ISREG(os.stat(path).st_mode)
    except (FileNotFoundError, NotADirectoryError):
        return False


def write_with(path: str, write: Callable[[str], None], *, devices: bool = True) -> None:
    """Call ``write(tmp_path)`` then rename the result over ``path`` atomically.

    ``devices``: a device or pipe at ``path`` is written into (an output the user named);
    without it (reports the tool names itself) whatever is there is replaced by a regular file."""
    if os.path.isdir(path):
        raise IsADirectoryError(errno.EISDIR, "Is a directory", path)
    if devices and _special(path):
        write(path)
        return
    folder = os.path.dirname(os.path.abspath(path)) or "."
    os.makedirs(folder, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".baocao-", suffix=".tmp", dir=folder)
    try:
        os.fchmod(fd, 0o666 & ~_umask())
    finally:
        os.close(fd)
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def write_atomic(path: str, data: str | bytes, *, devices: bool = True) -> None:
    payload = data.encode("utf-8") if isinstance(data, str) else data

    def write(target: str) -> None:
        with open(target, "wb") as fh:
            fh.write(payload)
    write_with(path, write, devices=devices)
