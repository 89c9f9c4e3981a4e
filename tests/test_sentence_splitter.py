"""The sentence splitter, written stop-first and remembered per draft, splits exactly as the
look-behind form with its character-by-character bracket count did."""

import random
import re

from baocao_check.facts.text import sentences
from baocao_check.normalize import VI_UPPER

_OLD_RE = re.compile(rf"(?<=[.!?;…])\s+(?=[\"“(+\-*•{VI_UPPER}])")


def old_sentences(text, semicolons=True):
    spans, start, depth, pos = [], 0, 0, 0
    for m in _OLD_RE.finditer(text):
        for ch in text[pos:m.start()]:
            depth += (ch == "(") - (ch == ")" and depth > 0)
        pos = m.start()
        if depth or (not semicolons and text[m.start() - 1] == ";"):
            continue
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def test_same_sentences_on_random_paragraphs():
    rnd = random.Random(42)
    pieces = [".", ";", "!", "?", "…", " ", "  ", "\n", "(", ")", "a", "Đạt", "B", "1.489", "-", "“", "•", "x", ". "]
    for _ in range(20_000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 16)))
        for semi in (True, False):
            assert sentences(text, semi) == old_sentences(text, semi), (text, semi)


def test_a_caller_may_change_its_list():
    a = sentences("Một. Hai. Ba.")
    a.append((0, 0))
    assert sentences("Một. Hai. Ba.") == [(0, 4), (5, 9), (10, 13)]
