"""A single self-contained HTML page (inline CSS and script, no network) for people to read."""

from __future__ import annotations

import os
from functools import lru_cache

from markupsafe import Markup, escape

from .. import __version__
from ..findings import CATEGORIES, CATEGORY_NAMES
from . import place_of

_SEV = {"vi": {"error": "lỗi", "warning": "cảnh báo", "info": "lưu ý", "waived": "đã miễn trừ"},
        "en": {"error": "errors", "warning": "warnings", "info": "notes", "waived": "waived"}}
_FMT = {"vi": {"docx": "Word", "markdown": "Markdown", "text": "văn bản thuần"},
        "en": {"docx": "Word", "markdown": "Markdown", "text": "plain text"}}


@lru_cache(maxsize=1)
def _template():
    from jinja2 import Environment, FileSystemLoader, select_autoescape
    env = Environment(loader=FileSystemLoader(os.path.join(os.path.dirname(__file__), "templates")),
                      autoescape=select_autoescape(["html", "j2"]), trim_blocks=True, lstrip_blocks=True)
    return env.get_template("report.html.j2")


def highlight(excerpt: str, evidence: str) -> Markup:
    """The excerpt, HTML-escaped, with the evidence marked."""
    if evidence and evidence in excerpt:
        i = excerpt.index(evidence)
        return escape(excerpt[:i]) + Markup("<mark>") + escape(evidence) + Markup("</mark>") + \
            escape(excerpt[i + len(evidence):])
    return escape(excerpt)


def _excerpt(res, f) -> str:
    """The located block's text around the evidence (the location excerpt is cut at 160 characters)."""
    doc = res.document
    if doc is not None and 0 <= f.block_index < len(doc.blocks):
        text = " ".join(doc.blocks[f.block_index].text.split())
        if f.evidence and f.evidence in text:
            i = text.index(f.evidence)
            start = max(0, i - 120)
            end = min(len(text), i + len(f.evidence) + 160)
            return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")
        return text[:280] + ("…" if len(text) > 280 else "")
    return f.location.get("excerpt", "")


def document_view(res, lang: str, path: str | None = None) -> dict:
    """A draft's findings for the template; ``path`` is the path shown (a batch shows it relative to
    the folder checked, never the machine's absolute path)."""
    t = (lambda vi, en: en if lang == "en" else vi)
    view = {"name": os.path.basename(res.path), "path": res.path if path is None else path, "format": res.format, "status": res.status,
            "error": res.error, "summary": res.summary, "groups": [], "waived": len(getattr(res, "waived", [])),
            "stale": [w.describe() for w in getattr(res, "stale_waivers", [])],
            "pending": res.document.pending_changes if res.document is not None else 0}
    current = None
    items = [(f, False) for f in res.findings] + [(f, True) for f in getattr(res, "waived", [])]
    items.sort(key=lambda fw: fw[0].block_index)
    for f, waived in items:
        section = f.location.get("section") or t("(toàn văn bản)", "(whole document)")
        if current is None or current["section"] != section:
            current = {"section": section, "findings": []}
            view["groups"].append(current)
        where = place_of(f, lang)
        current["findings"].append({
            "cls": "waived" if waived else f.severity, "rule": f.rule, "category": f.category,
            "category_name": (CATEGORY_NAMES.get(lang) or {}).get(f.category, f.category),
            "message": f.message, "clause": f.clause, "suggestion": f.suggestion, "where": where,
            "excerpt": highlight(_excerpt(res, f), f.evidence), "waiver": getattr(f, "waiver", None)})
    return view


def render(results, ruleset, lang: str = "vi", title: str | None = None, back: str | None = None,
           paths: list[str] | None = None) -> str:
    """The page; ``back``: a link to the batch summary; ``paths``: the paths shown, one per result."""
    t = (lambda vi, en: en if lang == "en" else vi)
    if title is None:
        title = (t("Kết quả kiểm tra: ", "Check results: ") + os.path.basename(results[0].path)) if len(results) == 1 \
            else t(f"Kết quả kiểm tra {len(results)} dự thảo", f"Check results for {len(results)} drafts")
    return _template().render(
        lang=lang, title=title, version=__version__, ruleset=ruleset, t=t, sevname=_SEV[lang], fmtname=_FMT[lang],
        categories=CATEGORIES, catname=CATEGORY_NAMES.get(lang) or {}, back=back,
        documents=[document_view(r, lang, paths[i] if paths else None) for i, r in enumerate(results)])
