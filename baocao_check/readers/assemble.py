"""From raw paragraphs to the document model, the same way for every format.

Readers only say what the file holds: paragraphs with their location and
formatting hints (Markdown heading level, whole-paragraph bold, Word heading
style, automatic numbering label), tables, footnote texts. Everything that
interprets Vietnamese administrative text lives here, so a draft read from
.txt and from .docx gets the same blocks and the same outline:

- labels ``I.`` ``1.`` ``2.1.`` ``a)`` ``(1)``, bullets, headings vs numbered paragraphs;
- paragraphs cut by a page break (a text export puts a blank line, and
  sometimes the footnotes of that page, in the middle of a sentence) are joined;
- superscript footnote markers are linked to footnote texts ("km²" is a unit);
- zones: the header (Số, Quốc hiệu, title), the body, the closing (Nơi nhận,
  signature) and annexes;
- annex tables are named ("Phụ lục 2", "Biểu 6B");
- the outline tree is built from the labels' numbering systems, not from the
  Markdown level, which drafts use inconsistently.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from ..labels import LIST_KINDS, PART_RE, Label, parse_label, upper_follows
from ..model import Block, Document, FootnoteRef, Section, Table
from ..normalize import VI_UPPER, fold

SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUP_TO_INT = {ch: str(i) for i, ch in enumerate(SUPERSCRIPT_DIGITS)}
_TO_SUP = str.maketrans("0123456789", SUPERSCRIPT_DIGITS)

_SUP_RUN_RE = re.compile(f"[{SUPERSCRIPT_DIGITS}]+")
# A unit before ² or ³ makes it an exponent, not a footnote marker: km², m², m³, cm².
_UNIT_BEFORE_RE = re.compile(r"(?:\b(?:k|c|d|m|h)?m|\bha|\bkm|\bmét|\bm\s)$", re.IGNORECASE)
_FOOTNOTE_TEXT_RE = re.compile(f"^\\s*(?P<n>[{SUPERSCRIPT_DIGITS}]{{1,3}})(?![{SUPERSCRIPT_DIGITS}])\\s*(?P<text>\\S.*)$", re.S)
_NOTES_HEAD_RE = re.compile(r"^\W*(?:ghi chú|chú thích)\s*:?\s*$")
PAREN_NOTE_RE = re.compile(r"^\((?P<n>\d{1,2})\)")      # a typed note's number: "(3) Gồm: …"
_PAREN_MARKER_RE = re.compile(r"(?<=[^\W\d_])\((?P<n>\d{1,2})\)")
_BULLET_RE = re.compile(r"^\s*(?P<b>[-+*•–—·▪◦○●■□➢✓])\s+")
_TERMINAL_RE = re.compile(r"[.!?;:…]\s*[\"”’'»)\]]*\s*$|[.!?…]\s*\*+$")
_SENTENCE_BREAK_RE = re.compile(rf"[.!?]\s+(?=[{VI_UPPER}])")
# a table cell that holds a figure and nothing else ("1.060", "85,2%", "-" for none)
FIGURE_CELL_RE = re.compile(r"[-+]?\d[\d.,]*\s*%?|-")
_LEAD_RE = re.compile(r"^(?P<lead>[^:;.!?]{2,90}?)\s*:\s*(?P<rest>.*)$", re.S)
_CLOSING_RE = re.compile(r"^(?:nơi nhận|noi nhan)\b")
_SIGNATURE_RE = re.compile(r"^(?:t/?m\.?|kt\.?|q\.|tl\.|tuq\.)\s*\S")
_ANNEX_HEAD_RE = re.compile(
    r"^(?P<kind>phụ lục|biểu mẫu|biểu|bảng|mẫu)\s*(?:số\s*)?(?P<id>[0-9]{1,3}[a-z]?|[ivx]{1,6}\b|[a-z]\b)",
)
_PART_STARTS = ("đề cương", "báo cáo", "kế hoạch", "hướng dẫn", "danh mục", "phần", "nội dung")
_DOC_TITLE_WORDS = {"báo cáo", "kế hoạch", "tờ trình", "đề án", "đề cương", "đề cương báo cáo",
                    "chương trình", "thông báo", "nghị quyết", "quyết định", "hướng dẫn",
                    "công văn", "biên bản", "dự thảo", "dự thảo báo cáo"}


@dataclass
class RawItem:
    """One paragraph, table or footnote text as a reader found it."""
    kind: str                       # para | table | footnote
    text: str = ""
    where: int | None = None        # source line (text) or body paragraph (DOCX)
    md_level: int | None = None     # Markdown heading level
    bold: bool = False              # the whole paragraph is bold
    style_level: int | None = None  # Word heading style / outline level (1-based)
    num_label: str | None = None    # automatic numbering label rebuilt from numbering.xml
    num_bullet: bool = False        # automatic bullet
    rows: list[list[str]] | None = None
    row_where: list[int] | None = None   # where each row starts (line or paragraph)
    footnote_number: int | None = None
    header_table: bool = False
    continued: frozenset = frozenset()   # (row, column) of table cells merged into the cell above (Word)
    hard_break_after: bool = False  # Markdown line break: the next line continues this paragraph


def to_superscript(digits: str) -> str:
    return digits.translate(_TO_SUP)


def superscript_value(run: str) -> str:
    return "".join(_SUP_TO_INT.get(ch, ch) for ch in run)


def _is_all_caps(text: str) -> bool:
    if len(text) > 300:
        return False   # a heading in capitals is never that long
    letters = [ch for ch in text if ch.isalpha()]
    if len(letters) < 4:
        return False
    upper = sum(1 for ch in letters if ch.isupper())
    return upper / len(letters) > 0.85


def _heading_like(text: str) -> bool:
    words = text.split()
    if not words or len(words) > 80:
        return False
    if text.count(";") > 1:
        return False
    if _SENTENCE_BREAK_RE.search(text.rstrip(". ")):
        return False
    return True


_STATEMENT_WORDS = 24      # a numbered line this long that ends a sentence is an item of text, not a title


def reads_as_statement(text: str) -> bool:
    """"c) Một số cán bộ, công chức còn hạn chế về kỹ năng số, việc khai thác các phần mềm … chưa hiệu
    quả.": a long sentence under a number is an item of a list. A title may end with a full stop ("1. Kết
    quả sắp xếp, kiện toàn tổ chức bộ máy … của địa phương."), and one with its text after a lead-in
    ("6.1. Tài chính, ngân sách: thu ngân sách 42,3 tỷ đồng …") opens its section."""
    if not text.rstrip(" *_").endswith((".", ";")) or len(text.split()) <= _STATEMENT_WORDS:
        return False
    lead = _LEAD_RE.match(text)
    return not (lead and len(lead.group("lead").split()) <= 12)


def _classify(item: RawItem, index: int) -> Block:
    text = item.text.strip()
    body = text
    bullet = None
    label: Label | None = None
    if item.num_bullet:
        bullet = "•"
    m = _BULLET_RE.match(body)
    while m:  # "- + Lãnh đạo": nested bullets, keep the innermost
        bullet = m.group("b")
        body = body[m.end():]
        m = _BULLET_RE.match(body)
    if item.num_label:
        # Word's automatic number is part of what the reader sees, whether or not it is a label
        # ("Phần thứ 1", "Điều 1"): the text keeps it, the block gets it as label when it is one
        num = item.num_label.strip()
        label, _ = parse_label(num + " x")
        text = f"{num} {text}"
        if label is None:
            body = text
    if label is None and bullet is None:
        label, rest = parse_label(body)
        if label is not None:
            body = rest
    elif label is not None:
        pass
    body = body.strip()

    styled = bool(item.md_level or item.style_level)
    is_heading = False
    if bullet is None:
        if styled and body:
            is_heading = True
        elif item.bold and body and len(body.split()) <= 40:
            is_heading = True
        elif label is not None and label.kind not in LIST_KINDS and _heading_like(body) and not reads_as_statement(body):
            is_heading = True
        elif label is None and _is_all_caps(body) and 1 <= len(body.split()) <= 25:
            is_heading = True
    kind = "heading" if is_heading else ("list_item" if (bullet or label) else "paragraph")

    lead = None if is_heading else _lead(body, bullet)
    title = body.rstrip(" :") if is_heading or label else None
    where = item.where
    block = Block(index=index, kind=kind, text=text, label=label, title=title, lead=lead,
                  bullet=bullet, is_heading=is_heading)
    if is_heading:
        # "a) Về năng lực: một số cán bộ … còn hạn chế, chưa đáp ứng yêu cầu.": a title and its text
        lm = _LEAD_RE.match(body)
        if lm and len(lm.group("lead").split()) <= 12 and len(lm.group("rest").split()) >= 8 and text.endswith(body):
            block.text_at = len(text) - len(body) + lm.start("rest")
    block.segments = [(0, where)] if where is not None else []
    return block


def _lead(body: str, bullet: str | None) -> str | None:
    """The inline heading of an item: "- Khó khăn: <a paragraph>" or "- Khó khăn:" (not "+ Lãnh đạo: 04
    người", which is data)."""
    lm = _LEAD_RE.match(body)
    rest_words = len(lm.group("rest").split()) if lm else 0
    if lm and len(lm.group("lead").split()) <= 12 and (rest_words == 0 or rest_words >= 8):
        return lm.group("lead").strip(" *_-")
    if bullet and len(body.split()) <= 14 and not _TERMINAL_RE.search(body):
        return body.strip(" *_")
    return None


def _set_where(block: Block, fmt: str, where: int | None) -> None:
    if fmt == "docx":
        block.paragraph = where
    else:
        block.line = where


def _can_continue(prev: Block, nxt: Block, nxt_item: RawItem) -> bool:
    """Is ``nxt`` the rest of ``prev``, cut by a page break?"""
    if prev.kind not in ("paragraph", "list_item") or prev.zone != "body":
        return False
    if nxt.kind != "paragraph" or nxt.label or nxt.bullet or nxt_item.md_level or nxt_item.style_level:
        return False
    if _TERMINAL_RE.search(prev.text):
        return False
    first = nxt.text.lstrip(" *_\"“(")[:1]
    if not first:
        return False
    if first.islower():
        return True
    return first.isdigit() and len(prev.text) > 80


def _sup_markers(block: Block) -> list[tuple[int, str]]:
    out = []
    for m in _SUP_RUN_RE.finditer(block.text):
        if len(m.group(0)) > 3:
            continue   # footnotes run to 999 at most: a longer run is decoration, not a marker
        before = block.text[: m.start()]
        if not before or before[-1].isspace() and not before.strip():
            continue
        if _UNIT_BEFORE_RE.search(before[-6:]) and m.group(0) in ("²", "³"):
            continue
        out.append((m.start(), m.group(0)))
    return out


# "PHỤ LỤC", "CÁC PHỤ LỤC KÈM THEO", "BIỂU MẪU": the annexes begin, each named below it
_BARE_ANNEX_RE = re.compile(r"^(?:các\s+)?(?:phụ\s+lục|biểu\s+mẫu|biểu\s+số\s+liệu)(?:\s+kèm\s+theo)?\s*:?$")


def _annex_identifier(text: str) -> str | None:
    m = _ANNEX_HEAD_RE.match(fold(text).lstrip("*_ ("))
    if not m:
        return None
    kind = m.group("kind")
    ident = m.group("id")
    ident = ident.upper() if not ident.isdigit() and not ident[:-1].isdigit() else ident.upper()
    return f"{kind[0].upper()}{kind[1:]} {ident}"


def assemble(items: list[RawItem], path: str, fmt: str, *, pending_changes: int = 0,
             real_footnotes: bool = False) -> Document:
    blocks: list[Block] = []
    footnote_blocks: list[Block] = []
    typed_notes = False     # "(1) …" notes under "Ghi chú:" were read
    in_notes = False
    last_text_block: Block | None = None
    last_item: RawItem | None = None
    carry = False  # previous Markdown line ended with a hard line break

    for item in items:
        if item.kind == "table":
            table = Table(rows=item.rows or [], is_header=item.header_table, continued=item.continued)
            lines = [" | ".join(row) for row in table.rows]
            block = Block(index=len(blocks), kind="table", text="\n".join(lines), table=table)
            _set_where(block, fmt, item.where)
            block.segments = [(0, item.where)] if item.where is not None else []
            if item.row_where and len(item.row_where) == len(lines):
                starts = [0]                    # each row's offset in the table text: its line or paragraph
                for line in lines[:-1]:
                    starts.append(starts[-1] + len(line) + 1)
                block.segments = list(zip(starts, item.row_where))
            blocks.append(block)
            last_text_block = None
            carry = False
            continue
        if item.kind == "footnote":
            _add_footnote(blocks, footnote_blocks, fmt, item, item.text.strip(), item.footnote_number)
            continue
        text = item.text.strip()
        if not text:
            carry = False
            continue
        if fmt != "docx" and not item.md_level and _NOTES_HEAD_RE.match(text.lower()):
            in_notes = True       # "Ghi chú:" and its "(1) …" notes, the footnotes of a typed draft
        elif in_notes and not ((pm := PAREN_NOTE_RE.match(text)) and text[pm.end():].strip()):
            in_notes = False
        elif in_notes:
            _add_footnote(blocks, footnote_blocks, fmt, item, text, int(pm.group("n")))
            typed_notes = True
            continue
        fm = _FOOTNOTE_TEXT_RE.match(text) if not item.num_label else None
        if fm and not item.md_level and not item.style_level:
            _add_footnote(blocks, footnote_blocks, fmt, item, text, int(superscript_value(fm.group("n"))))
            continue
        block = _classify(item, len(blocks))
        _set_where(block, fmt, item.where)
        if last_text_block is not None and (carry or _can_continue(last_text_block, block, item)):
            prev = last_text_block
            sep = "" if prev.text.endswith("-") and not carry else " "
            offset = len(prev.text) + len(sep)
            prev.text = prev.text + sep + block.text
            prev._key = None
            prev.segments.append((offset, item.where))
            if prev.kind == "paragraph" and prev.lead is None:
                pass
            carry = item.hard_break_after
            continue
        blocks.append(block)
        last_text_block = block
        last_item = item
        carry = item.hard_break_after
    del last_item

    for i, b in enumerate(blocks):
        b.index = i
    _numbered_sentences(blocks)
    _bracket_headings(blocks)
    _continue_letters(blocks)
    _assign_zones(blocks)
    _name_tables(blocks)
    outline = _build_outline(blocks)
    doc = Document(path=path, format=fmt, blocks=blocks, outline=outline,
                   pending_changes=pending_changes, real_footnotes=real_footnotes)
    doc.footnote_refs = _link_footnotes(blocks, footnote_blocks)
    if typed_notes:
        doc.footnote_refs = sorted(doc.footnote_refs + _paren_markers(blocks), key=lambda r: (r.block_index, r.offset))
    # a footnote belongs to the section of the sentence that points to it, wherever its text sits
    first_ref = {}
    for ref in doc.footnote_refs:
        first_ref.setdefault(ref.number, ref)
    for fb in footnote_blocks:
        ref = first_ref.get(fb.footnote_number)
        if ref is not None:
            fb.section = blocks[ref.block_index].section
    return doc


_BRACKET_NUMBER_RE = re.compile(r"^\d{1,2}\)$")


def _bracket_headings(blocks: list[Block]) -> None:
    """"1) Ưu điểm và nguyên nhân" over a paragraph, "2) Hạn chế, khuyết điểm …" over its dashes: items
    numbered "N)" that each read as a title and have text of their own under them are headings (a
    typed draft's scheme), not an enumeration — when at least two do so."""
    found = []
    for i, b in enumerate(blocks):
        if b.kind != "list_item" or b.bullet is not None or b.label is None or b.label.kind != "paren" \
                or not _BRACKET_NUMBER_RE.match(b.label.text):
            continue
        body = (b.title or "").strip()
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        has_text = nxt is not None and not (nxt.label is not None and nxt.label.kind == "paren") and nxt.kind != "heading"
        if body and has_text and not body.endswith((".", ";")) and _heading_like(body) and not reads_as_statement(body):
            found.append(b)
    if len(found) >= 2:
        for b in found:
            b.kind, b.is_heading = "heading", True


def _numbered_sentences(blocks: list[Block]) -> None:
    """"1. Đề nghị Sở Tài chính … trước ngày 30/9/2026." "2. Đề nghị Sở Nội vụ …." right after each other,
    each a whole sentence, nothing under them: a numbered list of sentences, not headings. A short one
    among long ones that read as items ("3. Đề nghị các cấp quan tâm … nhiệm vụ được giao." between
    items 2 and 4) is an item as they are."""
    def sentence_like(b: Block) -> bool:
        return (b.kind == "heading" and b.text.rstrip().endswith(".") and len(b.text.split()) >= 8) \
            or b.kind == "list_item"

    def numbered(b: Block) -> bool:
        return b.label is not None and b.label.kind in ("arabic", "letter") and len(b.label.value) == 1

    i = 0
    while i < len(blocks):
        j = i
        while j < len(blocks) and numbered(blocks[j]) and sentence_like(blocks[j]) \
                and blocks[j].label.kind == blocks[i].label.kind:
            j += 1
        run = blocks[i:j]
        consecutive = all(b.label.value[0] == run[0].label.value[0] + k for k, b in enumerate(run))
        headings = [b for b in run if b.kind == "heading"]
        if consecutive and headings and (len(run) >= 3 or len(headings) < len(run)):
            for b in headings:
                b.kind, b.is_heading, b.text_at = "list_item", False, None
                b.lead = _lead(b.title or "", b.bullet)
        i = max(j, i + 1)


def _continue_letters(blocks: list[Block]) -> None:
    """"I." after "H." is the letter I, not the Roman numeral (likewise "V." after "U.", "X." after
    "V."): a single-letter Roman label that continues an upper-case letter sequence is a letter,
    unless the next such label is its Roman successor ("I." then "II."). A letter that follows the
    previous one in Vietnamese order (D, Đ, E) or in A–Z order (D, E, F) takes the next ordinal, so
    that either lettering counts as consecutive."""
    labeled = [b for b in blocks if b.label is not None and b.kind in ("heading", "list_item")
               and b.label.kind in ("roman", "upper")]
    prev: Label | None = None      # the last upper-case letter of the running sequence
    for k, b in enumerate(labeled):
        label = b.label
        assert label is not None
        written = label.text.rstrip(".:/) ").strip()
        follows = prev is not None and len(written) == 1 and upper_follows(prev.text.rstrip(".:/) ").strip(), written)
        if label.kind == "roman":
            nxt = labeled[k + 1].label if k + 1 < len(labeled) else None
            if not follows or (nxt is not None and nxt.kind == "roman" and nxt.last == label.last + 1):
                prev = None   # a Roman numeral ends the letter sequence
                continue
        if follows and prev is not None:
            b.label = Label("upper", label.text, (prev.last + 1,))
        prev = b.label


_HEADER_SIGN_RE = re.compile(r"^(?:số\s*:|cộng hòa|cộng hoà|độc lập|đảng cộng sản)|ngày\s+\S{1,2}\s+tháng\s+\S{1,2}\s+năm")


def _has_document_header(blocks: list[Block]) -> bool:
    """Anything a document header holds: the number line, the national motto, a place-and-date
    line, a document-type title, a header table."""
    for b in blocks:
        if b.kind == "table" and b.table is not None and b.table.is_header:
            return True
        key = fold(b.text[:80]).lstrip("*_ ")
        if _HEADER_SIGN_RE.search(key) or any(key == w or key.startswith(w + " ") for w in _DOC_TITLE_WORDS):
            return True
    return False


def _assign_zones(blocks: list[Block]) -> None:
    """header → body → closing → (annex | body of a next part)."""
    # The body starts at the first labeled heading or substantial paragraph.
    body_start = 0
    for b in blocks:
        if b.kind == "table" and b.table and b.table.is_header:
            continue
        if b.kind == "footnote":
            continue
        if (b.label is not None and b.kind != "list_item") or (b.kind == "paragraph" and len(b.text) > 200) \
                or (b.kind == "table" and b.index > 0):
            body_start = b.index
            break
        # a "Thực hiện …" / "Căn cứ …" preamble paragraph also opens the body
        if b.kind == "paragraph" and fold(b.text[:20]).startswith(("thực hiện", "căn cứ")):
            body_start = b.index
            break
    else:
        body_start = 0
    # a draft that opens straight with a heading has no header: its body starts there
    first = next((b for b in blocks if b.kind != "footnote"), None)
    if first is not None and body_start > first.index and first.is_heading \
            and not _has_document_header(blocks[:body_start]):
        body_start = first.index
    zone = "header"
    for b in blocks:
        if b.index == body_start:
            zone = "body"
        key = fold(b.text[:40]).lstrip("*_ ")
        if zone in ("body", "annex") and b.kind != "footnote" and (
                _CLOSING_RE.match(key) or (b.kind != "table" and _SIGNATURE_RE.match(key) and len(key) < 80)):
            zone = "closing"
        elif zone in ("closing", "body", "annex") and b.label is None and (
                (b.is_heading and _is_all_caps(b.text))
                or (b.kind in ("heading", "paragraph") and _annex_identifier(b.text) and len(b.text.split()) <= 4)
                or (zone == "closing" and b.is_heading and _annex_identifier(b.text))):
            # ("Phụ lục 1" on a line of its own, in any case; after the signature, a heading that opens
            # with an annex's name: "Mẫu số 01: Tổng hợp số lượng, chất lượng cán bộ, công chức")
            # After the signature, only a new part or an annex reopens the text.
            if _annex_identifier(b.text) or _BARE_ANNEX_RE.match(fold(b.text).strip(" *_")):
                zone = "annex"
            elif zone == "closing" and key.startswith(_PART_STARTS):
                zone = "body"
        if zone == "header" and b.kind == "table" and b.table and not b.table.is_header and b.index > 0:
            zone = "body"
        # footnote texts belong to the text they explain, wherever a page or a reader put them
        b.zone = "body" if b.kind == "footnote" else zone


def _name_tables(blocks: list[Block]) -> None:
    current_annex: str | None = None
    for b in blocks:
        if b.kind != "table":
            if b.zone == "annex" and b.is_heading:
                ident = _annex_identifier(b.text)
                if ident:
                    current_annex = ident
            elif b.zone != "annex":
                current_annex = None
            continue
        table = b.table
        assert table is not None
        if table.is_header:
            continue
        ident = None
        title = None
        # a title line just above the table ("Biểu 6B: ...", "PHỤ LỤC 2")
        for prev in reversed(blocks[max(0, b.index - 3): b.index]):
            if prev.kind == "table":
                break
            ident = _annex_identifier(prev.text)
            if ident:
                title = prev.text.strip()
                break
        if ident is None and table.rows and table.rows[0]:
            first_cell = table.rows[0][0]
            ident = _annex_identifier(first_cell)
            if ident:
                title = first_cell.strip()
        if ident is None and current_annex:
            ident = current_annex
        table.identifier = ident
        table.title = title


def _section_key(label: Label) -> str:
    return f"dotted{len(label.value)}" if label.kind == "dotted" else label.kind


def _build_outline(blocks: list[Block]) -> Section:
    root = Section(level=0, label=None, title="", block_index=0)
    stack: list[tuple[Section, str]] = [(root, "root")]
    all_sections: list[Section] = []
    labelled = [b for b in blocks if b.zone == "body" and b.label is not None and b.kind in ("heading", "list_item")]
    labelled_at = [b.index for b in labelled]

    def inside_open_section(b: Block) -> bool:
        """Does the numbering of an open section go on after this heading ("I KHÁI QUÁT …", then
        "ĐẶC ĐIỂM TÌNH HÌNH", "THUẬN LỢI, KHÓ KHĂN", then "II …"): the heading is inside it."""
        k = bisect_right(labelled_at, b.index)
        if k >= len(labelled):
            return False
        nxt = labelled[k]
        key = _section_key(nxt.label)
        for sec, k_ in stack[1:]:
            if k_ == key and sec.label is not None and sec.label.value[:-1] == nxt.label.value[:-1] \
                    and sec.label.value[-1] + 1 == nxt.label.value[-1]:
                return True
        return False

    for b in blocks:
        if b.zone != "body" or b.kind in ("table", "footnote"):
            continue
        if b.label is not None and b.kind in ("heading", "list_item"):
            key = _section_key(b.label)
            pos = next((i for i in range(len(stack) - 1, 0, -1) if stack[i][1] == key), None)
            if pos is not None and stack[-1][1] == "titled" and b.label.value[-1:] == (1,):
                pos = None     # "Đề xuất, kiến nghị" then "1. Đề nghị …": a new series under the titled line
            if pos is not None:
                del stack[pos:]
            parent = stack[-1][0]
            title = (b.title or b.text).strip()
            if not b.is_heading:
                title = _first_clause(title)
            sec = Section(level=parent.level + 1, label=b.label, title=title, block_index=b.index,
                          is_heading=b.is_heading, parent=parent)
            parent.children.append(sec)
            stack.append((sec, key))
            all_sections.append(sec)
        elif b.is_heading:
            title = (b.title or b.text).strip()
            if b.label is None and (_is_all_caps(title) and not inside_open_section(b)
                                    or PART_RE.match(fold(title).lstrip(" *#"))):
                # An unlabeled all-caps heading opens a part ("ĐỀ CƯƠNG BÁO CÁO"), as does a part's
                # title in any case ("Phần thứ ba. ĐÁNH GIÁ CHUNG").
                del stack[1:]
                sec = Section(level=1, label=None, title=title, block_index=b.index, parent=root)
                root.children.append(sec)
                stack.append((sec, "part"))
            else:
                if stack[-1][1] == "titled":
                    stack.pop()      # one unlabelled heading after another: siblings
                parent = stack[-1][0]
                sec = Section(level=parent.level + 1, label=None, title=title, block_index=b.index,
                              parent=parent)
                parent.children.append(sec)
                stack.append((sec, "titled"))
            all_sections.append(sec)
    body_end = max((b.index + 1 for b in blocks if b.zone == "body"), default=0)
    _set_ends(root, body_end)
    root.end_index = body_end
    # Each block belongs to the deepest section whose span holds it.
    ordered = sorted(all_sections, key=lambda s: s.block_index)
    for sec in ordered:
        for i in range(sec.block_index, sec.end_index):
            blocks[i].section = sec
    return root


def _set_ends(node: Section, end: int) -> None:
    node.end_index = end
    for i, child in enumerate(node.children):
        nxt = node.children[i + 1].block_index if i + 1 < len(node.children) else end
        _set_ends(child, nxt)


def _first_clause(text: str, limit: int = 120) -> str:
    m = re.search(r"[.:;!?](\s|$)", text)
    clause = text[: m.start()] if m else text
    return clause if len(clause) <= limit else clause[: limit - 1].rstrip() + "…"


def _add_footnote(blocks: list[Block], footnote_blocks: list[Block], fmt: str, item: RawItem, text: str,
                  number: int | None) -> None:
    block = Block(index=len(blocks), kind="footnote", text=text, footnote_number=number)
    _set_where(block, fmt, item.where)
    block.segments = [(0, item.where)] if item.where is not None else []
    footnote_blocks.append(block)
    blocks.append(block)


def _paren_markers(blocks: list[Block]) -> list[FootnoteRef]:
    """"… điều hành(1), …": with "(1) …" notes under a "Ghi chú:" line, a "(n)" written against the
    word before it is a footnote marker (a list's "(1)" stands apart, after a space or a line start)."""
    refs = []
    for b in blocks:
        if b.kind == "footnote" or b.zone == "header":
            continue
        for m in _PAREN_MARKER_RE.finditer(b.text):
            refs.append(FootnoteRef(int(m.group("n")), b.index, m.start(), m.group(0)))
    return refs


def _link_footnotes(blocks: list[Block], footnote_blocks: list[Block]) -> list[FootnoteRef]:
    numbers = {b.footnote_number for b in footnote_blocks if b.footnote_number is not None}
    refs: list[FootnoteRef] = []
    for b in blocks:
        if b.kind in ("footnote",) or b.zone == "header":
            continue
        for offset, run in _sup_markers(b):
            digits = superscript_value(run)
            whole = int(digits)
            if whole in numbers or len(digits) == 1:
                refs.append(FootnoteRef(whole, b.index, offset, run))
            elif all(int(d) in numbers for d in digits):
                for k, d in enumerate(digits):
                    refs.append(FootnoteRef(int(d), b.index, offset + k, run[k]))
            else:
                refs.append(FootnoteRef(whole, b.index, offset, run))
    return refs
