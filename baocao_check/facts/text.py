"""Sentences and clauses of a paragraph: the one splitter every rule uses."""

from __future__ import annotations

import re

from ..normalize import VI_UPPER

# A sentence ends at . ! ? ; … followed by a space and a capital, a bullet or an opening bracket.
# "1.489" has no space after its dot: a thousands dot never ends a sentence.
_SENT_RE = re.compile(rf"(?<=[.!?;…])\s+(?=[\"“(+\-*•{VI_UPPER}])")


def sentences(text: str, semicolons: bool = True) -> list[tuple[int, int]]:
    """Spans of the sentences of a paragraph (no sentence ends inside parentheses). With
    ``semicolons`` a ";" before a capital also ends one (statements listed in one paragraph);
    without, only . ! ? do (a breakdown "…; Trạm y tế: 3 cơ sở" goes on)."""
    spans = []
    start = 0
    depth = 0
    pos = 0
    for m in _SENT_RE.finditer(text):
        for ch in text[pos:m.start()]:
            depth += (ch == "(") - (ch == ")" and depth > 0)
        pos = m.start()
        if depth or (not semicolons and text[m.start() - 1] == ";"):
            continue
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def sentence_at(text: str, pos: int, semicolons: bool = True) -> tuple[int, int]:
    """The span of the sentence holding ``pos``."""
    for a, b in sentences(text, semicolons):
        if a <= pos < b:
            return a, b
    return 0, len(text)


def clause_spans(text: str, a: int, b: int):
    """The clauses of a sentence, split at ";" (lists of different matters)."""
    start = a
    for i in range(a, b):
        if text[i] == ";":
            yield start, i
            start = i + 1
    yield start, b


def introduces_list(text: str) -> bool:
    """A paragraph that ends with ":" announces the items after it ("…, UBND xã đề xuất, kiến nghị:");
    it is a lead-in, not an item."""
    return text.rstrip().endswith(":")
