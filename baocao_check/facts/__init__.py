"""The facts layer: what the rules know about one draft, computed once per document.

Rules read facts; they do not parse. One ``Facts`` object per document owns every cache
(no module-level memo survives from one draft to the next). A module that owns a kind of
fact (tables, figures, cross-references, statements…) exposes a function ``of(facts)`` that
stores its result with ``facts.memo(key, build)``, so adding a fact never edits this file.
"""

from __future__ import annotations

from typing import Callable, TypeVar

from ..model import Block, Document
from ..readers.assemble import PAREN_NOTE_RE

T = TypeVar("T")


def note_number_span(block: Block) -> list[tuple[int, int]]:
    """The number a typed footnote opens with ("(3) Gồm: …"), as a span to leave out of its figures."""
    m = PAREN_NOTE_RE.match(block.text) if block.kind == "footnote" else None
    return [(0, m.end())] if m else []


class Facts:
    def __init__(self, doc: Document, ruleset=None):
        self.doc = doc
        self.ruleset = ruleset
        self._memo: dict = {}

    def memo(self, key, build: Callable[[], T]) -> T:
        """The value of ``key`` for this document, built on first use."""
        try:
            return self._memo[key]
        except KeyError:
            value = self._memo[key] = build()
            return value

    @property
    def report_date(self):
        """The report's own date, from the header's place-and-date line (None if it has none)."""
        from .report import report_date
        return self.memo("report_date", lambda: report_date(self.doc))

    @property
    def not_before(self):
        """The earliest date that can be a deadline in this report: the report's own date if the
        header gives one, else the start of the reported period (ruleset ``period.start``)."""
        def build():
            if self.report_date is not None:
                return self.report_date
            from ..parsing.dates import parse_iso
            start = self.ruleset.part("period").get("start") if self.ruleset is not None else None
            return parse_iso(start) if start else None
        return self.memo("not_before", build)

    def text_blocks(self, zones=("body",)) -> list[Block]:
        """Blocks with running text (paragraphs, headings, list items, footnotes) in the given zones."""
        return self.memo(("text_blocks", zones),
                         lambda: [b for b in self.doc.blocks if b.zone in zones and b.kind != "table"])

    def values(self, block: Block):
        """Dates, symbols, citations and numbers of a block, parsed once for all rules."""
        from ..parsing import extract

        def parse():
            text = block.text
            for a, b in note_number_span(block):
                text = " " * b + text[b:]     # "(3) Gồm: …": the note's number is no figure
            return extract(text)
        return self.memo(("values", block.index), parse)

    def values_of_text(self, text: str):
        """Values of a piece of text that is not a block (a table cell)."""
        from ..parsing import extract
        return self.memo(("values_text", text), lambda: extract(text))

    def places(self, block: Block):
        """Place names of a block ("xã An Khánh"), found once for all rules."""
        from ..places import find_places
        return self.memo(("places", block.index), lambda: find_places(block.text))
