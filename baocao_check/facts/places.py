"""Place names of the draft as facts: every mention, and the names written more than one way.

A mention is a kind word and a name ("thôn Đồng Văn", "xã Lâm Hạ (cũ)"); once a name is known
from such a mention, the same name standing alone ("Trạm Y tế Hương Chữ", "(Hương Xuân, Hương
Chũ)") is a mention too. Names are compared by their skeleton (diacritics removed): two spellings
of one skeleton are one name written two ways, and the gazetteer says which one is official.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from ..normalize import VI_UPPER, fold
from ..places import PlaceName, gazetteer_names, main_province, skeleton

_NON_SPACE_RE = re.compile(r"\S+")
_CAP_RUN_RE = re.compile(rf"(?<![\w])[{VI_UPPER}][^\W\d_]*(?:[ \t]+[{VI_UPPER}][^\W\d_]*)+")


@dataclass(frozen=True)
class Mention:
    block: object            # the Block
    name: str                # the name as written: "Đông Văn"
    kind: str | None         # "thôn" (folded), or None for a bare name
    start: int               # offset of the full form (kind word included) in the block text
    end: int
    name_start: int
    former: bool = False

    @property
    def folded(self) -> str:
        return fold(self.name)

    def text(self) -> str:
        """The full form as written: "thôn Đông Văn"."""
        return self.block.text[self.start:self.end]


@dataclass
class NameVariants:
    """One name (one skeleton) and the spellings the draft uses for it."""
    skeleton: str
    spellings: dict[str, list[Mention]] = field(default_factory=dict)   # folded spelling -> mentions
    official: set[str] = field(default_factory=set)                      # folded gazetteer spellings


def _kinded(facts, blocks) -> list[Mention]:
    out = []
    for block in blocks:
        for p in facts.places(block):
            if p.name.isdigit() or len(p.name) < 3:
                continue
            out.append(_from_place(block, p))
    return out


def _from_place(block, p: PlaceName) -> Mention:
    return Mention(block, p.name, p.kind, p.full_start, p.end, p.start, p.former)


def _bare(blocks, known: set[str], taken: dict[int, list[tuple[int, int]]]) -> list[Mention]:
    """Capitalised word runs whose words (two or more) have the skeleton of a known name."""
    out = []
    firsts = {k.split(" ", 1)[0] for k in known}     # a name starts at a word of a known name's first skeleton
    skels: dict[str, str] = {}                       # written word -> skeleton, for this draft
    for block in blocks:
        spans = taken.get(block.index, [])
        for m in _CAP_RUN_RE.finditer(block.text):
            words = [(w.start() + m.start(), w.end() + m.start()) for w in _NON_SPACE_RE.finditer(m.group(0))]
            sk = []
            for a, b in words:
                w = block.text[a:b]
                s = skels.get(w)
                if s is None:
                    s = skels[w] = skeleton(w)
                sk.append(s)
            i = 0
            while i < len(words):
                hit = None
                if sk[i] in firsts:
                    for j in range(min(len(words), i + 4), i + 1, -1):   # longest first, two words at least
                        a, b = words[i][0], words[j - 1][1]
                        if " ".join(sk[i:j]) in known and not any(s < b and a < e for s, e in spans):
                            hit = (a, b, j)
                            break
                if hit:
                    a, b, j = hit
                    out.append(Mention(block, block.text[a:b], None, a, b, a))
                    i = j
                else:
                    i += 1
    return out


def mentions(facts, zones=("body", "annex")) -> list[Mention]:
    """Every place mention of the draft's text and tables, in reading order."""
    def build():
        blocks = [b for b in facts.doc.blocks if b.zone in zones]     # tables too: "Trụ sở xã Lâm Hạ (cũ)"
        kinded = _kinded(facts, blocks)
        known = {skeleton(m.name) for m in kinded if len(m.name.split()) >= 2}
        taken: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for m in kinded:
            taken[m.block.index].append((m.start, m.end))
        bare = _bare(blocks, known, taken) if known else []
        order = {b.index: i for i, b in enumerate(blocks)}
        return sorted(kinded + bare, key=lambda m: (order[m.block.index], m.start))
    return facts.memo(("place_mentions", zones), build)


def variants(facts) -> list[NameVariants]:
    """The draft's names grouped by skeleton, each with its spellings and the official ones."""
    def build():
        groups: dict[str, NameVariants] = {}
        # the units of the report's own province, when it names one ("An Thạnh" and "An Thanh" are
        # both real wards, in other provinces: not two units of this one)
        province = main_province(facts.doc, facts.places)
        for m in mentions(facts):
            skel = skeleton(m.name)
            g = groups.get(skel)
            if g is None:
                g = groups[skel] = NameVariants(skel, official=gazetteer_names(skel, province))
            g.spellings.setdefault(m.folded, []).append(m)
        # a name known only from bare mentions is no place name
        return [g for g in groups.values() if any(m.kind for ms in g.spellings.values() for m in ms)]
    return facts.memo("place_variants", build)
