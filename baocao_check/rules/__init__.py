"""The rule registry: an explicit, flat map from stable id to rule module.

Each rule module has ``ID``, ``CATEGORY``, ``SEVERITY`` (default), ``SUMMARY``
(vi/en one-liners), a docstring that is its user documentation with a
failing and a passing example, and ``check(doc, ctx)`` yielding findings.
A rule never reads files or prints.
"""

from __future__ import annotations

from . import (
    annex_mismatch,
    annex_missing,
    arithmetic_percent,
    arithmetic_total,
    citation_inconsistent,
    citation_malformed,
    date_implausible,
    deadline_inconsistent,
    deadline_missing,
    figure_conflict,
    footnote_mismatch,
    generic_limitation,
    header_missing,
    missing_section,
    name_inconsistent,
    period_mismatch,
    placeholder_unfilled,
    proposal_incomplete,
    section_order_or_numbering,
    term_typo,
)

RULES = {module.ID: module for module in (
    missing_section,
    section_order_or_numbering,
    placeholder_unfilled,
    footnote_mismatch,
    term_typo,
    citation_malformed,
    citation_inconsistent,
    date_implausible,
    name_inconsistent,
    arithmetic_total,
    arithmetic_percent,
    generic_limitation,
    proposal_incomplete,
    deadline_missing,
    deadline_inconsistent,
    annex_missing,
    annex_mismatch,
    period_mismatch,
    header_missing,
    figure_conflict,
)}


def get_rule(rule_id: str):
    """The rule module for an id; KeyError names the known ids."""
    try:
        return RULES[rule_id]
    except KeyError:
        raise KeyError(f"unknown rule {rule_id!r}; known: {', '.join(sorted(RULES))}") from None


def examples(rule) -> dict[str, str]:
    """The failing and passing examples of a rule's documentation ("Ví dụ sai/đúng")."""
    import re
    import textwrap

    doc = rule.__doc__ or ""
    out = {}
    for kind, marker in (("fail", "Ví dụ sai (FAIL)::"), ("pass", "Ví dụ đúng (PASS)::")):
        start = doc.find(marker)
        if start < 0:
            continue
        rest = doc[start + len(marker):]
        block = re.match(r"\s*\n((?:[ \t]+.*\n|\s*\n)+)", rest + "\n")
        if block:
            out[kind] = textwrap.dedent(block.group(1)).strip("\n") + "\n"
    return out


def describe(rule, lang: str = "vi") -> str:
    """A rule's documentation for ``baocao-check rules RULE_ID``."""
    head = (f"{rule.ID}\n"
            f"  {'loại' if lang == 'vi' else 'category'}: {rule.CATEGORY}\n"
            f"  {'mức mặc định' if lang == 'vi' else 'default severity'}: {rule.SEVERITY}\n"
            f"  {rule.SUMMARY[lang]}\n\n")
    return head + (rule.__doc__ or "").strip() + "\n"
