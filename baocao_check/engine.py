"""Run a ruleset's rules over drafts: read → document model → rules → findings."""

from __future__ import annotations

import os
import signal
import threading
import traceback
from contextlib import contextmanager
from dataclasses import dataclass, field

from . import readers
from .arithmetic import trigger_matches
from .errors import CheckerError
from .findings import Finding, summarize
from .model import Document
from .parsing.numbers import numbers_in
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


def _forget_paragraph_memos() -> None:
    """The memos of paragraph values serve the rules of one draft: a batch worker does not
    carry them to the next draft (nor does the benchmark, which checks copies of the seeds)."""
    numbers_in.cache_clear()
    trigger_matches.cache_clear()


def check_document(doc: Document, ruleset: Ruleset, lang: str = "vi", only: list[str] | None = None,
                   guarded: bool = False) -> list[Finding]:
    """Run the rules. ``guarded``: a rule that fails on this draft becomes a finding of category
    "other" naming it, and the other rules still run (the CLI); unguarded, the error propagates (tests)."""
    _forget_paragraph_memos()
    ctx = Context(doc, ruleset, lang)
    findings: list[Finding] = []
    for rule_id, rule in RULES.items():
        if only and rule_id not in only:
            continue
        if not ruleset.enabled(rule_id):
            continue
        if not guarded:
            findings.extend(rule.check(doc, ctx))
            continue
        try:
            findings.extend(list(rule.check(doc, ctx)))
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


DEFAULT_TIME_LIMIT = 60.0     # seconds for one draft; a normal draft takes well under one


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
    """Interrupt the work after ``seconds`` (POSIX, main thread; elsewhere no limit)."""
    usable = seconds > 0 and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
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


def check_path(path: str, ruleset: Ruleset, lang: str = "vi", only: list[str] | None = None,
               use_waivers: bool = True) -> DocumentResult:
    """Check one draft; an unreadable draft, or one that takes longer than the time limit, gives a
    result with status 'error', never an exception (a batch goes on to the next draft)."""
    fmt = readers.detect_format(path)
    limit = time_limit()
    try:
        with _deadline(limit):
            try:
                doc = readers.read_document(path)
            except CheckerError as exc:
                return DocumentResult(path, fmt, "error", {"code": exc.code, "message": exc.message(lang)})
            except Exception as exc:  # a bug must not stop a batch: report it on this draft
                detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
                msg = (f"Lỗi nội bộ khi đọc tệp ({detail}). Xin báo lỗi kèm tệp này." if lang != "en"
                       else f"Internal error while reading the file ({detail}). Please report it with this file.")
                return DocumentResult(path, fmt, "error", {"code": "internal", "message": msg})
            findings = check_document(doc, ruleset, lang, only, guarded=True)
    except _TimeUp:
        msg = (f"Kiểm tra tệp này quá {limit:g} giây nên đã dừng; tệp không bị thay đổi. Xin báo lỗi kèm tệp "
               "(có thể đặt BAOCAO_CHECK_TIME_LIMIT để cho phép lâu hơn)." if lang != "en" else
               f"Checking this file took over {limit:g} seconds and was stopped; the file is unchanged. "
               "Please report it with the file (BAOCAO_CHECK_TIME_LIMIT allows longer).")
        return DocumentResult(path, fmt, "error", {"code": "timeout", "message": msg})
    result = DocumentResult(path, doc.format, "checked", None, findings, doc)
    if use_waivers:
        try:
            apply_waivers(result, waivers_for(path))
        except CheckerError as exc:   # a broken waiver file is reported, the draft still checked
            result.stale_waivers = [_BrokenWaivers(exc.message(lang))]
    return result


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
                    if is_draft_name(name):
                        out.append(os.path.join(root, name))
        else:
            out.append(p)
    return out


def is_draft_name(name: str) -> bool:
    low = name.lower()
    if low.startswith(("~$", ".~lock", "~")) or low.endswith((".tmp", ".part", ".crdownload", "~")):
        return False
    return low.endswith(readers.DRAFT_EXTENSIONS)
