"""Findings as Word comments, in a copy of the draft (the draft itself is never written).

Each finding becomes one comment by "baocao-check", anchored on the exact words of its
evidence when they lie in the paragraph's own runs (runs are split where needed, keeping
their formatting), else on the whole paragraph; findings about something absent sit on the
paragraph where it belongs; a summary comment sits on the first paragraph. The copy keeps
the draft's existing comments and tracked changes: python-docx rewrites only what it adds.
"""

from __future__ import annotations

import copy
import io

from docx import Document as open_word
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from .. import limits
from ..fsutil import read_regular, write_with
from ..readers.docx import body_paragraphs

AUTHOR = "baocao-check"
INITIALS = "BC"
_SEV = {"vi": {"error": "LỖI", "warning": "CẢNH BÁO", "info": "LƯU Ý"},
        "en": {"error": "ERROR", "warning": "WARNING", "info": "NOTE"}}


def comment_text(f, lang: str) -> str:
    t = (lambda vi, en: en if lang == "en" else vi)
    parts = [f"[{_SEV[lang][f.severity]}] {f.message}"]
    if f.suggestion:
        parts.append(t("Cách sửa: ", "Fix: ") + f.suggestion)
    if f.clause:
        parts.append(t("Căn cứ: ", "Clause: ") + f.clause)
    parts.append(t("Quy tắc: ", "Rule: ") + f.rule)
    return "\n".join(parts)


def summary_text(res, ruleset, lang: str) -> str:
    s = res.summary
    if lang == "en":
        return (f"baocao-check: {s['error']} errors, {s['warning']} warnings, {s['info']} notes "
                f"(ruleset {ruleset.id} {ruleset.version}). Each finding is a comment on the place it concerns.")
    return (f"baocao-check: {s['error']} lỗi, {s['warning']} cảnh báo, {s['info']} lưu ý "
            f"(bộ quy tắc {ruleset.id} {ruleset.version}). Mỗi phát hiện là một nhận xét tại chỗ liên quan.")


def _split_run(run: Run, offset: int) -> Run:
    """Split a plain-text run at ``offset``; returns the new run holding the tail."""
    r = run._r
    text = run.text
    tail = copy.deepcopy(r)
    for child in list(tail):
        if child.tag != qn("w:rPr"):
            tail.remove(child)
    r.addnext(tail)
    run.text = text[:offset]
    new = Run(tail, run._parent)
    new.text = text[offset:]
    return new


def _plain(run: Run) -> bool:
    """A run holding only text (and its properties), safe to split."""
    return all(child.tag in (qn("w:rPr"), qn("w:t")) for child in run._r)


def _anchor(paragraph: Paragraph, evidence: str) -> list[Run]:
    """The runs covering the evidence, split at its ends; the whole paragraph when not found."""
    runs = paragraph.runs
    if evidence:
        text = "".join(r.text for r in runs)
        start = text.find(evidence)
        if start >= 0:
            end = start + len(evidence)
            pos = 0
            first = last = None
            for run in runs:
                a, b = pos, pos + len(run.text)
                pos = b
                if b <= start or a >= end:
                    continue
                if not _plain(run) and (a < start or b > end):
                    first = first or run
                    last = run
                    continue
                if a < start:
                    run = _split_run(run, start - a)
                    a = start
                if b > end:
                    _split_run(run, end - a)
                first = first or run
                last = run
            if first is not None:
                return [first, last]
    if runs:
        return [runs[0], runs[-1]]
    return [paragraph.add_run("")]


def annotate(res, ruleset, out_path: str, lang: str = "vi", devices: bool = True) -> int:
    """Write an annotated copy of a DOCX draft to ``out_path`` (atomically); returns the comment count.

    python-docx refuses packages the reader accepts (a .docm renamed, a missing or broken part it
    needs, relationship targets outside the package): it raises, and the caller
    (engine.check_path) reports that as bad input, never as a crash."""
    data = read_regular(res.path, limits.MAX_DRAFT_BYTES)
    doc = open_word(io.BytesIO(data))
    paragraphs = list(body_paragraphs(doc.element.body))
    first = next((p for p in paragraphs if "".join(t.text or "" for t in p.iter(qn("w:t"))).strip()), None)
    if first is None:
        first = doc.add_paragraph()._p
        paragraphs.append(first)

    def paragraph_at(number):
        if number is None or not (1 <= number <= len(paragraphs)):
            return Paragraph(first, doc._body)
        return Paragraph(paragraphs[number - 1], doc._body)

    count = 0
    # the summary first, so that it opens the list of comments
    doc.add_comment(_anchor(Paragraph(first, doc._body), ""), text=summary_text(res, ruleset, lang),
                    author=AUTHOR, initials=INITIALS)
    count += 1
    for f in res.findings:
        number = f.location.get("paragraph")     # a footnote's finding: the paragraph holding its marker
        paragraph = paragraph_at(number)
        evidence = f.evidence if number is not None else ""
        doc.add_comment(_anchor(paragraph, evidence), text=comment_text(f, lang), author=AUTHOR, initials=INITIALS)
        count += 1
    write_with(out_path, doc.save, devices=devices)
    return count
