"""What the data-defined kinds share: scope, triggers, messages, the finding."""

from __future__ import annotations

from dataclasses import dataclass

from ..matching import Phrase, phrases


@dataclass(frozen=True)
class CheckRule:
    """Stands for a rule module in ``ctx.finding``: a data-defined check has the same face."""
    ID: str
    CATEGORY: str
    SEVERITY: str


def as_rule(check: dict) -> CheckRule:
    return CheckRule(check["id"], check.get("category", "other"), check.get("severity", "warning"))


def scoped_blocks(doc, ctx, scope: dict | None):
    """Running-text blocks inside the sections the scope names (all the body when it names none)."""
    scope = scope or {}
    inside = phrases(scope.get("sections"))
    outside = phrases(scope.get("exclude_sections"))
    for block in ctx.facts.text_blocks():
        if block.kind == "heading" and not scope.get("headings"):
            continue
        path = block.section.path() if block.section else []
        titles = [s.norm_title for s in path]
        if inside and not any(p.matches(t) for p in inside for t in titles):
            continue
        if outside and any(p.matches(t) for p in outside for t in titles):
            continue
        yield block


class Trigger:
    """Phrases and token patterns; ``find`` gives (start, end) of each match in a block."""

    def __init__(self, spec: dict | None):
        spec = spec or {}
        self.statements = bool(spec.get("statements"))
        self.phrases = [Phrase(p if isinstance(p, str) else p["phrase"], strict=True) for p in spec.get("phrases") or []]
        patterns = spec.get("patterns") or []
        self.matcher = None
        if patterns:
            from ..facts.tokens import TokenMatcher   # spaCy: only for checks that have token patterns
            self.matcher = TokenMatcher([{"pattern": p} for p in patterns])

    def find(self, facts, block, lo: int = 0, hi: int | None = None) -> list[tuple[int, int]]:
        hi = len(block.text) if hi is None else hi
        key = block.key
        out = [(lo + m.start(), lo + m.end()) for p in self.phrases for m in p.pattern.finditer(key[lo:hi])]
        if self.statements:
            out += _statement_openings(block, lo, hi)
        if self.matcher is not None:
            out += [(a, b) for a, b, _ in self.matcher.find(facts, block, lo, hi)]
        # the longest of overlapping matches
        kept: list[tuple[int, int]] = []
        for a, b in sorted(set(out), key=lambda x: (x[0], -x[1])):
            if kept and a < kept[-1][1]:
                continue
            kept.append((a, b))
        return kept


def _statement_openings(block, lo: int, hi: int) -> list[tuple[int, int]]:
    """The opening words of a running-text block (its label and bullet left out), the statement a
    ``statements`` trigger stands for, but for one that announces what follows ("… các nhiệm vụ sau:")."""
    from ..facts.text import opening_at
    text = block.text
    if (block.is_heading and not block.lead) or text.rstrip().endswith(":") or not lo <= 0 < hi:
        return []
    start = opening_at(block)
    end = min(len(text), start + 60)
    if end < len(text) and text.rfind(" ", start, end) > start:
        end = text.rfind(" ", start, end)
    return [(start, end)] if end > start else []


def trigger_of(ctx, check: dict) -> Trigger:
    return ctx.facts.memo(("trigger", check["id"]), lambda: Trigger(check.get("trigger")))


def texts(ctx, check: dict, **values) -> tuple[str, str]:
    """The check's message and suggestion in the user's language, with {match} and the like filled."""
    def fill(template: str) -> str:
        out = template or ""
        for k, v in values.items():
            out = out.replace("{" + k + "}", str(v))
        return out
    msg = ctx.t(check.get("message", ""), check.get("message_en") or check.get("message", ""))
    sug = ctx.t(check.get("suggestion", ""), check.get("suggestion_en") or check.get("suggestion", ""))
    return fill(msg), fill(sug)
