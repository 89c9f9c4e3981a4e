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

import yaml

from .errors import CheckerError

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

    def matches(self, f) -> bool:
        if f.rule != self.rule:
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


def _load(path: str, draft_name: str | None) -> list[Waiver]:
    try:
        with open(path, encoding="utf-8") as fh:
            data = yaml.safe_load(fh) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise CheckerError("waivers_invalid", f"Tệp miễn trừ {path} không đọc được: {exc}.",
                           f"The waiver file {path} cannot be read: {exc}.") from None
    out = []
    for i, item in enumerate((data.get("waivers") if isinstance(data, dict) else None) or []):
        if not isinstance(item, dict) or "rule" not in item or "reason" not in item:
            raise CheckerError("waivers_invalid", f"{path}: mục miễn trừ số {i + 1} thiếu 'rule' hoặc 'reason'.",
                               f"{path}: waiver {i + 1} lacks 'rule' or 'reason'.")
        if draft_name is not None and item.get("draft") not in (None, draft_name):
            continue
        out.append(Waiver(rule=str(item["rule"]), reason=str(item["reason"]), by=str(item.get("by", "")),
                          evidence=item.get("evidence"), line=item.get("line"), paragraph=item.get("paragraph"),
                          source=path))
    return out


def waivers_for(draft_path: str) -> list[Waiver]:
    """The waivers that apply to a draft: its own file, then its folder's."""
    out = []
    own = draft_path + ".waivers.yaml"
    if os.path.exists(own):
        out += _load(own, None)
    folder = os.path.join(os.path.dirname(os.path.abspath(draft_path)), FOLDER_FILE)
    if os.path.exists(folder):
        out += _load(folder, os.path.basename(draft_path))
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
