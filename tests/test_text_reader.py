"""Plain-text and Markdown drafts into the document model."""

import pytest

from baocao_check.errors import InputError
from baocao_check.readers import read_document
from conftest import seed_txt


def headings(doc):
    return [((s.label.text if s.label else None), s.title) for s in doc.sections() if s.is_heading]


def test_seed_outline_numbered_headings():
    doc = read_document(seed_txt("000_fe80ed0676aba89d"))
    h = headings(doc)
    assert h[0] == ("I.", "ĐẶC ĐIỂM TÌNH HÌNH")
    assert ("2.1.", "Hạn chế, khó khăn, vướng mắc") in h
    top = [s.label.text for s in doc.outline.children if s.label]
    assert top == ["I.", "II.", "III.", "IV.", "V.", "VI."]
    # the signature block is not a section of the report
    assert all("BÍ THƯ" not in t for _, t in h)


def test_long_heading_without_sentence_break_is_a_heading():
    doc = read_document(seed_txt("000_fe80ed0676aba89d"))
    ii = doc.outline.children[1]
    assert ii.children[0].label.text == "1." and ii.children[0].is_heading
    assert ii.children[0].title.startswith("Công tác thông tin, tuyên truyền")


def test_markdown_levels_do_not_decide_structure():
    # seed 002 uses #, ##, ###, #### inconsistently; the labels carry the structure
    doc = read_document(seed_txt("002_53c823dbee11987c"))
    assert doc.format == "markdown"
    iv = next(s for s in doc.outline.children if s.label and s.label.text == "IV.")
    assert [c.label.text for c in iv.children] == ["1.", "2.", "3."]
    one = iv.children[0]
    assert [c.label.text for c in one.children] == ["1.1.", "1.2."]
    assert [c.label.text for c in one.children[1].children] == ["a)", "b)"]
    # Markdown markup is gone from the text, the words kept
    assert all("**" not in b.text and "<sup>" not in b.text for b in doc.blocks)


def test_letter_subsections_with_vietnamese_d():
    doc = read_document(seed_txt("004_545f26e5666c642b"))
    ii = next(s for s in doc.outline.children if s.label and s.label.text == "II.")
    letters = [c.label.text for c in ii.children[0].children]
    assert letters == ["a)", "b)", "c)", "d)", "đ)"]


def test_page_break_joins_paragraph_and_keeps_lines():
    doc = read_document(seed_txt("003_8ed906cb5f5441e6"))
    block = next(b for b in doc.blocks if "còn thiếu 18 cán bộ, công chức thuộc Ủy ban" in b.text)
    assert "thuộc Ủy ban nhân dân phường so với biên chế tạm giao" in block.text
    assert block.line == 145
    offset = block.text.index("nhân dân phường so với")
    assert block.line_at(offset) == 149     # the second half sits on line 149 of the file
    loc = doc.location_of(block, offset)
    assert loc["line"] == 149 and loc["paragraph"] is None


def test_footnotes_linked_and_units_are_not_markers():
    doc = read_document(seed_txt("003_8ed906cb5f5441e6"))
    numbers = sorted(b.footnote_number for b in doc.footnotes())
    assert numbers == list(range(1, 29))
    refs = sorted(r.number for r in doc.footnote_refs)
    assert refs == list(range(1, 29))
    # "46,34 km²" in the first paragraph is an area, not footnote 2
    first = next(b for b in doc.blocks if "46,34 km²" in b.text)
    assert all(not (r.block_index == first.index and r.marker == "²" and first.text[r.offset - 2:r.offset] == "km")
               for r in doc.footnote_refs)
    one = next(r for r in doc.footnote_refs if r.number == 1)
    assert doc.blocks[one.block_index].text[one.offset - 8:one.offset] == "giúp việc"[-8:]


def test_header_and_closing_zones():
    doc = read_document(seed_txt("002_53c823dbee11987c"))
    number_line = next(b for b in doc.blocks if b.text.startswith("Số:"))
    assert number_line.zone == "header"
    closing = next(b for b in doc.blocks if b.text.startswith("Nơi nhận"))
    assert closing.zone == "closing"
    assert all(s.block_index < closing.index for s in doc.sections())


def test_plan_outline_part_after_signature():
    doc = read_document(seed_txt("001_6c5180949553ecef"))
    part = next(s for s in doc.outline.children if s.title == "ĐỀ CƯƠNG BÁO CÁO")
    assert [c.label.text for c in part.children] == ["I.", "II.", "III.", "IV."]
    assert [c.label.text for c in part.children[1].children] == [f"{i}." for i in range(1, 10)]


def test_pipe_table_and_annex_identifier(tmp_path):
    p = tmp_path / "d.md"
    p.write_text("I. KẾT QUẢ\n\nNội dung.\n\n**Biểu 6B: Biên chế**\n\n| Chỉ tiêu | Số |\n|---|---|\n| Công chức | 15 |\n",
                 encoding="utf-8")
    doc = read_document(str(p))
    table = doc.tables()[0]
    assert table.table.rows == [["Chỉ tiêu", "Số"], ["Công chức", "15"]]
    assert table.table.identifier == "Biểu 6B"
    assert table.line == 7


def _cp1258(text):
    """Windows-1258 as Vietnamese Windows writes it: precomposed letters, tone marks combining."""
    import unicodedata
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
        out.append(base + "".join(c for c in parts if c in tones))
    return "".join(out).encode("cp1258")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1258"])
def test_encodings(tmp_path, encoding):
    text = "I. ĐẶC ĐIỂM TÌNH HÌNH\n\nXã có 19 thôn, dân số 33.936 người; trụ sở Ủy ban nhân dân đặt tại thôn Hòa Bình.\n"
    p = tmp_path / f"d-{encoding}.txt"
    p.write_bytes(_cp1258(text) if encoding == "cp1258" else text.encode(encoding))
    doc = read_document(str(p))
    assert doc.blocks[0].text == "I. ĐẶC ĐIỂM TÌNH HÌNH"
    assert "Ủy ban nhân dân" in doc.blocks[1].text


@pytest.mark.parametrize("legacy,sample", [
    ("TCVN3", "I. §Æc ®iÓm t×nh h×nh\n\nX· cã 19 th«n, d©n sè 33.936 ng­êi; trô së ñy ban nh©n d©n.\n"),
    ("VNI", "I. Ñaëc ñieåm tình hình\n\nXaõ coù 19 thoân, daân soá 33.936 ngöôøi; truï sôû UÛy ban nhaân daân.\n"),
])
def test_legacy_encodings_are_named(tmp_path, legacy, sample):
    p = tmp_path / "old.txt"
    p.write_bytes(sample.encode("cp1252", errors="replace") if legacy == "VNI" else sample.encode("latin-1", errors="replace"))
    with pytest.raises(InputError) as exc:
        read_document(str(p))
    assert exc.value.code == "legacy_encoding"
    assert legacy.split()[0] in exc.value.vi and "Unicode" in exc.value.en


def test_empty_file(tmp_path):
    p = tmp_path / "empty.txt"
    p.write_bytes(b"\n\n  \n")
    with pytest.raises(InputError) as exc:
        read_document(str(p))
    assert exc.value.code == "empty" and "rỗng" in exc.value.vi


def test_tone_placement_normalised_for_matching():
    from baocao_check.normalize import fold
    assert fold("Hoà Bình, Uỷ ban") == fold("Hòa Bình, Ủy ban")
    assert fold("Thuỷ lợi") == fold("Thủy lợi")
    # decomposed input (NFD) folds like composed
    import unicodedata
    assert fold(unicodedata.normalize("NFD", "Ưu điểm")) == fold("Ưu điểm")


def test_tab_table_keeps_empty_edge_cells_and_two_row_header(tmp_path):
    # a merged header cell, the empty "TT" of the total row and an empty last "Ghi chú" are cells:
    # the tabs that delimit them are kept, so the rows keep the table's column count
    p = tmp_path / "d.txt"
    p.write_text("I. KẾT QUẢ\n\nNội dung.\n\nPHỤ LỤC 1\n"
                 "TT\tCơ quan\tBiên chế\t\tGhi chú\n"
                 "\t\tĐược giao\tHiện có\t\n"
                 "1\tVăn phòng\t14\t13\t\n"
                 "2\tPhòng Kinh tế\t16\t14\tThiếu 02\n"
                 "\tTổng cộng\t30\t27\t\n", encoding="utf-8")
    doc = read_document(str(p))
    [table] = doc.tables()
    assert table.table.rows == [["TT", "Cơ quan", "Biên chế", "", "Ghi chú"],
                                ["", "", "Được giao", "Hiện có", ""],
                                ["1", "Văn phòng", "14", "13", ""],
                                ["2", "Phòng Kinh tế", "16", "14", "Thiếu 02"],
                                ["", "Tổng cộng", "30", "27", ""]]
    assert table.line == 6 and table.line_at(table.text.index("Tổng cộng")) == 10
    assert table.table.identifier == "Phụ lục 1"


def test_tab_table_continuation_row_with_fewer_cells(tmp_path):
    # an export that leaves out trailing empty cells: the row is padded, not a new table
    p = tmp_path / "d.txt"
    p.write_text("TT\tChỉ tiêu\tSố\tGhi chú\n1\tCông chức\t15\tĐủ\n2\tViên chức\t\n3\tHợp đồng\t2\t-\n",
                 encoding="utf-8")
    [table] = read_document(str(p)).tables()
    assert table.table.rows[2] == ["2", "Viên chức", "", ""]
    assert len(table.table.rows) == 4


def test_tab_table_rows_with_full_cells_still_read(tmp_path):
    # the case that already worked: every row has all its cells
    p = tmp_path / "d.txt"
    p.write_text("Nội dung.\n\nTT\tChỉ tiêu\tSố\n1\tCông chức\t15\n2\tViên chức\t20\n\nSau bảng.\n", encoding="utf-8")
    doc = read_document(str(p))
    [table] = doc.tables()
    assert table.table.rows == [["TT", "Chỉ tiêu", "Số"], ["1", "Công chức", "15"], ["2", "Viên chức", "20"]]
    assert any(b.text == "Sau bảng." for b in doc.blocks)


def test_stray_trailing_tabs_do_not_make_a_table(tmp_path):
    p = tmp_path / "d.txt"
    p.write_text("I. KẾT QUẢ\t\nXã có 19 thôn.\t\n", encoding="utf-8")
    doc = read_document(str(p))
    assert doc.tables() == []
    assert doc.blocks[0].label.text == "I."


def _outline(doc):
    def walk(sec):
        return [(c.label.text if c.label else c.title, walk(c)) for c in sec.children]
    return walk(doc.outline)


def test_upper_letters_continue_past_h(tmp_path):
    # "I." after "H." is the letter I, "K." follows it; nothing before "I." falls out of the body
    letters = "A B C D Đ E G H I K".split()
    p = tmp_path / "d.txt"
    p.write_text("\n\n".join(f"{ch}. Nhiệm vụ thứ {k}\n\nXã đã thực hiện nhiệm vụ {k}."
                             for k, ch in enumerate(letters, 1)) + "\n", encoding="utf-8")
    doc = read_document(str(p))
    top = doc.outline.children
    assert [s.label.text for s in top] == [f"{ch}." for ch in letters]
    assert {s.label.kind for s in top} == {"upper"}
    assert [s.label.last for s in top] == list(range(1, 11))
    assert all(b.zone == "body" for b in doc.blocks)


def test_v_after_u_and_x_after_v_are_letters():
    from baocao_check.readers.assemble import RawItem, assemble
    items = [RawItem("para", f"{ch}. Mục {ch}", where=k) for k, ch in enumerate(["T", "U", "V", "X", "Y"], 1)]
    doc = assemble(items, "x.txt", "text")
    assert [(s.label.kind, s.label.text) for s in doc.outline.children] == [
        ("upper", "T."), ("upper", "U."), ("upper", "V."), ("upper", "X."), ("upper", "Y.")]


def test_roman_parts_under_a_letter_stay_roman(tmp_path):
    # the case that already worked: "I." then "II." is Roman even right after a letter
    p = tmp_path / "d.txt"
    p.write_text("A. PHẦN CHUNG\n\nI. ĐẶC ĐIỂM\n\nNội dung.\n\nII. KẾT QUẢ\n\nNội dung.\n\n"
                 "H. PHẦN CUỐI\n\nI. ĐÁNH GIÁ\n\nII. KIẾN NGHỊ\n", encoding="utf-8")
    doc = read_document(str(p))
    assert _outline(doc) == [("A.", [("I.", []), ("II.", [])]), ("H.", [("I.", []), ("II.", [])])]
    assert doc.outline.children[1].children[0].label.kind == "roman"


def test_roman_outline_without_letters_is_unchanged():
    from baocao_check.readers.assemble import RawItem, assemble
    items = [RawItem("para", t, where=k) for k, t in enumerate(["I. ĐẶC ĐIỂM", "Nội dung.", "V. KIẾN NGHỊ",
                                                                   "X. TỔ CHỨC THỰC HIỆN"], 1)]
    doc = assemble(items, "x.txt", "text")
    assert [(s.label.kind, s.label.last) for s in doc.outline.children] == [("roman", 1), ("roman", 5), ("roman", 10)]


def test_heading_at_the_top_without_header_is_body(tmp_path):
    p = tmp_path / "d.txt"
    p.write_text("KẾT QUẢ THỰC HIỆN NHIỆM VỤ\n\nXã đã hoàn thành 12/12 chỉ tiêu.\n\n1. Về kinh tế\n\nTăng 8%.\n",
                 encoding="utf-8")
    doc = read_document(str(p))
    assert doc.blocks[0].zone == "body"
    assert doc.outline.children[0].title == "KẾT QUẢ THỰC HIỆN NHIỆM VỤ"


def test_top_lines_of_a_document_header_stay_header(tmp_path):
    # the case that already worked: the agency name above "Số:" and the title are the header
    p = tmp_path / "d.txt"
    p.write_text("ỦY BAN NHÂN DÂN XÃ HÒA TIẾN\n\nSố: 12/BC-UBND\n\nBÁO CÁO\n\nKết quả năm 2026\n\n"
                 "I. ĐẶC ĐIỂM TÌNH HÌNH\n\nXã có 19 thôn.\n", encoding="utf-8")
    doc = read_document(str(p))
    assert [b.zone for b in doc.blocks[:4]] == ["header"] * 4
    assert doc.outline.children[0].label.text == "I."


def test_lower_case_letters_past_h_stay_letters():
    # Vietnamese lettering a) … h), i), k): "i)" is the letter after "h)", never a Roman numeral
    from baocao_check.readers.assemble import RawItem, assemble
    letters = "a b c d đ e g h i k".split()
    items = [RawItem("para", "1. Kết quả", where=1)] + [
        RawItem("para", f"{ch}) Nội dung {ch}", where=k) for k, ch in enumerate(letters, 2)]
    doc = assemble(items, "x.txt", "text")
    [one] = doc.outline.children
    assert [(c.label.kind, c.label.text, c.label.last) for c in one.children] == [
        ("letter", f"{ch})", k) for k, ch in enumerate(letters, 1)]


@pytest.mark.parametrize("letters,values", [
    ("A B C D E F", [1, 2, 3, 4, 5, 6]),        # A–Z order: E after D is the next letter
    ("A B C D Đ E G", [1, 2, 3, 4, 5, 6, 7]),   # Vietnamese order
    ("A B D", [1, 2, 4]),                       # a letter left out stays a gap
])
def test_upper_letter_ordinals_follow_either_order(letters, values):
    from baocao_check.readers.assemble import RawItem, assemble
    items = [RawItem("para", f"{ch}. MỤC {k}", where=k) for k, ch in enumerate(letters.split(), 1)]
    doc = assemble(items, "x.txt", "text")
    assert [s.label.last for s in doc.outline.children] == values


def test_latin_lettering_is_no_numbering_skip(check_text):
    text = "\n\n".join(f"{ch}. MỤC SỐ {k}\n\nNội dung của mục số {k}." for k, ch in enumerate("ABCDEF", 1))
    skipped = "\n\n".join(f"{ch}. MỤC SỐ {k}\n\nNội dung của mục số {k}." for k, ch in enumerate("ABD", 1))
    assert not [f for f in check_text(text) if f.rule == "section_order_or_numbering"]
    assert [f.evidence for f in check_text(skipped) if f.rule == "section_order_or_numbering"] == ["D."]


def _md(tmp_path, text, name="d.md"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return read_document(str(path))


def test_a_long_numbered_sentence_is_an_item_and_a_title_stays_a_heading(tmp_path):
    """Blind round 8: "c) Một số cán bộ … chưa hiệu quả." under "2. Tồn tại, hạn chế" is an item the
    rules read, not a section; a title ending with a full stop, and a title with its text after a lead-in,
    still open sections; a short item among long ones is an item as they are."""
    doc = _md(tmp_path, "## II. ĐÁNH GIÁ CHUNG\n\n### 2. Tồn tại, hạn chế và nguyên nhân\n\n"
              "a) Hạ tầng viễn thông: còn vùng lõm sóng tại 03 khối, ảnh hưởng đến khoảng 420 hộ dân khi sử dụng dịch vụ.\n\n"
              "b) Một số cán bộ, công chức còn hạn chế về kỹ năng số, việc khai thác các phần mềm dùng chung ở một số "
              "bộ phận chưa hiệu quả như yêu cầu đặt ra.\n\n"
              "1. Kết quả sắp xếp, kiện toàn tổ chức bộ máy, cán bộ, công chức, viên chức của hệ thống chính trị của địa phương.\n\n"
              "Nội dung.\n\n"
              "## IV. KIẾN NGHỊ\n\n"
              "1. Đề nghị Sở Nội vụ bổ sung 04 biên chế công chức còn thiếu cho phường, trong đó 01 kế toán cho Văn "
              "phòng và 03 công chức địa chính, hoàn thành trong quý III/2026.\n\n"
              "2. Đề nghị các cấp quan tâm, tạo điều kiện hơn nữa để phường hoàn thành tốt nhiệm vụ được giao.\n\n"
              "3. Đề nghị UBND tỉnh trình HĐND tỉnh ban hành định mức phân bổ chi thường xuyên đặc thù cho các "
              "phường có quy mô dân số lớn, áp dụng từ năm ngân sách 2027.\n")
    kinds = {b.text[:2]: b.kind for b in doc.blocks if b.label is not None}
    assert kinds["a)"] == kinds["b)"] == "list_item"   # an item, and its sibling with a lead-in with it
    assert next(b for b in doc.blocks if b.text.startswith("a)")).lead == "Hạ tầng viễn thông"
    by_text = {b.text[:12]: b for b in doc.blocks}
    assert by_text["1. Kết quả s"].is_heading
    assert [by_text[k].kind for k in ("1. Đề nghị S", "2. Đề nghị c", "3. Đề nghị U")] == ["list_item"] * 3
    # a title with its text after a lead-in opens its section ("6.1. Tài chính, ngân sách: thu …")
    doc = _md(tmp_path, "6. Nguồn lực, điều kiện hoạt động\n6.1. Tài chính, ngân sách: thu ngân sách 42,3 tỷ đồng, "
              "đạt 108% dự toán; chi thường xuyên 31,2 tỷ đồng, bảo đảm hoạt động của bộ máy sau sắp xếp theo quy định.\n"
              "6.2. Trụ sở làm việc\n", name="e.txt")
    assert [b.label.text for b in doc.blocks if b.is_heading] == ["6.", "6.1.", "6.2."]


def test_an_annex_titled_in_mixed_case_after_the_signature(tmp_path):
    """"Phụ lục 1" (not in capitals) after the signature opens the annexes, as "PHỤ LỤC 1" does."""
    doc = _md(tmp_path, "I. KẾT QUẢ\n\nNội dung chi tiết tại Phụ lục 1 kèm theo.\n\nNơi nhận:\n- Lưu: VT.\n\n"
              "TM. BAN THƯỜNG VỤ\n\nPhụ lục 1\n\nSỐ LƯỢNG CÁN BỘ\n\n| TT | Đơn vị | Số lượng |\n|---|---|---|\n"
              "| 1 | Văn phòng | 12 |\n", name="d.txt")
    annex = next(b for b in doc.blocks if b.text == "Phụ lục 1")
    assert annex.zone == "annex"
    assert next(b for b in doc.blocks if b.kind == "table").zone == "annex"


PDF_TEXT = """\
I. KẾT QUẢ THỰC HIỆN
Đề nghị Sở Nông nghiệp và Môi trường khắc phục tình trạng gián đoạn kết nối của cơ sở dữ
liệu đất đai với Hệ thống thông tin giải quyết thủ tục hành chính của tỉnh trước ngày
Trang 8/10
UBND xã Tân Hợp Sơn – Báo cáo sơ kết 01 năm
30/9/2026.
Bảng 1. Số lượng cán bộ, công chức
STT   Cơ quan, đơn vị                     Biên chế giao   Hiện có
1     Văn phòng HĐND và UBND                         12        11
2     Trung tâm Phục vụ hành chính công,             06        05
      bộ phận một cửa
      Tổng số                                        18        16
Trang 9/10
UBND xã Tân Hợp Sơn – Báo cáo sơ kết 01 năm
II. ĐÁNH GIÁ CHUNG
"""


def test_text_copied_out_of_a_pdf(tmp_path):
    """Blind round 9: page numbers and the running header after them are no text, a paragraph a page
    cut in two reads on, and a table laid out with spaces is a table (its wrapped cells joined, its
    total row a row)."""
    doc = _md(tmp_path, PDF_TEXT, name="pdf.txt")
    texts = [b.text for b in doc.blocks if b.kind != "table"]
    assert not any("Trang" in t or "Báo cáo sơ kết 01 năm" in t for t in texts)
    assert any(t.endswith("của tỉnh trước ngày 30/9/2026.") for t in texts)
    table = next(b.table for b in doc.blocks if b.kind == "table")
    assert table.rows == [["STT", "Cơ quan, đơn vị", "Biên chế giao", "Hiện có"],
                          ["1", "Văn phòng HĐND và UBND", "12", "11"],
                          ["2", "Trung tâm Phục vụ hành chính công, bộ phận một cửa", "06", "05"],
                          ["", "Tổng số", "18", "16"]]


def test_prose_with_double_spaces_is_no_table(tmp_path):
    """Words a typist spaced twice do not make columns: the breaks do not line up."""
    doc = _md(tmp_path, "I. KẾT QUẢ\nUBND xã  đã tiếp nhận 120 hồ sơ,  giải quyết đúng hạn 118 hồ sơ;\n"
              "Văn phòng  đã tham mưu ban hành 12 văn bản  chỉ đạo điều hành\n"
              "và  tổ chức 03 hội nghị  quán triệt  cho cán bộ.\n", name="p.txt")
    assert not any(b.kind == "table" for b in doc.blocks)
