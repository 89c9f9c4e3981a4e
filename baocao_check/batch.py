"""A folder of drafts: each checked in parallel, one HTML and JSON page per draft, and a
summary (drafts × categories) as HTML, Excel (summary.xlsx), CSV and JSON; with ``annotate``, a Word
copy with comments (``<tên>.kiemtra.docx``) beside each Word draft's page. A file with no heading and
no report title (a note left in the folder) is listed as not a report draft and not scored. A draft that cannot be read is listed
as failed with its reason; the batch goes on, also when a worker process dies (killed by the
system for its memory, say): its drafts are checked again one per process, and a draft that
kills its process again is listed as failed ("worker_died")."""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from html import escape

from . import __version__, limits
from .findings import CATEGORIES, CATEGORY_NAMES, SEVERITY_NAMES, SEVERITY_RANK, VERDICT_NAMES, verdict
from .fsutil import InputSet, output_clash, write_atomic

OUTPUT_DIR = "_kiemtra"
SUMMARY_FILES = ("summary.json", "summary.csv", "summary.xlsx", "summary.html")


@dataclass
class DraftSummary:
    path: str
    rel: str
    status: str
    error: dict | None = None
    counts: dict = field(default_factory=dict)      # category -> count
    worst: dict = field(default_factory=dict)       # category -> worst severity
    summary: dict = field(default_factory=dict)     # severity -> count
    waived: int = 0
    page: str = ""                                  # relative link to the draft's HTML page
    json: str = ""
    annotated: str = ""                             # relative link to the Word copy with comments
    # every finding as the summary's findings sheet shows it (severity, section, place, rule, message, fix)
    findings: list = field(default_factory=list)

    @property
    def verdict(self) -> str:
        return verdict(self.status, self.summary)

    def to_dict(self) -> dict:
        return {"path": self.path, "draft": self.rel, "status": self.status, "error": self.error,
                "summary": self.summary, "categories": self.counts, "worst": self.worst, "waived": self.waived,
                "verdict": self.verdict, "report_html": self.page, "report_json": self.json,
                **({"annotated": self.annotated} if self.annotated else {})}


_RULESET_CACHE = {}


def _ruleset(path):
    if path not in _RULESET_CACHE:
        from .ruleset import load_ruleset
        _RULESET_CACHE[path] = load_ruleset(path)
    return _RULESET_CACHE[path]


def report_paths(out_dir: str, rel: str) -> tuple[str, str]:
    base = os.path.join(out_dir, rel)
    return base + ".html", base + ".json"


def annotated_path(out_dir: str, rel: str) -> str:
    """``<tên>.kiemtra.docx`` beside the draft's page."""
    return os.path.join(out_dir, os.path.splitext(rel)[0] + ".kiemtra.docx")


def looks_like_report(doc) -> bool:
    """A report draft has a heading or a report title ("BÁO CÁO"); a note left in the folder has neither."""
    from .normalize import fold
    if doc.heading_sections():
        return True
    return any(fold(b.text).startswith(("báo cáo", "bao cao", "dự thảo", "du thao")) for b in doc.blocks[:12])


def check_and_write(path: str, rel: str, out_dir: str, ruleset_path: str | None, lang: str,
                    annotate_to: str | None = None, batch: bool = False) -> DraftSummary:
    """Check one draft and write its reports; never raises for a bad draft. ``batch``: the page links
    back to the summary and shows the path relative to the folder; a file that is no report draft
    is listed as such, with no page."""
    from .engine import check_path, error_result
    ruleset = _ruleset(ruleset_path)
    html_path, json_path = report_paths(out_dir, rel)
    if not path.lower().endswith(".docx"):
        annotate_to = None
    # no report may land on the draft itself (a report path that is a link to it)
    for out in (html_path, json_path, annotate_to):
        if out and output_clash(out, [path]):
            raise OSError(17, "an output path is the draft itself", out)
    if annotate_to:
        os.makedirs(os.path.dirname(os.path.abspath(annotate_to)), exist_ok=True)
    # the time limit covers reading, the rules and the annotated copy
    res = check_path(path, ruleset, lang, annotate_to=annotate_to, devices=False)
    if batch and res.status == "checked" and not looks_like_report(res.document):
        if annotate_to and os.path.exists(annotate_to):
            os.unlink(annotate_to)
        return DraftSummary(path, rel, "not_a_draft", None)
    if batch and res.error and res.error.get("code") == "not_a_report":
        # the plan or its outline kept in the folder of drafts: listed, with what it is, not failed
        return DraftSummary(path, rel, "not_a_draft", res.error)
    if res.annotate_error is not None:     # the watcher writes an error report for it
        res = error_result(path, res.annotate_error, lang)
    back = os.path.relpath(os.path.join(out_dir, "summary.html"), os.path.dirname(html_path)) if batch else None
    write_report_pages(res, ruleset, lang, html_path, json_path, back=back, shown=rel if batch else None)
    out = summarize_result(res, path, rel, out_dir, html_path, json_path, lang)
    if annotate_to and res.status == "checked" and os.path.exists(annotate_to):
        out.annotated = os.path.relpath(annotate_to, out_dir)
    return out


def write_report_pages(res, ruleset, lang: str, html_path: str, json_path: str, back: str | None = None,
                       shown: str | None = None) -> None:
    from .report import html_report, json_report
    write_atomic(html_path, html_report.render([res], ruleset, lang, back=back, paths=[shown] if shown else None),
                 devices=False)
    # the JSON comes last: once it is there, every report of this draft is complete
    write_atomic(json_path, json_report.render([res], ruleset), devices=False)


def summarize_result(res, path, rel, out_dir, html_path, json_path, lang: str = "vi") -> DraftSummary:
    from .report import place_of
    out = DraftSummary(path, rel, res.status, res.error, summary=res.summary, waived=len(res.waived),
                       page=os.path.relpath(html_path, out_dir), json=os.path.relpath(json_path, out_dir))
    for f in res.findings:
        out.findings.append({"severity": f.severity, "category": f.category, "rule": f.rule,
                             "section": f.location.get("section") or "", "place": place_of(f, lang),
                             "message": f.message, "evidence": f.evidence, "suggestion": f.suggestion,
                             "clause": f.clause or ""})
        out.counts[f.category] = out.counts.get(f.category, 0) + 1
        if SEVERITY_RANK[f.severity] > SEVERITY_RANK.get(out.worst.get(f.category, ""), 0):
            out.worst[f.category] = f.severity
    return out


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def _job(args):
    path, rel, out_dir, ruleset_path, lang, annotate = args
    try:
        copy = annotated_path(out_dir, rel) if annotate and path.lower().endswith(".docx") else None
        return check_and_write(path, rel, out_dir, ruleset_path, lang, annotate_to=copy, batch=True)
    except Exception as exc:  # a bug on one draft must not stop the batch
        return DraftSummary(path, rel, "error", {"code": "internal", "message": f"{type(exc).__name__}: {exc}"})


def worker_count(jobs: int | None, drafts: int) -> int:
    """Workers for a batch: --jobs, but never more than the drafts nor the machine's cores."""
    cores = os.cpu_count() or 1
    return max(1, min(jobs or cores, drafts, cores * limits.MAX_JOBS_PER_CORE))


def _died(task, lang: str) -> DraftSummary:
    """A draft whose worker process died: listed as failed, with an error page of its own."""
    from .engine import DocumentResult
    from .readers import detect_format
    path, rel, out_dir, ruleset_path, *_ = task
    msg = ("Tiến trình kiểm tra tệp này bị dừng đột ngột (có thể do hệ thống thu hồi bộ nhớ); tệp không bị "
           "thay đổi. Xin báo lỗi kèm tệp." if lang != "en" else
           "The process checking this file died (perhaps killed by the system for its memory); the file is "
           "unchanged. Please report it with the file.")
    res = DocumentResult(path, detect_format(path), "error", {"code": "worker_died", "message": msg})
    html_path, json_path = report_paths(out_dir, rel)
    try:
        write_report_pages(res, _ruleset(ruleset_path), lang, html_path, json_path)
    except OSError:
        pass
    return summarize_result(res, path, rel, out_dir, html_path, json_path, lang)


def _run_pool(tasks, jobs: int, done) -> list:
    """Run ``tasks`` in a pool of ``jobs`` workers, calling ``done(summary)`` for each; returns the
    tasks left without a result because a worker died (which breaks the whole pool)."""
    left = []
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = {pool.submit(_job, t): t for t in tasks}
        for fut in as_completed(futures):
            try:
                done(fut.result())
            except BrokenProcessPool:
                left.append(futures[fut])
    return left


def run_batch(folder: str, out_dir: str | None, ruleset_path: str | None, lang: str = "vi",
              jobs: int | None = None, progress: bool = True, annotate: bool = False) -> list[DraftSummary]:
    from .engine import expand_paths
    folder = os.path.abspath(folder)
    out_dir = os.path.abspath(out_dir or os.path.join(folder, OUTPUT_DIR))
    drafts = [p for p in expand_paths([folder]) if not os.path.abspath(p).startswith(out_dir + os.sep)]
    tasks = [(p, os.path.relpath(p, folder), out_dir, ruleset_path, lang, annotate) for p in drafts]
    _refuse_outputs_on_drafts(tasks, out_dir, drafts)
    jobs = worker_count(jobs, len(tasks))
    results: list[DraftSummary] = []
    bar = None
    if progress and sys.stderr.isatty():
        from rich.progress import Progress
        bar = Progress(transient=True)
        bar.start()
        task_id = bar.add_task("Đang kiểm tra" if lang == "vi" else "Checking", total=len(tasks))

    def done(summary: DraftSummary) -> None:
        results.append(summary)
        if bar:
            bar.advance(task_id)
    try:
        if tasks:
            # every draft runs in a worker process, even with --jobs 1: a draft that kills its
            # process (the system reclaiming memory) never takes the batch and its summary with it.
            # Largest drafts first, so no core is left with a long draft while the others idle
            left = _run_pool(sorted(tasks, key=lambda t: -_size(t[0])), jobs, done)
            # A worker died: the pool is gone with every draft it had not finished. Those drafts are
            # checked again, each alone in its own process, so that only a draft that kills its
            # process again is lost, and listed.
            for t in left:
                if _run_pool([t], 1, done):
                    done(_died(t, lang))
    finally:
        if bar:
            bar.stop()
    results.sort(key=lambda r: r.rel)
    write_summary(results, out_dir, ruleset_path, lang)
    return results


def _refuse_outputs_on_drafts(tasks, out_dir: str, drafts: list[str]) -> None:
    """No report or summary may be, or link to, a draft of the batch (the drafts are never written)."""
    from .errors import UsageError
    outputs = [out_dir] + [os.path.join(out_dir, n) for n in SUMMARY_FILES]
    for _, rel, *_ in tasks:
        outputs += report_paths(out_dir, rel) + (annotated_path(out_dir, rel),)
    inputs = InputSet(drafts)
    for out in outputs:
        clash = inputs.clash(out) if os.path.lexists(out) else None
        if clash:
            raise UsageError("output_is_input",
                             f"thư mục kết quả chứa {out}, chính là (hoặc liên kết tới) dự thảo {clash}; không ghi "
                             "đè lên dự thảo. Hãy chọn thư mục khác cho -o.",
                             f"the report folder holds {out}, which is (or links to) the draft {clash}; refusing "
                             "to overwrite a draft. Choose another folder for -o.")


def write_summary(results: list[DraftSummary], out_dir: str, ruleset_path: str | None, lang: str) -> None:
    """summary.json (programs), summary.csv (scripts: comma-separated, UTF-8 with a BOM, English
    column names that stay stable), summary.xlsx (people, in Excel) and summary.html (the browser)."""
    from .report.summary_xlsx import render as render_xlsx
    ruleset = _ruleset(ruleset_path)
    used = [c for c in CATEGORIES if any(c in r.counts for r in results)]
    data = {"schema": "baocao-check/batch-summary/v1", "tool": {"name": "baocao-check", "version": __version__},
            "ruleset": {"id": ruleset.id, "version": ruleset.version}, "categories": used,
            "drafts": [r.to_dict() for r in results]}
    write_atomic(os.path.join(out_dir, "summary.json"), json.dumps(data, ensure_ascii=False, indent=2) + "\n",
                 devices=False)
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["draft", "status", "verdict", "error", "warning", "info", "waived"] + used + ["reason"])
    for r in results:
        s = r.summary or {}
        w.writerow([r.rel, r.status, r.verdict, s.get("error", ""), s.get("warning", ""), s.get("info", ""), r.waived]
                   + [r.counts.get(c, 0) if r.status == "checked" else "" for c in used]
                   + [r.error["message"] if r.error else ""])
    write_atomic(os.path.join(out_dir, "summary.csv"), "\ufeff" + buf.getvalue(), devices=False)   # BOM: Excel
    write_atomic(os.path.join(out_dir, "summary.xlsx"), render_xlsx(results, used, ruleset, lang), devices=False)
    write_atomic(os.path.join(out_dir, "summary.html"), summary_html(results, used, ruleset, lang), devices=False)


def _verdict_cell(r, lang) -> str:
    v = r.verdict
    return f"<td class='verdict v-{v}'>{escape(VERDICT_NAMES[lang][v])}</td>"


def summary_html(results, used, ruleset, lang) -> str:
    lang = "en" if lang == "en" else "vi"
    t = (lambda vi, en: en if lang == "en" else vi)
    names = CATEGORY_NAMES.get(lang) or {}
    head = "".join(f"<th data-type='num' title='{escape(c)}'>{escape(names.get(c, c.replace('_', ' ')))}</th>"
                   for c in used)
    rows = []
    checked = [r for r in results if r.status == "checked"]
    for r in results:
        s = r.summary or {}
        link = f"<a href='{escape(r.page)}'>{escape(r.rel)}</a>" if r.page and r.status != "not_a_draft" \
            else escape(r.rel)
        if r.annotated:
            link += f" <a class='docx' href='{escape(r.annotated)}' title='{t('bản Word có nhận xét', 'Word copy with comments')}'>(.docx)</a>"
        if r.status == "not_a_draft":
            why = r.error["message"] if r.error else t("không có đề mục hay tiêu đề báo cáo; bỏ qua, không chấm",
                                                       "no heading and no report title; skipped, not scored")
            cells = f"<td colspan='{len(used) + 4}' class='skipped'>{escape(why)}</td>"
        elif r.status != "checked":
            cells = f"<td colspan='{len(used) + 4}' class='failed'>{escape(r.error['message'] if r.error else '')}</td>"
        else:
            cells = "".join(f"<td class='num'>{s.get(k, 0)}</td>" for k in ("error", "warning", "info")) + \
                f"<td class='num'>{r.waived}</td>" + \
                "".join(f"<td class='num {r.worst.get(c, '')}'>{r.counts.get(c, '') or ''}</td>" for c in used)
        rows.append(f"<tr data-verdict='{r.verdict}'><td>{link}</td>{_verdict_cell(r, lang)}{cells}</tr>")
    total = "".join(f"<td class='num'>{sum((r.summary or {}).get(k, 0) for r in checked)}</td>"
                    for k in ("error", "warning", "info")) + \
        f"<td class='num'>{sum(r.waived for r in checked)}</td>" + \
        "".join(f"<td class='num'>{sum(r.counts.get(c, 0) for r in checked) or ''}</td>" for c in used)
    verdicts = {}
    for r in results:
        verdicts[r.verdict] = verdicts.get(r.verdict, 0) + 1
    tally = ", ".join(f"{n} {VERDICT_NAMES[lang][v].lower()}" for v, n in verdicts.items())
    sev = SEVERITY_NAMES[lang]
    legend = (f"<p class='legend'>{t('Màu ô theo mức nặng nhất của loại đó', 'Cell colours: the worst severity of that category')}: "
              f"<span class='error'>{sev['error']}</span> <span class='warning'>{sev['warning']}</span> "
              f"<span class='info'>{sev['info']}</span>. "
              + t("«Cần sửa»: có lỗi; «Nên xem lại»: chỉ có cảnh báo; «Đạt»: không có lỗi, cảnh báo.",
                  "«Needs fixing»: has errors; «To review»: warnings only; «Passes»: no error or warning.")
              + "</p>")
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{t('Tổng hợp kiểm tra', 'Batch summary')}</title>
<style>
body {{ font: 14px/1.4 system-ui, sans-serif; margin: 24px; color: #202124; }}
table {{ border-collapse: collapse; }} th, td {{ border: 1px solid #ddd; padding: 4px 8px; }}
th {{ background: #f1f3f4; cursor: pointer; position: sticky; top: 0; font-size: 12px; }}
td.num {{ text-align: right; }} .error {{ background: #fbd3cf; }} .warning {{ background: #fde7c4; }}
.info {{ background: #d6ecf3; }} td.failed {{ color: #b3261e; }} td.skipped {{ color: #5f6368; font-style: italic; }}
.legend span {{ padding: 0 8px; border: 1px solid #ddd; }} .verdict {{ font-weight: 600; white-space: nowrap; }}
.v-fix {{ color: #b3261e; }} .v-review {{ color: #a15c00; }} .v-ok {{ color: #137333; }} .v-failed {{ color: #b3261e; }}
.v-not_a_draft {{ color: #5f6368; font-weight: normal; }} tfoot td {{ font-weight: 700; background: #f8f9fa; }}
@media print {{ th {{ position: static; }} }}
</style></head><body>
<h1>{t('Tổng hợp kiểm tra', 'Batch summary')}: {len(results)} {t('tệp', 'files')}</h1>
<p>{t('Bộ quy tắc', 'Ruleset')}: {escape(ruleset.id)} {escape(ruleset.version)} · baocao-check {__version__}.
{t('Bấm tên dự thảo để xem chi tiết, bấm tiêu đề cột để sắp xếp.', 'Click a draft for its findings, a column header to sort.')}
{t('Cùng bảng này cho Excel', 'The same table for Excel')}: <a href="summary.xlsx">summary.xlsx</a>.</p>
{legend}
<table id="summary"><thead><tr><th>{t('Dự thảo', 'Draft')}</th><th>{t('Kết luận', 'Verdict')}</th>
<th data-type='num'>{t('lỗi', 'errors')}</th>
<th data-type='num'>{t('cảnh báo', 'warnings')}</th><th data-type='num'>{t('lưu ý', 'notes')}</th>
<th data-type='num'>{t('miễn trừ', 'waived')}</th>{head}</tr></thead>
<tbody>{''.join(rows)}</tbody>
<tfoot><tr id="total"><td>{t('Tổng cộng', 'Total')}</td><td>{escape(tally)}</td>{total}</tr></tfoot></table>
<script>
document.querySelectorAll('#summary thead th').forEach(function (th, col) {{
  th.addEventListener('click', function () {{
    var body = document.querySelector('#summary tbody'), rows = Array.from(body.rows);
    var num = th.dataset.type === 'num', dir = th.dataset.dir === 'desc' ? 1 : -1;
    th.dataset.dir = dir === 1 ? 'asc' : 'desc';
    rows.sort(function (a, b) {{
      var x = a.cells[col] ? a.cells[col].textContent : '', y = b.cells[col] ? b.cells[col].textContent : '';
      return num ? dir * ((parseFloat(x) || 0) - (parseFloat(y) || 0)) : dir * x.localeCompare(y, 'vi');
    }});
    rows.forEach(function (r) {{ body.appendChild(r); }});
  }});
}});
</script></body></html>
"""
