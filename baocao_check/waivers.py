"""Waivers: a reviewer accepts a finding as not applicable, with a reason and a name.

A YAML file beside the draft (``<draft>.waivers.yaml``) or in its folder
(``baocao-check.waivers.yaml``, entries naming the draft)::

    waivers:
      - draft: du-thao-ubnd.docx        # folder file only; omitted = every draft
        rule: period_mismatch
        evidence: "nhiệm kỳ 2026 - 2031"  # or line: 237, or paragraph: 120
        reason: Nhiệm kỳ của Hội đồng nhân dân
        by: Nguyễn Văn A

Waived findings are shown as waived and not counted; a waiver that matches no finding
(stale, or naming an unknown rule) is reported, never silently ignored.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from . import limits
from .errors import CheckerError
from .fsutil import NotRegularFile, TooLarge, read_regular

FOLDER_FILE = "baocao-check.waivers.yaml"


@dataclass
class Waiver:
    rule: str
    reason: str
    by: str = ""
    evidence: str | None = None
    line: int | None = None
    paragraph: int | None = None
    source: str = ""
    used: bool = False
    code: str | None = None          # the finding's sub-code ("deadline"): survives a reworded message

    def matches(self, f) -> bool:
        if f.rule != self.rule:
            return False
        if self.code is not None and self.code != getattr(f, "code", None):
            return False
        if self.evidence is not None and self.evidence != f.evidence:
            return False
        if self.line is not None and self.line != f.location.get("line"):
            return False
        if self.paragraph is not None and self.paragraph != f.location.get("paragraph"):
            return False
        return True

    def describe(self) -> str:
        where = self.evidence or (f"dòng {self.line}" if self.line else f"đoạn {self.paragraph}" if self.paragraph else "")
        return f"{self.rule} «{where}» ({os.path.basename(self.source)})"

    def to_dict(self) -> dict:
        return {"rule": self.rule, "evidence": self.evidence, "line": self.line, "paragraph": self.paragraph,
                "reason": self.reason, "by": self.by, "source": self.source}


def _invalid(path: str, vi: str, en: str) -> CheckerError:
    return CheckerError("waivers_invalid", f"Tệp miễn trừ {path}: {vi}", f"The waiver file {path}: {en}")


def _load(path: str, draft_name: str | None) -> list[Waiver]:
    import yaml     # only when a waiver file exists: a run without one never loads PyYAML

    from .safe_yaml import YAMLLimitError, compose_and_load
    try:
        raw = read_regular(path, limits.MAX_YAML_BYTES)
        _, data = compose_and_load(raw.decode("utf-8"))
    except TooLarge:
        raise _invalid(path, f"quá lớn (hơn {limits.MAX_YAML_BYTES // limits.MB} MB).",
                       f"too large (over {limits.MAX_YAML_BYTES // limits.MB} MB).") from None
    except NotRegularFile:
        raise _invalid(path, "không phải tệp thường.", "not a regular file.") from None
    except YAMLLimitError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else "?"
        raise _invalid(path, f"dòng {line}: {exc.vi}", f"line {line}: {exc.en}") from None
    except UnicodeDecodeError:
        raise _invalid(path, "phải là văn bản UTF-8.", "must be UTF-8 text.") from None
    except (OSError, yaml.YAMLError) as exc:
        raise CheckerError("waivers_invalid", f"Tệp miễn trừ {path} không đọc được: {exc}.",
                           f"The waiver file {path} cannot be read: {exc}.") from None
    if data is None:
        return []
    if not isinstance(data, dict):
        raise _invalid(path, "phải là một ánh xạ có khoá 'waivers:' (danh sách các miễn trừ), không phải "
                       f"{_kind(data, 'vi')}.",
                       f"must be a mapping with a 'waivers:' key (a list of waivers), not {_kind(data, 'en')}.")
    items = data.get("waivers")
    if items is None:
        return []
    if not isinstance(items, list):
        raise _invalid(path, f"'waivers' phải là một danh sách (mỗi mục bắt đầu bằng '- '), không phải {_kind(items, 'vi')}.",
                       f"'waivers' must be a list (each entry starting with '- '), not {_kind(items, 'en')}.")
    if len(items) > limits.MAX_WAIVERS:
        raise _invalid(path, f"quá nhiều miễn trừ ({len(items)}; tối đa {limits.MAX_WAIVERS}).",
                       f"too many waivers ({len(items)}; at most {limits.MAX_WAIVERS}).")
    out = []
    for i, item in enumerate(items):
        if not isinstance(item, dict) or "rule" not in item or "reason" not in item:
            raise CheckerError("waivers_invalid", f"{path}: mục miễn trừ số {i + 1} thiếu 'rule' hoặc 'reason'.",
                               f"{path}: waiver {i + 1} lacks 'rule' or 'reason'.")
        for key, types in _FIELD_TYPES.items():
            value = item.get(key)
            if value is not None and (not isinstance(value, types) or isinstance(value, bool)):
                raise _invalid(path, f"mục số {i + 1}, khoá '{key}': phải là {_TYPE_NAMES[key][0]}.",
                               f"waiver {i + 1}, key '{key}': must be {_TYPE_NAMES[key][1]}.")
        if draft_name is not None and item.get("draft") not in (None, draft_name):
            continue
        out.append(Waiver(rule=str(item["rule"]), reason=str(item["reason"]), by=str(item.get("by", "")),
                          evidence=item.get("evidence"), line=item.get("line"), paragraph=item.get("paragraph"),
                          code=item.get("code"),
                          source=path))
    return out


_FIELD_TYPES = {"rule": str, "reason": (str, int, float), "by": (str, int), "draft": str, "evidence": str,
                "line": int, "paragraph": int, "code": str}
_TYPE_NAMES = {"rule": ("mã quy tắc (chữ)", "a rule id (text)"), "reason": ("một câu", "a sentence"),
               "by": ("một tên", "a name"), "draft": ("tên tệp", "a file name"),
               "evidence": ("đoạn chữ trích", "the quoted text"),
               "line": ("số dòng (số nguyên)", "a line number (an integer)"),
               "paragraph": ("số đoạn (số nguyên)", "a paragraph number (an integer)"),
               "code": ("mã chi tiết của phát hiện (chữ)", "the finding's sub-code (text)")}


def _kind(value, lang: str) -> str:
    names = {list: ("một danh sách", "a list"), str: ("một chuỗi chữ", "a string"), int: ("một số", "a number"),
             float: ("một số", "a number"), bool: ("true/false", "true/false"), dict: ("một ánh xạ", "a mapping")}
    vi, en = names.get(type(value), ("giá trị khác", "something else"))
    return en if lang == "en" else vi


def waivers_for(draft_path: str) -> list[Waiver]:
    """The waivers that apply to a draft: its own file, then its folder's, then the project's."""
    out = []
    own = draft_path + ".waivers.yaml"
    if os.path.lexists(own):
        out += _load(own, None)
    folder = os.path.join(os.path.dirname(os.path.abspath(draft_path)), FOLDER_FILE)
    if os.path.lexists(folder):
        out += _load(folder, os.path.basename(draft_path))
    # the project's waiver file ('waivers' in .baocao-check.yaml; the CLI sets it for its workers)
    project = os.environ.get("BAOCAO_CHECK_WAIVERS")
    if project and os.path.lexists(project) and os.path.abspath(project) != os.path.abspath(folder):
        out += _load(project, os.path.basename(draft_path))
    return out


def apply(result, waivers: list[Waiver]) -> None:
    """Move waived findings aside on ``result`` and record stale waivers."""
    from .rules import RULES
    kept, waived = [], []
    for f in result.findings:
        w = next((w for w in waivers if w.matches(f)), None)
        if w is None:
            kept.append(f)
        else:
            w.used = True
            f.waiver = {"reason": w.reason, "by": w.by}
            waived.append(f)
    result.findings = kept
    result.waived = waived
    result.stale_waivers = [w for w in waivers if not w.used or w.rule not in RULES]
