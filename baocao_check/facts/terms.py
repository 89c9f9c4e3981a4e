"""Misspelt domain terms of a block: a known confusion ("chuyên đổi số" for "chuyển đổi số", the
lexicon's and the ruleset's ``term_confusions``) or a fixed name cut short ("Ủy ban nhân phường",
the lexicon's ``fixed_names``). Matched on whole syllables of the folded text."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..matching import Phrase
from ..normalize import fold
from ..parsing.vocabulary import vocabulary


@dataclass(frozen=True)
class TermSlip:
    found: str     # as written: "chuyên đổi số", "Ủy ban nhân phường"
    right: str     # the correction, in the draft's capitals: "chuyển đổi số", "Ủy ban nhân dân phường"
    start: int
    end: int


def keep_case(found: str, right: str) -> str:
    """The correction written with the draft's capitals, syllable by syllable."""
    found_words, right_words = found.split(), right.split()
    if len(found_words) != len(right_words):
        return right[:1].upper() + right[1:] if found[:1].isupper() else right
    out = []
    for f, r in zip(found_words, right_words):
        out.append(r.upper() if f.isupper() and len(f) > 1 else (r[:1].upper() + r[1:] if f[:1].isupper() else r))
    return " ".join(out)


def confusion_pairs(ruleset) -> list[tuple[str, str]]:
    """(wrong, right) pairs: the shared lexicon's, then the ruleset's own additions."""
    if ruleset is None:
        return []
    vocab = getattr(ruleset, "vocab", None)
    items = vocab("term_confusions") if callable(vocab) else \
        ((ruleset.get("vocabularies") or {}).get("term_confusions") or [])
    seen, out = set(), []
    for p in items:
        if isinstance(p, dict) and p.get("wrong") and p.get("right") and fold(p["wrong"]) not in seen:
            seen.add(fold(p["wrong"]))
            out.append((str(p["wrong"]), str(p["right"])))
    return out


class _Matcher:
    def __init__(self, pairs, fixed_names):
        self.pairs = [(Phrase(w, strict=True).pattern, w, r) for w, r in pairs]
        self.firsts = re.compile("|".join(sorted({re.escape(fold(w).split(" ")[0]) for _, w, _ in self.pairs},
                                                 key=len, reverse=True))) if self.pairs else None
        self.cut = []
        for name in fixed_names:
            words = fold(name).split()
            if len(words) < 3:
                continue
            head, last = words[:-1], words[-1]
            body = r"\s+".join(re.escape(w) for w in head)
            # the name without its last syllable, then a word that is not that syllable
            self.cut.append((re.compile(rf"(?<!\w){body}(?P<next>\s+(?!{re.escape(last)}(?!\w))[^\W\d_]+)"), last))

    def slips(self, text: str, key: str) -> list[TermSlip]:
        out = []
        if self.firsts is not None and self.firsts.search(key):
            for pattern, wrong, right in self.pairs:
                for m in pattern.finditer(key):
                    found = text[m.start():m.end()]
                    out.append(TermSlip(found, keep_case(found, right), m.start(), m.end()))
        for pattern, last in self.cut:
            for m in pattern.finditer(key):
                found = text[m.start():m.end()]
                head = text[m.start():m.start("next")]
                nxt = text[m.start("next"):m.end()]
                out.append(TermSlip(found, head + " " + (last.upper() if head.isupper() else last) + nxt,
                                    m.start(), m.end()))
        out.sort(key=lambda s: s.start)
        return out


def slips(facts, block) -> list[TermSlip]:
    """The misspelt terms of a block (matched on its folded key, which keeps the text's offsets)."""
    matcher = facts.memo("term_matcher", lambda: _Matcher(confusion_pairs(facts.ruleset), vocabulary().fixed_names))
    return facts.memo(("term_slips", block.index), lambda: matcher.slips(block.text, block.key))
