"""Run a ruleset's rules over drafts: read → document model → rules → findings."""

from __future__ import annotations

import os
import signal
import threading
import traceback
from contextlib import contextmanager
from dataclasses import dataclass, field

from . import docmemo, limits, readers
from .errors import CheckerError, InputError
from .fsutil import is_regular
from .findings import Finding, summarize
from .model import Document
from .rules import RULES
from .rules.base import Context
from .ruleset import Ruleset
from .waivers import apply as apply_waivers
from .waivers import waivers_for

_SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


@dataclass
class DocumentResult:
    path: str
    format: str
    status: str                       # checked | error
    error: dict | None = None         # {"code", "message"}
    findings: list[Finding] = field(default_factory=list)
    document: Document | None = None
    waived: list[Finding] = field(default_factory=list)     # accepted by a reviewer: shown, not counted
    stale_waivers: list = field(default_factory=list)       # waivers that match no finding
    annotate_error: CheckerError | None = None              # the annotated copy could not be written

    @property
    def summary(self) -> dict:
        return summarize(self.findings)

    def to_dict(self) -> dict:
        out = {"path": self.path, "format": self.format, "status": self.status, "error": self.error,
               "findings": [f.to_dict() for f in self.findings], "summary": self.summary}
        if self.waived:
            out["waived"] = [dict(f.to_dict(), waiver=f.waiver) for f in self.waived]
        if self.stale_waivers:
            out["stale_waivers"] = [w.to_dict() for w in self.stale_waivers]
        return out


def check_document(doc: Document, ruleset: Ruleset, lang: str = "vi", only: list[str] | None = None,
                   guarded: bool = False) -> list[Finding]:
    """Run the rules. ``guarded``: a rule that fails on this draft becomes a finding of category
    "other" naming it, and the other rules still run (the CLI); unguarded, the error propagates (tests)."""
    ctx = Context(doc, ruleset, lang)
    # the memos of paragraph values (numbers, triggers, outline units) live on this draft's
    # facts: nothing is carried to the next draft, and no size limit is thrashed past
    with docmemo.document(ctx.facts._memo):
        return _run_rules(doc, ruleset, ctx, only, guarded)


def _run_rules(doc: Document, ruleset: Ruleset, ctx: Context, only: list[str] | None,
               guarded: bool) -> list[Finding]:
    findings: list[Finding] = []
    from .kinds import checks_of
    from .kinds import run as run_check
    # the rule modules, then the checks the ruleset and lexicon define as data (rule kinds)
    runs = [(rule_id, rule.check) for rule_id, rule in RULES.items()]
    runs += [(c["id"], (lambda d, c_, c=c: run_check(d, c_, only=[c["id"]]))) for c in checks_of(ruleset)]
    for rule_id, run in runs:
        if only and rule_id not in only:
            continue
        if not ruleset.enabled(rule_id):
            continue
        if not guarded:
            findings.extend(run(doc, ctx))
            continue
        try:
            findings.extend(list(run(doc, ctx)))
        except Exception as exc:  # a bug must cost one rule's findings, not the report
            detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
            findings.append(Finding(
                rule=rule_id, category="other", severity="info", clause=None, evidence="",
                location={"line": None, "paragraph": None, "section": None, "excerpt": ""},
                message=ctx.t(f"Quy tắc {rule_id} gặp lỗi nội bộ trên dự thảo này và bị bỏ qua ({detail}). "
                              "Xin báo lỗi kèm tệp.",
                              f"Rule {rule_id} hit an internal error on this draft and was skipped ({detail}). "
                              "Please report it with the file."),
                suggestion=""))
    findings.sort(key=lambda f: (f.block_index if f.block_index >= 0 else -1, _SEVERITY_ORDER[f.severity], f.rule))
    return findings


DEFAULT_TIME_LIMIT = limits.TIME_LIMIT     # seconds for one draft; a normal draft takes well under one


class _TimeUp(BaseException):
    """Raised by the alarm; a BaseException so that no rule's guard swallows it."""


def time_limit() -> float:
    """Seconds allowed for one draft: BAOCAO_CHECK_TIME_LIMIT, else 60; 0 turns the limit off."""
    try:
        return max(0.0, float(os.environ.get("BAOCAO_CHECK_TIME_LIMIT", DEFAULT_TIME_LIMIT)))
    except ValueError:
        return DEFAULT_TIME_LIMIT


@contextmanager
def _deadline(seconds: float):
    """Interrupt the work after ``seconds`` (POSIX, main thread; elsewhere no limit). Inside an
    outer deadline this one is left out: the outer one already bounds the whole run."""
    usable = seconds > 0 and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable or signal.getitimer(signal.ITIMER_REAL)[0] > 0:
        yield
        return

    def ring(signum, frame):
        raise _TimeUp()

    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


deadline = _deadline


def timeout_result(path: str, limit: float, lang: str) -> "DocumentResult":
    msg = (f"Kiểm tra tệp này quá {limit:g} giây nên đã dừng; tệp không bị thay đổi. Xin báo lỗi kèm tệp "
           "(có thể đặt BAOCAO_CHECK_TIME_LIMIT để cho phép lâu hơn)." if lang != "en" else
           f"Checking this file took over {limit:g} seconds and was stopped; the file is unchanged. "
           "Please report it with the file (BAOCAO_CHECK_TIME_LIMIT allows longer).")
    return DocumentResult(path, readers.detect_format(path), "error", {"code": "timeout", "message": msg})


def error_result(path: str, exc: CheckerError, lang: str) -> "DocumentResult":
    return DocumentResult(path, readers.detect_format(path), "error", {"code": exc.code, "message": exc.message(lang)})


def check_path(path: str, ruleset: Ruleset, lang: str = "vi", only: list[str] | None = None,
               use_waivers: bool = True, annotate_to: str | None = None, devices: bool = True) -> DocumentResult:
    """Check one draft; an unreadable draft, or one that takes longer than the time limit, gives a
    result with status 'error', never an exception (a batch goes on to the next draft).

    The time limit covers the whole run: reading, the rules, the waivers and, with
    ``annotate_to``, the annotated copy. A copy that cannot be made leaves the findings and sets
    ``annotate_error``."""
    limit = time_limit()
    try:
        with _deadline(limit):
            return _check_path(path, ruleset, lang, only, use_waivers, annotate_to, devices)
    except _TimeUp:
        return timeout_result(path, limit, lang)


def _check_path(path, ruleset, lang, only, use_waivers, annotate_to, devices) -> DocumentResult:
    fmt = readers.detect_format(path)
    try:
        doc = readers.read_document(path)
    except CheckerError as exc:
        return DocumentResult(path, fmt, "error", {"code": exc.code, "message": exc.message(lang)})
    except Exception as exc:  # a bug must not stop a batch: report it on this draft
        detail = _one_line(exc)
        msg = (f"Lỗi nội bộ khi đọc tệp ({detail}). Xin báo lỗi kèm tệp này." if lang != "en"
               else f"Internal error while reading the file ({detail}). Please report it with this file.")
        return DocumentResult(path, fmt, "error", {"code": "internal", "message": msg})
    refusal = _not_a_report(path, doc, lang)
    if refusal is not None:
        return DocumentResult(path, doc.format, "error", {"code": "not_a_report", "message": refusal}, document=doc)
    findings = check_document(doc, ruleset, lang, only, guarded=True)
    if doc.replaced_bytes:
        findings.insert(0, _replaced_bytes_finding(doc, lang))
    result = DocumentResult(path, doc.format, "checked", None, findings, doc)
    if use_waivers:
        try:
            apply_waivers(result, waivers_for(path))
        except CheckerError as exc:   # a broken waiver file is reported, the draft still checked
            result.stale_waivers = [_BrokenWaivers(exc.message(lang))]
    if annotate_to:
        result.annotate_error = _annotate(result, ruleset, annotate_to, lang, devices)
    return result


# what the plan's documents are called in English: ``ruleset from-plan`` makes a ruleset of them
_PLAN_TYPES = {"kế hoạch": "plan", "đề cương": "report outline", "hướng dẫn": "guidance"}


def _not_a_report(path: str, doc: Document, lang: str) -> str | None:
    """Why a document is not checked as a report: its title names another type of document (a plan,
    its outline, a decision). A reviewer who drops the plan into the folder of drafts gets one clear
    message, not findings written for a report. None for a report, or a draft without a title."""
    from .facts.report import document_type, not_a_report
    kind = not_a_report(doc)
    if kind is None:
        return None
    block = document_type(doc)[1]
    where = doc.place_text(block, lang)
    title = " ".join(block.text.split("\n")[0].split())[:60]
    name = kind[:1].upper() + kind[1:]
    quoted = f'"{path}"' if " " in path else path
    if lang == "en":
        what = f"a {_PLAN_TYPES[kind]} ({name})" if kind in _PLAN_TYPES else f"a «{name}»"
        msg = f"This file is {what}, by its title «{title}» ({where}), not a draft report, so it was not checked."
        if kind == "đề cương":
            msg += f" To make a ruleset from the plan and this outline: baocao-check ruleset from-plan PLAN {quoted} -o plan.yaml."
        elif kind in _PLAN_TYPES:
            msg += f" To make a ruleset from it: baocao-check ruleset from-plan {quoted} -o plan.yaml."
        return msg + " If it is a draft report, give it the title «BÁO CÁO» and check it again."
    msg = f"Tệp này là {name} (tiêu đề «{title}», {where}), không phải dự thảo báo cáo, nên không được kiểm tra."
    if kind == "đề cương":
        msg += (f" Để lập bộ quy tắc từ kế hoạch và đề cương này: baocao-check ruleset from-plan KE-HOACH {quoted}"
                " -o ke-hoach.yaml.")
    elif kind in _PLAN_TYPES:
        msg += f" Để lập bộ quy tắc từ văn bản này: baocao-check ruleset from-plan {quoted} -o ke-hoach.yaml."
    return msg + " Nếu đây là dự thảo báo cáo, hãy đặt tiêu đề «BÁO CÁO» rồi kiểm tra lại."


def _annotate(result: DocumentResult, ruleset: Ruleset, out_path: str, lang: str,
              devices: bool) -> CheckerError | None:
    """Write the annotated copy; the error to report when it cannot be written."""
    from .report.docx_annotate import annotate
    try:
        annotate(result, ruleset, out_path, lang, devices=devices)
    except CheckerError as exc:
        return exc
    except OSError as exc:
        return CheckerError("output_error", f"Không ghi được bản có nhận xét ra {out_path}: {exc.strerror or exc}.",
                            f"Cannot write the annotated copy to {out_path}: {exc.strerror or exc}.")
    except Exception as exc:   # python-docx refuses packages the reader accepts: bad input, not a crash
        detail = _one_line(exc)
        return InputError("annotate_failed",
                          f"Đã kiểm tra được nhưng không thêm được nhận xét Word vào bản sao: gói .docx có phần "
                          f"không chuẩn ({detail}). Hãy mở tệp bằng Word, lưu lại rồi thử lại.",
                          f"The draft was checked but Word comments could not be added to a copy: the .docx "
                          f"package has a non-standard part ({detail}). Open it in Word, save it again and retry.")
    return None


def _one_line(exc: BaseException) -> str:
    """'ValueError: message' on one line (a SyntaxError's own text would name a 'File' and a line)."""
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}"[:300]


def _replaced_bytes_finding(doc: Document, lang: str) -> Finding:
    n = doc.replaced_bytes
    vi = (f"Tệp có {n} chỗ byte không hợp lệ trong UTF-8 (tệp bị cắt dở khi đồng bộ, hoặc lẫn ký tự lạ); "
          "đã đọc như UTF-8 và thay các chỗ đó bằng «\ufffd». Các phát hiện ở những chỗ đó có thể sai.")
    en = (f"The file has {n} place(s) of bytes that are not valid UTF-8 (cut mid-character by a sync, or a "
          "stray byte); it was read as UTF-8 with those bytes shown as '\ufffd'. Findings there may be wrong.")
    excerpt = ""
    where = {"line": None, "paragraph": None, "section": None, "excerpt": ""}
    for b in doc.blocks:
        text = getattr(b, "text", "") or ""
        if "\ufffd" in text:
            i = text.index("\ufffd")
            excerpt = text[max(0, i - 30): i + 30]
            where = {"line": getattr(b, "line", None), "paragraph": None, "section": None, "excerpt": excerpt}
            break
    return Finding(rule="text_encoding", category="format", severity="warning", clause=None,
                   evidence=excerpt, location=where, message=en if lang == "en" else vi,
                   suggestion=("Mở tệp bằng trình soạn thảo, sửa các ký tự «\ufffd» rồi lưu lại dạng UTF-8."
                               if lang != "en" else
                               "Open the file in an editor, fix the '\ufffd' characters and save it as UTF-8."))


@dataclass
class _BrokenWaivers:
    message: str

    def describe(self) -> str:
        return self.message

    def to_dict(self) -> dict:
        return {"error": self.message}


def expand_paths(paths: list[str]) -> list[str]:
    """Files as given; folders expanded to the drafts inside them (Word lock and temp files skipped)."""
    out: list[str] = []
    for p in paths:
        if os.path.isdir(p):
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith((".", "_kiemtra")))
                for name in sorted(files):
                    # only regular files are drafts: a FIFO or a link to a device is no draft
                    if is_draft_name(name) and is_regular(os.path.join(root, name)):
                        out.append(os.path.join(root, name))
        else:
            out.append(p)
    return out


def is_draft_name(name: str) -> bool:
    low = name.lower()
    if low.startswith(("~$", ".~lock", "~")) or low.endswith((".tmp", ".part", ".crdownload", "~")):
        return False
    return low.endswith(readers.DRAFT_EXTENSIONS)
