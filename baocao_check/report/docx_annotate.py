"""Findings as Word comments, in a copy of the draft (the draft itself is never written).

Each finding becomes one comment by "baocao-check", anchored on the exact words of its
evidence when they lie in the paragraph's own runs (runs are split where needed, keeping
their formatting), else on the whole paragraph; a finding in a table (the header table's date)
sits on the cell paragraph that holds its evidence; a finding in a footnote sits on that
footnote's reference mark in the text, its comment naming the note ("Chú thích 5: …"), or with
``in_footnotes`` on the footnote's own words inside footnotes.xml (Word shows them there, but
LibreOffice 7.4, Debian 12's, refuses to open any .docx with a comment inside a footnote, so it is
not the default);
findings about something absent sit on the paragraph where it belongs; a summary comment
sits on the first paragraph; the same comment is never put twice on the same words. The copy keeps
the draft's existing comments and tracked changes: python-docx rewrites only what it adds.
"""

from __future__ import annotations

import copy
import io
import os

from docx import Document as open_word
from docx.opc.oxml import serialize_part_xml
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from .. import limits
from ..fsutil import read_regular, write_with
from ..readers.docx import body_paragraphs
from . import footnote_of

AUTHOR = "baocao-check"
INITIALS = "BC"
_SEV = {"vi": {"error": "LỖI", "warning": "CẢNH BÁO", "info": "LƯU Ý"},
        "en": {"error": "ERROR", "warning": "WARNING", "info": "NOTE"}}


def rule_name(f, lang: str) -> str:
    """The rule in words ("sai thuật ngữ"), as a reviewer names it; the id stays in the reports."""
    from ..findings import CATEGORY_NAMES
    name = (CATEGORY_NAMES.get(lang) or {}).get(f.category)
    return name[0].upper() + name[1:] if name else f.rule.replace("_", " ")


def comment_text(f, lang: str) -> str:
    t = (lambda vi, en: en if lang == "en" else vi)
    parts = [f"[{_SEV[lang][f.severity]} · {rule_name(f, lang)}] {f.message}"]
    if f.suggestion:
        parts.append(t("Cách sửa: ", "Fix: ") + f.suggestion)
    if f.clause:
        parts.append(t("Căn cứ: ", "Clause: ") + f.clause)
    return "\n".join(parts)


def summary_text(res, ruleset, lang: str) -> str:
    s = res.summary
    if lang == "en":
        return (f"baocao-check: {s['error']} errors, {s['warning']} warnings, {s['info']} notes "
                f"(ruleset {ruleset.id} {ruleset.version}). Each finding is a comment on the place it concerns.")
    return (f"baocao-check: {s['error']} lỗi, {s['warning']} cảnh báo, {s['info']} lưu ý "
            f"(bộ quy tắc {ruleset.id} {ruleset.version}). Mỗi phát hiện là một nhận xét tại chỗ liên quan.")


_SPLITTABLE = {qn("w:t"): None, qn("w:tab"): "\t", qn("w:br"): "\n", qn("w:cr"): "\n"}


def _length(child) -> int:
    return len(child.text or "") if child.tag == qn("w:t") else 1


def _split_run(run: Run, offset: int) -> Run:
    """Split a run of text, tabs and line breaks at ``offset`` (counted as ``run.text`` counts:
    a tab or a break is one character); returns the new run holding the tail."""
    r = run._r
    tail = copy.deepcopy(r)
    r.addnext(tail)
    pos = 0
    head_children = [c for c in r if c.tag != qn("w:rPr")]
    tail_children = [c for c in tail if c.tag != qn("w:rPr")]
    for mine, theirs in zip(head_children, tail_children):
        n = _length(mine)
        if pos + n <= offset:            # wholly in the head
            tail.remove(theirs)
        elif pos >= offset:              # wholly in the tail
            r.remove(mine)
        else:                            # a w:t cut in two
            cut = offset - pos
            text = mine.text or ""
            mine.text, theirs.text = text[:cut], text[cut:]
            for el in (mine, theirs):
                el.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        pos += n
    return Run(tail, run._parent)


def _plain(run: Run) -> bool:
    """A run holding only text, tabs and breaks (and its properties), safe to split."""
    return all(child.tag == qn("w:rPr") or child.tag in _SPLITTABLE for child in run._r)


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


def _text(p) -> str:
    return "".join(t.text or "" for t in p.iter(qn("w:t")))


def _footnotes_part(doc):
    """The footnotes part and its parsed XML (python-docx keeps it as bytes), or (None, None)."""
    for rel in doc.part.rels.values():
        if rel.reltype.endswith("/footnotes") and not rel.is_external:
            part = rel.target_part
            return part, parse_xml(part.blob)
    return None, None


def _footnote_elements(doc, root) -> dict[int, object]:
    """Footnote number as Word shows it (the order of first reference, as the reader numbers
    them) -> its w:footnote element."""
    by_id = {fn.get(qn("w:id")): fn for fn in root.iter(qn("w:footnote"))}
    out, seen = {}, set()
    for ref in doc.element.body.iter(qn("w:footnoteReference")):
        fid = ref.get(qn("w:id"))
        if fid in seen or fid not in by_id:
            continue
        seen.add(fid)
        out[len(seen)] = by_id[fid]
    return out


def _reference_runs(doc) -> dict[int, object]:
    """Footnote number (the order of first reference, as the reader numbers them) -> the w:r of
    its reference mark in the body."""
    out, seen = {}, set()
    for ref in doc.element.body.iter(qn("w:footnoteReference")):
        fid = ref.get(qn("w:id"))
        if fid in seen:
            continue
        seen.add(fid)
        r = ref.getparent()
        if r is not None and r.tag == qn("w:r"):
            out[len(seen)] = r
    return out


def _block_paragraphs(res, f, paragraphs) -> list[int]:
    """The paragraph numbers a finding's block spans, its own paragraph first (a table block,
    the header table, spans the paragraphs of its cells)."""
    number = f.location.get("paragraph")
    doc = res.document
    end = number + 1
    if doc is not None and 0 <= f.block_index < len(doc.blocks) and doc.blocks[f.block_index].kind == "table":
        later = [b.paragraph for b in doc.blocks[f.block_index + 1:] if b.paragraph is not None and b.paragraph > number]
        end = min(later[0] if later else len(paragraphs) + 1, number + 400)
    return list(range(number, end))


def annotate(res, ruleset, out_path: str, lang: str = "vi", devices: bool = True,
             in_footnotes: bool | None = None) -> int:
    """Write an annotated copy of a DOCX draft to ``out_path`` (atomically); returns the comment count.

    python-docx refuses packages the reader accepts (a .docm renamed, a missing or broken part it
    needs, relationship targets outside the package): it raises, and the caller
    (engine.check_path) reports that as bad input, never as a crash."""
    if in_footnotes is None:     # for offices on Word only: BAOCAO_CHECK_FOOTNOTE_COMMENTS=inside
        in_footnotes = os.environ.get("BAOCAO_CHECK_FOOTNOTE_COMMENTS", "").strip().lower() == "inside"
    data = read_regular(res.path, limits.MAX_DRAFT_BYTES)
    doc = open_word(io.BytesIO(data))
    paragraphs = list(body_paragraphs(doc.element.body))
    first = next((p for p in paragraphs if _text(p).strip()), None)
    if first is None:
        first = doc.add_paragraph()._p
        paragraphs.append(first)
    notes_part, notes_root = _footnotes_part(doc) if in_footnotes else (None, None)
    notes = _footnote_elements(doc, notes_root) if notes_root is not None else {}
    marks = _reference_runs(doc)
    notes_changed = False

    def target(f):
        """(w:p to comment on, evidence to anchor there, the runs when fixed, in footnotes.xml)."""
        number = f.location.get("paragraph")
        footnote = footnote_of(f)
        if footnote is not None and footnote in notes:
            ps = list(notes[footnote].iter(qn("w:p")))
            hit = next((p for p in ps if f.evidence and f.evidence in _text(p)), None)
            if hit is not None:
                return hit, f.evidence, None, True
            if ps:
                return next((p for p in ps if _text(p).strip()), ps[0]), "", None, True
        if footnote is not None and footnote in marks:
            r = marks[footnote]
            return r.getparent(), "", [Run(r, None)] * 2, False
        if number is None or not (1 <= number <= len(paragraphs)):
            return first, "", None, False
        if f.evidence:
            for n in _block_paragraphs(res, f, paragraphs):
                if n <= len(paragraphs) and f.evidence in _text(paragraphs[n - 1]):
                    return paragraphs[n - 1], f.evidence, None, False
        return paragraphs[number - 1], f.evidence, None, False

    count = 0
    # the summary first, so that it opens the list of comments
    doc.add_comment(_anchor(Paragraph(first, doc._body), ""), text=summary_text(res, ruleset, lang),
                    author=AUTHOR, initials=INITIALS)
    count += 1
    done = set()
    for f in res.findings:
        p, evidence, runs, in_note = target(f)
        text = comment_text(f, lang)
        footnote = footnote_of(f)
        if footnote is not None and not in_note:
            text = (f"Footnote {footnote}: " if lang == "en" else f"Chú thích {footnote}: ") + text
        key = (id(p), evidence, text)
        if key in done:          # the same comment on the same words once only
            continue
        done.add(key)
        doc.add_comment(runs or _anchor(Paragraph(p, doc._body), evidence), text=text, author=AUTHOR,
                        initials=INITIALS)
        notes_changed = notes_changed or in_note
        count += 1
    if notes_changed:
        notes_part._blob = serialize_part_xml(notes_root)
    write_with(out_path, doc.save, devices=devices)
    return count
