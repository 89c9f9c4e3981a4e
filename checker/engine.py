"""Run a ruleset's rules over drafts: read → document model → rules → findings."""

from __future__ import annotations

import os
import traceback
from dataclasses import dataclass, field

from . import readers
from .errors import CheckerError
from .findings import Finding, summarize
from .model import Document
from .rules import RULES
from .rules.base import Context
from .ruleset import Ruleset

_SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


@dataclass
class DocumentResult:
    path: str
    format: str
    status: str                       # checked | error
    error: dict | None = None         # {"code", "message"}
    findings: list[Finding] = field(default_factory=list)
    document: Document | None = None

    @property
    def summary(self) -> dict:
        return summarize(self.findings)

    def to_dict(self) -> dict:
        return {"path": self.path, "format": self.format, "status": self.status, "error": self.error,
                "findings": [f.to_dict() for f in self.findings], "summary": self.summary}


def check_document(doc: Document, ruleset: Ruleset, lang: str = "vi", only: list[str] | None = None) -> list[Finding]:
    ctx = Context(doc, ruleset, lang)
    findings: list[Finding] = []
    for rule_id, rule in RULES.items():
        if only and rule_id not in only:
            continue
        if not ruleset.enabled(rule_id):
            continue
        findings.extend(rule.check(doc, ctx))
    findings.sort(key=lambda f: (f.block_index if f.block_index >= 0 else -1, _SEVERITY_ORDER[f.severity], f.rule))
    return findings


def check_path(path: str, ruleset: Ruleset, lang: str = "vi", only: list[str] | None = None) -> DocumentResult:
    """Check one draft; an unreadable draft gives a result with status 'error', never an exception."""
    fmt = readers.detect_format(path)
    try:
        doc = readers.read_document(path)
    except CheckerError as exc:
        return DocumentResult(path, fmt, "error", {"code": exc.code, "message": exc.message(lang)})
    except Exception as exc:  # a bug must not stop a batch: report it on this draft
        detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
        msg = (f"Lỗi nội bộ khi đọc tệp ({detail}). Xin báo lỗi kèm tệp này." if lang != "en"
               else f"Internal error while reading the file ({detail}). Please report it with this file.")
        return DocumentResult(path, fmt, "error", {"code": "internal", "message": msg})
    findings = check_document(doc, ruleset, lang, only)
    return DocumentResult(path, doc.format, "checked", None, findings, doc)


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
