"""Word drafts: same outline as the text, numbering rebuilt, footnotes, tracked changes, locations."""

import os
import zipfile

import pytest
from docx import Document as WordDocument
from docx.oxml import parse_xml

from baocao_check.engine import check_document
from baocao_check.errors import InputError
from baocao_check.readers import read_document
from baocao_check.ruleset import load_ruleset
from conftest import docx_variants, seed_docx, seed_txt

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def headings(doc):
    return [((s.label.text if s.label else None), s.title, s.level) for s in doc.sections() if s.is_heading]


@pytest.mark.parametrize("base,producer", docx_variants())
def test_same_outline_as_text(base, producer):
    txt = read_document(seed_txt(base))
    docx = read_document(seed_docx(base, producer))
    assert docx.format == "docx"
    assert headings(docx) == headings(txt)


def test_pandoc_numbering_labels_are_rebuilt():
    path = seed_docx("004_545f26e5666c642b", "pandoc")
    # the labels are automatic numbering: not in the XML text
    xml = zipfile.ZipFile(path).read("word/document.xml").decode("utf-8")
    assert "<w:numId" in xml and ">Khái quát đặc điểm tình hình<" in xml
    doc = read_document(path)
    sec = next(s for s in doc.sections() if s.title == "Khái quát đặc điểm tình hình")
    assert sec.label.text == "1."
    # a restarted list (startOverride) and roman numbering
    assert [s.label.text for s in doc.outline.children if s.label] == ["I.", "II.", "III.", "IV.", "V."]


def test_pydocx_multilevel_numbering_with_restarts():
    doc = read_document(seed_docx("003_8ed906cb5f5441e6", "pydocx"))
    iv = next(s for s in doc.outline.children if s.label and s.label.text == "IV.")
    # the draft repeats "3." and jumps from V to VII; the Word file reproduces that with start overrides
    assert [c.label.text for c in iv.children] == ["1.", "2.", "3.", "3."]
    assert [s.label.text for s in doc.outline.children if s.label][-2:] == ["V.", "VII."]


def test_real_footnotes_linked_to_references():
    doc = read_document(seed_docx("003_8ed906cb5f5441e6", "pandoc"))
    assert doc.real_footnotes
    notes = {b.footnote_number: b.text for b in doc.footnotes()}
    assert sorted(notes) == list(range(1, 29))
    assert notes[1].startswith("Ban Xây dựng đảng Đảng ủy phường")
    ref = next(r for r in doc.footnote_refs if r.number == 1)
    assert "giúp việc" in doc.blocks[ref.block_index].text[:ref.offset]


def test_findings_in_word_footnotes_point_at_the_marker_paragraph():
    """A Word footnote lives outside the body: its findings name the paragraph holding its marker."""
    from baocao_check.engine import check_document
    from baocao_check.ruleset import load_ruleset
    doc = read_document(seed_docx("003_8ed906cb5f5441e6", "pandoc"))
    findings = check_document(doc, load_ruleset())
    on_notes = [f for f in findings if doc.blocks[f.block_index].kind == "footnote"]
    assert on_notes, "the seed's footnotes hold findings (symbols of the old unit, 'chuyên đổi số')"
    for f in on_notes:
        note = doc.blocks[f.block_index]
        ref = next(r for r in doc.footnote_refs if r.number == note.footnote_number)
        holder = doc.blocks[ref.block_index]     # may join paragraphs split by a page break
        assert f.location["paragraph"] == holder.line_at(ref.offset) and f.location["line"] is None
        assert holder.paragraph <= f.location["paragraph"]
        assert f.location["footnote"] == note.footnote_number    # the JSON names the footnote too
    assert all(f.location["paragraph"] for f in findings)
    assert not any("footnote" in f.location for f in findings if doc.blocks[f.block_index].kind != "footnote")


def test_json_location_of_a_footnote_finding_is_valid(tmp_path):
    """The footnote's number is part of the findings contract (an optional key of location)."""
    import json
    import jsonschema
    from baocao_check.engine import check_path
    from baocao_check.report import json_report
    from baocao_check.ruleset import load_ruleset
    rs = load_ruleset()
    res = check_path(seed_docx("003_8ed906cb5f5441e6", "pandoc"), rs)
    out = json.loads(json_report.render([res], rs))
    schema = json.load(open(os.path.join(os.path.dirname(__file__), "..", "baocao_check", "schemas",
                                         "findings-v1.schema.json"), encoding="utf-8"))
    jsonschema.validate(out, schema)
    locs = [f["location"] for d in out["documents"] for f in d["findings"]]
    assert any(isinstance(loc.get("footnote"), int) for loc in locs)


def test_tracked_changes_read_as_accepted():
    doc = read_document(seed_docx("003_8ed906cb5f5441e6", "pydocx"))
    assert doc.pending_changes == 2
    text = "\n".join(b.text for b in doc.blocks)
    assert "(đã bổ sung)" in text
    assert "CHỮ ĐÃ XOÁ" not in text


def test_header_table_and_annex_table():
    doc = read_document(seed_docx("003_8ed906cb5f5441e6", "pydocx"))
    header, annex = doc.tables()
    assert header.table.is_header and header.zone == "header"
    assert "Số: 15/BC-UBND" in header.text
    assert annex.table.identifier == "Phụ lục 1" and annex.zone == "annex"
    assert annex.table.rows[1] == ["Công chức", "51", "33"]


@pytest.mark.parametrize("producer", ["pandoc", "soffice", "pydocx"])
def test_paragraph_locations_point_at_the_right_text(producer):
    """The paragraph number of a block is the body paragraph (table cells counted) holding its text."""
    path = seed_docx("003_8ed906cb5f5441e6", producer)
    word = WordDocument(path)
    body_paragraphs = []
    for el in word.element.body.iter(f"{{{W_NS}}}p"):
        body_paragraphs.append("".join(t.text or "" for t in el.iter(f"{{{W_NS}}}t")))
    doc = read_document(path)
    checked = 0
    for b in doc.blocks:
        if b.kind in ("paragraph", "heading", "list_item") and b.paragraph is not None and len(b.text) > 30:
            word_text = body_paragraphs[b.paragraph - 1].strip()
            text = b.text
            if b.label is not None and not word_text.startswith(b.label.text):
                text = text[len(b.label.text):].strip()  # an automatic label Word shows but does not store
            assert text[:15] == word_text[:15], (b.paragraph, text[:40], word_text[:40])
            checked += 1
    assert checked > 20


def _numbered_doc(tmp_path, style_numbering=False, override=None):
    """A Word file numbered automatically, directly or through a paragraph style."""
    doc = WordDocument()
    numbering = doc.part.numbering_part.element
    numbering.insert(0, parse_xml(
        f'<w:abstractNum xmlns:w="{W_NS}" w:abstractNumId="70"><w:multiLevelType w:val="multilevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl>'
        '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%3)"/></w:lvl>'
        '</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num xmlns:w="{W_NS}" w:numId="70"><w:abstractNumId w:val="70"/></w:num>'))
    if override:
        ilvl, start = override
        numbering.append(parse_xml(
            f'<w:num xmlns:w="{W_NS}" w:numId="71"><w:abstractNumId w:val="70"/>'
            f'<w:lvlOverride w:ilvl="{ilvl}"><w:startOverride w:val="{start}"/></w:lvlOverride></w:num>'))
    if style_numbering:
        for level, name in ((0, "Heading 1"), (1, "Heading 2")):
            ppr = doc.styles[name].element.get_or_add_pPr()
            ppr.append(parse_xml(f'<w:numPr xmlns:w="{W_NS}"><w:ilvl w:val="{level}"/><w:numId w:val="70"/></w:numPr>'))

    def para(text, level, num_id=70):
        p = doc.add_paragraph(text, style=f"Heading {level + 1}" if level < 2 else None)
        if not style_numbering or level >= 2 or num_id != 70:
            p._p.get_or_add_pPr().append(parse_xml(
                f'<w:numPr xmlns:w="{W_NS}"><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'))
        return p
    para("ĐẶC ĐIỂM TÌNH HÌNH", 0)
    para("Thuận lợi", 1)
    para("Khó khăn", 1)
    para("KẾT QUẢ THỰC HIỆN", 0)
    para("Tổ chức bộ máy", 1)
    para("Về cán bộ", 2)
    para("Về biên chế", 2)
    para("Phân cấp, phân quyền", 1, 71 if override else 70)
    path = tmp_path / "numbered.docx"
    doc.save(str(path))
    return str(path)


def test_numbering_counts_per_abstract_definition(tmp_path):
    doc = read_document(_numbered_doc(tmp_path))
    got = [(s.label.text, s.title) for s in doc.sections()]
    assert got == [("I.", "ĐẶC ĐIỂM TÌNH HÌNH"), ("1.", "Thuận lợi"), ("2.", "Khó khăn"),
                   ("II.", "KẾT QUẢ THỰC HIỆN"), ("1.", "Tổ chức bộ máy"), ("a)", "Về cán bộ"),
                   ("b)", "Về biên chế"), ("2.", "Phân cấp, phân quyền")]


def test_numbering_inherited_from_heading_styles(tmp_path):
    doc = read_document(_numbered_doc(tmp_path, style_numbering=True))
    assert [s.label.text for s in doc.sections()] == ["I.", "1.", "2.", "II.", "1.", "a)", "b)", "2."]


def test_numbering_start_override(tmp_path):
    doc = read_document(_numbered_doc(tmp_path, override=(1, 5)))
    assert [s.label.text for s in doc.sections()][-1] == "5."


@pytest.mark.parametrize("payload,code", [
    (b"", "empty"),
    (b"this is not a zip at all", "not_docx"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "ole_container"),
])
def test_broken_docx_gives_clear_error(tmp_path, payload, code):
    p = tmp_path / "bad.docx"
    p.write_bytes(payload)
    with pytest.raises(InputError) as exc:
        read_document(str(p))
    assert exc.value.code == code
    assert exc.value.vi and exc.value.en and exc.value.vi != exc.value.en


def test_truncated_and_partless_docx(tmp_path):
    good = open(seed_docx("004_545f26e5666c642b", "pandoc"), "rb").read()
    p = tmp_path / "cut.docx"
    p.write_bytes(good[: len(good) // 2])
    with pytest.raises(InputError) as exc:
        read_document(str(p))
    assert exc.value.code == "corrupt_docx"
    q = tmp_path / "nodoc.docx"
    with zipfile.ZipFile(q, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
    with pytest.raises(InputError) as exc:
        read_document(str(q))
    assert exc.value.code == "no_document_xml"


def test_doctype_in_docx_is_refused(tmp_path):
    q = tmp_path / "xxe.docx"
    with zipfile.ZipFile(q, "w") as zf:
        zf.writestr("word/document.xml", '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                    f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>')
    with pytest.raises(InputError) as exc:
        read_document(str(q))
    assert exc.value.code == "unsafe_xml"


def test_old_doc_extension(tmp_path):
    p = tmp_path / "cu.doc"
    p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    with pytest.raises(InputError) as exc:
        read_document(str(p))
    assert exc.value.code == "legacy_doc" and ".docx" in exc.value.vi


def test_findings_in_a_table_name_the_row_line_or_paragraph(tmp_path):
    """A finding on a table row points at that row (Markdown line; Word paragraph of the row's first
    cell, counting cell paragraphs), not at the table's first line."""
    import subprocess

    from baocao_check.engine import check_document
    from baocao_check.ruleset import load_ruleset
    md = tmp_path / "bang.md"
    md.write_text("I. KẾT QUẢ\n\nSố liệu tại Phụ lục 1.\n\nPhụ lục 1\n\n| Chỉ tiêu | Số lượng |\n|---|---|\n"
                  "| Cán bộ | 18 |\n| Công chức | 27 |\n| Tổng cộng | 47 |\n", encoding="utf-8")
    docx = tmp_path / "bang.docx"
    subprocess.run(["pandoc", str(md), "-o", str(docx)], check=True)
    where = {}
    for path, key in ((md, "line"), (docx, "paragraph")):
        doc = read_document(str(path))
        [f] = check_document(doc, load_ruleset(), only=["arithmetic_total"])
        where[key] = f.location[key]
    assert where == {"line": 11, "paragraph": 10}


def _lettered_doc(tmp_path):
    """Word's automatic numbering in upperLetter "A.", lowerLetter "a)", "(1)" and a "PHẦN %1" part
    level that is no section label (python-docx with numbering.xml)."""
    doc = WordDocument()
    numbering = doc.part.numbering_part.element
    numbering.insert(0, parse_xml(
        f'<w:abstractNum xmlns:w="{W_NS}" w:abstractNumId="72"><w:multiLevelType w:val="multilevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="PHẦN %1"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="upperLetter"/><w:lvlText w:val="%2."/></w:lvl>'
        '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%3)"/></w:lvl>'
        '<w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="(%4)"/></w:lvl>'
        '</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num xmlns:w="{W_NS}" w:numId="72"><w:abstractNumId w:val="72"/></w:num>'))

    def para(text, level):
        p = doc.add_paragraph(text, style="Heading 1" if level == 0 else None)
        p._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr xmlns:w="{W_NS}"><w:ilvl w:val="{level}"/><w:numId w:val="72"/></w:numPr>'))
    para("KẾT QUẢ THỰC HIỆN", 0)
    for k in range(1, 10):
        para(f"Nhiệm vụ {k}", 1)
        if k == 2:
            para("Về cán bộ", 2)
            para("Về biên chế", 2)
            para("Rà soát 1.049 nhiệm vụ", 3)
    path = tmp_path / "lettered.docx"
    doc.save(str(path))
    return str(path)


def test_upper_letter_numbering_is_the_label(tmp_path):
    doc = read_document(_lettered_doc(tmp_path))
    part = doc.outline.children[0]
    # the "PHẦN I" level is no label but stays in the text
    assert part.label is None and part.title == "PHẦN I KẾT QUẢ THỰC HIỆN"
    letters = [(s.label.kind, s.label.text, s.title) for s in part.children]
    assert letters[:2] == [("upper", "A.", "Nhiệm vụ 1"), ("upper", "B.", "Nhiệm vụ 2")]
    # Word letters as Word shows them (A–Z, no "Đ"); the 9th follows "H.": the letter I, not the Roman
    # part I; nothing falls out of the body
    assert [t for _, t, _ in letters] == ["A.", "B.", "C.", "D.", "E.", "F.", "G.", "H.", "I."]
    assert {k for k, _, _ in letters} == {"upper"}
    b = part.children[1]
    assert [(c.label.text, c.title) for c in b.children] == [("a)", "Về cán bộ"), ("b)", "Về biên chế")]
    item = next(x for x in doc.blocks if "1.049" in x.text)
    assert item.text == "(1) Rà soát 1.049 nhiệm vụ" and item.label.kind == "paren"
    assert all(x.zone == "body" for x in doc.blocks)


def test_pandoc_footnote_left_as_text_and_an_empty_footnote(tmp_path):
    """pandoc leaves "[^5]" without a definition as text in the Word copy, and writes an empty footnote
    for "[^2]: \\": both are footnote faults of the Word draft (found on an unseen draft)."""
    import subprocess
    md = tmp_path / "d.md"
    md.write_text("I. KẾT QUẢ\n\nHĐND tổ chức 10 buổi tiếp xúc[^5] và ban hành quy chế[^1] và nội quy[^2].\n\n"
                  "[^1]: Gồm 4 kỳ họp.\n\n[^2]: \\\n", encoding="utf-8")
    out = tmp_path / "d.docx"
    subprocess.run(["pandoc", str(md), "-o", str(out)], check=True)
    findings = [f for f in check_document(read_document(str(out)), load_ruleset()) if f.rule == "footnote_mismatch"]
    codes = {(f.code, f.evidence) for f in findings}
    assert ("marker_left_as_text", "[^5]") in codes
    assert any(c == "empty_text" for c, _ in codes)
    assert not any("số 1" in f.message for f in findings)      # footnote 1 has its text
    # the Markdown source itself: "[^5]" is a marker there, with no text
    md_findings = [f for f in check_document(read_document(str(md)), load_ruleset()) if f.rule == "footnote_mismatch"]
    assert {f.code for f in md_findings} >= {"marker_without_text", "empty_text"}


def test_cells_spanning_columns_take_their_places_on_the_grid(tmp_path):
    """Word's merged cells (w:gridSpan): two group headers over four leaf columns keep their own
    leaves (the second group used to be lost, its leaves read under the first), and a total label
    spanning TT and Tên leaves the name column empty."""
    from baocao_check.facts.tables import model_of
    word = WordDocument()
    word.add_paragraph("I. KẾT QUẢ")
    word.add_paragraph("Phụ lục 1")
    t = word.add_table(rows=4, cols=6)
    t.cell(0, 0).merge(t.cell(1, 0)).text = "TT"
    t.cell(0, 1).merge(t.cell(1, 1)).text = "Cơ quan"
    t.cell(0, 2).merge(t.cell(0, 3)).text = "Biên chế được giao"
    t.cell(0, 4).merge(t.cell(0, 5)).text = "Có mặt"
    for i, leaf in enumerate(["Công chức", "Viên chức", "Công chức", "Viên chức"]):
        t.cell(1, 2 + i).text = leaf
    for i, v in enumerate(["1", "Văn phòng", "14", "2", "13", "2"]):
        t.cell(2, i).text = v
    t.cell(3, 0).merge(t.cell(3, 1)).text = "Tổng cộng"
    for i, v in enumerate(["14", "2", "13", "2"]):
        t.cell(3, 2 + i).text = v
    path = str(tmp_path / "gop-o.docx")
    word.save(path)
    doc = read_document(path)
    table = next(b for b in doc.blocks if b.kind == "table")
    assert table.table.rows[0] == ["TT", "Cơ quan", "Biên chế được giao", "Biên chế được giao", "Có mặt", "Có mặt"]
    assert table.table.rows[3] == ["Tổng cộng", "", "14", "2", "13", "2"]
    headers = [c.header for c in model_of(table).columns]
    assert headers[2:] == ["Biên chế được giao Công chức", "Biên chế được giao Viên chức", "Có mặt Công chức",
                           "Có mặt Viên chức"]


def _surplus_annex(tmp_path, merge_deadlines: bool):
    """A body paragraph on surplus assets and its annex (python-docx); rows 2 and 3 share one
    deadline cell merged vertically, or row 3's deadline cell is left empty."""
    doc = WordDocument()
    doc.add_paragraph("II. KẾT QUẢ THỰC HIỆN")
    doc.add_paragraph("Sau sắp xếp, xã có 03 cơ sở nhà, đất dôi dư; phương án xử lý, cơ quan chủ trì và "
                      "thời hạn đối với từng cơ sở tại Phụ lục 1 kèm theo.")
    doc.add_paragraph("Phụ lục 1. Danh mục nhà, đất dôi dư")
    rows = [["STT", "Tên cơ sở nhà, đất", "Phương án xử lý", "Thời hạn hoàn thành"],
            ["1", "Trụ sở UBND xã Tân Lập cũ", "Bàn giao Trường Mầm non", "31/8/2026"],
            ["2", "Trạm Y tế xã Vân Sơn cũ", "Bàn giao Trung tâm Y tế", "30/9/2026"],
            ["3", "Nhà kho Hợp tác xã Vân Sơn cũ", "Làm kho vật tư", ""]]
    table = doc.add_table(rows=len(rows), cols=4)
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            table.cell(r, c).text = text
    if merge_deadlines:
        table.cell(2, 3).merge(table.cell(3, 3))
    path = tmp_path / "d.docx"
    doc.save(path)
    return str(path)


@pytest.mark.parametrize("merged", [True, False])
def test_a_deadline_cell_merged_down_answers_the_rows_it_covers(tmp_path, merged):
    """Word's vertical merge (w:vMerge) leaves the lower cells empty: they hold the cell above's
    deadline and are read as continued; an empty cell that is not merged is an asset without one."""
    doc = read_document(_surplus_annex(tmp_path, merged))
    table = next(b.table for b in doc.blocks if b.kind == "table" and "Tân Lập" in b.text)
    assert ((3, 3) in table.continued) is merged
    codes = [f.code for f in check_document(doc, load_ruleset(), only=["deadline_missing"])]
    assert ("surplus.row_without_deadline" in codes) is not merged


def test_raised_digits_read_as_a_footnote_marker(tmp_path):
    """LibreOffice saves an HTML <sup> as raised text (w:position), not w:vertAlign: digits raised so
    are a typed footnote marker, and a marker whose note is missing is found."""
    doc = WordDocument()
    doc.add_paragraph("I. KẾT QUẢ")
    p = doc.add_paragraph("Đã kết nối 04 phần mềm với hệ thống của tỉnh")
    run = p.add_run("6")
    run._r.get_or_add_rPr().append(parse_xml('<w:position xmlns:w="http://schemas.openxmlformats.org/'
                                             'wordprocessingml/2006/main" w:val="7"/>'))
    p.add_run(".")
    path = tmp_path / "raised.docx"
    doc.save(path)
    read = read_document(str(path))
    assert any(b.text.endswith("tỉnh⁶.") for b in read.blocks)
    assert any(f.rule == "footnote_mismatch" for f in check_document(read, load_ruleset(), only=["footnote_mismatch"]))
