"""The project configuration, ``.baocao-check.yaml``, found in the folder checked or one of its
parents (as Vale finds .vale.ini and textlint .textlintrc). Every key is optional:

    ruleset: rulesets/ke-hoach-xa.yaml    # relative to the file's folder
    lang: vi                              # vi | en
    fail-on: error                        # error | warning | info | never
    waivers: mien-tru.yaml                # a waiver file for every draft (as baocao-check.waivers.yaml)
    output: _kiemtra                      # batch: the report folder

The command line wins over BAOCAO_CHECK_LANG, which wins over this file, which wins over the defaults."""

from __future__ import annotations

import difflib
import os

from .errors import UsageError

CONFIG_NAME = ".baocao-check.yaml"
KEYS = ("ruleset", "lang", "fail-on", "waivers", "output")
_CHOICES = {"lang": ("vi", "en"), "fail-on": ("error", "warning", "info", "never")}
_PATHS = ("ruleset", "waivers", "output")


def find(start: str) -> str | None:
    """The nearest .baocao-check.yaml in ``start`` (a folder, or a file's folder) or its parents."""
    folder = os.path.abspath(start)
    if not os.path.isdir(folder):
        folder = os.path.dirname(folder)
    while True:
        candidate = os.path.join(folder, CONFIG_NAME)
        if os.path.isfile(candidate):
            return candidate
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def load(path: str) -> dict:
    """The file's settings, paths made absolute; a bad file is a usage error naming file, line and key."""
    import yaml

    from . import limits
    from .fsutil import read_regular
    from .safe_yaml import compose_and_load

    def bad(vi: str, en: str, line: int | None = None) -> UsageError:
        where = path + (f":{line}" if line else "")
        return UsageError("bad_config", f"{where}: {vi}", f"{where}: {en}")

    try:
        text = read_regular(path, limits.MAX_YAML_BYTES).decode("utf-8-sig")
        node, data = compose_and_load(text)
    except UnicodeDecodeError:
        raise bad("tệp cấu hình phải viết bằng UTF-8.", "the configuration file must be UTF-8.") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise bad("không phải YAML hợp lệ.", "not valid YAML.", mark.line + 1 if mark else None) from None
    except OSError as exc:
        raise bad(f"không đọc được ({exc.strerror}).", f"cannot be read ({exc.strerror}).") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise bad("phải là các cặp khoá: giá trị (ruleset, lang, fail-on, waivers, output).",
                  "must be key: value pairs (ruleset, lang, fail-on, waivers, output).")
    lines = {k.value: k.start_mark.line + 1 for k, _ in getattr(node, "value", [])
             if hasattr(k, "value") and isinstance(k.value, str)}
    out = {}
    base = os.path.dirname(os.path.abspath(path))
    for key, value in data.items():
        line = lines.get(key)
        if key not in KEYS:
            close = difflib.get_close_matches(str(key), KEYS, n=1)
            hint_vi = f" — có phải '{close[0]}'?" if close else f" (các khoá: {', '.join(KEYS)})"
            hint_en = f" — did you mean '{close[0]}'?" if close else f" (keys: {', '.join(KEYS)})"
            raise bad(f"khoá '{key}' không có{hint_vi}", f"unknown key '{key}'{hint_en}", line)
        if not isinstance(value, str) or not value.strip():
            raise bad(f"khoá '{key}': cần một chuỗi.", f"key '{key}': a string is needed.", line)
        value = value.strip()
        if key in _CHOICES and value not in _CHOICES[key]:
            raise bad(f"khoá '{key}': '{value}' không hợp lệ (chọn {', '.join(_CHOICES[key])}).",
                      f"key '{key}': '{value}' is not valid (choose {', '.join(_CHOICES[key])}).", line)
        out[key] = os.path.normpath(os.path.join(base, value)) if key in _PATHS else value
    out["_path"] = path
    return out


def for_start(start: str | None) -> dict:
    """The settings that apply to a run starting at ``start`` (the first draft or folder; the
    working folder when none), or {}."""
    path = find(start or os.getcwd())
    return load(path) if path else {}
