"""Findings: the stable contract between rules, reporters and other tools."""

from __future__ import annotations

from dataclasses import dataclass, field

SCHEMA_ID = "baocao-check/findings/v1"
# How the categories are named to people (the ids above are for programs).
CATEGORY_NAMES = {
    "vi": {"missing_section": "thiếu mục", "section_order_or_numbering": "đánh số, thứ tự mục",
           "deadline_missing": "thiếu thời hạn", "deadline_inconsistent": "thời hạn trái Kế hoạch",
           "generic_limitation": "hạn chế chung chung", "proposal_incomplete": "đề xuất chưa đủ",
           "annex_missing": "thiếu phụ lục", "annex_mismatch": "lệch phụ lục", "arithmetic_total": "tổng sai",
           "arithmetic_percent": "tỷ lệ sai", "citation_inconsistent": "trích dẫn không thống nhất",
           "citation_malformed": "ký hiệu sai mẫu", "name_inconsistent": "địa danh không thống nhất",
           "term_typo": "sai thuật ngữ", "footnote_mismatch": "chú thích", "date_implausible": "ngày vô lý",
           "placeholder_unfilled": "chỗ trống", "period_mismatch": "sai giai đoạn", "format": "thể thức",
           "other": "khác"},
    "en": {},
}
SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {"error": 3, "warning": 2, "info": 1, "never": 99}
CATEGORIES = (
    "missing_section", "section_order_or_numbering", "deadline_missing", "deadline_inconsistent",
    "generic_limitation", "proposal_incomplete", "annex_missing", "annex_mismatch", "arithmetic_total",
    "arithmetic_percent", "citation_inconsistent", "citation_malformed", "name_inconsistent", "term_typo",
    "footnote_mismatch", "date_implausible", "placeholder_unfilled", "period_mismatch", "format", "other",
)


@dataclass
class Finding:
    rule: str
    category: str
    severity: str
    message: str
    clause: str | None
    location: dict
    evidence: str
    suggestion: str
    block_index: int = field(default=-1, compare=False)   # for ordering and annotation; not in JSON
    waiver: dict | None = field(default=None, compare=False)  # set when a reviewer waived it

    def __post_init__(self):
        assert self.category in CATEGORIES, self.category
        assert self.severity in SEVERITIES, self.severity

    def to_dict(self) -> dict:
        return {"rule": self.rule, "category": self.category, "severity": self.severity,
                "message": self.message, "clause": self.clause, "location": dict(self.location),
                "evidence": self.evidence, "suggestion": self.suggestion}


def summarize(findings: list[Finding]) -> dict:
    out = {s: 0 for s in SEVERITIES}
    for f in findings:
        out[f.severity] += 1
    return out


def at_or_above(findings: list[Finding], threshold: str) -> bool:
    if threshold == "never":
        return False
    rank = SEVERITY_RANK[threshold]
    return any(SEVERITY_RANK[f.severity] >= rank for f in findings)
