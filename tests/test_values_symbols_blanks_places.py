"""The shared parsers behind citation_*, placeholder_unfilled and name_inconsistent, both ways:
document symbols read by their issuer, blanks where a number or a date part belongs, place names."""

import pytest

from baocao_check.facts.blanks import find_blanks
from baocao_check.parsing.dates import find_blank_dates, find_place_date
from baocao_check.parsing.numbers import find_blank_numbers
from baocao_check.parsing.symbols import find_blank_symbols, find_symbols
from baocao_check.parsing.vocabulary import from_lexicon, vocabulary
from baocao_check.places import find_places


@pytest.mark.parametrize("text,family,problem,fixed", [
    ("Nghị định 150/2025/NĐCP", "normative", "missing_hyphen", "150/2025/NĐ-CP"),
    ("Kết luận số 16/KL-TW", "party", "party_as_state", "16-KL/TW"),
    ("Nghị quyết số 71-NQ-TW", "party", "separators", "71-NQ/TW"),
    ("Nghị quyết số 57-NQ/2025/TW", "party", "party_with_year", "57-NQ/TW"),
    ("Kế hoạch số 15-KH/UBND", "state", "state_as_party", "15/KH-UBND"),
    ("Kế hoạch số 15/KH/UBND", "state", "separators", "15/KH-UBND"),
    ("Quyết định số 09/QĐ-ĐU", "party", "party_as_state", "09-QĐ/ĐU"),
    ("Thông báo số 12-TBUBKTĐU", "party", "missing_hyphen", "12-TB/UBKTĐU"),
    ("Nghị định 154/NĐ-CP", "state", "normative_without_year", None),
])
def test_a_malformed_symbol_is_read_with_its_right_form(text, family, problem, fixed):
    [sym] = find_symbols(text)
    assert (sym.family, sym.problem, sym.fixed) == (family, problem, fixed)


@pytest.mark.parametrize("text,family", [
    ("30/2020/NĐ-CP", "normative"), ("01/2025/TT-BNV", "normative"), ("63/2020/QH14", "normative"),
    ("1211/2016/UBTVQH13", "normative"), ("03/2013/TTLT-BNV-BTC", "normative"),
    ("1669/NQ-UBTVQH15", "state"), ("4512/UBND-NC2", "state"), ("325/QĐ-TTg", "state"), ("7415/BNV-CCVC", "state"),
    ("57-NQ/TW", "party"), ("09-QĐ/ĐU", "party"), ("1909-QĐ/TU", "party"), ("45-KH/HU", "party"),
    ("03-KH/UBKT", "party"), ("21-KH/UBKTĐU", "party"), ("36-HD/VPTW", "party"), ("11-QĐi/TW", "party"),
    ("08-TB/ĐUK", "party"), ("02-KH/BCĐTW", "party"),
    # the Front and its member organisations write either form (blind round 13)
    ("15-BC/MTTQ-BTT", "party"), ("15/BC-MTTQ-BTT", "state"), ("12-BC/HCCB", "party"), ("27/BC-MTTW-BTT", "state"),
])
def test_a_well_formed_symbol_has_no_problem(text, family):
    [sym] = find_symbols(text)
    assert (sym.family, sym.problem) == (family, None)


@pytest.mark.parametrize("text", ["ngày 16/6/2025", "33/51 hồ sơ", "giai đoạn 2026-2030", "Tổ 5-Khu A", "ngày 16-6-2025",
                                  "15-20% số hộ", "tỷ lệ 1/500", "Quốc lộ 3B-2"])
def test_no_symbol_in_dates_fractions_ranges_and_labels(text):
    assert find_symbols(text) == []


def test_the_party_issuers_are_data():
    """A Party issuer added to the lexicon (a YAML change) makes its symbols Party symbols."""
    base = vocabulary()
    data = {"document_types": [{"name": t.name, "codes": list(t.codes), "normative": t.normative}
                               for t in base.document_types],
            "issuer_codes": {"party": sorted(base.party_issuers) + ["ĐUKCCQ"], "party_suffixes": [],
                             "state": sorted(base.state_issuers)}}
    [before] = find_symbols("Kết luận số 16/KL-ĐUKCCQ")
    [after] = find_symbols("Kết luận số 16/KL-ĐUKCCQ", from_lexicon(data))
    assert before.problem is None and before.family == "state"
    assert after.problem == "party_as_state" and after.fixed == "16-KL/ĐUKCCQ"


@pytest.mark.parametrize("text,blank", [
    ("Số:    /BC-UBND      Sơn Kim", "Số:    /BC-UBND"),
    ("(kèm theo Kế hoạch số -KH/ĐU của Đảng ủy)", "Kế hoạch số -KH/ĐU"),
    ("Số: …/QĐ-UBND", "Số: …/QĐ-UBND"),
])
def test_a_symbol_with_its_number_left_blank(text, blank):
    assert [b.text for b in find_blank_symbols(text)] == [blank]


@pytest.mark.parametrize("text", ["Số: 15/BC-UBND", "UBND xã/BC tổng hợp", "số 1/KH", "Số TT/KH"])
def test_a_filled_symbol_is_no_blank(text):
    assert find_blank_symbols(text) == []


@pytest.mark.parametrize("text,blank", [
    ("Tân Lập, ngày tháng 5 năm 2026", "ngày tháng 5 năm 2026"),
    ("Sơn Kim 1, ngày    tháng    năm 2026", "ngày    tháng    năm 2026"),
    ("ngày ... tháng ... năm ...", "ngày ... tháng ... năm ..."),
    ("ngày 12 tháng 5 năm ....", "ngày 12 tháng 5 năm ...."),
    ("ban hành ngày /5/2026 của", "ngày /5/2026"),
    ("bàn giao ngày …/…/2026", "ngày …/…/2026"),
    ("ngày 20/…/2026", "ngày 20/…/2026"),
    ("dịch vụ công trực tuyến từ ngày", "từ ngày"),
    ("kể từ ngày … đến nay", "kể từ ngày …"),
])
def test_a_date_with_a_part_left_blank(text, blank):
    assert [b.text for b in find_blank_dates(text)] == [blank]


@pytest.mark.parametrize("text", [
    "Tân Lập, ngày 12 tháng 5 năm 2026", "sai ngày tháng năm sinh của 3 người", "công việc hằng ngày.",
    "từ ngày 01/7/2025 đến nay", "trước ngày 30/6", "ngày 05 tháng 01 năm 2020.", "tháng 5/2026", "vào ngày nghỉ",
])
def test_a_full_date_or_a_date_word_is_no_blank(text):
    assert find_blank_dates(text) == []


@pytest.mark.parametrize("text,blank", [
    ("tỷ lệ hài lòng đạt ...%", "đạt ...%"), ("đạt …% kế hoạch", "đạt …%"), ("(....%)", "....%"),
    ("dân số …/… người", "…/…"), ("đã giải quyết 45/… hồ sơ", "45/…"), ("có ... hộ nghèo", "... hộ"),
    ("hỗ trợ ...... triệu đồng", "...... triệu đồng"), ("Toàn xã có xxx hộ", "xxx"), ("gồm [...] thôn", "[...]"),
    ("tỷ lệ đạt ....", "đạt ...."),
])
def test_a_figure_left_blank(text, blank):
    assert [b.text for b in find_blank_numbers(text)] == [blank]


@pytest.mark.parametrize("text", [
    "các lĩnh vực: đất đai, xây dựng, … được phân cấp", "như: văn hóa, y tế, ...", "Các xã, phường, ... người dân",
    "trẻ em, … người khuyết tật", "v.v...", "1.060/1.200 hồ sơ (88,3%)", "ông Nguyễn Văn X.",
])
def test_an_enumeration_or_a_figure_is_no_blank(text):
    assert find_blank_numbers(text) == []


def test_blanks_of_a_line_are_one_each():
    got = [(b.kind, b.text) for b in find_blanks("Số:    /BC-UBND    Sơn Kim, ngày …/…/2026; đạt ...%")]
    assert got == [("number", "Số:    /BC-UBND"), ("date", "ngày …/…/2026"), ("figure", "đạt ...%")]


def test_the_place_date_line():
    d = find_place_date("Tân Lập, ngày 08 tháng 5 năm 2026")
    assert (d.day, d.month, d.year) == (8, 5, 2026)
    assert find_place_date("Tân Lập, ngày tháng 5 năm 2026") is None


@pytest.mark.parametrize("text,found", [
    ("tập trung tại thôn Đông Văn và thôn Cao Viên 1.", [("thôn Đông Văn", False), ("thôn Cao Viên 1", False)]),
    ("tiếp nhận từ huyện Phù Nghĩa (cũ) 37 hồ sơ", [("huyện Phù Nghĩa", True)]),
    ("thị trấn Văn Giang, phường Hội An, xã Nhân Hòa", [("thị trấn Văn Giang", False), ("phường Hội An", False),
                                                       ("xã Nhân Hòa", False)]),
    ("UBND XÃ THANH LÂM", [("XÃ THANH LÂM", False)]),
    ("UBND xã Văn phòng HĐND; Đảng ủy xã Ủy ban Kiểm tra; xã Hội đồng nhân dân", []),
])
def test_place_names_whole_and_not_organisations(text, found):
    assert [(text[p.full_start:p.end], p.former) for p in find_places(text)] == found


@pytest.mark.parametrize("text,date", [
    ("Kế hoạch số 42-KH/ĐU ngày 04/5/2026 của", "04/5/2026"),
    ("Kế hoạch số 42-KH/ĐU ngày 04 tháng 5 năm 2026 của", "ngày 04 tháng 5 năm 2026"),
    ("Kế hoạch số 42-KH/ĐU, ban hành ngày 04 tháng 5 năm 2026", "ngày 04 tháng 5 năm 2026"),
    ("Kế hoạch số 42-KH/ĐU; ngày 5 tháng sau", None),
])
def test_a_citation_takes_the_date_after_it_in_figures_or_words(text, date):
    from baocao_check.parsing import extract
    [cit] = extract(text).citations
    assert (cit.date.text if cit.date else None) == date
