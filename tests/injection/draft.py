"""A Markdown draft seen by structure, without the checker: headings and their sections, list
items, tables (header, total row, row hierarchy), footnotes, annex blocks, numbers and dates.

The mutation operators find what they change through this model (a heading by its label, a
table by its total row, a percentage by the fraction beside it), never by a phrase of one draft.
The model is deliberately independent of ``baocao_check``: it measures that package.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

# ---------------------------------------------------------------- text helpers


# Vietnamese capitals and small letters (a range such as À-Ỹ would take in small letters too)
UP = "A-ZĐ" + "".join(c for c in map(chr, range(0xC0, 0x1EFA)) if c.isalpha() and c.isupper() and c != "Đ")
LO = "a-zđ" + "".join(c for c in map(chr, range(0xE0, 0x1EFA)) if c.isalpha() and c.islower() and c != "đ")


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


def fold(s: str) -> str:
    """Lower case without diacritics, for structural tests ("Hạn chế" -> "han che")."""
    s = unicodedata.normalize("NFD", nfc(s).lower()).replace("đ", "d")
    return "".join(c for c in s if unicodedata.category(c) != "Mn")


MD_INLINE = re.compile(r"\*\*|__|(?<!\w)\*|\*(?!\w)|<sup>[^<]*</sup>|\[\^\d+\](?!:)")
SUP_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"


def strip_md(s: str) -> str:
    """Text of a Markdown line as a reader shows it (no #, emphasis, footnote markers)."""
    s = re.sub(r"^\s{0,3}#{1,6}\s+", "", s)
    s = MD_INLINE.sub("", s)
    s = s.replace("*", "")
    s = "".join(c for c in s if c not in SUP_DIGITS)
    return re.sub(r"\s+", " ", s).strip()


def to_superscript(n: int | str) -> str:
    return "".join(SUP_DIGITS[int(d)] for d in str(n))


# ---------------------------------------------------------------- Vietnamese numbers

# a number as written in the drafts: "1.049", "27,84", "04"; not part of a date, symbol or fraction
NUMBER = re.compile(r"(?<![\w/.,-])(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?(?![\w/]|[.,]\d|-\w)")


def parse_number(text: str) -> float:
    whole, _, dec = text.partition(",")
    value = float(whole.replace(".", ""))
    if dec:
        value += float("0." + dec)
    return value


def format_like(value: float, like: str) -> str:
    """Write ``value`` the way ``like`` is written: thousands dots, decimals, leading zero."""
    decimals = len(like.partition(",")[2])
    if decimals:
        text = f"{value:.{decimals}f}"
        whole, dec = text.split(".")
    else:
        whole, dec = str(int(round(value))), ""
    if "." in like.partition(",")[0] or len(whole) > 3 and "." in like:
        whole = f"{int(whole):,}".replace(",", ".")
    width = len(like.partition(",")[0]) if like.startswith("0") and len(like.partition(",")[0]) > 1 else 0
    whole = whole.zfill(width)
    return whole + ("," + dec if dec else "")


def numbers_in(text: str):
    """(start, end, written, value) of the plain numbers of a text: no dates, symbols, fractions'
    parts are kept separately by :func:`fractions_in`, and years of periods are skipped."""
    out = []
    for m in NUMBER.finditer(text):
        written = m.group(0)
        after = text[m.end():m.end() + 2]
        if after.startswith("%") or after.startswith(" %"):
            continue
        # a number right after a proper name is part of it ("thôn Phù Lưu 1", "Tổ 3")
        if re.search(r"(?:^|\s)[" + UP + "][" + LO + r"]+\s$", text[max(0, m.start() - 12):m.start()]):
            continue
        out.append((m.start(), m.end(), written, parse_number(written)))
    return out


DATE = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/(\d{4})(?![\d/])")
DATE_WORDS = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})")
PERCENT = re.compile(r"(?<![\w,.])(\d{1,3}(?:,\d+)?)\s?%")
FRACTION = re.compile(r"(?<![\w/.,])(\d{1,3}(?:\.\d{3})*(?:,\d+)?)/(\d{1,3}(?:\.\d{3})*(?:,\d+)?)(?![\w/]|[.,]\d)")


def valid_date(d: int, m: int, y: int) -> bool:
    import datetime
    try:
        datetime.date(y, m, d)
        return True
    except ValueError:
        return False


# ---------------------------------------------------------------- structure

ROMAN = re.compile(r"^([IVX]{1,5})\.\s+(\S.*)$")
UPPER = re.compile(r"^([A-ZĐ])\.\s+(\S.*)$")
DOTTED = re.compile(r"^(\d{1,2}(?:\.\d{1,2})+)\.?\s+(\S.*)$")
ARABIC = re.compile(r"^(\d{1,2})\.\s+(\S.*)$")
LETTER = re.compile(r"^([a-zđ])\)\s+(\S.*)$")
PART = re.compile(r"^(PHẦN(?:\s+THỨ)?\s+[A-ZĐÀ-Ỹ]+|Phần(?:\s+thứ)?\s+\S+)[.:]?\s+(\S.*)$")
PAREN_ITEM = re.compile(r"^\((\d{1,2})\)\s+")
BULLET_ITEM = re.compile(r"^([-+•])\s+")
ANNEX_HEAD = re.compile(r"^(?:PHỤ LỤC|Phụ lục|BIỂU|Biểu)\s+(?:số\s+)?(\d{1,2}[A-Z]?)\b(.*)$")
ANNEX_REF = re.compile(r"(?:Phụ lục|phụ lục|Biểu|biểu)\s+(?:số\s+)?(\d{1,2}[A-Z]?)\b")
TOTAL_LABEL = re.compile(r"^(tổng cộng|tổng số|tổng|cộng)(?!\w)")  # not folded: "công" is not "cộng"
BODY_END = re.compile(r"^(nơi nhận|trên đây là)", re.I)
ROMAN_VALUES = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10}


def roman(n: int) -> str:
    return {v: k for k, v in ROMAN_VALUES.items()}[n]


@dataclass
class Heading:
    line: int            # 0-based index into Draft.lines
    kind: str            # roman, upper, arabic, dotted<n>, letter, part, md
    label: str           # "II", "2", "2.1", "a", "" for an unlabelled Markdown heading
    title: str           # text after the label
    level: int = 0
    end: int = 0         # first line after the section (exclusive)
    parent: "Heading | None" = None


@dataclass
class Table:
    start: int           # line of the header row
    end: int             # first line after the table
    rows: list[list[str]] = field(default_factory=list)
    row_lines: list[int] = field(default_factory=list)

    def total_row(self) -> int | None:
        for i, row in enumerate(self.rows[1:], 1):
            for cell in row[:2]:
                if TOTAL_LABEL.match(nfc(strip_md(cell)).lower()):
                    return i
        return None

    def label(self, i: int) -> str:
        return strip_md(self.rows[i][0]) if self.rows[i] else ""

    def numeric_columns(self) -> list[int]:
        cols = []
        width = len(self.rows[0])
        for c in range(1, width):
            vals = [strip_md(r[c]) for r in self.rows[1:] if c < len(r) and strip_md(r[c])]
            if vals and all(re.fullmatch(r"\d{1,3}(?:\.\d{3})*(?:,\d+)?|\d+", v) for v in vals):
                cols.append(c)
        return cols

    def groups(self) -> dict[int, int | None]:
        """Row -> the subtotal row it belongs to (Roman-labelled rows are group subtotals)."""
        out, current = {}, None
        for i in range(1, len(self.rows)):
            lab = self.label(i)
            if re.fullmatch(r"[IVX]{1,4}", lab):
                current = i
                out[i] = None
            else:
                out[i] = current
        return out


class Draft:
    """Lines of a Markdown draft with the structure found in them."""

    def __init__(self, text: str):
        self.lines = nfc(text).split("\n")
        self.headings: list[Heading] = []
        self.tables: list[Table] = []
        self.footnote_defs: dict[int, int] = {}    # number -> line
        self.annexes: dict[str, tuple[int, int]] = {}  # annex number -> (first line, end)
        self._parse()

    # -- parsing
    def text(self) -> str:
        return "\n".join(self.lines)

    def _heading_of(self, i: int, raw: str) -> Heading | None:
        md = re.match(r"^\s{0,3}(#{1,6})\s+", raw)
        s = strip_md(raw)
        if not s or len(s.split()) > 30 or raw.lstrip().startswith("|"):
            return None
        bold_line = raw.strip().startswith(("**", "*")) and raw.strip().rstrip(":").endswith(("**", "*"))
        for kind, rx in (("part", PART), ("roman", ROMAN), ("dotted", DOTTED), ("arabic", ARABIC),
                         ("upper", UPPER), ("letter", LETTER)):
            m = rx.match(s)
            if not m:
                continue
            title = m.group(2)
            # a numbered body sentence is not a heading
            if kind in ("arabic", "letter") and not (md or bold_line) and (
                    len(title.split()) > 18 or re.search(r"[.;]\s+\S", title) or title.endswith((".", ";"))):
                return None
            if kind == "dotted":
                kind = f"dotted{m.group(1).count('.') + 1}"
            return Heading(i, kind, m.group(1), title)
        if md and not ANNEX_HEAD.match(s):
            return Heading(i, "md", "", s)
        return None

    def _parse(self) -> None:
        lines = self.lines
        kinds_order: list[str] = []
        body_end = len(lines)
        for i, raw in enumerate(lines):
            s = strip_md(raw)
            if BODY_END.match(s) and body_end == len(lines):
                body_end = i
            fm = re.match(r"^\s{0,3}\[\^(\d+)\]:", raw)
            if fm:
                self.footnote_defs[int(fm.group(1))] = i
        self.body_end = body_end
        # tables
        i = 0
        while i < len(lines):
            if lines[i].lstrip().startswith("|"):
                t = Table(i, i)
                while i < len(lines) and lines[i].lstrip().startswith("|"):
                    if not re.match(r"^\s*\|?\s*:?-{2,}", lines[i]):
                        t.rows.append([c.strip() for c in lines[i].strip().strip("|").split("|")])
                        t.row_lines.append(i)
                    i += 1
                t.end = i
                self.tables.append(t)
                continue
            i += 1
        in_table = {ln for t in self.tables for ln in range(t.start, t.end)}
        # annexes: a standalone "Phụ lục N" line after the body
        annex_starts = []
        table_starts = [t.start for t in self.tables]
        for i, raw in enumerate(lines):
            if i in in_table:
                continue
            m = ANNEX_HEAD.match(strip_md(raw))
            # a standalone "Phụ lục N" line after the body, or one that a table follows closely
            if m and len(strip_md(raw).split()) <= 14 and (
                    i >= body_end or any(0 < t - i <= 6 for t in table_starts)):
                annex_starts.append((m.group(1), i))
        for k, (num, start) in enumerate(annex_starts):
            end = annex_starts[k + 1][1] if k + 1 < len(annex_starts) else len(lines)
            self.annexes.setdefault(num, (start, end))
        self.annex_start = annex_starts[0][1] if annex_starts else len(lines)
        self.body_end = body_end = min(body_end, self.annex_start)
        # headings of the body
        for i, raw in enumerate(lines[:body_end]):
            if i in in_table:
                continue
            h = self._heading_of(i, raw)
            if h is None:
                continue
            if h.kind not in kinds_order:
                kinds_order.append(h.kind)
            self.headings.append(h)
        # the title block ("# BÁO CÁO") is not a section: keep unlabelled headings out of levels
        order = [k for k in kinds_order if k != "md"]
        for h in self.headings:
            h.level = order.index(h.kind) + 1 if h.kind != "md" else 0
        labelled = [h for h in self.headings if h.kind != "md"]
        for k, h in enumerate(labelled):
            h.end = body_end
            for nxt in labelled[k + 1:]:
                if nxt.level <= h.level:
                    h.end = nxt.line
                    break
            for prev in reversed(labelled[:k]):
                if prev.level < h.level:
                    h.parent = prev
                    break
        self.headings = labelled
        # a footnote definition block ends a section too
        for h in self.headings:
            for ln in self.footnote_defs.values():
                if h.line < ln < h.end:
                    h.end = ln
        self.in_table = in_table

    # -- queries
    def siblings(self, h: Heading) -> list[Heading]:
        return [x for x in self.headings if x.parent is h.parent and x.kind == h.kind]

    def children(self, h: Heading | None) -> list[Heading]:
        return [x for x in self.headings if x.parent is h]

    def top_of(self, h: Heading) -> Heading:
        while h.parent is not None:
            h = h.parent
        return h

    def is_proposals(self, h: Heading) -> bool:
        t = fold(h.title)
        return "kien nghi" in t or "de xuat" in t or "de nghi" in t

    def is_limitations(self, h: Heading) -> bool:
        return "han che" in fold(h.title) or "ton tai" in fold(h.title)

    def body_lines(self):
        """Indexes of body paragraph lines (not headings, tables, footnote definitions, blanks)."""
        heads = {h.line for h in self.headings}
        first = self.headings[0].line if self.headings else 0
        for i in range(first, self.body_end):
            raw = self.lines[i]
            if not raw.strip() or i in heads or i in self.in_table or re.match(r"^\s*\[\^\d+\]:", raw):
                continue
            yield i

    def section_at(self, line: int) -> Heading | None:
        best = None
        for h in self.headings:
            if h.line <= line < h.end and (best is None or h.level > best.level):
                best = h
        return best

    def header_lines(self) -> range:
        """The lines before the first section: the number/date line lives here."""
        first = self.headings[0].line if self.headings else min(20, len(self.lines))
        return range(0, first)

    def report_date(self):
        import datetime
        for i in self.header_lines():
            m = DATE_WORDS.search(self.lines[i])
            if m:
                d, mo, y = map(int, m.groups())
                return datetime.date(y, mo, d)
        return None

    def line_of_text(self) -> str:
        return self.text()
