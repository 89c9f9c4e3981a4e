"""Reporters: each takes check results and writes one format."""

from __future__ import annotations

from ..model import place_text


def footnote_of(f, document) -> int | None:
    """The number of the Word footnote a finding sits in, else None."""
    if document is None or not document.real_footnotes or not (0 <= f.block_index < len(document.blocks)):
        return None
    block = document.blocks[f.block_index]
    return block.footnote_number if block.kind == "footnote" else None


def place_of(f, lang: str, document=None) -> str:
    """Where a finding is, as a person says it ("dòng 59", "đoạn 18", "chú thích 5 (đoạn 18)"):
    the model's one place_text, given the finding's footnote when it sits in one."""
    return place_text(f.location, lang, footnote=footnote_of(f, document))
