"""Word drafts (.docx), with python-docx for the package and lxml for the XML.

Body paragraphs and tables in order (table-cell paragraphs counted in the
paragraph numbering), heading styles and outline levels, automatic
numbering labels rebuilt, footnotes from the footnotes part with their
reference points, tracked changes read as accepted (insertions kept,
deletions dropped) and counted, comments ignored, and the 2-column header
table of Vietnamese documents recognised.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib

from lxml import etree

from .. import limits
from ..errors import InputError
from .assemble import FIGURE_CELL_RE, RawItem, to_superscript
from .encoding import ZERO_WIDTH, legacy_encoding, legacy_error
from .numbering import W, NumberingResolver, level_number
from .text import looks_like_markdown, markdown_paragraph

MAX_ENTRIES = limits.MAX_ZIP_ENTRIES
MAX_UNCOMPRESSED = limits.MAX_UNCOMPRESSED
MAX_RATIO = limits.MAX_ZIP_RATIO
MAX_MAIN_PART = limits.MAX_MAIN_PART     # the main XML part of a real draft is a few MB at most
STRICT_W = "{http://purl.oclc.org/ooxml/wordprocessingml/main}"
_DTD_RE = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HEADING_NAME_RE = re.compile(r"^(?:heading|đầu đề|tiêu đề)\s*(\d)$", re.IGNORECASE)
_SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                               load_dtd=False, remove_comments=True)
_TRACKED = {W + "ins", W + "del", W + "moveFrom", W + "moveTo", W + "rPrChange", W + "pPrChange"}
_SKIP_CONTAINERS = {W + "del", W + "moveFrom"}
# the tags a paragraph's text is read from, spelt once (not concatenated again for every element)
_P, _PPR, _R, _RPR, _T, _TAB = W + "p", W + "pPr", W + "r", W + "rPr", W + "t", W + "tab"
_B, _VERT_ALIGN, _VAL, _POSITION = W + "b", W + "vertAlign", W + "val", W + "position"
_BREAKS = {W + "br", W + "cr"}
_NO_BREAK_HYPHEN, _FOOTNOTE_REF, _ID = W + "noBreakHyphen", W + "footnoteReference", W + "id"
_SKIPPED_IN_PARAGRAPH = _SKIP_CONTAINERS | {_PPR}
_RUN_CONTAINERS = frozenset(W + t for t in ("hyperlink", "ins", "moveTo", "smartTag", "fldSimple", "customXml", "sdt",
                                            "sdtContent", "dir", "bdo"))
_ZERO_WIDTH_CHARS = tuple(map(chr, ZERO_WIDTH))


def _without_zero_width(text: str) -> str:
    # str.translate looks every character up in a dict: only when there is something to drop
    return text.translate(ZERO_WIDTH) if any(c in text for c in _ZERO_WIDTH_CHARS) else text
_HEADER_TABLE_RE = re.compile(r"cộng hòa xã hội|cộng hoà xã hội|đảng cộng sản|độc lập\s*-\s*tự do|số\s*:",
                              re.IGNORECASE)


def _bad_docx(code: str, vi: str, en: str) -> InputError:
    return InputError(code, vi, en)


def check_package(data: bytes, name: str) -> zipfile.ZipFile:
    """Open the ZIP only after checking it cannot hurt: size, entries, ratio, DOCTYPE."""
    if not data:
        raise _bad_docx("empty", f"{name} rỗng.", f"{name} is empty.")
    if data.startswith(_OLE_MAGIC):
        raise _bad_docx(
            "ole_container",
            f"{name} là tệp Word cũ (.doc) hoặc tệp .docx có đặt mật khẩu. Hãy mở bằng Word, bỏ mật khẩu "
            "nếu có, rồi lưu lại dưới dạng .docx.",
            f"{name} is an old Word file (.doc) or a password-protected .docx. Open it in Word, remove the "
            "password if any, and save it as .docx.")
    if not data.startswith(b"PK"):
        raise _bad_docx("not_docx", f"{name} không phải tệp .docx hợp lệ (không phải gói ZIP của Word).",
                        f"{name} is not a valid .docx file (not a Word ZIP package).")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, EOFError, ValueError, NotImplementedError):
        # NotImplementedError: a ZIP version this reader does not know ("zip file version 15.4": damaged)
        raise _bad_docx("corrupt_docx", f"{name} bị hỏng hoặc không trọn vẹn (có thể chép hay đồng bộ chưa xong). "
                        "Hãy lấy lại bản gốc, hoặc mở bằng Word rồi lưu lại.",
                        f"{name} is damaged or truncated (perhaps a copy or sync that did not finish). "
                        "Get the original again, or open it in Word and save it again.") from None
    if len(infos) > MAX_ENTRIES:
        raise _bad_docx("zip_bomb", f"{name} có quá nhiều mục ({len(infos)}); từ chối đọc.",
                        f"{name} has too many entries ({len(infos)}); refused.")
    total = sum(i.file_size for i in infos)
    if total > MAX_UNCOMPRESSED or any(
            i.compress_size and i.file_size / max(i.compress_size, 1) > MAX_RATIO and i.file_size > 10_000_000
            for i in infos):
        raise _bad_docx("zip_bomb", f"{name} giải nén ra quá lớn ({total} byte); từ chối đọc.",
                        f"{name} decompresses to too much data ({total} bytes); refused.")
    names = {i.filename for i in infos}
    main = next((i for i in infos if i.filename == "word/document.xml"), None)
    if main is not None and main.file_size > MAX_MAIN_PART:
        raise _bad_docx("too_large", f"{name}: phần nội dung chính quá lớn ({main.file_size // (1024 * 1024)} MB "
                        "khi giải nén); từ chối đọc.",
                        f"{name}: the main part is too large ({main.file_size // (1024 * 1024)} MB uncompressed); refused.")
    if "word/document.xml" not in names:
        raise _bad_docx("no_document_xml", f"{name} thiếu phần nội dung chính (word/document.xml).",
                        f"{name} lacks its main part (word/document.xml).")
    return zf


def _read_xml(zf: zipfile.ZipFile, part: str, name: str):
    try:
        raw = zf.read(part)
    except KeyError:
        return None
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, zlib.error, NotImplementedError, RuntimeError) as exc:
        # damaged data, an unsupported compression method, or an encrypted entry
        raise _bad_docx("corrupt_docx", f"{name} bị hỏng ({part}: {exc}).",
                        f"{name} is damaged ({part}: {exc}).") from None
    # a DTD can declare entities (XXE, "billion laughs"); Word never writes one. Padding may push it far
    # down the prolog, so look at the whole part (the parser would not expand entities anyway).
    if b"<!" in raw and _DTD_RE.search(raw):      # (a byte search first: most parts have no "<!" at all)
        raise _bad_docx("unsafe_xml", f"{name} chứa khai báo DOCTYPE/ENTITY trong {part}; từ chối đọc.",
                        f"{name} has a DOCTYPE/ENTITY declaration in {part}; refused.")
    try:
        return etree.fromstring(raw, _SAFE_PARSER)
    except etree.XMLSyntaxError as exc:
        raise _bad_docx("corrupt_docx", f"{name} có XML hỏng trong {part}: {exc}.",
                        f"{name} has broken XML in {part}: {exc}.") from None


class _Styles:
    def __init__(self, root):
        self.by_id: dict[str, etree._Element] = {}
        self.default_para: str | None = None
        self._memo: dict = {}   # style lookups walk the basedOn chain: once per style
        if root is None:
            return
        for st in root.iter(W + "style"):
            sid = st.get(W + "styleId")
            if sid:
                self.by_id[sid] = st
                if st.get(W + "type") == "paragraph" and st.get(W + "default") in ("1", "true"):
                    self.default_para = sid

    def chain(self, sid: str | None):
        seen = set()
        while sid and sid in self.by_id and sid not in seen:
            seen.add(sid)
            st = self.by_id[sid]
            yield st
            based = st.find(W + "basedOn")
            sid = based.get(W + "val") if based is not None else None

    def heading_level(self, sid: str | None) -> int | None:
        key = ("heading", sid)
        if key not in self._memo:
            self._memo[key] = self._heading_level(sid)
        return self._memo[key]

    def _heading_level(self, sid: str | None) -> int | None:
        for st in self.chain(sid):
            name_el = st.find(W + "name")
            name = name_el.get(W + "val", "") if name_el is not None else ""
            m = _HEADING_NAME_RE.match(name.strip())
            if m:
                return int(m.group(1))
            if name.strip().lower() == "title":
                return 1
            ol = st.find(f"{W}pPr/{W}outlineLvl")
            if ol is not None:
                lvl = level_number(ol.get(W + "val"), 9)
                return lvl + 1 if lvl < 9 else None
        return None

    def num_pr(self, sid: str | None) -> tuple[str | None, int]:
        key = ("num", sid)
        if key not in self._memo:
            self._memo[key] = self._num_pr(sid)
        return self._memo[key]

    def _num_pr(self, sid: str | None) -> tuple[str | None, int]:
        for st in self.chain(sid):
            np_ = st.find(f"{W}pPr/{W}numPr")
            if np_ is not None:
                nid = np_.find(W + "numId")
                ilvl = np_.find(W + "ilvl")
                return (nid.get(W + "val") if nid is not None else None,
                        level_number(ilvl.get(W + "val"), 0) if ilvl is not None else 0)
        return None, 0

    def run_flag(self, sid: str | None, tag: str) -> bool:
        key = ("flag", sid, tag)
        if key not in self._memo:
            self._memo[key] = self._run_flag(sid, tag)
        return self._memo[key]

    def _run_flag(self, sid: str | None, tag: str) -> bool:
        for st in self.chain(sid):
            el = st.find(f"{W}rPr/{W}{tag}")
            if el is not None:
                return el.get(W + "val", "true") not in ("0", "false")
        return False


def _on(el) -> bool:
    return el is not None and el.get(W + "val", "true") not in ("0", "false", "none")


class DocxReader:
    def __init__(self, data: bytes, name: str):
        self.name = name
        self.zf = check_package(data, name)
        main = self._main_part()
        self.document = _read_xml(self.zf, main, name)
        if self.document is not None and self.document.tag.startswith(STRICT_W):
            raise _bad_docx("strict_ooxml",
                            f"{name} được lưu dạng «Strict Open XML», chưa được hỗ trợ. Hãy mở bằng Word và lưu lại "
                            "dạng «Word Document (*.docx)» thông thường.",
                            f"{name} is saved as \"Strict Open XML\", which is not supported. Open it in Word and "
                            "save it again as an ordinary \"Word Document (*.docx)\".")
        if self.document is None or self.document.find(W + "body") is None:
            raise _bad_docx("no_body", f"{name} không có nội dung (thiếu w:body).",
                            f"{name} has no body (w:body missing).")
        # Related parts are found through the main part's relationships, as Word does.
        self.parts = self._related(main)
        self.styles = _Styles(self._part("/styles"))
        self.numbering = NumberingResolver.from_xml(self._part("/numbering"))
        self.footnote_texts = self._footnotes()
        self.footnote_numbers: dict[str, int] = {}
        self.paragraph_no = 0
        self.pending_changes = sum(1 for el in self.document.iter() if el.tag in _TRACKED)
        self.items: list[RawItem] = []
        self.body_seen = False

    def _main_part(self) -> str:
        rels = _read_xml(self.zf, "_rels/.rels", self.name)
        if rels is not None:
            for rel in rels:
                if rel.get("Type", "").endswith("/officeDocument"):
                    target = rel.get("Target", "").lstrip("/")
                    if target in self.zf.namelist():
                        return target
        return "word/document.xml"

    def _related(self, main: str) -> dict[str, str]:
        folder, _, base = main.rpartition("/")
        rels = _read_xml(self.zf, f"{folder}/_rels/{base}.rels", self.name)
        out: dict[str, str] = {}
        if rels is None:
            return out
        for rel in rels:
            rtype = rel.get("Type", "")
            target = rel.get("Target", "")
            if rel.get("TargetMode") == "External":
                continue
            path = target.lstrip("/") if target.startswith("/") else f"{folder}/{target}"
            out[rtype[rtype.rfind("/"):]] = path
        return out

    def _part(self, suffix: str):
        path = self.parts.get(suffix)
        return _read_xml(self.zf, path, self.name) if path else None

    def _footnotes(self) -> dict[str, str]:
        root = self._part("/footnotes")
        out: dict[str, str] = {}
        if root is None:
            return out
        for fn in root.iter(W + "footnote"):
            if fn.get(W + "type") in ("separator", "continuationSeparator", "continuationNotice"):
                continue
            texts = [self._para_text(p, footnote=True)[0] for p in fn.iter(W + "p")]
            out[fn.get(W + "id")] = " ".join(t.strip() for t in texts if t.strip())
        return out

    def read(self) -> list[RawItem]:
        body = self.document.find(W + "body")
        self._walk(body, top=True)
        # footnote texts, numbered as Word shows them (order of first reference)
        for fid, number in sorted(self.footnote_numbers.items(), key=lambda kv: kv[1]):
            text = self.footnote_texts.get(fid, "")
            self.items.append(RawItem("footnote", text, where=None, footnote_number=number))
        return self.items

    def _walk(self, container, top: bool) -> None:
        for child in container:
            tag = child.tag
            if tag == W + "p":
                self._paragraph(child)
            elif tag == W + "tbl":
                self._table(child)
            elif tag == W + "sdt":
                content = child.find(W + "sdtContent")
                if content is not None:
                    self._walk(content, top)
            elif tag in (W + "ins", W + "moveTo", W + "customXml"):
                self._walk(child, top)

    def _para_text(self, p, footnote: bool = False) -> tuple[str, bool]:
        parts: list[str] = []
        bold_chars = 0
        chars = 0
        sid_el = p.find(f"{W}pPr/{W}pStyle")
        sid = sid_el.get(W + "val") if sid_el is not None else None
        style_bold = self.styles.run_flag(sid, "b")

        def visit(el):
            nonlocal bold_chars, chars
            for child in el:
                tag = child.tag
                if tag in _SKIPPED_IN_PARAGRAPH:
                    continue
                if tag == _R:
                    rpr = child.find(_RPR)
                    bold = style_bold
                    sup = False
                    if rpr is not None:
                        b = rpr.find(_B)
                        if b is not None:
                            bold = _on(b)
                        va = rpr.find(_VERT_ALIGN)
                        sup = va is not None and va.get(_VAL) == "superscript"
                        if not sup:
                            # raised text (w:position > 0): LibreOffice writes an HTML <sup> so
                            sup = _raised(rpr.find(_POSITION))
                    for rc in child:
                        rt = rc.tag
                        if rt == _T:
                            t = rc.text or ""
                            if sup and t.strip().isdigit():
                                t = to_superscript(t.strip())
                            parts.append(t)
                            n = len(t.strip())
                            chars += n
                            if bold:
                                bold_chars += n
                        elif rt == _TAB:
                            parts.append("\t")
                        elif rt in _BREAKS:
                            parts.append(" ")
                        elif rt == _NO_BREAK_HYPHEN:
                            parts.append("-")
                        elif rt == _FOOTNOTE_REF and not footnote:
                            fid = rc.get(_ID)
                            if fid not in self.footnote_numbers:
                                self.footnote_numbers[fid] = len(self.footnote_numbers) + 1
                            parts.append(to_superscript(str(self.footnote_numbers[fid])))
                elif tag in _RUN_CONTAINERS:
                    visit(child)
        visit(p)
        text = _without_zero_width("".join(parts))
        return text, chars > 0 and bold_chars >= chars * 0.95

    def _paragraph(self, p, in_table: bool = False) -> RawItem | None:
        self.paragraph_no += 1
        if self.paragraph_no > limits.MAX_PARAGRAPHS:
            raise InputError("too_large",
                             f"{self.name} có quá nhiều đoạn (hơn {limits.MAX_PARAGRAPHS:,}) cho một dự thảo.",
                             f"{self.name} has too many paragraphs (over {limits.MAX_PARAGRAPHS:,}) for a draft.")
        text, bold = self._para_text(p)
        ppr = p.find(W + "pPr")
        sid = None
        num_id, ilvl = None, 0
        outline = None
        if ppr is not None:
            sid_el = ppr.find(W + "pStyle")
            sid = sid_el.get(W + "val") if sid_el is not None else None
            np_ = ppr.find(W + "numPr")
            if np_ is not None:
                nid = np_.find(W + "numId")
                il = np_.find(W + "ilvl")
                num_id = nid.get(W + "val") if nid is not None else None
                ilvl = level_number(il.get(W + "val"), 0) if il is not None else 0
            ol = ppr.find(W + "outlineLvl")
            if ol is not None:
                lvl = level_number(ol.get(W + "val"), 9)
                outline = lvl + 1 if lvl < 9 else None
        if num_id is None:
            num_id, style_ilvl = self.styles.num_pr(sid or self.styles.default_para)
            if num_id is not None and (ppr is None or ppr.find(W + "numPr") is None):
                ilvl = style_ilvl
        label, is_bullet = (None, False)
        if num_id is not None and text.strip():
            label, is_bullet = self.numbering.label(num_id, ilvl)
        style_level = outline or self.styles.heading_level(sid)
        item = RawItem("para", text, where=self.paragraph_no, bold=bold, style_level=style_level,
                       num_label=label, num_bullet=is_bullet)
        if not in_table:
            self.items.append(item)
            if text.strip():
                self.body_seen = True
        return item

    def _table(self, tbl) -> None:
        start = self.paragraph_no + 1
        rows: list[list[str]] = []
        row_where: list[int] = []
        continued: set[tuple[int, int]] = set()     # (row, grid column) of cells merged into the one above
        for tr in tbl.findall(W + "tr"):
            # rows of this table only; a nested table's text stays inside its cell
            row_where.append(self.paragraph_no + 1)
            row, spans = [], []
            for tc in tr.findall(W + "tc"):
                texts = []
                for p in tc.iter(W + "p"):
                    item = self._paragraph(p, in_table=True)
                    if item is not None and item.text.strip():
                        label = f"{item.num_label} " if item.num_label else ""
                        texts.append(label + item.text.strip())
                row.append("\n".join(texts))
                span = tc.find(W + "tcPr/" + W + "gridSpan")
                try:
                    spans.append(max(1, int(span.get(W + "val"))) if span is not None else 1)
                except (TypeError, ValueError):
                    spans.append(1)
                merge = tc.find(W + "tcPr/" + W + "vMerge")
                if merge is not None and merge.get(W + "val", "continue") == "continue":
                    continued.add((len(rows), sum(spans[:-1])))
            rows.append(_spread(row, spans, header=not any(_has_figure(r) for r in rows)))
        header = False
        if not self.body_seen and rows and max(len(r) for r in rows) == 2:
            flat = " ".join(" ".join(r) for r in rows)
            header = bool(_HEADER_TABLE_RE.search(flat))
        self.items.append(RawItem("table", rows=rows, where=start, header_table=header, row_where=row_where,
                                  continued=frozenset(continued)))


def _raised(position) -> bool:
    try:
        return position is not None and int(position.get(_VAL, "0")) > 0
    except ValueError:
        return False


def _spread(row: list[str], spans: list[int], header: bool) -> list[str]:
    """A row on the table's grid: a cell spanning n grid columns (w:gridSpan) takes n places. In a
    header row of several cells and words only (a group header: «Biên chế được giao» over «Công
    chức», «Viên chức») each place carries the header; elsewhere («Tổng cộng» over TT and Tên, a
    group row "I. Trụ sở, nhà, đất" across the table) the places after the first stay empty."""
    if all(n == 1 for n in spans):
        return row
    repeat = header and len(row) > 1 and not _has_figure(row)
    out: list[str] = []
    for cell, n in zip(row, spans):
        out.append(cell)
        out.extend([cell if repeat else ""] * (n - 1))
    return out


def _has_figure(row: list[str]) -> bool:
    return any(FIGURE_CELL_RE.fullmatch(c.strip()) for c in row if c.strip())


def body_paragraphs(body):
    """The body's w:p elements in the order the reader numbers them (table-cell paragraphs counted)."""
    for child in body:
        tag = child.tag
        if tag == W + "p":
            yield child
        elif tag == W + "tbl":
            for tr in child.findall(W + "tr"):
                for tc in tr.findall(W + "tc"):
                    yield from tc.iter(W + "p")
        elif tag == W + "sdt":
            content = child.find(W + "sdtContent")
            if content is not None:
                yield from body_paragraphs(content)
        elif tag in (W + "ins", W + "moveTo", W + "customXml"):
            yield from body_paragraphs(child)


def read_docx(data: bytes, name: str) -> tuple[list[RawItem], int]:
    reader = DocxReader(data, name)
    items = reader.read()
    size = sum(len(i.text) for i in items) + sum(len(c) for i in items for r in (i.rows or []) for c in r)
    if size > limits.MAX_DOCX_CHARS:
        raise InputError("too_large", f"{name} có quá nhiều chữ cho một dự thảo ({size // (1024 * 1024)} triệu ký tự).",
                         f"{name} holds too much text for a draft ({size // (1024 * 1024)} million characters).")
    if looks_like_markdown("\n".join(i.text for i in items if i.kind == "para")):
        # Markdown pasted into Word: read its markup as formatting, as for a .md draft.
        for item in items:
            if item.kind == "para" and item.text.strip():
                clean, md_level, bold = markdown_paragraph(item.text)
                item.text = clean
                item.md_level = item.md_level or md_level
                item.bold = item.bold or bold
    sample = " ".join(i.text for i in items[:400] if i.text)
    sample += " ".join(" ".join(" ".join(r) for r in (i.rows or [])) for i in items[:50])
    kind = legacy_encoding(sample)
    if kind:
        raise legacy_error(kind, name)
    return items, reader.pending_changes
