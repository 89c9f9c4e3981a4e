"""Findings for a terminal: grouped by section in the draft's order; colours only on a TTY."""

from __future__ import annotations

import io

from rich.console import Console
from rich.markup import escape
from rich.padding import Padding
from rich.text import Text

from .. import __version__
from . import place_of, short_evidence

_SEV = {
    "vi": {"error": "LỖI", "warning": "CẢNH BÁO", "info": "LƯU Ý"},
    "en": {"error": "ERROR", "warning": "WARNING", "info": "NOTE"},
}
_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
_FMT = {"vi": {"docx": "Word", "markdown": "Markdown", "text": "văn bản thuần"},
        "en": {"docx": "Word", "markdown": "Markdown", "text": "plain text"}}


def _t(lang, vi, en):
    return en if lang == "en" else vi


def render(results, ruleset, lang: str = "vi", color: bool = False, width: int | None = None) -> str:
    buf = io.StringIO()
    # On a terminal rich wraps to its width; in a file or pipe lines stay whole.
    console = Console(file=buf, force_terminal=color, no_color=not color, width=width or (100 if color else 10_000),
                      highlight=False, soft_wrap=not color)
    console.print(f"[bold]baocao-check {__version__}[/bold] · "
                  + _t(lang, "bộ quy tắc", "ruleset") + f" {escape(ruleset.id)} {escape(ruleset.version)}")
    def line(markup: str, indent: int) -> None:
        # a wrapped line keeps its indent on a terminal
        console.print(Padding(Text.from_markup(markup), (0, 0, 0, indent), expand=False))

    for res in results:
        console.print()
        if res.status == "error":
            code = res.error["code"]
            console.print(f"[bold]{escape(res.path)}[/bold] — [bold red]"
                          + (_t(lang, "DỪNG VÌ QUÁ THỜI GIAN", "STOPPED: TIME LIMIT") if code == "timeout"
                             else _t(lang, "KHÔNG PHẢI DỰ THẢO BÁO CÁO", "NOT A REPORT DRAFT") if code == "not_a_report"
                             else _t(lang, "KHÔNG ĐỌC ĐƯỢC", "COULD NOT BE READ")) + "[/bold red]")
            line(escape(res.error["message"]), 2)
            continue
        s = res.summary
        counts = _t(lang, f"{s['error']} lỗi, {s['warning']} cảnh báo, {s['info']} lưu ý",
                    f"{s['error']} errors, {s['warning']} warnings, {s['info']} notes")
        # the path is never wrapped (a long one would push its continuation to the margin); the counts
        # follow on their own indented line when the two do not fit
        header = f"[bold]{escape(res.path)}[/bold] ({_FMT[lang][res.format]}) — {counts}"
        if console.width and len(Text.from_markup(header)) > console.width:
            console.print(f"[bold]{escape(res.path)}[/bold] ({_FMT[lang][res.format]})", soft_wrap=True)
            line(counts, 2)
        else:
            console.print(header)
        if res.waived:
            console.print("  " + _t(lang, f"{len(res.waived)} phát hiện đã được miễn trừ (không tính, liệt kê ở cuối).",
                                    f"{len(res.waived)} findings waived (not counted, listed at the end)."))
        for w in res.stale_waivers:
            console.print("  " + _t(lang, "Miễn trừ không khớp phát hiện nào: ", "Waiver matching no finding: ")
                          + escape(w.describe()))
        if res.document is not None and res.document.pending_changes:
            console.print("  " + _t(lang, f"Tệp còn {res.document.pending_changes} thay đổi chưa chấp nhận "
                                          "(Track Changes); đã kiểm tra như thể đã chấp nhận.",
                                    f"The file has {res.document.pending_changes} pending tracked changes; "
                                    "checked as if accepted."))
        current = object()
        for f in res.findings:
            section = f.location.get("section") or _t(lang, "(toàn văn bản)", "(whole document)")
            if section != current:
                console.print()
                line(f"[bold]§ {escape(section)}[/bold]", 2)
                current = section
            where = place_of(f, lang)
            sev = _SEV[lang][f.severity]
            console.print(f"    {where:<10} [{_STYLE[f.severity]}]{sev}[/{_STYLE[f.severity]}]  [dim]{f.rule}[/dim]")
            line(escape(f.message), 6)
            if f.evidence:
                line(_t(lang, "Trích: ", "Evidence: ") + "«" + escape(short_evidence(f.evidence)) + "»", 6)
            if f.clause:
                line(_t(lang, "Căn cứ: ", "Clause: ") + escape(f.clause), 6)
            if f.suggestion:
                line(_t(lang, "Cách sửa: ", "Fix: ") + escape(f.suggestion), 6)
        if res.waived:
            console.print("\n  [bold]" + _t(lang, "Đã miễn trừ (không tính)", "Waived (not counted)") + "[/bold]")
            for f in res.waived:
                where = place_of(f, lang)
                console.print(f"    {where:<10} [dim]{_t(lang, 'ĐÃ MIỄN TRỪ', 'WAIVED')}  {f.rule}[/dim]")
                line(escape(f.message), 6)
                w = f.waiver or {}
                line(_t(lang, "Lý do miễn trừ: ", "Reason: ") + escape(w.get("reason") or "")
                     + (f" ({escape(w['by'])})" if w.get("by") else ""), 6)
    return buf.getvalue()
