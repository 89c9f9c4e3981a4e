"""Plain-text and Markdown drafts.

Text exports of Word drafts put one paragraph on a line; Markdown adds
``#`` headings, ``**bold**`` and ``*italic*``, ``<sup>``, pipe tables and
``[^1]`` footnotes. Both are read by one line reader: Markdown markup is
taken as formatting hints and removed from the text, line numbers kept.
"""

from __future__ import annotations

import html
import re

from .assemble import FIGURE_CELL_RE, RawItem, to_superscript

_MD_HEADING_RE = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_SUP_TAG_RE = re.compile(r"<sup>\s*([^<]*?)\s*</sup>", re.IGNORECASE)
_TAG_RE = re.compile(r"</?(?:span|u|b|i|em|strong|font|div|p|sub|a)\b[^>]*>|<br\s*/?>", re.IGNORECASE)
_MD_FOOTNOTE_REF_RE = re.compile(r"\[\^(\d{1,3})\](?!:)")
_MD_FOOTNOTE_DEF_RE = re.compile(r"^\s{0,3}\[\^(\d{1,3})\]:\s*(.*)$")
_ESCAPE_RE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")
# every \s* is followed by a required character or the end, so that no run of spaces can be cut two
# ways (the old pattern was quadratic on a long line of spaces)
_TABLE_SEP_RE = re.compile(r"^\s*(?:\|\s*)?:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*(?:\|\s*)?$")
_BULLET_STAR_RE = re.compile(r"^(\s*)\*\s+")
# within one line only: "\s" would run across blank lines from every line start (quadratic on
# runs of blank lines)
_MARKDOWN_SIGNS = (re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+\S", re.M), re.compile(r"\*\*[^*\n]+\*\*"),
                   re.compile(r"<sup>", re.I), re.compile(r"^[ \t]*\|[^\n]*\|[ \t]*$", re.M))


def looks_like_markdown(text: str) -> bool:
    hits = sum(1 for sign in _MARKDOWN_SIGNS if sign.search(text))
    return hits >= 2


def _strip_inline(text: str) -> tuple[str, bool]:
    """Remove Markdown emphasis and tags; returns (text, whole line was bold)."""
    text = _SUP_TAG_RE.sub(lambda m: to_superscript(m.group(1)) if m.group(1).isdigit() else m.group(1), text)
    text = _MD_FOOTNOTE_REF_RE.sub(lambda m: to_superscript(m.group(1)), text)
    text = _TAG_RE.sub(" ", text)
    stripped = text.strip()
    core = stripped
    bullet = ""
    m = _BULLET_STAR_RE.match(core)
    if m and not core.startswith("**"):
        bullet, core = "* ", core[m.end():]
    bold = False
    inner = core.strip()
    if inner.startswith(("**", "__")) and inner.rstrip(" :").endswith(("**", "__")) and len(inner) > 4:
        body = inner.strip("*_ :")
        bold = "**" not in body and bool(body)
    # "*** Nguyên nhân:**" is a bullet with bold text, "*- Kết quả:*" an italic line.
    core = re.sub(r"\*\*|__", "", core)
    if core.startswith("* "):
        bullet, core = "* ", core[2:]
    core = core.replace("*", "")
    core = _ESCAPE_RE.sub(r"\1", core)
    core = html.unescape(core) if "&" in core else core
    return (bullet + core).strip(), bold


def markdown_paragraph(raw: str) -> tuple[str, int | None, bool]:
    """One paragraph of Markdown: (clean text, heading level, whole-bold)."""
    md_level = None
    content = raw
    hm = _MD_HEADING_RE.match(raw)
    if hm:
        md_level = len(hm.group(1))
        content = hm.group(2)
    clean, bold = _strip_inline(content.rstrip("\\"))
    return clean, md_level, bold


def _cell_tabs(line: str) -> int:
    """Tabs between the cells of a tab-separated row (spaces and a CR around it are no cells)."""
    return line.strip(" \r").count("\t")


def _table_row(line: str, tabs: int) -> bool:
    """Does ``line`` belong to a tab-separated table of ``tabs`` tabs a row? It has the table's
    cell count, or it is a continuation row: fewer cells, with an empty one at its start or end
    (cells merged with the row above, or trailing empty cells an export left out)."""
    core = line.strip(" \r")
    if not core.strip():
        return False
    count = core.count("\t")
    return count == tabs or (0 < count < tabs and (core.startswith("\t") or core.endswith("\t")))


def _cells(line: str) -> list[str]:
    return [_strip_inline(c)[0] for c in line.strip(" \r").split("\t")]


# a page's number line, as text copied out of a PDF keeps it: "Trang 3/11", "- 3 -", "3/11"
_PAGE_NUMBER_RE = re.compile(r"^\s*(?:[Tt]rang\s+\d{1,3}(?:\s*/\s*\d{1,3})?|-\s*\d{1,3}\s*-|\d{1,3}\s*/\s*\d{1,3})\s*$")


def page_furniture(lines: list[str]) -> set[int]:
    """The lines a PDF's pages put around the text: the page numbers, and a running header, the same
    line again after a page number ("UBND xã … – Báo cáo sơ kết 01 năm"). A paragraph a page cut in two
    reads on across them."""
    out = {i for i, ln in enumerate(lines) if _PAGE_NUMBER_RE.match(ln)}
    if len(out) < 2:
        return set()       # one such line is the text's own
    seen: dict[str, list[int]] = {}
    for i in out:
        k = i + 1
        while k < len(lines) and not lines[k].strip():
            k += 1
        if k < len(lines):
            seen.setdefault(lines[k].strip(), []).append(k)
    for line, where in seen.items():
        if len(where) >= 2 and len(line.split()) <= 20:
            out.update(where)
    return out


_GAP_RE = re.compile(r"\S {2,}(?=\S)")          # two spaces or more between words: a column break


def _layout_rows(lines: list[str], i: int, skip: set[int]) -> int:
    """Where a table laid out with spaces (text copied out of a PDF: columns aligned by runs of
    spaces, a cell's words wrapped onto the next lines) that starts at line ``i`` ends: at least three
    lines with a column break each, two of them with two breaks; ``i`` when there is none."""
    end = i
    while end < len(lines) and end not in skip and lines[end].strip() and (
            _GAP_RE.search(lines[end].strip()) or (end > i and lines[end].startswith("  "))):
        end += 1      # (an indented line with no break: a cell's words wrapped on)
    block = [lines[k] for k in range(i, end)]
    if len(block) < 3 or sum(len(_GAP_RE.findall(ln.strip())) >= 2 for ln in block) < 2:
        return i
    return end


def _layout_table(block: list[str]) -> tuple[list[list[str]], list[int]] | None:
    """The rows of a space-laid table and the offset (in ``block``) of each: columns break where every
    line has two spaces or more; a line with an empty first cell and no figure continues the row above
    (its wrapped words), one with a figure is a row ("Tổng số"). None when fewer than two columns show."""
    width = max(len(ln) for ln in block)
    free = [all(p >= len(ln) or ln[p] == " " for ln in block) for p in range(width)]
    cuts, p = [], 0
    while p < width:
        if free[p]:
            q = p
            while q < width and free[q]:
                q += 1
            if p > 0 and q < width and q - p >= 2:
                cuts.append((p, q))
            p = q
        else:
            p += 1
    if not cuts:
        return None
    bounds = [0] + [q for _, q in cuts]
    ends = [a for a, _ in cuts] + [width]
    rows: list[list[str]] = []
    where: list[int] = []
    for k, ln in enumerate(block):
        cells = [ln[a:b].strip() for a, b in zip(bounds, ends)]
        figures = any(FIGURE_CELL_RE.fullmatch(c) for c in cells if c)
        if rows and not cells[0] and not figures:
            rows[-1] = [(old + " " + new).strip() for old, new in zip(rows[-1], cells)]
            continue
        rows.append(cells)
        where.append(k)
    return (rows, where) if len(rows) >= 2 else None


def read_lines(text: str, *, markdown: bool) -> list[RawItem]:
    items: list[RawItem] = []
    lines = [ln.lstrip("\f") for ln in text.split("\n")]
    furniture = page_furniture(lines)
    i = 0
    n = len(lines)
    while i < n:
        raw = lines[i]
        lineno = i + 1
        if i in furniture:
            i += 1
            continue
        if not raw.strip():
            items.append(RawItem("para", "", where=lineno))
            i += 1
            continue
        # pipe table
        if raw.lstrip().startswith("|") and i + 1 < n and (
                _TABLE_SEP_RE.match(lines[i + 1]) or lines[i + 1].lstrip().startswith("|")):
            rows, row_where = [], []
            start = lineno
            while i < n and lines[i].lstrip().startswith("|"):
                if not _TABLE_SEP_RE.match(lines[i]):
                    cells = [c.strip() for c in lines[i].strip().strip("|").split("|")]
                    rows.append([_strip_inline(c)[0] for c in cells])
                    row_where.append(i + 1)
                i += 1
            items.append(RawItem("table", rows=rows, where=start, row_where=row_where))
            continue
        # tab-separated table: two or more consecutive lines with the same tab count. Only spaces
        # are trimmed: a leading or trailing tab delimits an empty cell (a merged header cell, the
        # empty "TT" of a total row, an empty last "Ghi chú").
        tabs = _cell_tabs(raw)
        if tabs and i + 1 < n and _cell_tabs(lines[i + 1]) == tabs:
            end = i
            while end < n and _table_row(lines[end], tabs):
                end += 1
            group = [_cells(lines[k]) for k in range(i, end)]
            if any(sum(1 for c in row if c) >= 2 for row in group):
                items.append(RawItem("table", rows=[row + [""] * (tabs + 1 - len(row)) for row in group],
                                     where=lineno, row_where=list(range(i + 1, end + 1))))
                i = end
                continue
        # a table laid out with spaces (text copied out of a PDF)
        end = _layout_rows(lines, i, furniture) if not markdown else i
        if end > i:
            found = _layout_table(lines[i:end])
            if found is not None:
                rows, where = found
                items.append(RawItem("table", rows=rows, where=lineno, row_where=[i + 1 + k for k in where]))
                i = end
                continue
        if markdown:
            fm = _MD_FOOTNOTE_DEF_RE.match(raw)
            if fm:
                items.append(RawItem("para", to_superscript(fm.group(1)) + " " + _strip_inline(fm.group(2))[0],
                                     where=lineno))
                i += 1
                continue
        hard_break = raw.endswith("  ") or raw.endswith("\\")
        clean, md_level, bold = markdown_paragraph(raw)
        # A bold block split over lines by hard breaks ("**TM. ỦY BAN NHÂN DÂN  \nCHỦ TỊCH**")
        items.append(RawItem("para", clean, where=lineno, md_level=md_level, bold=bold,
                             hard_break_after=hard_break and i + 1 < n and bool(lines[i + 1].strip())))
        i += 1
    return items
