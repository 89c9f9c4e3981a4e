"""Findings: the stable contract between rules, reporters and other tools."""

from __future__ import annotations

from dataclasses import dataclass, field

SCHEMA_ID = "baocao-check/findings/v1"
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
