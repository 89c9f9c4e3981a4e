"""The document model every reader produces and every rule reads.

A draft becomes blocks in reading order (heading, paragraph, list item,
table, footnote), each with a location a person can find, an outline tree of
sections, footnotes linked to their markers, and tables (annexes named).
"""

from __future__ import annotations

import re
from functools import cached_property
from dataclasses import dataclass, field
from typing import Iterator

from .labels import Label
from .normalize import OTHER_SPACES_RE, fold, normalize_text

_WORD_RE = re.compile(r"\w+")
BLOCK_KINDS = ("heading", "paragraph", "list_item", "table", "footnote")
FORMATS = ("docx", "markdown", "text")


@dataclass
class Table:
    rows: list[list[str]]
    identifier: str | None = None   # "Phụ lục 2", "Biểu 6B" when the table is an annex
    title: str | None = None        # caption or title line above the table
    is_header: bool = False         # the organ | Quốc hiệu table at the top of the document
    # (row, column) of the cells merged into the cell above them (Word's vertical merge): they read
    # empty, and hold what the cell above holds
    continued: frozenset = frozenset()

    @property
    def n_cols(self) -> int:
        return max((len(r) for r in self.rows), default=0)


@dataclass
class Block:
    index: int
    kind: str                       # one of BLOCK_KINDS
    text: str                       # the draft's characters (label included)
    line: int | None = None         # 1-based first source line (text/markdown)
    paragraph: int | None = None    # 1-based body paragraph (DOCX, table cells counted)
    label: Label | None = None      # section label, automatic numbering included
    title: str | None = None        # heading text without its label
    lead: str | None = None         # "Khó khăn" in "- Khó khăn: ..." (inline heading)
    bullet: str | None = None       # "-", "+", "*", "•" for list items
    is_heading: bool = False
    zone: str = "body"              # header | body | closing | annex
    table: Table | None = None
    footnote_number: int | None = None   # for footnote blocks
    # a heading that carries its own text after a lead-in ("a) Về năng lực: một số cán bộ … còn hạn
    # chế."): where that text starts; the rules read it as they read a paragraph
    text_at: int | None = None
    # (offset in text, source line or paragraph) of each joined piece, for exact locations
    segments: list[tuple[int, int]] = field(default_factory=list)
    section: "Section | None" = field(default=None, repr=False)
    _key: str | None = field(default=None, repr=False)

    @property
    def norm(self) -> str:
        """Normalised text (NFC, one tone placement); same length class as ``text``. Not kept: the
        key is what the rules match on (one copy of the text fewer per block in a long draft)."""
        return normalize_text(self.text)

    @property
    def key(self) -> str:
        """Matching key: normalised, lower case; same length as ``text`` so spans map back."""
        if self._key is None:
            norm = self.norm
            key = OTHER_SPACES_RE.sub(" ", norm.lower())
            self._key = key if len(key) == len(self.text) else norm
        return self._key

    def line_at(self, offset: int) -> int | None:
        """Source line (or paragraph) of a character offset in a joined block."""
        if not self.segments:
            return self.line if self.line is not None else self.paragraph
        found = self.segments[0][1]
        for start, where in self.segments:
            if start <= offset:
                found = where
            else:
                break
        return found

    def excerpt(self, limit: int = 160) -> str:
        text = " ".join(self.text.split())
        return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@dataclass
class Section:
    level: int                      # depth in the outline tree, 1 = top
    label: Label | None
    title: str
    block_index: int                # index of the heading block
    is_heading: bool = True         # False for a numbered paragraph that only carries a number
    end_index: int = 0              # exclusive end of the span of blocks
    parent: "Section | None" = field(default=None, repr=False)
    children: list["Section"] = field(default_factory=list, repr=False)

    @property
    def start_index(self) -> int:
        return self.block_index

    @cached_property
    def norm_title(self) -> str:
        """The folded title, without a part's own name ("Phần thứ tư. ĐỀ XUẤT, KIẾN NGHỊ" -> "đề xuất,
        kiến nghị"); computed once (rules read it for every block of the section)."""
        from .labels import PART_RE
        key = fold(self.title)
        m = PART_RE.match(key) if self.label is None else None
        return key[m.end():] if m and key[m.end():].strip() else key

    @property
    def heading_text(self) -> str:
        return f"{self.label.text} {self.title}".strip() if self.label else self.title

    def path(self) -> list["Section"]:
        out = []
        node: Section | None = self
        while node is not None and node.level > 0:
            out.append(node)
            node = node.parent
        return list(reversed(out))

    def path_text(self, limit: int = 80) -> str:
        parts = []
        for s in self.path():
            if not s.is_heading:
                continue
            text = s.heading_text
            parts.append(text if len(text) <= limit else text[: limit - 1].rstrip() + "…")
        return " > ".join(parts)

    def walk(self) -> Iterator["Section"]:
        for child in self.children:
            yield child
            yield from child.walk()

    def contains(self, other: "Section") -> bool:
        node = other.parent
        while node is not None:
            if node is self:
                return True
            node = node.parent
        return False


@dataclass
class FootnoteRef:
    number: int
    block_index: int
    offset: int                     # character offset of the marker in the block text
    marker: str                     # as written: "¹", "²³"


@dataclass
class Document:
    path: str
    format: str                     # docx | markdown | text
    blocks: list[Block]
    outline: Section                # root (level 0) of the section tree
    footnote_refs: list[FootnoteRef] = field(default_factory=list)
    pending_changes: int = 0        # tracked changes not yet accepted (DOCX)
    replaced_bytes: int = 0         # bad bytes of a UTF-8 text draft read as U+FFFD (the report says so)
    real_footnotes: bool = False    # footnotes come from footnotes.xml
    warnings: list[str] = field(default_factory=list)
    _body_index: tuple | None = field(default=None, repr=False)

    def sections(self) -> Iterator[Section]:
        return self.outline.walk()

    def heading_sections(self) -> list[Section]:
        return [s for s in self.outline.walk() if s.is_heading]

    def body_blocks(self) -> list[Block]:
        return [b for b in self.blocks if b.zone == "body"]

    def footnotes(self) -> list[Block]:
        return [b for b in self.blocks if b.kind == "footnote"]

    def body_index(self) -> tuple[str, list[int], list[Block], frozenset[str]]:
        """The body's matching keys joined by newlines, each block's start offset, and the set of
        the body's words (built once)."""
        if self._body_index is None:
            blocks = [b for b in self.blocks if b.zone == "body" and b.kind != "table"]
            starts, parts, pos = [], [], 0
            for b in blocks:
                starts.append(pos)
                parts.append(b.key)
                pos += len(b.key) + 1
            text = "\n".join(parts)
            self._body_index = (text, starts, blocks, frozenset(_WORD_RE.findall(text)))
        return self._body_index

    def tables(self) -> list[Block]:
        return [b for b in self.blocks if b.kind == "table"]

    def section_of(self, block: Block) -> Section | None:
        return block.section

    def place_text(self, block: Block, lang: str = "vi", offset: int | None = None) -> str:
        """Where a block is, as a person says it: "dòng 59" in a text draft, "đoạn 18" in Word,
        "chú thích 5 (đoạn 18)" for a Word footnote."""
        return place_text(self.location_of(block, offset), lang)

    def location_of(self, block: Block, offset: int | None = None) -> dict:
        """The ``location`` object of the findings contract for a block."""
        where = block.line_at(offset) if offset is not None else None
        line = paragraph = None
        if self.format == "docx":
            paragraph = where if where is not None else block.paragraph
        else:
            line = where if where is not None else block.line
        if line is None and paragraph is None and block.kind == "footnote":
            # a Word footnote lives outside the body: point at the paragraph holding its marker
            ref = next((r for r in self.footnote_refs if r.number == block.footnote_number), None)
            if ref is not None and 0 <= ref.block_index < len(self.blocks):
                holder = self.blocks[ref.block_index]
                where = holder.line_at(ref.offset)
                if self.format == "docx":
                    paragraph = where
                else:
                    line = where
        section = block.section.path_text() if block.section is not None else None
        out = {"line": line, "paragraph": paragraph, "section": section or None, "excerpt": block.excerpt()}
        if block.kind == "footnote" and self.real_footnotes and block.footnote_number is not None:
            out["footnote"] = block.footnote_number   # a Word footnote: its number, beside the marker's paragraph
        return out


def place_text(location: dict, lang: str = "vi") -> str:
    """The one way to say a location: "dòng N" (line), "đoạn N" (Word paragraph), with the footnote."""
    line, paragraph, footnote = location.get("line"), location.get("paragraph"), location.get("footnote")
    if line is not None:
        where = f"dòng {line}" if lang == "vi" else f"line {line}"
    elif paragraph is not None:
        where = f"đoạn {paragraph}" if lang == "vi" else f"paragraph {paragraph}"
    else:
        where = ""
    if footnote is not None:
        note = f"chú thích {footnote}" if lang == "vi" else f"footnote {footnote}"
        return f"{note} ({where})" if where else note
    return where
