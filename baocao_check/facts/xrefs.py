"""Cross-references: the annexes a statement refers to, resolved to the annexes the draft has.

A requirement answered by a referenced annex is answered: "phương án xử lý, cơ quan chủ trì và
thời hạn tại Phụ lục 3", with a Phụ lục 3 whose "Thời hạn" column holds dates, gives each surplus
asset its deadline; the same reference with the column saying "Chưa xác định" does not.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import annexes as annex_refs
from ..normalize import fold
from .statements import deadline_in, lexis


@dataclass
class Annex:
    kind: str                    # "phụ lục" | "biểu"
    ident: str                   # canonical: "3", "6B"
    anchor: object               # the heading or table block that names it
    tables: list = field(default_factory=list)    # its table blocks
    text: str = ""               # its title and table text, folded


def annexes(facts) -> dict[tuple[str, str], Annex]:
    """The annexes the draft contains, each with its tables."""
    def build():
        doc = facts.doc
        found = annex_refs.present(doc)
        by_block = {b.index: key for key, b in found.items()}
        out: dict[tuple[str, str], Annex] = {}
        current = None
        for b in doc.blocks:
            if b.index in by_block:
                key = by_block[b.index]
                current = out.setdefault(key, Annex(key[0], key[1], b))
            if current is None:
                continue
            if b.kind == "table" and b.table is not None and not b.table.is_header:
                # a table naming another annex than the current one is not one of its tables
                own = annex_refs.key_of(b.table.identifier) if b.table.identifier else None
                if own is not None and own != (current.kind, current.ident) and own in out:
                    continue
                current.tables.append(b)
                current.text += " " + fold(" ".join(" ".join(r) for r in b.table.rows))
            elif b.zone == "annex":
                current.text += " " + b.key
        return out
    return facts.memo("annexes", build)


def detail_tables(facts, block, reach: int = 4) -> list[Annex]:
    """The tables that detail a statement in the body itself: the tables right after its paragraph,
    in its section, before the next heading ("- Xe công: dôi dư 03 xe ô tô, chi tiết như sau:" and
    the table of the assets), each as an unnamed annex."""
    def build():
        doc = facts.doc
        out = []
        for b in doc.blocks[block.index + 1:block.index + 1 + reach]:
            if b.is_heading or b.zone != "body":
                break
            if b.kind == "table" and b.table is not None and not b.table.is_header and not b.table.identifier:
                out.append(Annex("bảng", "", b, [b], fold(" ".join(" ".join(r) for r in b.table.rows))))
        return out
    return facts.memo(("detail_tables", block.index), build)


def detail_items(facts, block) -> list:
    """The list items that detail a statement ending with ":" ("… dôi dư 07 cơ sở, cụ thể như sau:"
    and one item per asset), up to the first block that is not a list item."""
    doc = facts.doc
    if block.kind == "footnote" or not block.text.rstrip().endswith(":"):
        return []
    out = []
    for b in doc.blocks[block.index + 1:]:
        if b.kind != "list_item" or b.zone != block.zone or (out and _marker(b) != _marker(out[0])):
            break       # "b) … như sau:", "- …", "- …", then "c) …": the next item of the outer list
        out.append(b)
    return out


def _marker(block) -> tuple:
    return (block.bullet, block.label.kind if block.label is not None else None)


def details_near(facts, block) -> list[Annex]:
    """The detail tables of a statement, or of the paragraph right after it (a list of assets ending
    "chi tiết như sau:")."""
    found = detail_tables(facts, block)
    nxt = block.index + 1
    if not found and nxt < len(facts.doc.blocks) and facts.doc.blocks[nxt].kind in ("paragraph", "list_item"):
        found = detail_tables(facts, facts.doc.blocks[nxt])
    return found


def resolve(facts, kind: str, ident: str) -> Annex | None:
    found = annexes(facts)
    if (kind, ident) in found:
        return found[(kind, ident)]
    if ident.isdigit():
        other = "biểu" if kind == "phụ lục" else "phụ lục"
        return found.get((other, ident))
    return None


def referenced(facts, block, lo: int = 0, hi: int | None = None) -> list[tuple[object, Annex | None]]:
    """The annexes text[lo:hi] of a block refers to: (reference, resolved annex or None)."""
    hi = len(block.text) if hi is None else hi
    refs = facts.memo(("annex_refs", block.index), lambda: annex_refs.references(block.text, block.key))
    return [(r, resolve(facts, r.kind, r.ident)) for r in refs if lo <= r.start < hi]


def _column(table, headers) -> int | None:
    for row in table.rows[:3]:
        for i, cell in enumerate(row):
            if any(p.matches(fold(cell)) for p in headers):
                return i
    return None


def answers(facts, annex: Annex, element: str) -> bool:
    """Does this annex give ``element`` ("annex", "deadline", "responsible") for what it lists?"""
    if element == "annex":
        return True
    lx = lexis(facts)
    headers = lx.deadline_cols if element == "deadline" else lx.responsible_cols if element == "responsible" else None
    if headers is None:
        return False
    for tb in annex.tables:
        col = _column(tb.table, headers)
        if col is None:
            continue
        rows = [r for r in tb.table.rows[1:] if col < len(r) and fold(r[col])]
        if not rows:
            return False
        for row in rows:
            if lx.unfilled_re.match(fold(row[col])):
                return False
            if element == "deadline" and not gives_deadline(facts, lx, row, col):
                return False
        return True
    return False


def deadline_column(facts, model):
    """The column of a table model whose header says it holds deadlines («Thời hạn hoàn thành»)."""
    cols = lexis(facts).deadline_cols
    return next((c for c in model.columns if any(p.matches(fold(c.header)) for p in cols)), None)


def unanswered_rows(facts, annex: Annex) -> list[tuple[object, str]]:
    """(table block, the row's name) of each thing an annex lists whose deadline cell is left empty:
    an item row (not a group, a subset heading or a total) with a name and more than its number
    (a row "II. Phương tiện, trang thiết bị" across the table heads a group). A cell Word merged
    into the one above holds that one's deadline."""
    from .tables import tables_of
    models = {m.block.index: m for m in tables_of(facts)}
    out = []
    for tb in annex.tables:
        model = models.get(tb.index)
        column = deadline_column(facts, model) if model is not None else None
        if column is None:
            continue
        col = column.index
        for row in model.rows:
            if row.kind == "item" and not row.children and row.label and not row.cells[col].strip() \
                    and (row.index, col) not in tb.table.continued and sum(1 for c in row.cells if c.strip()) > 2:
                out.append((tb, row.label))
    return out


def _told_done(lx, cell: str) -> bool:
    """A cell saying the thing is done ("Đã hoàn thành ngày 15/3/2026", "Đã xử lý xong")."""
    key = fold(cell)
    return bool(lx.dealt_re.search(key)) or any(key.startswith(w + " ") for w in lx.done_words)


def unanswered_cell(facts, annex: Annex) -> str | None:
    """The first deadline cell of the annex's first table that gives no deadline ("Chưa xác định")."""
    lx = lexis(facts)
    tb = annex.tables[0].table
    col = _column(tb, lx.deadline_cols)
    if col is None:
        return None
    for row in tb.rows[1:]:
        cell = row[col].strip() if col < len(row) else ""
        if cell and (lx.unfilled_re.match(fold(cell)) or not gives_deadline(facts, lx, row, col)):
            return cell
    return None


def gives_deadline(facts, lx, row: list[str], col: int) -> bool:
    """Does a row's deadline cell give one? A date or time limit, or the thing is done ("Đã hoàn thành
    ngày 15/3/2026" in the cell, or "Đã hoàn thành" in the row's status column): no limit to give."""
    cell = row[col]
    return deadline_in(facts, cell, facts.values_of_text(cell)) is not None or _told_done(lx, cell) or \
        any(len(c.split()) <= 5 and _told_done(lx, c) for c in row)    # a status cell, not a result told at length
