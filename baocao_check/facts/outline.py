"""Which heading of a draft answers which item of the plan's outline: a global alignment.

A draft words its headings its own way ("Hạn chế, nguyên nhân" for "Hạn chế, khuyết điểm, nguyên
nhân"; "… của UBND phường sau sắp xếp" for "… của cơ quan, đơn vị sau sắp xếp"), renumbers them
after a missing item, merges two items into one heading ("Ưu điểm và hạn chế") and sometimes moves
an item elsewhere. So no single heading is judged alone:

1. **Similarity.** Each outline item has a profile: the content words of its title and of its
   ``match`` phrases (the ruleset's synonyms), plus the phrases of the shared lexicon's topics that
   its title triggers. Words are compared on folded text (case, tone placement), as single
   syllables and as pairs of neighbouring syllables; a word's weight falls with the number of
   outline items that use it ("kết quả", "nguyên nhân" say little). The draft's own body ("UBND
   phường", "Đảng ủy xã An Khánh") stands for "cơ quan, đơn vị". A heading scores by how much of
   the item's title (or of one of its phrases) it holds and how much of the heading the item
   explains.
2. **Order.** The outline's items in reading order are aligned with the draft's headings in
   reading order by dynamic programming (a sequence alignment: each item takes at most one
   heading, a heading may answer consecutive items — a parent and its first child, or merged
   siblings), maximising the total similarity above a threshold. One strong neighbour thus pins
   an ambiguous heading: "Kết quả tổ chức và hoạt động" between II.1 and II.3 is II.2, not II.4.
   A second pass makes each item prefer headings inside the heading of its parent (and requires
   it for ``scope: parent``).
3. **Numbering is evidence, not truth**: a heading whose number is the item's number scores a
   little more, but a draft that renumbered after a missing item is still read by its words.
4. **Displaced items.** An item the ordered alignment leaves out is looked for again anywhere
   outside the parts that answer other top-level items, with a stricter threshold; found there,
   it is present but *displaced* (the order rule reports it). Left out again, it is missing.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..docmemo import per_document
from ..model import Document
from ..normalize import fold, normalize_text

# Function words and fillers of administrative headings: they carry no topic.
_FUNCTION_WORDS = frozenset(
    "và của các cho với trong về theo được là những một đã này từ đến tại đối việc "
    "trên sự để nhằm gắn còn".split())
# Two-syllable fillers ("công tác kiểm tra", "việc thực hiện"): their syllables alone carry a topic
# ("tiếp công dân", "tài sản công"), so only the pair is dropped.
_PAIR_FILLERS = ("công tác", "thực hiện")
# Bodies that a unit names itself by; with a level ("UBND phường", "Đảng ủy xã An Khánh") or the
# outline's own wording ("cơ quan, đơn vị") they stand for the unit whose report this is.
_BODY = (r"(?:ban thường vụ\s+)?(?:đảng ủy|đảng bộ|ubnd|ủy ban nhân dân|hđnd|hội đồng nhân dân|"
         r"ubmttq|ủy ban mặt trận tổ quốc|mặt trận tổ quốc|chính quyền)")
_LEVEL = r"(?:xã|phường|thị trấn|đặc khu)"
_UNIT_RE = re.compile(rf"(?<!\w)(?:{_BODY}\s+{_LEVEL}|cơ quan\W+đơn vị|{_LEVEL}(?=\s+(?:sau|trong|từ|đến)\b))(?!\w)")
UNIT = "đơnvị"   # one token no text contains
_TOKEN_RE = re.compile(r"[^\W_]+")
_SUPERSCRIPT_RE = re.compile("[\u00b9\u00b2\u00b3\u2070-\u209f]+")
_SEGMENT_RE = re.compile(r"[,;:()\[\]\"'“”/.–—-]+")

# Weights of the alignment (tuned on the rule fixtures and the seed drafts; see the module's tests).
THRESHOLD = 0.34           # similarity above which a heading may answer an item in order
DISPLACED_THRESHOLD = 0.6  # … and out of order, with no neighbour to support it
PARENT_BONUS = 0.08        # a heading inside the heading that answers the item's parent
NUMBER_BONUS = 0.05        # the heading's number is the item's number
SHARE_COST = 0.15          # a heading that answers two items (merged headings are the exception)
INLINE_COST = 0.2          # an inline lead-in ("- Khó khăn: …") rather than a heading


def _strip_name(title: str) -> str:
    """Drop a proper name written after the unit's level ("xã An Khánh" → "xã"); names are
    capitalised, so nothing is dropped from a heading written in capitals."""
    if title.upper() == title:
        return title
    return re.sub(r"(?<!\w)((?:[Xx]ã|[Pp]hường|[Tt]hị trấn|[Đđ]ặc khu))((?:\s+[A-ZĐÀ-Ỹ][\w]*){1,3})",
                  lambda m: m.group(1), title)


def tokens(text: str, fillers: tuple[str, ...] = ()) -> list[list[str]]:
    """Content syllables of a heading or phrase, in segments (split at punctuation and function
    words), the unit's own name replaced by one token."""
    key = _SUPERSCRIPT_RE.sub(" ", fold(_strip_name(normalize_text(text))))   # footnote markers ("chung¹")
    key = _UNIT_RE.sub(f" , {UNIT} , ", key)
    for f in fillers:
        key = re.sub(rf"(?<!\w){re.escape(f)}(?!\w)", " , ", key)
    segments: list[list[str]] = []
    for piece in _SEGMENT_RE.split(key):
        seg: list[str] = []
        for tok in _TOKEN_RE.findall(piece):
            if tok in _FUNCTION_WORDS:
                if seg:
                    segments.append(seg)
                seg = []
                continue
            seg.append(str(int(tok)) if tok.isascii() and tok.isdigit() else tok)
        if seg:
            segments.append(seg)
    return segments


@per_document()
def units(text: str, fillers: tuple[str, ...] = ()) -> frozenset[str]:
    """Syllables and pairs of neighbouring syllables: "tổ", "chức", "tổ chức"."""
    out: set[str] = set()
    for seg in tokens(text, fillers):
        out.update(seg)
        out.update(f"{a} {b}" for a, b in zip(seg, seg[1:]))
    return frozenset(out)


@dataclass
class Profile:
    """What an outline item's heading may say."""
    title: frozenset[str]
    phrases: list[frozenset[str]]          # match phrases (contained: the phrase's words)
    exact: list[frozenset[str]]            # exact phrases: the heading is this phrase
    vocabulary: frozenset[str] = field(init=False)

    def __post_init__(self):
        words = set(self.title)
        for p in self.phrases + self.exact:
            words |= p
        self.vocabulary = frozenset(words)


class Weights:
    """A unit weighs less the more outline items use it; unknown units weigh most."""

    def __init__(self, profiles: list[Profile]):
        self.n = max(len(profiles), 1)
        self.df: dict[str, int] = {}
        for p in profiles:
            for u in p.vocabulary:
                self.df[u] = self.df.get(u, 0) + 1
        self._cache: dict[str, float] = {}
        self._totals: dict[frozenset, float] = {}

    def __call__(self, unit: str) -> float:
        w = self._cache.get(unit)
        if w is None:
            idf = math.log((self.n + 1) / (self.df.get(unit, 0) + 0.5))
            w = self._cache[unit] = max(idf, 0.05) * (1.0 if " " in unit else 0.5) * (0.3 if unit == UNIT else 1.0)
        return w

    def specific(self, unit: str) -> bool:
        """A word of at most two items: it can identify one."""
        return unit != UNIT and self.df.get(unit, 0) <= 2

    def total(self, us: frozenset[str]) -> float:
        t = self._totals.get(us)
        if t is None:
            t = self._totals[us] = sum(self(u) for u in us)
        return t


_BETA2 = 4.0   # F2: holding the item's words counts more than explaining the whole heading


def similarity(profile: Profile, heading: frozenset[str], weigh: Weights) -> float:
    """0 … 1: how well a heading (its units) answers an item (its profile): the F2 measure of how
    much of the item's title the heading holds (a ``match`` phrase counts whole or not at all) and
    how much of the heading the item explains. A heading that shares only generic words with the
    item ("nguyên nhân", "kết quả") and holds none of its phrases scores half."""
    if not heading:
        return 0.0
    shared = profile.vocabulary & heading
    if not shared:
        return 0.0          # most pairs: nothing in common
    if any(heading == e for e in profile.exact):
        return 1.0
    recall = weigh.total(profile.title & heading) / weigh.total(profile.title) if profile.title else 0.0
    whole = any(p <= heading for p in profile.phrases) or (profile.title and profile.title <= heading)
    if whole:
        recall = 1.0
    precision = weigh.total(shared) / weigh.total(heading)
    if recall <= 0 or precision <= 0:
        return 0.0
    score = (1 + _BETA2) * recall * precision / (_BETA2 * precision + recall)
    if not whole and not any(weigh.specific(u) for u in shared):
        score *= 0.5
    return score


def _ordinal(req_id: str) -> int | None:
    from ..labels import roman_to_int
    last = req_id.rstrip(".").split(".")[-1]
    if last.isdigit():
        return int(last)
    return roman_to_int(last)


def _number_agrees(req, depth: int, label) -> bool:
    """The heading's label is the item's own number at the item's depth (I. / 2. / 2.1.)."""
    if label is None:
        return False
    ordinal = _ordinal(req.id)
    if ordinal is None or label.last != ordinal:
        return False
    return (label.kind == "roman" and depth == 0) or (label.kind == "arabic" and depth == 1) or \
        (label.kind == "dotted" and depth == 2 and len(label.value) == 2)


def _lexicon_phrases(title: str) -> list:
    """Phrases of the shared lexicon's topics that the item's title triggers (synonyms shared by
    every plan), so that a synonym added to the lexicon reaches rulesets derived before it."""
    try:
        from ..lexicon import lexicon
        data = lexicon()
    except Exception:  # a broken lexicon is reported where it is loaded; here it only adds synonyms
        return []
    key = fold(title)
    out = []
    for topic in data.get("topics") or []:
        if any(re.search(rf"(?<!\w){re.escape(fold(t))}(?!\w)", key) for t in topic.get("triggers") or []):
            out.extend(topic.get("match") or [])
    return out


def _fillers() -> tuple[str, ...]:
    try:
        from ..lexicon import lexicon
        items = tuple(lexicon().get("filler_prefixes") or [])
    except Exception:
        items = ()
    return _function_fillers(items)


@lru_cache(maxsize=8)
def _function_fillers(items: tuple) -> tuple[str, ...]:
    # only fillers that are pure function words here: "kết quả", "tình hình thực hiện" carry a topic
    chosen = {fold(f) for f in items if len(fold(f).split()) > 1 and
              all(w in _FUNCTION_WORDS or w in " ".join(_PAIR_FILLERS).split() for w in fold(f).split())}
    return tuple(sorted(chosen | set(_PAIR_FILLERS), key=len, reverse=True))


def profile_of(req) -> Profile:
    forms = tuple((p.text, p.exact) if hasattr(p, "pattern") else
                  ((p["phrase"], bool(p.get("exact"))) if isinstance(p, dict) else (str(p), False)) for p in req.match)
    return _profile(req.title, forms, _fillers(), _lexicon_id())


def _lexicon_id() -> int:
    try:
        from ..lexicon import lexicon
        return id(lexicon())
    except Exception:
        return 0


@lru_cache(maxsize=1024)
def _profile(title: str, forms: tuple, fillers: tuple, lexicon_id: int) -> Profile:
    """A pure function of the ruleset's item and the lexicon: remembered across drafts."""
    phrases, exact = [], []
    seen = set()
    lex = [(p["phrase"], bool(p.get("exact"))) if isinstance(p, dict) else (str(p), False)
           for p in _lexicon_phrases(title)]
    for text, is_exact in [*forms, *lex]:
        k = (fold(text), is_exact)
        if k in seen:
            continue
        seen.add(k)
        (exact if is_exact else phrases).append(units(text, fillers))
    return Profile(units(title, fillers), [p for p in phrases if p], [e for e in exact if e])


def _has_intro(doc: Document, sec) -> bool:
    if sec is None:
        return False
    stop = next((c.block_index for c in sec.children if c.is_heading), sec.end_index)
    return any(b.kind in ("paragraph", "list_item") and b.zone == "body" and b.text.strip()
               for b in doc.blocks[sec.block_index + 1: stop])


def align(doc: Document, requirements: list, ignore: list | None = None):
    from ..matching import OutlineMatch, candidates_of, leads_with

    cands = candidates_of(doc)
    # ("IV. PHƯƠNG HƯỚNG, NHIỆM VỤ … VÀ ĐỀ XUẤT, KIẾN NGHỊ": a title naming a part of the outline too
    # answers it, though it opens with the years ahead)
    named = [p for r in requirements for p in r.match]
    ignored = [c for c in cands if c.section is not None and leads_with(ignore or [], c.key)
               and not any(p.matches(c.key) for p in named)]
    cands = [c for c in cands if not any(c.index == g.index or c.within(g) for g in ignored)]
    items = [r for top in requirements for r in top.walk()]
    if not items:
        return OutlineMatch(requirements, {}, cands)
    depth = {}
    for r in items:
        depth[r.id] = 0 if r.parent is None else depth[r.parent.id] + 1
    fillers = _fillers()
    profiles = [profile_of(r) for r in items]
    weigh = Weights(profiles)
    heads = [units(c.section.title if c.section is not None else (c.block.lead or c.key), fillers) for c in cands]
    base = [[similarity(p, h, weigh) for h in heads] for p in profiles]
    for i, r in enumerate(items):
        for j, c in enumerate(cands):
            if base[i][j] <= 0:
                continue
            if c.section is None:
                base[i][j] -= INLINE_COST
            elif _number_agrees(r, depth[r.id], c.section.label):
                base[i][j] += NUMBER_BONUS
    pos = {r.id: i for i, r in enumerate(items)}

    spans = [(c.section.block_index, c.section.end_index) if c.section is not None else None for c in cands]
    # A part's heading answers its first item too ("I. ĐẶC ĐIỂM TÌNH HÌNH" for "1. Đặc điểm, tình
    # hình") only when the part says something before its first sub-heading.
    intro = [_has_intro(doc, c.section) for c in cands]
    index = [c.index for c in cands]

    def gains(anchor: dict[str, int] | None) -> list[list[float]]:
        out = []
        for i, r in enumerate(items):
            row = [g - THRESHOLD for g in base[i]]
            k = anchor.get(r.parent.id) if anchor and r.parent is not None else None
            span = spans[k] if k is not None else None
            if span is not None:
                lo, hi = span
                for j, at in enumerate(index):
                    if lo <= at < hi:
                        row[j] += PARENT_BONUS
                    elif r.scope == "parent":
                        row[j] = -THRESHOLD
            out.append(row)
        return out

    def run(gain) -> dict[str, int]:
        n, m = len(items), len(cands)
        best = [[0.0] * (m + 1) for _ in range(n + 1)]
        move = [[0] * (m + 1) for _ in range(n + 1)]
        for i in range(n - 1, -1, -1):
            for j in range(m - 1, -1, -1):
                options = [(best[i][j + 1], 0), (best[i + 1][j], 1)]   # skip the heading / the item
                g = gain[i][j]
                if g > 0:
                    options.append((g + best[i + 1][j + 1], 2))              # item i takes heading j
                    if i + 1 < n and (items[i + 1].parent is not items[i] or intro[j]):
                        options.append((g - SHARE_COST + best[i + 1][j], 3))  # … and the next item may too
                score, how = options[0]
                for s, h in options[1:]:
                    if s > score + 1e-9:
                        score, how = s, h
                best[i][j], move[i][j] = score, how
        taken: dict[str, int] = {}
        i = j = 0
        while i < n and j < m:
            how = move[i][j]
            if how == 0:
                j += 1
            elif how == 1:
                i += 1
            elif how == 2:
                taken[items[i].id] = j
                i, j = i + 1, j + 1
            else:
                taken[items[i].id] = j
                i += 1
        return taken

    first = run(gains(None))
    g_first = gains(first)
    taken = run(g_first)
    g_final = g_first if taken == first else gains(taken)

    # Items left out of the ordered alignment: looked for anywhere outside the parts that answer
    # other top-level items, on their own strength.
    def top_of(r):
        while r.parent is not None:
            r = r.parent
        return r

    regions = {t.id: cands[taken[t.id]] for t in requirements if t.id in taken and cands[taken[t.id]].section is not None}
    takers: dict[int, list[int]] = {}
    for rid, j in taken.items():
        takers.setdefault(j, []).append(pos[rid])
    displaced: set[str] = set()
    left = [r for r in items if r.id not in taken]
    foreign: dict[str, set[int]] = {}
    for r in left:
        i = pos[r.id]
        top = top_of(r).id
        if top not in foreign:
            foreign[top] = {j for j, c in enumerate(cands)
                            if any(t != top and (c.index == reg.index or c.within(reg)) for t, reg in regions.items())}
        best_j, best_g = None, DISPLACED_THRESHOLD - THRESHOLD - 1e-9
        for j in range(len(cands)):
            g = g_final[i][j]
            if g <= best_g or j in foreign[top]:
                continue
            if j in takers and g > best_g:
                # a heading that answers another item answers this one only with words of its own
                # ("Phân cấp, phân quyền; giải quyết thủ tục hành chính"), not with the same words
                rest = heads[j] - frozenset().union(*(profiles[k].vocabulary for k in takers[j]))
                g -= base[i][j] - similarity(profiles[i], rest, weigh)
            if g > best_g:
                best_j, best_g = j, g
        if best_j is not None:
            taken[r.id] = best_j
            displaced.add(r.id)
    found = {rid: cands[j] for rid, j in taken.items()}
    scores = {r.id: base[pos[r.id]][taken[r.id]] for r in items if r.id in taken}
    return OutlineMatch(requirements, found, cands, displaced=displaced, scores=scores)
