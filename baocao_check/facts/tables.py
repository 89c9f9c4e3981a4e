"""The table model: what a table of the draft says, read once per document.

A table as the readers give it is a grid of cell texts. Read as a person reads it, it has
header rows (a group header over its columns, a row of column numbers "(1) (2) (3)"),
merged cells (a Word cell spanning columns arrives as one cell: the row is short), a
column of row labels, typed columns (count, amount, percentage, text, ordinal, date) and a
row hierarchy from its markers and labels::

    | TT | Cơ quan, đơn vị     | Được giao | Tỷ lệ |
    | I  | Khối HĐND - UBND xã | 48        | 91,7% |    group row: the sum of 1, 2
    | 1  | Văn phòng           | 12        | …     |
    | 2  | Phòng Kinh tế       | 36        | …     |
    |    | Trong đó: nữ        | 20        |       |    a subset of row 2, never added
    | II | Đơn vị sự nghiệp    | 336       |       |
    | …                                            |
    |    | Tổng cộng (I + II)  | 384       | 94,8% |    the sum of I and II, the overall ratio

``tables_of(facts)`` builds the models of a document once (``facts.memo``); ``model_of``
builds one for a single table. The checks of totals live in ``TableModel.total_checks``:
each total is compared with its own children only.

The words (total rows, "trong đó", header words) come from ``rulesets/lexicon.yaml``,
key ``tables``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from ..labels import roman_to_int
from ..normalize import fold
from ..parsing.numbers import parse_number
from ..parsing.vocabulary import word_start_alternation

# ------------------------------------------------------------------ vocabulary (data, not code)


@lru_cache(maxsize=1)
def words() -> dict[str, tuple[str, ...]]:
    """The ``tables`` key of the shared lexicon, folded (read once per process)."""
    from ..lexicon import lexicon
    return {k: tuple(fold(str(w)) for w in v) for k, v in (lexicon().get("tables") or {}).items()}


@lru_cache(maxsize=64)
def phrase_re(key: str, anchored: bool = False, at_end: bool = False) -> re.Pattern:
    """A pattern matching any phrase of the lexicon list ``key`` as whole words (``anchored``: at
    the start of the text; ``at_end``: ending the text)."""
    alts = words().get(key, ())
    if anchored:
        body = "|".join(re.escape(a) for a in sorted(alts, key=len, reverse=True)) or r"(?!x)x"
        return re.compile(rf"^\W*(?:{body})(?!\w)")
    body = word_start_alternation(alts, space=r"\ ")      # (?<!\w)(?:…), fast
    return re.compile(rf"(?:{body})\W*$" if at_end else rf"(?:{body})(?!\w)")


# ------------------------------------------------------------------ the model

COUNT, AMOUNT, PERCENT, TEXT, ORDINAL, DATE = "count", "amount", "percentage", "text", "ordinal", "date"
ADDITIVE = (COUNT, AMOUNT)

_DATE_CELL_RE = re.compile(r"^\d{1,2}/\d{1,2}/\d{4}$|^(?:tháng|quý)\s")
_PCT_CELL_RE = re.compile(r"^\s*(\d[\d.,]*)\s?%\s*$")
_UNIT_IN_HEADER_RE = re.compile(r"\(([^()]{1,20})\)\s*$")
_MARKER_RE = re.compile(r"^\s*(?P<m>[IVXLC]{1,5}|[A-ZĐ]|\d{1,2}(?:\.\d{1,2}){0,2}|[a-zđ]|[-+*•])\s*[.)]?\s*$")
_LABEL_MARKER_RE = re.compile(r"^\s*(?P<m>[IVXLC]{1,5}\s*[.)]|\d{1,2}(?:\.\d{1,2}){1,2}\.?|\d{1,2}\s*[.)]|[a-zđ]\s*\)|[-+*•])\s+")
_COLNUM_RE = re.compile(r"^\(?(?:\d{1,2}|[A-Z])\)?(?:\s*=.*)?$")
_FORMULA_RE = re.compile(r"\(\s*([IVXLC]{1,5}|\d{1,2})\s*(?:\+\s*([IVXLC]{1,5}|\d{1,2})\s*)+\)")


@dataclass
class Column:
    index: int
    header: str                 # the header texts from top to bottom, joined: "Kết quả giải quyết Đúng hạn"
    kind: str                   # count | amount | percentage | text | ordinal | date
    unit: str = ""              # "m²" from "Diện tích đất (m²)", folded
    leaf: str = ""              # the lowest header row's text: "Đúng hạn"

@dataclass
class Row:
    index: int                  # index in ``Table.rows``
    cells: list[str]            # aligned to the columns (merged cells filled with "")
    label: str                  # the row's name, marker taken off: "Khối HĐND - UBND xã"
    marker: str                 # "I", "1", "1.2", "a", "-", "" …
    level: int                  # 1 Roman, 2 Arabic, 3 dotted, 4 letter, 5 dash; 0 none
    kind: str = "item"          # item | group | subset_head | subset | total
    parent: int | None = None   # position (in ``TableModel.rows``) of the row this one is part of
    children: list[int] = field(default_factory=list)
    values: list[Decimal | None] = field(default_factory=list)
    decimals: list[int] = field(default_factory=list)

    @property
    def is_total(self) -> bool:
        return self.kind == "total"


@dataclass
class TotalCheck:
    """One total cell compared with the sum of its children."""
    row: Row
    column: Column
    total: Decimal
    parts: list[tuple[Row, Decimal]]
    expected: Decimal           # the sum (or, for a ratio column, the overall ratio)
    kind: str = "sum"           # sum | ratio | subset (the "trong đó" rows: at most the row they part)

    @property
    def agrees(self) -> bool:
        return self.total >= self.expected if self.kind == "subset" else self.total == self.expected


@dataclass
class TableModel:
    block: object               # the table's Block
    header_rows: int
    columns: list[Column]
    rows: list[Row]             # data rows, in order
    label_col: int | None

    @property
    def table(self):
        return self.block.table

    caption: str = ""           # the title above the table ("Phụ lục 2. Nhiệm vụ phân cấp…", its next line)

    @property
    def name(self) -> str:
        return self.table.identifier or ""

    def column_values(self, c: int) -> list[Decimal]:
        return [r.values[c] for r in self.rows if r.values[c] is not None]

    def items(self) -> list[Row]:
        return [r for r in self.rows if r.kind in ("item", "group")]

    def totals(self) -> list[Row]:
        return [r for r in self.rows if r.kind == "total"]

    def total_checks(self) -> list[TotalCheck]:
        """Every total (group rows with children, subtotal and grand-total rows) against its own
        children, column by column. A ratio column's total is checked as the overall ratio when the
        table holds the two columns it is the ratio of; otherwise it is not checked."""
        out = []
        for pos, row in enumerate(self.rows):
            subsets = [r for r in self.rows if r.kind == "subset" and r.parent == pos]
            for col in self.columns:
                # "Chi đầu tư 10.540; trong đó: 6.120, 5.010": the parts named cannot exceed the whole
                parts = [(r, r.values[col.index]) for r in subsets if r.values[col.index] is not None]
                if col.kind in ADDITIVE and row.values[col.index] is not None and parts:
                    out.append(TotalCheck(row, col, row.values[col.index], parts,
                                          sum((v for _, v in parts), Decimal(0)), kind="subset"))
            if not row.children or row.kind not in ("group", "total"):
                continue
            kids = [self.rows[i] for i in row.children]
            for col in self.columns:
                c = col.index
                total = row.values[c]
                if total is None:
                    continue
                if col.kind in ADDITIVE:
                    parts = [(k, k.values[c]) for k in kids if k.values[c] is not None]
                    if len(parts) < 2 and not (len(parts) == 1 and len(kids) == 1):
                        continue
                    expected = sum((v for _, v in parts), Decimal(0))
                    if expected == 2 * total and len(parts) >= 3 and expected != total:
                        continue   # subtotal rows and their details both listed: the sum is twice the total
                    out.append(TotalCheck(row, col, total, parts, expected))
                elif col.kind == PERCENT:
                    ratio = self._ratio_of(col)
                    if ratio is None:
                        continue
                    num, den = ratio
                    a, b = row.values[num.index], row.values[den.index]
                    if a is None or b is None or not b:
                        continue
                    from ..rules.arithmetic_percent import agrees
                    true = a * 100 / b
                    decimals = row.decimals[c]
                    expected = total if agrees(true, total, decimals) else true.quantize(Decimal(1).scaleb(-decimals))
                    out.append(TotalCheck(row, col, total, [], expected, kind="ratio"))
        return out

    def ratio_misfits(self, col: Column) -> tuple[Column, Column, list[Row]] | None:
        """A ratio column whose item rows all but one are the quotient of the same two columns
        (at least three rows that agree, the total row among them): the columns, and the row whose
        percentage is not."""
        rows = [r for r in self.rows if r.values[col.index] is not None]
        if len(rows) < 4 or self._ratio_of(col) is not None:
            return None
        return self._fit(col, rows, misfits=1, parts=True)

    def _ratio_of(self, col: Column) -> tuple[Column, Column] | None:
        """The (numerator, denominator) columns whose quotient every item row's percentage is."""
        rows = [r for r in self.rows if r.kind != "total" and r.values[col.index] is not None]
        if len(rows) < 2:
            return None
        fit = self._fit(col, rows, misfits=0)
        return fit[:2] if fit else None

    def _fit(self, col: Column, rows: list[Row], misfits: int, parts: bool = False):
        """The first (numerator, denominator, rows that disagree) of two additive columns whose quotient
        is the percentage of all ``rows`` but exactly ``misfits`` of them (``parts``: the numerator is
        never above the denominator)."""
        from ..rules.arithmetic_percent import agrees
        numeric = [c for c in self.columns if c.kind in ADDITIVE]
        target = phrase_re("target_words")
        for den in numeric:
            # a share is never above its whole; an outcome may be above its target ("Thực hiện" over
            # "Dự toán": 108,3%)
            share = parts and not target.search(fold(den.header))
            for num in numeric:
                if num is den:
                    continue
                bad: list[Row] | None = []
                for r in rows:
                    a, b = r.values[num.index], r.values[den.index]
                    if a is None or not b or (share and a > b):
                        bad = None
                        break
                    if not agrees(a * 100 / b, r.values[col.index], r.decimals[col.index]):
                        bad.append(r)
                        if len(bad) > misfits:
                            break
                if bad is not None and len(bad) == misfits:
                    return num, den, bad
        return None

    def offset_of(self, row: Row, col: Column | None = None) -> int:
        """Offset in the table block's text of a row (of its cell in ``col``): the block text is
        the reader's rows joined by " | ", one line each."""
        lines = self.block.text.split("\n")
        start = sum(len(line) + 1 for line in lines[:row.index])
        if col is None or row.index >= len(lines):
            return start
        raw = self.table.rows[row.index] if row.index < len(self.table.rows) else []
        cell = row.cells[col.index].strip()
        pos = 0
        for k, text in enumerate(raw):
            if text.strip() == cell and cell and (k == col.index or len(raw) != len(row.cells)):
                return start + pos + (text.find(cell) if cell in text else 0)
            pos += len(text) + 3
        found = lines[row.index].find(cell) if cell else -1
        return start + max(found, 0)

    def row_by_label(self, label: str) -> list[Row]:
        key = label_key(label)
        return [r for r in self.rows if label_key(r.label) == key]


def label_key(text: str) -> str:
    """A row label or a name as compared: folded, marker, punctuation and spacing taken off."""
    text = _LABEL_MARKER_RE.sub("", text or "")
    return " ".join(re.findall(r"[^\W_]+", fold(text)))


def label_words(text: str) -> list[str]:
    """The words of ``label_key`` as written (capitals kept), one for one."""
    return re.findall(r"[^\W_]+", _LABEL_MARKER_RE.sub("", text or ""))


def _value(cell: str) -> tuple[Decimal | None, int, bool]:
    """(value, decimals, is_percentage) of a numeric cell; (None, 0, False) otherwise."""
    cell = cell.strip()
    if not cell:
        return None, 0, False
    m = _PCT_CELL_RE.match(cell)
    if m:
        parsed = parse_number(m.group(1))
        return (parsed[0], parsed[1], True) if parsed else (None, 0, False)
    parsed = parse_number(cell)
    return (parsed[0], parsed[1], False) if parsed else (None, 0, False)


def _is_numeric(cell: str) -> bool:
    return _value(cell)[0] is not None


def _marker_level(marker: str) -> int:
    if not marker:
        return 0
    if marker in "-+*•":
        return 5
    if re.fullmatch(r"[IVXLC]+", marker) and roman_to_int(marker):
        return 1
    if re.fullmatch(r"[A-ZĐ]", marker):
        return 1        # "A | Tổng thu …", "B | Tổng chi …": the parts of a budget table
    if re.fullmatch(r"\d{1,2}", marker):
        return 2
    if re.fullmatch(r"\d{1,2}(?:\.\d{1,2})+", marker):
        return 3
    if re.fullmatch(r"[a-zđ]", marker):
        return 4
    return 0


def _grid(rows: list[list[str]]) -> tuple[list[list[str]], int]:
    """Rows aligned to one width. A short data row lost cells to a horizontal merge, nearly
    always its label spanning the number and name columns ("Tổng cộng" over TT and Tên): its
    last cells are kept in the last columns. A short header row is aligned by the row under it
    (see ``_align_header``)."""
    width = max((len(r) for r in rows), default=0)
    out = []
    for r in rows:
        r = [c if c is not None else "" for c in r]
        if len(r) < width:
            if any(_is_numeric(c) for c in r[1:]):
                r = r[:1] + [""] * (width - len(r)) + r[1:]
            else:
                r = r + [""] * (width - len(r))
        out.append(r)
    return out, width


def _align_header(upper: list[str], lower: list[str], width: int) -> list[str]:
    """A header row that had fewer cells than the grid (a group header spanning columns) spread
    over the row under it: an empty cell under it is the vertical continuation of one upper cell;
    a run of filled cells below sits under one upper (group) cell."""
    cells = [c for c in upper]
    while cells and not cells[-1]:
        cells.pop()
    if len(cells) >= width or len(cells) == 0:
        return upper
    out: list[str] = []
    i = 0   # next upper cell
    c = 0
    while c < width:
        if i >= len(cells):
            out.append("")
            c += 1
            continue
        if not lower[c]:
            out.append(cells[i])
            i += 1
            c += 1
            continue
        run = c
        while run < width and lower[run]:
            run += 1
        # a run of filled lower cells: under one group cell, unless as many upper cells remain
        # as there are cells left (then they are one over one)
        if len(cells) - i >= width - c:
            out.append(cells[i])
            i += 1
            c += 1
            continue
        out.extend([cells[i]] * (run - c))
        i += 1
        c = run
    return out


def _header_count(grid: list[list[str]]) -> int:
    """Rows at the top that are header, not data: the first row, then rows with no numeric cell
    in a column that has numbers below (a second header line), or a row of column numbers
    ("1 | 2 | 3", "(1) | (2)", "A | B | 1 | 2=1+…")."""
    n = 1
    while n < len(grid) - 1:
        row = grid[n]
        filled = [c.strip() for c in row if c.strip()]
        if len(filled) == len(row) >= 3 and all(_COLNUM_RE.match(c) for c in filled):
            ints = [int(re.match(r"\(?(\d+)", c).group(1)) for c in filled if re.match(r"\(?\d", c)]
            if ints and ints == list(range(ints[0], ints[0] + len(ints))) and ints[0] in (0, 1):
                n += 1      # "(1) | (2) | (3)", "A | B | 1 | 2": the columns' numbers
                continue
        if not any(_is_numeric(c) for c in row) and any(c.strip() for c in row) \
                and not (row[0].strip() and _MARKER_RE.match(row[0])):
            below = grid[n + 1]
            if any(_is_numeric(c) for c in below):
                n += 1
                continue
        break
    return n


def _column_kind(header: str, cells: list[str], first: bool = False) -> tuple[str, str]:
    key = fold(header)
    unit_m = _UNIT_IN_HEADER_RE.search(header)
    unit = fold(unit_m.group(1)) if unit_m else ""
    if phrase_re("ordinal_headers", True).match(key) and len(key) <= 12:
        return ORDINAL, unit
    filled = [c.strip() for c in cells if c.strip()]
    if first and len(filled) >= 2 and all(_MARKER_RE.match(c) for c in filled) \
            and any(not c.isdigit() for c in filled) and all(len(c) <= 4 for c in filled):
        return ORDINAL, unit    # "I", "1", "2", "II", "a": a marker column without a header word
    if any(_DATE_CELL_RE.match(c) for c in filled) and not all(_is_numeric(c) for c in filled):
        return DATE, unit
    numeric = [c for c in filled if _is_numeric(c)]
    if not filled or len(numeric) < max(1, len(filled) * 0.6):
        return TEXT, unit
    if phrase_re("percentage_headers").search(key) or "%" in key or all(_PCT_CELL_RE.match(c) for c in numeric):
        return PERCENT, unit
    if phrase_re("non_additive_headers", True).match(key):
        return TEXT, unit
    if unit and phrase_re("amount_units", True).match(unit):
        return AMOUNT, unit
    if any(_value(c)[1] for c in numeric):
        return AMOUNT, unit
    return COUNT, unit


def _label_column(grid: list[list[str]], columns: list[Column], start: int) -> int | None:
    """The first text column: it names the rows."""
    for col in columns:
        if col.kind == TEXT:
            return col.index
    for col in columns:
        if col.kind != ORDINAL and not all(_is_numeric(r[col.index]) for r in grid[start:] if r[col.index].strip()):
            return col.index
    return None


def _caption(block, doc_blocks) -> str:
    """The table's title and the lines right above it that are not another table."""
    parts = [block.table.title or ""]
    if doc_blocks:
        for b in reversed(doc_blocks[max(0, block.index - 2):block.index]):
            if b.kind == "table" or b.kind == "footnote":
                break
            if b.text.strip() and b.text.strip() not in parts:
                parts.append(b.text.strip())
            if b.is_heading:
                break       # the lines above a heading are another section's
    return " ".join(p for p in parts if p)


def model_of(block, doc_blocks=None) -> TableModel | None:
    table = block.table
    if table is None or table.is_header or len(table.rows) < 2:
        return None
    grid, width = _grid(table.rows)
    if width < 2:
        return None
    nh = _header_count(grid)
    for h in range(nh - 1, 0, -1):
        grid[h - 1] = _align_header(table.rows[h - 1] + [""] * 0, grid[h], width)
    headers, leaves = [], []
    for c in range(width):
        parts: list[str] = []
        for h in range(nh):
            text = grid[h][c].strip()
            if text and text not in parts and not _COLNUM_RE.match(text):
                parts.append(text)
        headers.append(" ".join(parts))
        leaves.append(parts[-1] if parts else "")
    body = grid[nh:]
    _strip_counted_units(body, width)
    columns = []
    for c in range(width):
        kind, unit = _column_kind(headers[c], [r[c] for r in body], first=c == 0)
        columns.append(Column(c, headers[c], kind, unit, leaves[c]))
    label_col = _label_column(grid, columns, nh)
    rows = []
    for i, cells in enumerate(body):
        rows.append(_row(nh + i, cells, columns, label_col))
    _hierarchy(rows)
    return TableModel(block, nh, columns, rows, label_col, _caption(block, doc_blocks))


_COUNT_WITH_UNIT_RE = re.compile(r"(\d[\d.,]*)\s+([^\W\d_]+(?:\s+[^\W\d_]+){0,2})")


def _strip_counted_units(body: list[list[str]], width: int) -> None:
    """«09 nghị quyết», «06 nghị quyết» … «47 nghị quyết»: a column of counts that repeat their noun
    is a column of counts (the noun said once is enough)."""
    for c in range(width):
        cells = [(r, m) for r in body if c < len(r) and r[c].strip()
                 for m in [_COUNT_WITH_UNIT_RE.fullmatch(r[c].strip())]]
        if len(cells) < 3 or any(m is None for _, m in cells):
            continue
        if len({fold(m.group(2)) for _, m in cells}) != 1:
            continue
        for r, m in cells:
            r[c] = m.group(1)


def _row(index: int, cells: list[str], columns: list[Column], label_col: int | None) -> Row:
    marker = ""
    for col in columns:
        if col.kind == ORDINAL and col.index != label_col:
            m = _MARKER_RE.match(cells[col.index])
            if m:
                marker = m.group("m")
            break
    label = cells[label_col].strip() if label_col is not None else ""
    if label_col is not None:
        m = _LABEL_MARKER_RE.match(label)
        if m:
            marker = marker or m.group("m").rstrip(".) ").strip()
            label = label[m.end():].strip()
    if not label and label_col is not None:
        # the label may have merged into the ordinal column ("Tổng cộng" over TT and Tên)
        label = next((c.strip() for c in cells[:label_col] if c.strip() and not _MARKER_RE.match(c)), "")
    values, decimals = [], []
    for col in columns:
        v, d, _ = _value(cells[col.index]) if col.kind in ADDITIVE + (PERCENT,) else (None, 0, False)
        values.append(v)
        decimals.append(d)
    row = Row(index, cells, label, marker, _marker_level(marker), values=values, decimals=decimals)
    key = fold(label)
    if phrase_re("total_rows", True).match(key) and not (row.level == 1 and not _FORMULA_RE.search(label)):
        row.kind = "total"      # "I | Tổng thu ngân sách xã" over rows 1, 2, 3 is a group row that names its sum
    elif phrase_re("subset_rows", True).match(key):
        row.kind = "subset_head"
    return row


def _hierarchy(rows: list[Row]) -> None:
    """Parents and children from markers and labels. Group rows (a marker of a higher level
    than the rows that follow) hold the rows under them; a "trong đó" row and the rows right
    under it are a subset of the row above; a total row holds the top-level rows since the
    previous total (or, written "(I + II)", the rows it names)."""
    stack: list[int] = []           # positions of open group rows, outermost first
    top: list[int] = []             # top-level rows since the last total
    subtotals: list[int] = []       # total rows since the last grand total ("Cộng" after each group)
    last_item: int | None = None
    subset_of: int | None = None
    for pos, row in enumerate(rows):
        if row.kind == "total":
            formula = _FORMULA_RE.search(row.label)
            named = None
            if formula:
                names = re.findall(r"[IVXLC]{1,5}|\d{1,2}", formula.group(0))
                named = [i for i in range(pos) if rows[i].marker in names and rows[i].kind in ("item", "group")
                         and rows[i].parent is None]
                named = named if len(named) == len(names) else None
            if named is not None:
                row.children = named
            elif subtotals and (not top or _grand(row, rows[subtotals[-1]])):
                row.children = subtotals + top      # the grand total of the groups' subtotals
                subtotals = []
            elif top:
                row.children = top[:]
                subtotals.append(pos)
            for k in row.children:
                if rows[k].parent is None:
                    rows[k].parent = pos
            top, stack, last_item, subset_of = [], [], None, None
            continue
        if row.kind == "subset_head":
            row.parent = last_item
            if any(v is not None for v in row.values):
                row.kind = "subset"       # "Trong đó: nữ | 3": the subset is this row itself
            # "Trong đó:" over the rows that are the subset, or "Trong đó: Thu tiền sử dụng đất | 9.000"
            # and the unnumbered rows under a numbered one that go on listing it ("Thu thuế, phí | 4.200")
            subset_of = last_item
            continue
        if subset_of is not None:
            # rows under "trong đó" are a subset of the row above it while they sit deeper
            owner = rows[subset_of]
            deeper = (row.level > owner.level) if owner.level else row.level > 0
            if owner.level and row.level == 0:
                deeper = True
            if deeper:
                row.kind = "subset"
                row.parent = subset_of
                continue
            subset_of = None
        level = row.level
        if level == 0 and last_item is not None:
            # an unnumbered row: under a group row right above it, else beside the row above it
            above = rows[last_item]
            parent = last_item if (above.level == 1 or above.kind == "group") else above.parent
            if parent is not None and rows[parent].kind != "total":
                row.parent = parent
                rows[parent].children.append(pos)
                rows[parent].kind = "group"
                continue
        while stack and (level == 0 or rows[stack[-1]].level >= level):
            if level == 0 and rows[stack[-1]].level:
                break
            stack.pop()
        if stack and level and rows[stack[-1]].level < level:
            parent = stack[-1]
            row.parent = parent
            rows[parent].children.append(pos)
            rows[parent].kind = "group"
        else:
            top.append(pos)
        if level:
            stack.append(pos)
        last_item = pos
    # a total written first ("Tổng số" right under the header) holds the rows after it
    for pos, row in enumerate(rows):
        if row.kind == "total" and not row.children and pos + 1 < len(rows):
            end = next((i for i in range(pos + 1, len(rows)) if rows[i].kind == "total"), len(rows))
            kids = [i for i in range(pos + 1, end) if rows[i].parent is None and rows[i].kind in ("item", "group")]
            # "Tổng số đảng viên | 126" over "Số đảng viên đăng ký …", "Số lượt học tập …": a list of
            # indicators, not the parts of a total, when a row below counts another thing of its own
            # ("Số lượt …"; not "Trực tuyến", "Trực tiếp" under "Tổng số hồ sơ")
            noun = " ".join(phrase_re("total_rows", anchored=True).sub("", fold(re.sub(r"\(.*?\)", " ", row.label))).split()[:2])
            if noun and any(fold(rows[i].label).startswith("số ") and noun not in fold(rows[i].label) for i in kids):
                continue
            row.children = kids
            for k in row.children:
                rows[k].parent = pos
    # a group row without numbers of its own is a heading of its rows: its children are then
    # the top-level rows a total adds
    for pos, row in enumerate(rows):
        if row.kind == "group" and all(v is None for v in row.values):
            for total in rows:
                if total.kind == "total" and pos in total.children:
                    i = total.children.index(pos)
                    total.children[i:i + 1] = row.children


def _grand(row: Row, previous: Row) -> bool:
    """A total row worded as the grand total after subtotal rows ("Tổng cộng" after "Cộng")."""
    return fold(row.label) != fold(previous.label) and len(fold(row.label)) > len(fold(previous.label))


def tables_of(facts) -> list[TableModel]:
    """The models of the document's tables (the header table left out), built once."""
    def build():
        out = []
        for b in facts.doc.blocks:
            if b.kind == "table":
                m = model_of(b, facts.doc.blocks)
                if m is not None:
                    out.append(m)
        return out
    return facts.memo("tables", build)
