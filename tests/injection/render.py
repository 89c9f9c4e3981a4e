"""One Markdown draft in the three input formats the checker reads, with real producers:

- ``text``: a plain-text export (one paragraph a line, tab-separated tables, superscript
  footnote markers and "¹ text" footnote lines), line for line with the Markdown except for the
  table separator rows it drops;
- ``markdown``: as written;
- ``docx-pandoc``: pandoc from the Markdown (numbered lines become Word list numbering, footnotes
  become real footnotes);
- ``docx-pydocx``: python-docx, headings in Heading styles with multi-level automatic numbering
  (labels not in the text), real footnotes, real tables.

``typed_labels=True`` keeps the heading labels as typed text in both Word renderings.
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile

from .draft import Draft, strip_md, to_superscript

FOOTNOTE_DEF = re.compile(r"^\s{0,3}\[\^(\d+)\]:\s*(.*)$")
FOOTNOTE_REF = re.compile(r"\[\^(\d+)\](?!:)")
SEP_ROW = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
FORMATS = ("text", "markdown", "docx-pandoc", "docx-pydocx")
EXT = {"text": ".txt", "markdown": ".md", "docx-pandoc": ".docx", "docx-pydocx": ".docx"}


def _inline_text(s: str) -> str:
    s = re.sub(r"^\s{0,3}#{1,6}\s+", "", s)
    s = FOOTNOTE_REF.sub(lambda m: to_superscript(m.group(1)), s)
    s = re.sub(r"<sup>\s*(\d+)\s*</sup>", lambda m: to_superscript(m.group(1)), s)
    s = s.replace("**", "").replace("__", "")
    s = re.sub(r"(?<!\w)\*(?=\S)|(?<=\S)\*(?!\w)", "", s)
    return s.rstrip()


def to_text(md: str) -> tuple[str, dict[int, int]]:
    """The plain-text export and the map from Markdown line (0-based) to text line (0-based)."""
    out, where = [], {}
    for i, raw in enumerate(md.split("\n")):
        if SEP_ROW.match(raw) and raw.strip():
            where[i] = max(0, len(out) - 1)
            continue
        where[i] = len(out)
        fm = FOOTNOTE_DEF.match(raw)
        if fm:
            out.append(to_superscript(fm.group(1)) + " " + _inline_text(fm.group(2)))
        elif raw.lstrip().startswith("|"):
            cells = [_inline_text(c.strip()) for c in raw.strip().strip("|").split("|")]
            out.append("\t".join(c if c else " " for c in cells))
        else:
            out.append(_inline_text(raw))
    return "\n".join(out) + "\n", where


LIST_MARK = re.compile(r"^(\s*(?:#{1,6}\s+)?(?:\*\*|\*)?)(\(?)(\d{1,2}|[IVX]{1,5}|[a-zđ])([.)])(?=\s)")


def to_pandoc_markdown(md: str, typed_labels: bool = False) -> str:
    """The Markdown as pandoc should see it: an undefined footnote reference is a bare superscript
    marker (what Word shows when the note text is missing); typed labels escaped from lists."""
    defined = {int(n) for n in re.findall(r"^\s{0,3}\[\^(\d+)\]:", md, re.M)}
    md = FOOTNOTE_REF.sub(lambda m: m.group(0) if int(m.group(1)) in defined else f"^{m.group(1)}^", md)
    if typed_labels:
        md = "\n".join(LIST_MARK.sub(lambda m: m.group(1) + ("\\(" if m.group(2) else "") + m.group(3) + "\\" + m.group(4), ln)
                       for ln in md.split("\n"))
    return md


def to_docx_pandoc(md: str, dst: str, typed_labels: bool = False) -> None:
    with tempfile.NamedTemporaryFile("w", suffix=".md", delete=False, encoding="utf-8") as tmp:
        tmp.write(to_pandoc_markdown(md, typed_labels))
    try:
        subprocess.run(["pandoc", "-f", "markdown", "-t", "docx", tmp.name, "-o", dst], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    finally:
        os.unlink(tmp.name)


# ---------------------------------------------------------------- python-docx

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
LEVELS = [("upperRoman", "%1."), ("decimal", "%2."), ("decimal", "%2.%3."), ("decimal", "%2.%3.%4.")]
KIND_LEVEL = {"roman": 0, "arabic": 1, "dotted2": 2, "dotted3": 3}
ROMAN_VALUES = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10}


class _Word:
    def __init__(self):
        from docx import Document
        from docx.opc.constants import RELATIONSHIP_TYPE as RT
        from docx.opc.packuri import PackURI
        from docx.opc.part import Part
        from docx.oxml import parse_xml
        from docx.shared import Pt
        self.parse_xml = parse_xml
        self.doc = Document()
        self.doc.styles["Normal"].font.name = "Times New Roman"
        self.doc.styles["Normal"].font.size = Pt(14)
        numbering = self.doc.part.numbering_part.element
        levels = "".join(f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>'
                         f'<w:lvlJc w:val="left"/></w:lvl>' for i, (fmt, text) in enumerate(LEVELS))
        absnum = parse_xml(f'<w:abstractNum xmlns:w="{W_NS}" w:abstractNumId="70"><w:multiLevelType w:val="multilevel"/>'
                           f'{levels}</w:abstractNum>')
        first = numbering.find(f"{{{W_NS}}}num")
        if first is not None:
            first.addprevious(absnum)
        else:
            numbering.append(absnum)
        numbering.append(parse_xml(f'<w:num xmlns:w="{W_NS}" w:numId="70"><w:abstractNumId w:val="70"/></w:num>'))
        self.num_id = 70
        self.next_num = 71
        self.notes = parse_xml(
            f'<w:footnotes xmlns:w="{W_NS}"><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
            '</w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r>'
            '</w:p></w:footnote></w:footnotes>')
        self.notes_part = Part(PackURI("/word/footnotes.xml"),
                               "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
                               b"", self.doc.part.package)
        self.doc.part.relate_to(self.notes_part, RT.FOOTNOTES)
        self.next_note = 1

    def restart(self, ilvl: int, start: int) -> None:
        """A numbering instance restarting one level at ``start`` (Word's "Set numbering value")."""
        self.num_id = self.next_num
        self.next_num += 1
        self.doc.part.numbering_part.element.append(self.parse_xml(
            f'<w:num xmlns:w="{W_NS}" w:numId="{self.num_id}"><w:abstractNumId w:val="70"/>'
            f'<w:lvlOverride w:ilvl="{ilvl}"><w:startOverride w:val="{start}"/></w:lvlOverride></w:num>'))

    def number(self, p, ilvl: int) -> None:
        p._p.get_or_add_pPr().append(self.parse_xml(
            f'<w:numPr xmlns:w="{W_NS}"><w:ilvl w:val="{ilvl}"/><w:numId w:val="{self.num_id}"/></w:numPr>'))

    def runs(self, p, text: str, notes: dict[int, str], bold: bool = False) -> None:
        """Text with **bold** spans, footnote references (real notes) and bare markers."""
        pos = 0
        for m in re.finditer(r"\[\^(\d+)\](?!:)", text):
            self._plain(p, text[pos:m.start()], bold)
            n = int(m.group(1))
            if n in notes:
                fid = self.next_note
                self.next_note += 1
                esc = notes[n].replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                self.notes.append(self.parse_xml(
                    f'<w:footnote xmlns:w="{W_NS}" w:id="{fid}"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/>'
                    f'</w:rPr><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> {esc}</w:t></w:r></w:p></w:footnote>'))
                p._p.append(self.parse_xml(
                    f'<w:r xmlns:w="{W_NS}"><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
                    f'<w:footnoteReference w:id="{fid}"/></w:r>'))
            else:
                run = p.add_run(m.group(1))
                run.font.superscript = True
            pos = m.end()
        self._plain(p, text[pos:], bold)

    def _plain(self, p, text: str, bold: bool) -> None:
        for k, part in enumerate(re.split(r"\*\*", text)):
            part = re.sub(r"(?<!\w)\*(?=\S)|(?<=\S)\*(?!\w)", "", part)
            if part:
                run = p.add_run(part)
                run.bold = bold or k % 2 == 1

    def save(self, dst: str) -> None:
        from lxml import etree
        self.notes_part._blob = etree.tostring(self.notes, xml_declaration=True, encoding="UTF-8", standalone=True)
        self.doc.save(dst)


def to_docx_pydocx(md: str, dst: str, typed_labels: bool = False) -> None:
    draft = Draft(md)
    lines = draft.lines
    notes = {}
    for raw in lines:
        fm = FOOTNOTE_DEF.match(raw)
        if fm:
            notes[int(fm.group(1))] = strip_md(fm.group(2))
    heads = {h.line: h for h in draft.headings}
    w = _Word()
    counters: dict[int, int] = {}
    i = 0
    while i < len(lines):
        raw = lines[i]
        if not raw.strip() or FOOTNOTE_DEF.match(raw):
            i += 1
            continue
        if raw.lstrip().startswith("|"):
            rows = []
            while i < len(lines) and lines[i].lstrip().startswith("|"):
                if not SEP_ROW.match(lines[i]):
                    rows.append([c.strip() for c in lines[i].strip().strip("|").split("|")])
                i += 1
            width = max(len(r) for r in rows)
            table = w.doc.add_table(rows=len(rows), cols=width)
            table.style = "Table Grid"
            for r, row in enumerate(rows):
                for c, val in enumerate(row):
                    cell = table.cell(r, c)
                    w.runs(cell.paragraphs[0], val, notes)
            continue
        h = heads.get(i)
        if h is not None and h.kind in KIND_LEVEL:
            ilvl = KIND_LEVEL[h.kind]
            p = w.doc.add_paragraph(style=f"Heading {min(ilvl + 1, 4)}")
            title = re.sub(r"^\s{0,3}#{1,6}\s+", "", raw).strip()
            title = re.sub(r"^(\*\*|\*)?\s*" + re.escape(h.label) + r"\.?\s*", lambda m: m.group(1) or "", title, count=1)
            if typed_labels:
                title = h.label + ". " + title
            else:
                wanted = int(h.label.split(".")[-1]) if h.kind != "roman" else ROMAN_VALUES.get(h.label, 1)
                expected = counters.get(ilvl, 0) + 1
                for deeper in [k for k in counters if k > ilvl]:
                    del counters[deeper]
                if wanted != expected:
                    w.restart(ilvl, wanted)
                counters[ilvl] = wanted
                w.number(p, ilvl)
            w.runs(p, title.replace("**", "").strip("* "), notes)
            i += 1
            continue
        md_head = re.match(r"^\s{0,3}#{1,6}\s+(.*)$", raw)
        p = w.doc.add_paragraph()
        text = md_head.group(1) if md_head else raw.strip()
        bullet = re.match(r"^[-+]\s+", text)
        w.runs(p, text, notes, bold=bool(md_head) or h is not None)
        del bullet
        i += 1
    w.save(dst)


def render(md: str, fmt: str, dst: str, typed_labels: bool = False) -> int | None:
    """Write the draft in ``fmt`` to ``dst``; returns the text line of Markdown line 0 map for text."""
    if fmt == "markdown":
        with open(dst, "w", encoding="utf-8") as fh:
            fh.write(md)
    elif fmt == "text":
        with open(dst, "w", encoding="utf-8") as fh:
            fh.write(to_text(md)[0])
    elif fmt == "docx-pandoc":
        to_docx_pandoc(md, dst, typed_labels)
    elif fmt == "docx-pydocx":
        to_docx_pydocx(md, dst, typed_labels)
    else:
        raise ValueError(fmt)
    return None
