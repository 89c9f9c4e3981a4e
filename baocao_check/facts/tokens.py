"""Token patterns: spaCy's ``Matcher`` over the draft's own syllables.

A ``Doc`` is built straight from the syllable tokens of a block (no downloaded pipeline, no
Vietnamese tokenizer): document symbols, dates and numbers are found by pattern first and kept as
one token each ("45-KH/HU", "16/6/2025", "1.060"), then words and punctuation. Patterns written in
the ruleset YAML use spaCy's token attributes (LOWER, NORM, LIKE_NUM, IS_DIGIT, IS_PUNCT, TAG…)
and operators. underthesea's POS tags are set as ``TAG`` only when a pattern asks for TAG or POS,
and only on the blocks being matched. spaCy is imported on first use: a ruleset with no token
pattern never loads it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_VALUE_RE = re.compile(
    r"\d+(?:/\d+)*[-/][A-ZĐa-zđ][\wĐđ/-]*"          # document symbols: 45-KH/HU, 30/2020/NĐ-CP
    r"|\d{1,2}/\d{1,2}/\d{2,4}|\d{1,2}/\d{4}"        # dates: 16/6/2025, 5/2026
    r"|\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?%?"  # numbers: 1.060, 86,4%, 03
)
_TOKEN_RE = re.compile(rf"{_VALUE_RE.pattern}|[^\W\d_]+|\S", re.UNICODE)
_VOCAB = None


def _vocab():
    global _VOCAB
    if _VOCAB is None:
        from spacy.lang.lex_attrs import LEX_ATTRS
        from spacy.vocab import Vocab
        _VOCAB = Vocab(lex_attr_getters=dict(LEX_ATTRS))
    return _VOCAB


@dataclass
class TokenDoc:
    doc: object                      # spacy.tokens.Doc
    offsets: list[tuple[int, int]]   # character span of each token in the block's text


def tokenize(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _TOKEN_RE.finditer(text)]


def token_doc(facts, block, tags: bool = False) -> TokenDoc:
    """The block as a spaCy Doc of its syllables (with underthesea's tags when ``tags``)."""
    def build():
        from spacy.tokens import Doc
        text = block.text
        spans = tokenize(text)
        words = [text[a:b] for a, b in spans]
        spaces = [bool(i + 1 < len(spans) and spans[i + 1][0] > b) for i, (a, b) in enumerate(spans)]
        doc = Doc(_vocab(), words=words or [""], spaces=spaces or [False])
        return TokenDoc(doc, spans)
    td = facts.memo(("tokens", block.index), build)
    if tags and not facts.memo(("tagged", block.index), lambda: False):
        _set_tags(facts, block, td)
        facts._memo[("tagged", block.index)] = True
    return td


def _set_tags(facts, block, td: TokenDoc) -> None:
    """underthesea's POS tags onto the syllables they cover (a tagged word may span several)."""
    from .statements import pos_tags
    text = block.text
    pos = 0
    spans = []
    for word, tag in pos_tags(facts, text):
        start = text.find(word.split()[0] if word.split() else word, pos)
        if start < 0:
            continue
        end = start + len(word)
        spans.append((start, end, tag))
        pos = end
    for token, (a, b) in zip(td.doc, td.offsets):
        tag = next((t for s, e, t in spans if s <= a < e), None)
        if tag:
            token.tag_ = tag


def _uses_tags(pattern) -> bool:
    return any(isinstance(t, dict) and ("TAG" in t or "POS" in t) for t in pattern)


class TokenMatcher:
    """A spaCy Matcher for a list of entries, each with a ``pattern`` (a list of token dicts)."""

    def __init__(self, entries: list[dict]):
        from spacy.matcher import Matcher
        self.entries = entries
        self.matcher = Matcher(_vocab())
        self.tags = False
        for i, entry in enumerate(entries):
            pattern = [dict(t, TAG=t.pop("POS")) if "POS" in t else t for t in (dict(x) for x in entry["pattern"])]
            self.tags = self.tags or _uses_tags(pattern)
            self.matcher.add(f"e{i}", [pattern], greedy="LONGEST")
        self._ids = {_vocab().strings[f"e{i}"]: i for i in range(len(entries))}

    def find(self, facts, block, lo: int = 0, hi: int | None = None) -> list[tuple[int, int, dict]]:
        """(start, end, entry) of every match in text[lo:hi], by character offsets."""
        hi = len(block.text) if hi is None else hi
        td = token_doc(facts, block, self.tags)
        out = []
        for match_id, s, e in self.matcher(td.doc):
            a, b = td.offsets[s][0], td.offsets[e - 1][1]
            if lo <= a and b <= hi:
                out.append((a, b, self.entries[self._ids[match_id]]))
        return sorted(out, key=lambda x: (x[0], -x[1]))
