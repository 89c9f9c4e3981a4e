"""The reviewer's folder summary as an Excel workbook (summary.xlsx).

Sheet 1, the summary: one row per file (draft, verdict, counts by severity, waived, then one column
per category), Vietnamese headers, the header row frozen, filters on every column, category cells
coloured by the worst severity found there, each draft's name a link to its HTML page, a total row.
Sheet 2, the findings: every finding with its draft (linked), section, place, severity, category,
rule, message, fix and clause, filterable. Sheet 3, the legend of colours and verdicts.
"""

from __future__ import annotations

import io

from .. import __version__
from ..findings import CATEGORY_NAMES, SEVERITY_NAMES, VERDICT_NAMES

FILL = {"error": "FBD3CF", "warning": "FDE7C4", "info": "D6ECF3"}
VERDICT_FILL = {"fix": "FBD3CF", "review": "FDE7C4", "ok": "CEEAD6", "failed": "E8EAED", "not_a_draft": "F1F3F4"}

_T = {
    "vi": {"summary": "Tổng hợp", "findings": "Phát hiện", "legend": "Chú giải", "draft": "Dự thảo",
           "verdict": "Kết luận", "errors": "Lỗi", "warnings": "Cảnh báo", "notes": "Lưu ý", "waived": "Miễn trừ",
           "reason": "Ghi chú", "copy": "Bản Word có nhận xét", "total": "Tổng cộng", "section": "Mục", "place": "Vị trí", "severity": "Mức độ",
           "category": "Loại", "rule": "Quy tắc", "message": "Nhận xét", "fix": "Cách sửa", "clause": "Căn cứ",
           "not_a_draft": "không có đề mục hay tiêu đề báo cáo; bỏ qua, không chấm",
           "ruleset": "Bộ quy tắc", "colours": "Màu ô của một loại: mức nặng nhất tìm thấy ở loại đó",
           "verdicts": "Kết luận"},
    "en": {"summary": "Summary", "findings": "Findings", "legend": "Legend", "draft": "Draft",
           "verdict": "Verdict", "errors": "Errors", "warnings": "Warnings", "notes": "Notes", "waived": "Waived",
           "reason": "Note", "copy": "Word copy with comments", "total": "Total", "section": "Section", "place": "Place", "severity": "Severity",
           "category": "Category", "rule": "Rule", "message": "Finding", "fix": "Fix", "clause": "Clause",
           "not_a_draft": "no heading and no report title; skipped, not scored",
           "ruleset": "Ruleset", "colours": "A category's cell colour: the worst severity found in it",
           "verdicts": "Verdicts"},
}


def render(results, used: list[str], ruleset, lang: str = "vi") -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    lang = "en" if lang == "en" else "vi"
    T, cat, sev, verd = _T[lang], CATEGORY_NAMES[lang], SEVERITY_NAMES[lang], VERDICT_NAMES[lang]
    fill = {k: PatternFill("solid", fgColor=v) for k, v in FILL.items()}
    vfill = {k: PatternFill("solid", fgColor=v) for k, v in VERDICT_FILL.items()}
    bold, link_font = Font(bold=True), Font(color="0B57D0", underline="single")
    head_fill = PatternFill("solid", fgColor="F1F3F4")
    wrap = Alignment(wrap_text=True, vertical="top")

    wb = Workbook()
    ws = wb.active
    ws.title = T["summary"]
    header = [T["draft"], T["verdict"], T["errors"], T["warnings"], T["notes"], T["waived"]] + \
        [cat.get(c, c) for c in used] + [T["copy"], T["reason"]]
    ws.append(header)
    n = 1  # rows are counted here: openpyxl's max_row scans every cell, which made a big folder quadratic
    for r in results:
        s = r.summary or {}
        checked = r.status == "checked"
        reason = (r.error or {}).get("message", "") or (T["not_a_draft"] if r.status == "not_a_draft" else "")
        row = [r.rel, verd[r.verdict]] + \
            ([s.get("error", 0), s.get("warning", 0), s.get("info", 0), r.waived] if checked else [None] * 4) + \
            [(r.counts.get(c) or None) if checked else None for c in used] + \
            [r.annotated.replace("\\", "/") if r.annotated else None, reason or None]
        ws.append(row)
        n += 1
        if r.annotated:
            cell = ws.cell(n, 7 + len(used))
            cell.hyperlink = r.annotated.replace("\\", "/")
            cell.font = link_font
        if r.page and r.status != "not_a_draft":
            ws.cell(n, 1).hyperlink = r.page.replace("\\", "/")
            ws.cell(n, 1).font = link_font
        ws.cell(n, 2).fill = vfill[r.verdict]
        for j, c in enumerate(used):
            worst = r.worst.get(c)
            if checked and worst:
                ws.cell(n, 7 + j).fill = fill[worst]
    checked = [r for r in results if r.status == "checked"]
    last_data = n
    ws.append([T["total"], f"{len(results)} {'tệp' if lang == 'vi' else 'files'}"]
              + [sum((r.summary or {}).get(k, 0) for r in checked) for k in ("error", "warning", "info")]
              + [sum(r.waived for r in checked)] + [sum(r.counts.get(c, 0) for r in checked) for c in used])
    for cell in ws[last_data + 1]:
        cell.font = bold
    for cell in ws[1]:
        cell.font, cell.fill = bold, head_fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    ws.freeze_panes = "B2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{last_data}"
    ws.column_dimensions["A"].width = max([12] + [min(60, len(r.rel) + 2) for r in results])
    ws.column_dimensions["B"].width = 16
    for j in range(3, len(header)):
        ws.column_dimensions[get_column_letter(j)].width = 11
    ws.column_dimensions[get_column_letter(len(header) - 1)].width = 30
    ws.column_dimensions[get_column_letter(len(header))].width = 50

    fs = wb.create_sheet(T["findings"])
    fheader = [T["draft"], T["section"], T["place"], T["severity"], T["category"], T["rule"], T["message"],
               T["fix"], T["clause"]]
    fs.append(fheader)
    n = 1
    for r in results:
        for f in r.findings:
            fs.append([r.rel, f["section"], f["place"], sev[f["severity"]], cat.get(f["category"], f["category"]),
                       f["rule"], f["message"], f["suggestion"], f["clause"]])
            n += 1
            fs.cell(n, 4).fill = fill[f["severity"]]
            if r.page:
                fs.cell(n, 1).hyperlink = r.page.replace("\\", "/")
                fs.cell(n, 1).font = link_font
            for col in (2, 7, 8):
                fs.cell(n, col).alignment = wrap
    for cell in fs[1]:
        cell.font, cell.fill = bold, head_fill
    fs.freeze_panes = "A2"
    fs.auto_filter.ref = f"A1:{get_column_letter(len(fheader))}{n}"
    for col, width in zip("ABCDEFGHI", (28, 40, 22, 11, 22, 24, 70, 50, 24)):
        fs.column_dimensions[col].width = width

    lg = wb.create_sheet(T["legend"])
    lg.append([T["colours"]])
    lg["A1"].font = bold
    for k in ("error", "warning", "info"):
        lg.append([sev[k]])
        lg.cell(lg.max_row, 1).fill = fill[k]
    lg.append([])
    lg.append([T["verdicts"]])
    lg.cell(lg.max_row, 1).font = bold
    explain = {"vi": {"fix": "có lỗi", "review": "chỉ có cảnh báo", "ok": "không có lỗi, cảnh báo",
                      "failed": "tệp không mở được (lý do ở cột Ghi chú)", "not_a_draft": T["not_a_draft"]},
               "en": {"fix": "has errors", "review": "warnings only", "ok": "no error or warning",
                      "failed": "the file could not be opened (reason in the Note column)",
                      "not_a_draft": T["not_a_draft"]}}[lang]
    for k in ("fix", "review", "ok", "failed", "not_a_draft"):
        lg.append([verd[k], explain[k]])
        lg.cell(lg.max_row, 1).fill = vfill[k]
    lg.append([])
    lg.append([f"{T['ruleset']}: {ruleset.id} {ruleset.version} · baocao-check {__version__}"])
    lg.column_dimensions["A"].width = 30
    lg.column_dimensions["B"].width = 60

    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
