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
    "en": {"missing_section": "missing section", "section_order_or_numbering": "section numbering, order",
           "deadline_missing": "no deadline", "deadline_inconsistent": "deadline against the plan",
           "generic_limitation": "vague limitation", "proposal_incomplete": "incomplete proposal",
           "annex_missing": "missing annex", "annex_mismatch": "annex mismatch", "arithmetic_total": "wrong total",
           "arithmetic_percent": "wrong ratio", "citation_inconsistent": "inconsistent citation",
           "citation_malformed": "malformed symbol", "name_inconsistent": "inconsistent place name",
           "term_typo": "mistyped term", "footnote_mismatch": "footnotes", "date_implausible": "implausible date",
           "placeholder_unfilled": "blank left", "period_mismatch": "wrong period", "format": "format",
           "other": "other"},
}
SEVERITY_NAMES = {"vi": {"error": "lỗi", "warning": "cảnh báo", "info": "lưu ý"},
                  "en": {"error": "error", "warning": "warning", "info": "note"}}
# A draft's verdict in a reviewer's summary (the web page's summary says the same)
VERDICT_NAMES = {"vi": {"fix": "Cần sửa", "review": "Nên xem lại", "ok": "Đạt", "failed": "Không đọc được",
                        "not_a_draft": "Không phải dự thảo báo cáo"},
                 "en": {"fix": "Needs fixing", "review": "To review", "ok": "Passes", "failed": "Could not read",
                        "not_a_draft": "Not a report draft"}}


def verdict(status: str, summary: dict | None) -> str:
    """fix: some error; review: warnings only; ok: neither; failed: unreadable; not_a_draft."""
    if status == "not_a_draft":
        return "not_a_draft"
    if status != "checked":
        return "failed"
    s = summary or {}
    return "fix" if s.get("error") else "review" if s.get("warning") else "ok"
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
    # a stable sub-code within the rule ("deadline", "surplus.annex_without_deadline"): what tests and
    # waivers match, so that rewording a message breaks neither
    code: str | None = None
    block_index: int = field(default=-1, compare=False)   # for ordering and annotation; not in JSON
    waiver: dict | None = field(default=None, compare=False)  # set when a reviewer waived it

    def __post_init__(self):
        assert self.category in CATEGORIES, self.category
        assert self.severity in SEVERITIES, self.severity

    def to_dict(self) -> dict:
        return {"rule": self.rule, "category": self.category, "severity": self.severity,
                "message": self.message, "clause": self.clause, "location": dict(self.location),
                "evidence": self.evidence, "suggestion": self.suggestion,
                **({"code": self.code} if self.code else {})}


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
