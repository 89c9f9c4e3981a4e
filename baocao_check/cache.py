"""A small on-disk cache of derived data (validated rulesets, the gazetteer index), so that a
cold run does not redo work whose inputs have not changed. Missing or unwritable cache: only slower.
Set BAOCAO_CHECK_NO_CACHE=1 to turn it off."""

from __future__ import annotations

import json
import os

from .fsutil import write_atomic


def folder() -> str | None:
    if os.environ.get("BAOCAO_CHECK_NO_CACHE"):
        return None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "baocao-check")


def load(name: str):
    base = folder()
    if base is None:
        return None
    try:
        with open(os.path.join(base, name), encoding="utf-8") as fh:
            return json.load(fh)
    except (OSError, ValueError):
        return None


def save(name: str, data) -> None:
    base = folder()
    if base is None:
        return
    try:
        write_atomic(os.path.join(base, name), json.dumps(data, ensure_ascii=False))
    except OSError:
        pass
