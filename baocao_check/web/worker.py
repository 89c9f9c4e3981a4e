"""What the worker processes do: check a draft and write its reports, check a shared-folder draft
into its ``_kiemtra/``, derive a ruleset from a plan. Each function takes and returns plain data
(it crosses a process boundary); none of them ever raises for a bad input."""

from __future__ import annotations

import inspect
import os
import signal
import traceback

_RULESETS: dict = {}


def _ruleset(path):
    if path not in _RULESETS:
        from ..ruleset import load_ruleset
        _RULESETS[path] = load_ruleset(path)
    return _RULESETS[path]


def _counts(findings) -> tuple[dict, dict]:
    from ..findings import SEVERITY_RANK
    counts, worst = {}, {}
    for f in findings:
        counts[f.category] = counts.get(f.category, 0) + 1
        if SEVERITY_RANK[f.severity] > SEVERITY_RANK.get(worst.get(f.category, ""), 0):
            worst[f.category] = f.severity
    return counts, worst


def waiver_keys(res) -> list[dict]:
    """What a waiver needs to name each finding, in the order html_report.document_view lists them
    (findings then waived ones, stably sorted by block)."""
    items = [(f, False) for f in res.findings] + [(f, True) for f in res.waived]
    items.sort(key=lambda fw: fw[0].block_index)
    return [{"rule": f.rule, "evidence": f.evidence, "line": f.location.get("line"),
             "paragraph": f.location.get("paragraph"), "waived": waived} for f, waived in items]


def view_of(res, lang: str) -> dict:
    """The reporter's view of one draft, each finding carrying its waiver key."""
    from ..report.html_report import document_view
    view = document_view(res, lang)
    keys = waiver_keys(res)
    flat = [f for g in view["groups"] for f in g["findings"]]
    if len(flat) == len(keys) and all(f["rule"] == k["rule"] for f, k in zip(flat, keys)):
        for i, f in enumerate(flat):
            f["wkey"] = i
    else:                       # the reporter changed its order: offer no waiver rather than a wrong one
        keys = []
    view["keys"] = keys
    return view


def check_upload(task: dict) -> dict:
    """Check an uploaded draft; write ``<out>.json``, ``<out>.html`` and, for Word, ``<out>.kiemtra.docx``."""
    from ..engine import check_path
    from ..report import html_report, json_report
    from ..fsutil import write_atomic
    ruleset = _ruleset(task["ruleset"])
    lang = task["lang"]
    out = task["out"]
    copy = out + ".kiemtra.docx" if task["path"].lower().endswith(".docx") else None
    note = None
    if copy and "annotate_to" in inspect.signature(check_path).parameters:
        # the engine makes the copy within the draft's time limit
        res = check_path(task["path"], ruleset, lang, annotate_to=copy)
        if getattr(res, "annotate_error", None) is not None:
            note = res.annotate_error.message(lang)
    else:
        res = check_path(task["path"], ruleset, lang)
        if copy and res.status == "checked":
            from ..report.docx_annotate import annotate
            try:
                annotate(res, ruleset, copy, lang)
            except Exception as exc:   # the findings are still worth showing
                note = f"{type(exc).__name__}: {exc}"
    annotated = bool(copy) and res.status == "checked" and note is None and os.path.isfile(copy)
    res.path = task["display"]     # reports name the draft as the person knows it, not the server's folder
    write_atomic(out + ".html", html_report.render([res], ruleset, lang))
    write_atomic(out + ".json", json_report.render([res], ruleset))
    counts, worst = _counts(res.findings)
    return {"status": res.status, "error": res.error, "summary": res.summary, "counts": counts, "worst": worst,
            "waived": len(res.waived), "annotated": annotated, "annotate_error": note, "view": view_of(res, lang),
            "ruleset": {"id": ruleset.id, "version": ruleset.version}}


def check_folder_draft(task: dict) -> dict:
    """Check a shared-folder draft the way the watcher does: reports into ``_kiemtra/`` beside it."""
    from ..batch import check_and_write
    path, out_dir = task["path"], task["out_dir"]
    name = os.path.basename(path)
    annotated = os.path.join(out_dir, os.path.splitext(name)[0] + ".kiemtra.docx") \
        if name.lower().endswith(".docx") else None
    summary = check_and_write(path, name, out_dir, task["ruleset"], task["lang"], annotate_to=annotated)
    return summary.to_dict()


def from_plan(task: dict) -> dict:
    """A plan → its derived ruleset (YAML) and the checklist a reviewer reads before using it."""
    from ..errors import CheckerError
    from ..plan import derive, to_yaml
    from ..readers import read_document
    from ..ruleset import parse_ruleset
    from ..ruleset_cli import checklist
    lang = task["lang"]
    try:
        doc = read_document(task["path"])
        derived = derive(doc, task["id"])
        text = to_yaml(derived, task["display"])
        rs = parse_ruleset(text, task["id"] + ".yaml")
    except CheckerError as exc:
        return {"status": "error", "error": {"code": exc.code, "message": exc.message(lang)}}
    from ..fsutil import write_atomic
    write_atomic(task["out"], text)
    return {"status": "checked", "error": None, "yaml": text, "checklist": checklist(rs, lang)}


FUNCTIONS = {"check_upload": check_upload, "check_folder_draft": check_folder_draft, "from_plan": from_plan}


DEFAULT_MEMORY_MB = 2048      # a worker checking a real draft uses well under 200 MB


def limit_memory() -> None:
    """Cap the worker's address space (POSIX): a draft that would eat the machine's memory fails in
    its worker, which the pool replaces, instead of the office machine swapping.
    BAOCAO_CHECK_WORKER_MEMORY_MB changes the cap, 0 turns it off."""
    try:
        import resource
    except ImportError:          # Windows: no cap
        return
    try:
        mb = int(os.environ.get("BAOCAO_CHECK_WORKER_MEMORY_MB", DEFAULT_MEMORY_MB))
    except ValueError:
        mb = DEFAULT_MEMORY_MB
    if mb > 0:
        cap = mb * 1024 * 1024
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            cap = min(cap, hard)
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))


def main(conn) -> None:
    """A worker process: take (function, task) from the pipe, answer (ok, value), until the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)     # Ctrl-C stops the server, which stops us
    limit_memory()
    try:
        _ruleset(None)                               # warm: the built-in ruleset and its caches
    except Exception:
        pass
    while True:
        try:
            name, task = conn.recv()
        except (EOFError, OSError):
            return
        try:
            value = (True, FUNCTIONS[name](task))
        except Exception as exc:   # a bug costs this task, never the worker
            value = (False, {"code": "internal",
                             "detail": "".join(traceback.format_exception_only(type(exc), exc)).strip()})
        try:
            conn.send(value)
        except (OSError, EOFError):
            return
