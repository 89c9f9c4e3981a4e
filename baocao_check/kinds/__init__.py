"""Rule kinds configured by data (as Vale's existence, occurrence… are).

A ruleset (and the shared lexicon) may list ``checks``: each entry is an instance of a generic
kind, with its own id, category, severity, clause, scope, trigger and message, and needs no Python:

    checks:
      - id: chi_tieu_so_sanh
        kind: needs                   # each statement with the trigger must have every element
        category: other
        clause: Kế hoạch, mục IV.2 ("mỗi chỉ tiêu phải so sánh với chỉ tiêu được giao")
        scope: {sections: [kết quả]}
        trigger: {phrases: [chỉ tiêu]}
        needs: [quantity, {name: so sánh với chỉ tiêu được giao, phrases: [so với, kế hoạch giao, đạt]}]
        message: Chỉ tiêu chưa so sánh với chỉ tiêu được giao.
      - id: cum_tu_sao_rong
        kind: existence               # the trigger itself is the fault
        category: generic_limitation
        trigger: {patterns: [[{LOWER: "về"}, {LOWER: "cơ"}, {LOWER: "bản"}]]}
        message: "«{match}» không nói được bao nhiêu."

Triggers are phrases (whole syllables, folded) or spaCy token patterns (``patterns``); spaCy is
loaded only when some check has token patterns. Bespoke rule modules remain for what is
computation (arithmetic, numbering, footnotes, dates, symbols, annex agreement, the outline).
"""

from __future__ import annotations

from . import existence, needs

KINDS = {"existence": existence, "needs": needs}


def checks_of(ruleset) -> list[dict]:
    """The data-defined checks in force: the lexicon's shared ones, then the ruleset's own
    (an own check with the same id replaces the shared one; ``enabled: false`` turns it off)."""
    from ..lexicon import lexicon
    by_id: dict[str, dict] = {}
    for entry in list(lexicon().get("checks") or []) + list(ruleset.get("checks") or []):
        by_id[entry["id"]] = entry
    return [e for e in by_id.values() if e.get("enabled", True)]


def run(doc, ctx, only=None):
    for check in checks_of(ctx.ruleset):
        if only and check["id"] not in only:
            continue
        yield from KINDS[check["kind"]].run(doc, ctx, check)
