"""Số liệu trong báo cáo lời khác với số liệu cùng loại trong biểu phụ lục.

A figure in the body and the same figure in an annex table disagree.

Ghi chú của Đề cương: "Các nội dung có phụ lục minh họa cần phù hợp giữa báo cáo lời và biểu
mẫu". Một con số trong bài kèm danh từ chỉ đối tượng ("17 công chức") được so với dòng của
biểu phụ lục có đúng tên đối tượng đó ("Công chức"): nếu không ô số nào của dòng bằng con
số trong bài thì bị nhắc. Chỉ so khi tên dòng trùng khớp và chỉ có một dòng như thế, để
không nhầm đối tượng. Dòng tổng của biểu không cộng đúng do ``arithmetic_total`` báo.

Ví dụ sai (FAIL)::

    I. KẾT QUẢ
    Hiện có 17 công chức làm việc tại các phòng chuyên môn.
    Phụ lục 1
    | Chỉ tiêu | Được giao | Hiện có |
    |---|---|---|
    | Công chức | 32 | 15 |

Ví dụ đúng (PASS)::

    I. KẾT QUẢ
    Hiện có 15 công chức làm việc tại các phòng chuyên môn; 32 công chức được giao.
    Phụ lục 1
    | Chỉ tiêu | Được giao | Hiện có |
    |---|---|---|
    | Công chức | 32 | 15 |
"""

from __future__ import annotations

import re
import sys

from ..annexes import annex_tables
from ..normalize import fold
from ..parsing.numbers import format_number, parse_number
from .base import Context

ID = "annex_mismatch"
CATEGORY = "annex_mismatch"
SEVERITY = "warning"
SUMMARY = {"vi": "Số liệu trong báo cáo lời khác với biểu phụ lục",
           "en": "A figure in the body disagrees with the annex table"}
RULE = sys.modules[__name__]
_CHANGE_RE = re.compile(fold(r"(?<!\w)(?:giảm|tăng|thiếu|nghỉ|tuyển dụng|bổ sung|chuyển|thôi việc|biệt phái|so với|thêm|còn)(?:\s+\w+){0,2}\s*$"))

# after the figure, in its clause: the figure is a gap, a change or a part ("06 công chức … còn thiếu",
# "12 công chức chưa đạt chuẩn"), not the count the annex row holds
_PART_AFTER_RE = re.compile(fold(r"(?<!\w)(?:còn thiếu|thiếu|dôi dư|chưa|nghỉ|giảm|tăng|so với|vượt)(?!\w)"))
_CLAUSE_END_RE = re.compile(r"[;.:(\n]|, (?=\d)")


def _rows(tables):
    """folded row label -> [(table block, row cells)]"""
    out: dict[str, list] = {}
    for t in tables:
        for row in t.table.rows[1:]:
            if not row:
                continue
            label = fold(re.sub(r"^[\W\d]+", "", row[0])).strip(" :.")
            if label:
                out.setdefault(label, []).append((t, row))
    return out


def check(doc, ctx: Context):
    tables = annex_tables(doc)
    if not tables:
        return
    rows = _rows(tables)
    clause = (ctx.ruleset.get("annexes") or {}).get("clause")
    for block in ctx.text_blocks():
        if block.zone != "body" or block.kind == "table":
            continue
        for n in ctx.values(block).numbers:
            if n.kind != "int" or _CHANGE_RE.search(fold(block.text[max(0, n.start - 30):n.start])):
                continue   # "giảm 11 công chức", "thiếu 15 công chức": a change or a gap, not the count itself
            rest = block.text[n.end:n.end + 120]
            end = _CLAUSE_END_RE.search(rest)
            if _PART_AFTER_RE.search(fold(rest[:end.start() if end else len(rest)])):
                continue
            after = fold(block.text[n.end:n.end + 40]).strip()
            words = re.findall(r"[^\W\d_]+", after)[:3]
            for k in range(min(3, len(words)), 0, -1):
                label = " ".join(words[:k])
                hits = rows.get(label)
                if not hits:
                    continue
                if len(hits) == 1:
                    table, row = hits[0]
                    cells = [parse_number(c)[0] for c in row[1:] if c.strip() and parse_number(c)]
                    if cells and n.value not in cells:
                        name = table.table.identifier or ctx.t("phụ lục", "annex")
                        shown = ", ".join(format_number(c) for c in cells)
                        tail = re.match(r"\s*(?:[^\W\d_]+\s*){%d}" % k, block.text[n.end:])
                        said = (block.text[n.start:n.end] + (tail.group(0) if tail else "")).strip()
                        yield ctx.finding(RULE, block, evidence=said, offset=n.start, clause=clause,
                                          message=ctx.t(f"Bài viết ghi «{said}» nhưng {name}, dòng «{row[0].strip()}» ghi {shown}.",
                                                        f"The text says «{said}» but {name}, row «{row[0].strip()}» has {shown}."),
                                          suggestion=ctx.t("Thống nhất số liệu giữa báo cáo lời và biểu phụ lục.",
                                                           "Make the text and the annex table agree."))
                break
