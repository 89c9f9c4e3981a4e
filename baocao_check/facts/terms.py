"""Misspelt domain terms of a block: a known confusion ("chuyên đổi số" for "chuyển đổi số", the
lexicon's and the ruleset's ``term_confusions``), a fixed name cut short ("Ủy ban nhân phường",
the lexicon's ``fixed_names``), or a domain term with one syllable's tone or vowel mark slipped
("chuyển đội số", "thủ tục hạnh chính", "tham những"; the lexicon's ``domain_terms`` and the
ruleset's ``plan_terms``, which ``ruleset from-plan`` takes from the plan) — unless the slipped syllable and
its neighbour make a real word ("dịch vụ cộng đồng": the dictionary underthesea ships, Viet74K).
Matched on whole syllables of the folded text."""

from __future__ import annotations

import importlib.util
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, compress

from ..normalize import _strip_tone, fold, normalize_text
from ..parsing.vocabulary import vocabulary, word_start_alternation


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
    seen, out = set(), []
    for p in ruleset.vocab("term_confusions"):
        if isinstance(p, dict) and p.get("wrong") and p.get("right") and fold(p["wrong"]) not in seen:
            seen.add(fold(p["wrong"]))
            out.append((str(p["wrong"]), str(p["right"])))
    return out


def _toneless(syllable: str) -> str:
    return _strip_tone(syllable)[0]


# consonants typed for one another (a spelling slip, as a tone slip): the first consonants d/đ/gi/r,
# ch/tr, s/x; the last n/ng/nh and c/t/ch ("thủ tục hàng chính", "tiếp xúc cử chi", "đôi dư")
_ONSETS = (("gi", "d"), ("tr", "ch"), ("đ", "d"), ("r", "d"), ("x", "s"))
_CODAS = (("ng", "n"), ("nh", "n"), ("ch", "c"), ("t", "c"))
_VOWELS = set("aăâeêioôơuưy")


def _skeleton(toneless: str) -> str:
    """A toneless syllable with its confusable consonants made one ("trí" -> "chi", "hành" -> "han")."""
    s = toneless
    for a, b in _ONSETS:
        if s.startswith(a) and len(s) > len(a) and s[len(a)] in _VOWELS:
            s = b + s[len(a):]
            break
    for a, b in _CODAS:
        if s.endswith(a) and len(s) > len(a) and s[-len(a) - 1] in _VOWELS:
            s = s[:-len(a)] + b
            break
    return s.translate(_VOWEL_MARKS)


# a vowel's hat, horn or breve typed for another ("tham những" for "tham nhũng": Telex's w left
# out or put in), as a tone slip
_VOWEL_MARKS = str.maketrans("ăâêôơư", "aaeoou")


_WORDS_RE = re.compile(r"\w+")
_SYLLABLE_SPLIT_RE = re.compile(r"([^\W\d_]+)")      # split: the syllables and what is between them
_BEFORE_RE = re.compile(r"([^\W\d_]+)[ \t]+$")
_AFTER_RE = re.compile(r"[ \t]+([^\W\d_]+)")


@lru_cache(maxsize=1)
def compound_words() -> frozenset[str]:
    """Vietnamese compound words (folded), from the word list underthesea ships; empty without it.
    Read only when a draft has a candidate slip, and kept in the on-disk cache."""
    from .. import cache
    spec = importlib.util.find_spec("underthesea")
    if spec is None or not spec.origin:
        return frozenset()
    path = os.path.join(os.path.dirname(spec.origin), "corpus", "data", "Viet74K.txt")
    try:
        st = os.stat(path)
        name = f"compounds-{int(st.st_mtime)}-{st.st_size}.json"
        cached = cache.load(name)
        if isinstance(cached, str):
            return frozenset(cached.split("\n"))
        with open(path, encoding="utf-8") as fh:
            text = normalize_text(fh.read().lower())
    except OSError:
        return frozenset()
    words = frozenset(" ".join(line.split()) for line in text.split("\n") if " " in line.strip())
    cache.save(name, "\n".join(sorted(words)))
    return words


@lru_cache(maxsize=8)
def _matcher(pairs: tuple, fixed_names: tuple, terms: tuple) -> "_Matcher":
    """The compiled matcher of a vocabulary (built from ruleset data only, never from a draft),
    shared by the drafts of a batch: building it costs ~1.5 ms a draft."""
    return _Matcher(pairs, fixed_names, terms)


class _Matcher:
    def __init__(self, pairs, fixed_names, terms=()):
        # every wrong form in one pass over the text (longest first), each mapped to its correction
        self.pair_map: dict[str, str] = {}
        for w, r in pairs:
            self.pair_map.setdefault(" ".join(_WORDS_RE.findall(fold(w))), r)
        alts = sorted((k for k in self.pair_map if k), key=len, reverse=True)
        self.pair_re = re.compile(rf"(?:{word_start_alternation(alts)})(?!\w)") if alts else None
        self.cut = []
        for name in fixed_names:
            words = fold(name).split()
            if len(words) < 3:
                continue
            head, last = words[:-1], words[-1]
            # the name without its last syllable, then a word that is not that syllable
            self.cut.append((re.compile(rf"(?:{word_start_alternation([' '.join(head)])})"
                                        rf"(?P<next>\s+(?!{re.escape(last)}(?!\w))[^\W\d_]+)"), last))
        # domain terms by their toneless syllables: a tone slip keeps the toneless form
        self.terms: dict[tuple[str, ...], tuple[str, ...]] = {}
        for term in terms:
            words = tuple(fold(term).split())
            if len(words) >= 2:
                self.terms.setdefault(tuple(_skeleton(_toneless(w)) for w in words), words)
        self.exact = {" ".join(t) for t in self.terms.values()}
        # the terms by their first syllable's skeleton, longest first: a phrase lookup over the
        # block's syllables (as spaCy's PhraseMatcher does over tokens), one pass whatever the
        # vocabulary, and nothing to compile (a regex of every spelling took 55 ms to build)
        self.by_first: dict[str, list[tuple[str, ...]]] = {}
        for k in sorted(self.terms, key=lambda k: len(" ".join(k)), reverse=True):
            self.by_first.setdefault(k[0], []).append(k)
        self._skeletons: dict[str, str] = {}     # written syllable -> skeleton
        self._opens: dict[str, bool] = {}        # written syllable -> may open a term

    def _learn(self, syllables: set[str]) -> None:
        if len(self._skeletons) > 65536:
            self._skeletons.clear()       # a bound, never reached by real drafts
            self._opens.clear()
        for w in syllables:
            s = self._skeletons[w] = _skeleton(_toneless(w))
            self._opens[w] = s in self.by_first

    def _term_spans(self, key: str):
        """(start, end) of each term found by its syllables' skeletons (any tone, any confusable
        consonant), left to right, not overlapping, one space between its syllables."""
        parts = _SYLLABLE_SPLIT_RE.split(key)      # [between, syllable, between, syllable, …, between]
        words = parts[1::2]
        new = set(words).difference(self._opens)
        if new:
            self._learn(new)
        opens = self._opens
        starts = list(compress(range(len(words)), map(opens.__getitem__, words)))
        if not starts:
            return
        skel = self._skeletons
        sk = tuple(map(skel.__getitem__, words))
        offsets = None
        done = -1
        for i in starts:
            if i <= done:
                continue
            for k in self.by_first[sk[i]]:
                n = len(k)
                # the syllables between those of the term (parts[2j] is before syllable j)
                if sk[i:i + n] != k or not all(len(b) == 1 and b.isspace() for b in parts[2 * i + 2:2 * i + 2 * n:2]):
                    continue
                if offsets is None:
                    offsets = list(accumulate(map(len, parts), initial=0))
                yield offsets[2 * i + 1], offsets[2 * i + 2 * n]
                done = i + n - 1
                break

    def _retoned(self, text: str, key: str) -> list[TermSlip]:
        if not self.terms:
            return []
        out: list[TermSlip] = []
        for a, b in self._term_spans(key):
            if key[a:b] in self.exact:
                continue       # the term as it should be
            written = key[a:b].split(" ")
            term = self.terms.get(tuple(_skeleton(_toneless(w)) for w in written))
            if term is None:
                continue
            diff = [k for k in range(len(term)) if written[k] != term[k]]
            if len(diff) != 1:
                continue       # the term itself, or more than a slip
            # the slipped syllable and its neighbours in the text
            mb = _BEFORE_RE.search(key, max(0, a - 12), a)
            ma = _AFTER_RE.match(key, b)
            before = [mb.group(1)] if mb else []
            after = [ma.group(1)] if ma else []
            sylls = before + written + after
            j = len(before) + diff[0]
            words = compound_words()
            pairs = ([sylls[j - 1] + " " + sylls[j]] if j > 0 else []) + \
                    ([sylls[j] + " " + sylls[j + 1]] if j + 1 < len(sylls) else [])
            if len(term) >= 4:
                # "cơ sở dự liệu": three syllables of a long term written right outweigh a word the
                # slip makes with its neighbour inside the term ("dự liệu"); one outside still counts
                inside = range(len(before), len(before) + len(term))
                pairs = ([sylls[j - 1] + " " + sylls[j]] if j > 0 and j - 1 not in inside else []) + \
                        ([sylls[j] + " " + sylls[j + 1]] if j + 1 < len(sylls) and j + 1 not in inside else [])
            if any(p in words for p in pairs):
                continue       # "dịch vụ cộng đồng": the syllable belongs to another word
            # "mang tính hình thức": the term's other end makes a word with the text beyond it
            # ("hình thức"), so the span is that word's, not the term's ("tình hình")
            if (after and diff[0] != len(term) - 1 and f"{written[-1]} {after[0]}" in words) or \
                    (before and diff[0] != 0 and f"{before[0]} {written[0]}" in words):
                continue
            found = text[a:b]
            out.append(TermSlip(found, keep_case(found, " ".join(term)), a, b))
        return out

    def slips(self, text: str, key: str) -> list[TermSlip]:
        out = []
        if self.pair_re is not None:
            for m in self.pair_re.finditer(key):
                right = self.pair_map.get(" ".join(m.group(0).split()))
                if right is not None:
                    found = text[m.start():m.end()]
                    out.append(TermSlip(found, keep_case(found, right), m.start(), m.end()))
        for pattern, last in self.cut:
            for m in pattern.finditer(key):
                found = text[m.start():m.end()]
                head = text[m.start():m.start("next")]
                nxt = text[m.start("next"):m.end()]
                out.append(TermSlip(found, head + " " + (last.upper() if head.isupper() else last) + nxt,
                                    m.start(), m.end()))
        if self.terms:
            out += [t for t in self._retoned(text, key) if not any(o.start < t.end and t.start < o.end for o in out)]
        out.sort(key=lambda s: s.start)
        return out


def slips(facts, block) -> list[TermSlip]:
    """The misspelt terms of a block (matched on its folded key, which keeps the text's offsets)."""
    matcher = facts.memo("term_matcher", lambda: _matcher(tuple(confusion_pairs(facts.ruleset)),
                                                            tuple(vocabulary().fixed_names),
                                                            tuple(vocabulary().domain_terms)
                                                            + tuple(facts.ruleset.words("plan_terms")
                                                                    if facts.ruleset is not None else ())))
    return facts.memo(("term_slips", block.index), lambda: matcher.slips(block.text, block.key))
