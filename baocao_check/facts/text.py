"""Sentences and clauses of a paragraph: the one splitter every rule uses."""

from __future__ import annotations

import re

from ..docmemo import per_document
from ..normalize import VI_UPPER

# A sentence ends at . ! ? ; … followed by a space and a capital, a bullet or an opening bracket.
# "1.489" has no space after its dot: a thousands dot never ends a sentence. The stop comes first
# (so the regex engine skips ahead to one); group 1 is the space between the sentences.
# the marks a list item may open with, stripped before reading its first words
BULLET_CHARS = " -+*•–"
_SENT_RE = re.compile(rf"[.!?;…](\s+)(?=[\"“(+\-*•{VI_UPPER}])")


def opening_at(block, start: int = 0) -> int:
    """Where the statement that starts at ``start`` opens, its bullet and its label left out
    ("a) Đề nghị Sở Tài chính …" opens at "Đề nghị")."""
    text = block.text
    at = len(text) - len(text[start:].lstrip(BULLET_CHARS + "\t"))
    if block.label is not None and text.startswith(block.label.text, at):
        at = len(text) - len(text[at + len(block.label.text):].lstrip(BULLET_CHARS + "\t"))
    return at


def opening(block, start: int = 0) -> str:
    """The block's (folded) key where its statement opens: "đề nghị sở tài chính …"."""
    return block.key[opening_at(block, start):]


def sentences(text: str, semicolons: bool = True) -> list[tuple[int, int]]:
    """Spans of the sentences of a paragraph (no sentence ends inside parentheses). With
    ``semicolons`` a ";" before a capital also ends one (statements listed in one paragraph);
    without, only . ! ? do (a breakdown "…; Trạm y tế: 3 cơ sở" goes on)."""
    return list(_sentences(text, semicolons))


@per_document()
def _sentences(text: str, semicolons: bool) -> tuple[tuple[int, int], ...]:
    spans = []
    start = 0
    depth = 0
    pos = 0
    for m in _SENT_RE.finditer(text):
        end = m.start(1)
        if depth or "(" in text[pos:end]:     # a ")" outside brackets changes nothing
            for ch in text[pos:end]:
                depth += (ch == "(") - (ch == ")" and depth > 0)
        pos = end
        if depth or (not semicolons and text[end - 1] == ";"):
            continue
        spans.append((start, end))
        start = m.end()
    spans.append((start, len(text)))
    return tuple((a, b) for a, b in spans if text[a:b].strip())


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
