"""Which section of a draft answers which section of the plan's outline.

Wording varies between drafts ("Hạn chế, nguyên nhân" answers "Hạn chế,
khuyết điểm, nguyên nhân"; "ĐẶC ĐIỂM TÌNH HÌNH" answers "Khái quát đặc điểm
tình hình") and sections move ("Bài học kinh nghiệm" as a top-level part),
so a requirement matches a heading when the heading contains one of the
requirement's phrases (its synonyms, kept in the ruleset). Children are
looked for first inside the section that answered their parent, then
anywhere, but never in a section already claimed by a requirement of
another branch. A heading may answer two siblings at once ("Hạn chế, khó
khăn, vướng mắc"). Inline headings ("- Khó khăn: …") count as candidates.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from dataclasses import dataclass, field

from .model import Block, Document, Section
from .normalize import fold


_WORD_RE = re.compile(r"\w+")


@dataclass
class Phrase:
    """A phrase matched on whole syllables of folded text. By default the words may be
    separated by punctuation too ("đặc điểm, tình hình"); ``strict`` wants spaces only."""
    text: str
    exact: bool = False
    strict: bool = False
    pattern: re.Pattern = field(init=False, repr=False)

    def __post_init__(self):
        self.pattern = _compile_phrase(self.text, self.exact, self.strict)

    def matches(self, key: str) -> bool:
        return bool(self.pattern.search(key))


@lru_cache(maxsize=4096)
def _compile_phrase(text: str, exact: bool, strict: bool) -> re.Pattern:
    key = fold(text)
    words = [re.escape(w) for w in _WORD_RE.findall(key)]
    body = (r"\s+" if strict else r"\W+").join(words)
    if exact:
        return re.compile(rf"^\W*{body}\W*$")
    # the literal first word leads, so the regex engine can search for it quickly;
    # the look-behind after it checks the word boundary before it
    lead = words[0] if words else ""
    return re.compile(rf"{lead}(?<!\w{lead}){body[len(lead):]}(?!\w)")


def leads_with(words: list[Phrase], title_key: str) -> bool:
    """The (folded) title is about these words: they open it ("KIẾN NGHỊ, ĐỀ XUẤT", "Về nhiệm vụ, giải
    pháp …"), not merely appear in it ("… phản ánh, kiến nghị")."""
    key = re.sub(r"^\W*(?:về\s+)?", "", title_key)
    return any((m := p.pattern.search(key)) and m.start() == 0 for p in words)


def phrases(items) -> list[Phrase]:
    out = []
    for item in items or []:
        if isinstance(item, dict):
            out.append(Phrase(item["phrase"], bool(item.get("exact"))))
        else:
            out.append(Phrase(str(item)))
    return out


@dataclass
class Candidate:
    """A heading, or an inline heading (lead-in of a list item)."""
    block: Block
    section: Section | None       # the section it opens (None for inline headings)
    key: str                      # folded title

    @property
    def index(self) -> int:
        return self.block.index

    def within(self, scope: "Candidate") -> bool:
        """Is this candidate inside the span of ``scope``'s section?"""
        sec = scope.section
        if sec is None:
            return False
        return sec.block_index <= self.index < sec.end_index

    def nests(self, other: "Candidate") -> bool:
        return self.within(other) or other.within(self)


@dataclass
class Requirement:
    id: str
    title: str
    clause: str
    match: list[Phrase]
    scope: str = "anywhere"
    severity: str | None = None
    required: bool = True
    text_fallback: dict | None = None
    children: list["Requirement"] = field(default_factory=list)
    parent: "Requirement | None" = field(default=None, repr=False)

    def walk(self):
        yield self
        for c in self.children:
            yield from c.walk()

    def display(self) -> str:
        return f"{self.id}. {self.title}"


def requirements_from(data: list[dict], parent: Requirement | None = None) -> list[Requirement]:
    out = []
    for item in data or []:
        req = Requirement(id=str(item["id"]), title=item["title"], clause=item["clause"],
                          match=phrases(item.get("match") or [item["title"]]), scope=item.get("scope", "anywhere"),
                          severity=item.get("severity"), required=item.get("required", True),
                          text_fallback=item.get("text_fallback"), parent=parent)
        req.children = requirements_from(item.get("children"), req)
        out.append(req)
    return out


@dataclass
class OutlineMatch:
    requirements: list[Requirement]
    found: dict[str, Candidate]           # requirement id -> candidate that answers it
    candidates: list[Candidate]

    def satisfied(self, req: Requirement) -> bool:
        return req.id in self.found or any(self.satisfied(c) for c in req.children)

    def position(self, req: Requirement) -> int | None:
        if req.id in self.found:
            return self.found[req.id].index
        child_positions = [p for p in (self.position(c) for c in req.children) if p is not None]
        return min(child_positions) if child_positions else None


def candidates_of(doc: Document) -> list[Candidate]:
    out = []
    for sec in doc.sections():
        if sec.is_heading:
            out.append(Candidate(doc.blocks[sec.block_index], sec, fold(sec.title)))
    for b in doc.blocks:
        if b.zone == "body" and not b.is_heading and b.lead and b.kind in ("list_item", "paragraph"):
            if b.label is not None:
                continue  # a numbered paragraph opens a section of its own; its number is its title
            out.append(Candidate(b, None, fold(b.lead)))
    out.sort(key=lambda c: c.index)
    return out


def match_outline(doc: Document, requirements: list[Requirement], ignore: list[Phrase] | None = None) -> OutlineMatch:
    cands = candidates_of(doc)
    # Parts that answer no requirement (e.g. "Nhiệm vụ, giải pháp" for the years ahead), with their subtrees.
    # a part is ignored when its title opens with the words ("NHIỆM VỤ, GIẢI PHÁP …"), not merely holds them
    ignored = [c for c in cands if c.section is not None and leads_with(ignore or [], c.key)]
    cands = [c for c in cands if not any(c.index == g.index or c.within(g) for g in ignored)]
    found: dict[str, Candidate] = {}
    claims: dict[int, list[tuple[Requirement, list[tuple[int, int]]]]] = {}

    def spans(req: Requirement, cand: Candidate) -> list[tuple[int, int]]:
        out = []
        for p in req.match:
            m = p.pattern.search(cand.key)
            if m:
                out.append(m.span())
        return out

    def claim_ok(req: Requirement, cand: Candidate, mine: list[tuple[int, int]]) -> bool:
        for other, theirs in claims.get(cand.index, []):
            if other is req.parent or other.parent is req.parent:
                continue  # a parent's or a sibling's heading may answer this one too
            if any(a < d and c < b for a, b in mine for c, d in theirs):
                return False  # the same words already answer a requirement of another branch
        return True

    def top_of(req: Requirement) -> Requirement:
        while req.parent is not None:
            req = req.parent
        return req

    def pick(req: Requirement, scope: Candidate | None, last: int, foreign: list[Candidate]):
        best = None
        best_key = None
        for c in cands:
            mine = spans(req, c)
            if not mine or not claim_ok(req, c, mine):
                continue
            inside = scope is not None and (c.within(scope) or c.index == scope.index)
            if req.scope == "parent" and scope is not None and scope.section is not None and not inside:
                continue
            if any((c.index == f.index or c.within(f)) and not (scope is not None and
                   (scope.index == f.index or scope.within(f))) for f in foreign):
                continue  # in the part that answers another top-level requirement
            score = sum(len(p.text.split()) for p in req.match if p.pattern.search(c.key))
            if c.section is None and score * 10 < 4 * len(c.key.split()):
                continue  # an inline lead-in must be mostly the requirement's words
            key = (c.section is not None, inside, c.index >= last, score, -c.index)
            if best_key is None or key > best_key:
                best, best_key = (c, mine), key
        return best

    def take(req: Requirement, chosen) -> None:
        cand, mine = chosen
        found[req.id] = cand
        claims.setdefault(cand.index, []).append((req, mine))

    # First the top-level parts, in order; they define regions for the rest.
    last = -1
    for req in requirements:
        chosen = pick(req, None, last, [])
        if chosen:
            take(req, chosen)
            last = chosen[0].index

    def assign(reqs: list[Requirement], scope: Candidate | None, after: int) -> None:
        last = after
        for req in reqs:
            top = top_of(req)
            foreign = [found[t.id] for t in requirements if t is not top and t.id in found
                       and found[t.id].section is not None]
            chosen = pick(req, scope, last, foreign)
            if chosen:
                take(req, chosen)
                last = chosen[0].index
            assign(req.children, found.get(req.id, scope), last if req.id in found else after)

    for req in requirements:
        assign(req.children, found.get(req.id), found[req.id].index if req.id in found else -1)
    return OutlineMatch(requirements, found, cands)


@dataclass
class Mention:
    block: Block
    text: str          # the words of the draft that mention the keyword, as written


def text_coverage(doc: Document, keywords: list[str]) -> tuple[int, Mention | None]:
    """How many of the keywords the body mentions, and the best mention: in the block that
    mentions most of them (the first such block)."""
    text, starts, blocks, words = doc.body_index()
    per_block: dict[int, list[tuple[int, int]]] = {}
    seen = 0
    memo = doc.__dict__.setdefault("_keyword_hits", {})
    for keyword in keywords:
        hits = memo.get(keyword)
        if hits is None:
            hits = memo[keyword] = _keyword_hits(keyword, text, starts, words)
        for i, span in hits:
            per_block.setdefault(i, []).append(span)
        seen += bool(hits)
    if not per_block:
        return 0, None
    best = max(per_block, key=lambda i: (len(set(per_block[i])), -i))
    start, end = min(per_block[best])
    return seen, Mention(blocks[best], original_span(blocks[best], start, end))


def _keyword_hits(keyword: str, text: str, starts: list[int], words: frozenset[str]) -> list[tuple[int, tuple[int, int]]]:
    """(block number, span in the block) of each mention of a keyword in the joined body."""
    first = _WORD_RE.findall(fold(keyword))
    if not first or first[0] not in words:     # a phrase leads with a whole word: cheap test first
        return []
    out = []
    for m in Phrase(keyword).pattern.finditer(text):
        i = bisect_right(starts, m.start()) - 1
        out.append((i, (m.start() - starts[i], m.end() - starts[i])))
    return out


def original_span(block: Block, start: int, end: int) -> str:
    """The draft's own characters for a span of ``block.key`` (the key keeps the text's length)."""
    return block.text[start:end]
