"""Which section of a draft answers which section of the plan's outline, and the phrase tools
other rules share (``Phrase``, ``phrases``, ``leads_with``, ``text_coverage``).

The outline is matched by a global alignment of the draft's headings to the outline's items
(``facts/outline.py``): a similarity of content words, the outline's order as a constraint,
numbering as evidence. Inline headings ("- Khó khăn: …", "(1) Công tác quy hoạch: …") count as
candidates.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from dataclasses import dataclass, field

from .labels import LIST_KINDS
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
    _pattern: re.Pattern | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def pattern(self) -> re.Pattern:
        """Compiled on first use: a ruleset holds hundreds of phrases, a draft needs some of them."""
        if self._pattern is None:
            self._pattern = _compile_phrase(self.text, self.exact, self.strict)
        return self._pattern

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
    contents: list[str] = field(default_factory=list)    # what the section must state ("nguyên nhân")
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
                          severity=item.get("severity"),
                          required=bool(item.get("required", True)) and not item.get("optional", False),
                          text_fallback=item.get("text_fallback"), contents=list(item.get("contents") or []),
                          parent=parent)
        req.children = requirements_from(item.get("children"), req)
        out.append(req)
    return out


@dataclass
class OutlineMatch:
    requirements: list[Requirement]
    found: dict[str, Candidate]           # requirement id -> candidate that answers it
    candidates: list[Candidate]
    displaced: set[str] = field(default_factory=set)    # found only out of the outline's order
    scores: dict[str, float] = field(default_factory=dict)   # similarity of each found heading

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
            if b.label is not None and b.label.kind not in LIST_KINDS:
                continue  # a numbered paragraph opens a section of its own; its number is its title
            # "(1) Công tác quy hoạch cán bộ: …" is a list item, like "- Khó khăn: …": its lead-in
            # answers a plan's "(1)" item (the plan's own heading would otherwise take it)
            out.append(Candidate(b, None, fold(b.lead)))
    out += _task_rows(doc)
    out.sort(key=lambda c: c.index)
    return out


def _task_rows(doc: Document) -> list[Candidate]:
    """A body table of the tasks, one per row («TT | Nhiệm vụ | Kết quả thực hiện | Tồn tại | Giải pháp,
    thời hạn»): each row's name answers an outline item as a lead-in does (lexicon ``tables.task_columns``)."""
    from .facts.tables import words
    heads = words().get("task_columns", ())
    out = []
    for b in doc.blocks:
        if b.kind != "table" or b.zone != "body" or not b.table or b.table.is_header or len(b.table.rows) < 4:
            continue
        header = [fold(c) for c in b.table.rows[0]]
        col = next((i for i, c in enumerate(header) if i > 0 and c.startswith(heads)), None) if heads else None
        if col is None or header[0] not in words().get("ordinal_headers", ()):
            continue
        names = [r[col] for r in b.table.rows[1:] if col < len(r) and len(r[col].split()) >= 3]
        if len(names) >= 3:
            out += [Candidate(b, None, fold(n)) for n in names]
    return out


def match_outline(doc: Document, requirements: list[Requirement], ignore: list[Phrase] | None = None) -> OutlineMatch:
    """Align the draft's headings with the outline (see ``facts.outline``). Parts whose title opens
    with an ``ignore`` phrase ("Nhiệm vụ, giải pháp …" for the years ahead) answer no item."""
    from .facts.outline import align
    return align(doc, requirements, ignore)


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
