"""Citations of the draft as facts: every well-formed citation with its place, and the issuer the
sentence names for it ("Kế hoạch số 01-KH/TU … của Tỉnh ủy" -> "TU").

The phrases that name an issuer are in the lexicon (``issuer_names``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..normalize import fold
from ..parsing.symbols import Citation
from ..parsing.vocabulary import alternation, vocabulary


@dataclass(frozen=True)
class CitationAt:
    block: object          # the Block that holds it
    citation: Citation
    issuer_named: str | None   # the Party issuer code the sentence names after "của", if any


@lru_cache(maxsize=1)
def _issuer_patterns() -> tuple[tuple[re.Pattern, str], ...]:
    v = vocabulary()
    leads = alternation(v.issuer_leads)
    lead = rf"(?:(?:{leads})\s+)?" if leads else ""
    out = []
    for code, names in v.issuer_bodies:
        if names:
            out.append((re.compile(rf"của\s+{lead}(?:{alternation(names)})(?![^\W\d_])"), code))
    return tuple(out)


def issuer_named_after(text: str) -> str | None:
    """The issuer code named by "của …" at the start of ``text`` (up to the end of the clause)."""
    tail = fold(text[:80])
    tail = re.split(r"[;.]\s", tail, maxsplit=1)[0].lstrip(" ,")
    for pattern, code in _issuer_patterns():
        if pattern.match(tail):
            return code
    return None


def checked_issuers() -> set[str]:
    """The issuer codes whose naming the lexicon knows (TW, TU, ĐU …)."""
    return {code.upper() for code, _ in vocabulary().issuer_bodies}


def citations(facts, zones=("body",)) -> list[CitationAt]:
    """The well-formed citations of the draft, in order, each with the issuer its sentence names."""
    def build():
        out = []
        for block in facts.text_blocks(zones):
            for cit in facts.values(block).citations:
                if cit.symbol.problem is None:
                    out.append(CitationAt(block, cit, issuer_named_after(block.text[cit.end:])))
        return out
    return facts.memo(("citations", zones), build)
