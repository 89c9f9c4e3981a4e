"""What every rule receives: the document, the ruleset, the language, and a finding factory."""

from __future__ import annotations

from functools import cached_property

from ..facts import Facts
from ..findings import Finding
from ..matching import OutlineMatch, match_outline, phrases, requirements_from
from ..model import Block, Document
from ..parsing import Values
from ..ruleset import Ruleset


class Context:
    def __init__(self, doc: Document, ruleset: Ruleset, lang: str = "vi"):
        self.doc = doc
        self.ruleset = ruleset
        self.lang = lang
        self.facts = Facts(doc, ruleset)

    def t(self, vi: str, en: str) -> str:
        """The message in the user's language (Vietnamese unless --lang en)."""
        return en if self.lang == "en" else vi

    @cached_property
    def requirements(self):
        return requirements_from(self.ruleset.items("outline"))

    @cached_property
    def outline_match(self) -> OutlineMatch:
        return match_outline(self.doc, self.requirements, phrases(self.ruleset.items("outline_ignore")))

    def values(self, block: Block) -> Values:
        """Dates, symbols, citations and numbers of a block, parsed once for all rules."""
        return self.facts.values(block)

    def places(self, block: Block):
        """Place names of a block ("xã An Khánh"), found once for all rules."""
        return self.facts.places(block)

    def text_blocks(self, zones=("body",)):
        """Blocks with running text (paragraphs, headings, list items, footnotes) in the given zones."""
        return self.facts.text_blocks(zones)

    @property
    def not_before(self):
        return self.facts.not_before

    def first_body_block(self) -> Block | None:
        return next((b for b in self.doc.blocks if b.zone == "body"), self.doc.blocks[0] if self.doc.blocks else None)

    def finding(self, rule, block: Block | None, *, message: str, evidence: str = "", suggestion: str = "",
                clause: str | None = None, severity: str | None = None, offset: int | None = None,
                code: str | None = None) -> Finding:
        """A finding of ``rule`` (a rule module) located at ``block``."""
        sev = severity or self.ruleset.severity(rule.ID, rule.SEVERITY)
        if block is not None:
            if offset is None and evidence:
                pos = block.text.find(evidence)
                offset = pos if pos >= 0 else None
            location = self.doc.location_of(block, offset)
            index = block.index
        else:
            location = {"line": None, "paragraph": None, "section": None, "excerpt": ""}
            index = -1
        return Finding(rule=rule.ID, category=rule.CATEGORY, severity=sev, message=message, clause=clause,
                       location=location, evidence=evidence, suggestion=suggestion, block_index=index, code=code)
