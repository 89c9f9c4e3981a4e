"""Errors the tool reports to users: a stable code and a message in Vietnamese and English."""

from __future__ import annotations


class CheckerError(Exception):
    """Base of every error shown to a user instead of a traceback."""

    def __init__(self, code: str, vi: str, en: str):
        super().__init__(en)
        self.code = code
        self.vi = vi
        self.en = en

    def message(self, lang: str = "vi") -> str:
        return self.en if lang == "en" else self.vi


class InputError(CheckerError):
    """A draft that cannot be read: the others in the run are still checked."""


class RulesetError(CheckerError):
    """A ruleset that is not valid YAML or breaks the schema."""

    def __init__(self, code: str, vi: str, en: str, path: str | None = None,
                 line: int | None = None, key: str | None = None):
        where = path or "?"
        if line is not None:
            where += f":{line}"
        prefix_vi = f"{where}: " + (f"khoá '{key}': " if key else "")
        prefix_en = f"{where}: " + (f"key '{key}': " if key else "")
        super().__init__(code, prefix_vi + vi, prefix_en + en)
        self.path = path
        self.line = line
        self.key = key


class UsageError(CheckerError):
    """Wrong command-line use."""
