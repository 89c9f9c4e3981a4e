"""The draft's headings aligned to the outline (baocao_check/facts/outline.py): wording, the unit's
own name, merged headings, renumbering and order, on drafts in other heading schemes
(fixtures/rules/outline_*: "Phần thứ nhất" with A./B., synonyms and reordered words, Word's
automatic numbering with no typed labels)."""

import os

import pytest
import yaml

from baocao_check.engine import check_document
from baocao_check.facts import outline as O
from baocao_check.matching import requirements_from
from baocao_check.readers import read_document
from baocao_check.rules.base import Context
from baocao_check.ruleset import load_ruleset
from conftest import FIXTURES, ROOT

DIR = os.path.join(FIXTURES, "rules")
OUTLINE_RULES = ["missing_section", "section_order_or_numbering"]


def _outline_findings(path, ruleset=None):
    doc = read_document(path)
    fs = check_document(doc, ruleset or load_ruleset(), "vi", OUTLINE_RULES)
    # the plan's content areas are another check of the same rule; these drafts are short on purpose
    return [f for f in fs if "Lĩnh vực" not in f.message and "chưa đề cập lĩnh vực" not in f.message]


def _match(path):
    doc = read_document(path)
    return Context(doc, load_ruleset()).outline_match, doc


def _line(match, doc, rid):
    c = match.found.get(rid)
    return None if c is None else (c.block.line or c.block.paragraph)


# ---------------------------------------------------------------- similarity

def _profiles():
    reqs = requirements_from(load_ruleset().get("outline"))
    items = [r for top in reqs for r in top.walk()]
    profiles = {r.id: O.profile_of(r) for r in items}
    return profiles, O.Weights(list(profiles.values()))


def test_the_units_own_name_stands_for_cơ_quan_đơn_vị():
    assert O.UNIT in O.units("Kết quả tổ chức và hoạt động của UBND phường sau sắp xếp")
    assert O.UNIT in O.units("Hoạt động của Đảng ủy xã Tân Hòa sau sắp xếp")
    assert "tân" not in O.units("Hoạt động của Đảng ủy xã Tân Hòa sau sắp xếp")
    assert O.UNIT in O.units("Kết quả tổ chức và hoạt động của cơ quan, đơn vị sau sắp xếp")
    profiles, weigh = _profiles()
    heading = O.units("4. Kết quả tổ chức và hoạt động của UBND phường sau sắp xếp")
    s4, s2 = O.similarity(profiles["II.4"], heading, weigh), O.similarity(profiles["II.2"], heading, weigh)
    assert s4 > 0.9 and s4 > s2


def test_case_and_tone_placement_are_folded():
    profiles, weigh = _profiles()
    a = O.similarity(profiles["II.1"], O.units("CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO, THỂ CHẾ HOÁ, CỤ THỂ HOÁ"), weigh)
    b = O.similarity(profiles["II.1"], O.units("Công tác lãnh đạo, chỉ đạo, thể chế hóa, cụ thể hóa"), weigh)
    assert a == b and a > 0.9


def test_generic_words_alone_do_not_answer_an_item():
    profiles, weigh = _profiles()
    # "nguyên nhân" ends three items of part III: it says nothing of which one
    assert O.similarity(profiles["III.2"], O.units("Ưu điểm, nguyên nhân"), weigh) < O.THRESHOLD
    assert O.similarity(profiles["III.1"], O.units("Ưu điểm, nguyên nhân"), weigh) > 0.9


def test_reordered_words_score_as_the_original():
    profiles, weigh = _profiles()
    assert O.similarity(profiles["I.2"], O.units("Khó khăn, thuận lợi"), weigh) > 0.9
    assert O.similarity(profiles["II.8"], O.units("Khiếu nại, tố cáo, tiếp công dân"), weigh) > 0.8


# ---------------------------------------------------------------- other heading schemes

@pytest.mark.parametrize("name", ["outline_phan_thu.md", "outline_dong_nghia.md", "outline_dong_nghia.docx"])
def test_complete_drafts_in_other_schemes_raise_nothing(name):
    serious = [f for f in _outline_findings(os.path.join(DIR, name)) if f.severity != "info"]
    assert serious == [], [f.message for f in serious]


def test_parts_named_phan_thu_with_lettered_items():
    match, doc = _match(os.path.join(DIR, "outline_phan_thu.md"))
    assert _line(match, doc, "I") == 15 and _line(match, doc, "I.2") == 21       # "B. Những thuận lợi và khó khăn"
    assert _line(match, doc, "II.4") == 45      # "Hoạt động của Đảng ủy xã Tân Hòa sau sắp xếp: mô hình, sáng kiến"
    assert _line(match, doc, "II.8") == 67      # "Giải quyết đơn thư khiếu nại, tố cáo và tiếp công dân"
    assert _line(match, doc, "IV") == 89        # "PHẦN THỨ TƯ. KIẾN NGHỊ, ĐỀ XUẤT"
    assert not match.displaced


def test_merged_headings_answer_both_items():
    match, doc = _match(os.path.join(DIR, "outline_phan_thu.md"))
    assert _line(match, doc, "III.1") == _line(match, doc, "III.2") == 77      # "A. Ưu điểm và hạn chế"
    match, doc = _match(os.path.join(DIR, "outline_dong_nghia.md"))
    assert _line(match, doc, "III.2") == _line(match, doc, "III.3") == 83      # "Khó khăn, vướng mắc và hạn chế"


def test_automatic_numbering_reads_as_typed_labels():
    md, md_doc = _match(os.path.join(DIR, "outline_dong_nghia.loi.md"))
    dx, dx_doc = _match(os.path.join(DIR, "outline_dong_nghia.loi.docx"))
    assert md.displaced == dx.displaced == {"III.3"}
    assert {r for r in md.found} == {r for r in dx.found}
    assert dx_doc.blocks[dx.found["II.4"].index].label.text.startswith("3")   # renumbered after II.3, in numbering.xml


@pytest.mark.parametrize("name", ["outline_dong_nghia.loi.md", "outline_dong_nghia.loi.docx"])
def test_renumbered_after_a_missing_item_and_two_items_swapped(name):
    fs = _outline_findings(os.path.join(DIR, name))
    serious = [f for f in fs if f.severity != "info"]
    missing = [f for f in serious if f.rule == "missing_section"]
    assert [f.message for f in missing] == [
        "Thiếu mục «II.3. Kết quả bàn giao, tiếp nhận và xử lý công việc chuyển tiếp» theo Đề cương, mục II.3."]
    assert "sau mục «2. Tổ chức và hoạt động của bộ máy»" in missing[0].suggestion
    assert "trước mục «3. Sáng kiến, mô hình mới sau sắp xếp của UBND xã»" in missing[0].suggestion
    order = [f for f in serious if f.rule == "section_order_or_numbering"]
    assert len(order) == 1 and order[0].severity == "warning"
    assert order[0].evidence.endswith("Khó khăn, vướng mắc")
    assert "«III.3." in order[0].message and "«III.2." in order[0].message
    # the renumbered items 3 … 8 are read by their words: nothing else is reported missing or skipped
    assert len(serious) == 2


# ---------------------------------------------------------------- order pins an ambiguous heading

def test_a_strong_neighbour_pins_an_ambiguous_heading(check_text):
    draft = ("II. TỔ CHỨC VÀ HOẠT ĐỘNG CỦA UBND XÃ SAU VẬN HÀNH CHÍNH QUYỀN ĐỊA PHƯƠNG 2 CẤP\n"
             "1. Công tác lãnh đạo, chỉ đạo\n"
             "2. Kết quả tổ chức và hoạt động\n"
             "3. Kết quả bàn giao, tiếp nhận và xử lý công việc chuyển tiếp\n"
             "4. Kết quả tổ chức và hoạt động của UBND xã sau sắp xếp\n"
             "5. Bảo đảm nguồn lực, điều kiện hoạt động\n")
    msgs = [f.message for f in check_text(draft, rules=["missing_section"])]
    for rid in ("II.1.", "II.2.", "II.3.", "II.4.", "II.5."):
        assert not any(f"«{rid} " in m and m.startswith("Thiếu") for m in msgs), rid


def test_without_the_neighbour_the_item_is_still_missing(check_text):
    draft = ("II. TỔ CHỨC VÀ HOẠT ĐỘNG CỦA UBND XÃ SAU VẬN HÀNH CHÍNH QUYỀN ĐỊA PHƯƠNG 2 CẤP\n"
             "1. Công tác lãnh đạo, chỉ đạo\n"
             "2. Kết quả tổ chức và hoạt động\n"
             "3. Kết quả bàn giao, tiếp nhận và xử lý công việc chuyển tiếp\n"
             "4. Bảo đảm nguồn lực, điều kiện hoạt động\n")
    msgs = [f.message for f in check_text(draft, rules=["missing_section"]) if f.severity == "error"]
    assert any(m.startswith("Thiếu mục «II.4.") for m in msgs), msgs


# ---------------------------------------------------------------- optional items

def _ruleset_with(tmp_path, edit):
    with open(os.path.join(ROOT, "rulesets", "so-ket-01-nam-cqdp-2-cap.yaml"), encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    edit(data)
    path = tmp_path / "r.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return load_ruleset(str(path))


def test_an_item_not_required_is_not_reported_missing(tmp_path, check_text):
    draft = ("III. ĐÁNH GIÁ CHUNG\n1. Ưu điểm, nguyên nhân\n2. Hạn chế, khuyết điểm, nguyên nhân\n"
             "3. Khó khăn, vướng mắc, nguyên nhân\nIV. ĐỀ XUẤT, KIẾN NGHỊ\n")
    builtin = check_text(draft, rules=["missing_section"])
    assert any(f.message.startswith("Thiếu mục «III.4.") for f in builtin)

    def optional(data):
        part = next(p for p in data["outline"] if p["id"] == "III")
        next(c for c in part["children"] if c["id"] == "III.4")["required"] = False
    fs = check_text(draft, rules=["missing_section"], ruleset=_ruleset_with(tmp_path, optional))
    assert not any("«III.4." in f.message for f in fs)


def test_optional_key_of_a_derived_outline_is_honoured():
    reqs = requirements_from([{"id": "V", "title": "Phụ lục", "clause": "Đề cương, mục V", "optional": True},
                              {"id": "VI", "title": "Kiến nghị", "clause": "Đề cương, mục VI"}])
    assert [r.required for r in reqs] == [False, True]


def test_fillers_drop_pairs_not_the_syllables_of_topics():
    # "công tác" is a filler, but "công" is a topic word in "tiếp công dân", "tài sản công"
    assert "công dân" in O.units("Công tác tiếp công dân")
    assert "sản công" in O.units("Về trụ sở, tài sản công")
    assert not {"tác", "thực", "hiện"} & O.units("Công tác kiểm tra, việc thực hiện giám sát", O._fillers())


def test_numbers_in_headings_are_compared_by_value_and_superscripts_are_not_numbers():
    assert "1 năm" in O.units("Kết quả sau 01 năm") and "1 năm" in O.units("kết quả sau 1 năm")
    assert O.units("Tình hình¹ chung") >= {"tình hình"}      # a footnote marker, not int('¹')


_PAREN_PLAN = [
    {"id": "I", "title": "Công tác cán bộ", "clause": "Đề cương, mục I", "children": [
        {"id": "I.1", "title": "Quy hoạch, đào tạo, bồi dưỡng cán bộ", "clause": "Đề cương, mục I.1", "children": [
            {"id": "I.1.1", "title": "Công tác quy hoạch cán bộ", "clause": "Đề cương, mục I.1.1",
             "match": ["quy hoạch cán bộ"]},
            {"id": "I.1.2", "title": "Công tác đào tạo, bồi dưỡng", "clause": "Đề cương, mục I.1.2",
             "match": ["đào tạo"]}]}]}]


def _paren_match(tmp_path, body):
    from baocao_check.matching import match_outline
    p = tmp_path / "d.txt"
    p.write_text("I. CÔNG TÁC CÁN BỘ\n\n1. Quy hoạch, đào tạo, bồi dưỡng cán bộ\n\n" + body, encoding="utf-8")
    doc = read_document(str(p))
    return match_outline(doc, requirements_from(_PAREN_PLAN)), doc


def test_paren_items_with_a_lead_answer_the_plans_paren_items(tmp_path):
    match, doc = _paren_match(tmp_path, "(1) Công tác quy hoạch cán bộ: rà soát, bổ sung quy hoạch 46 đồng chí vào các "
                                        "chức danh chủ chốt.\n\n(2) Công tác đào tạo, bồi dưỡng: cử 12 cán bộ đi học "
                                        "trung cấp lý luận chính trị.\n")
    assert doc.blocks[match.found["I.1.1"].index].text.startswith("(1) Công tác quy hoạch")
    assert doc.blocks[match.found["I.1.2"].index].text.startswith("(2) Công tác đào tạo")
    assert match.found["I.1"].block.text.startswith("1. Quy hoạch")


def test_paren_items_without_a_lead_are_no_candidates(tmp_path):
    # the case that already worked: a "(1)" sentence is no heading; the parent heading answers both items
    match, doc = _paren_match(tmp_path, "(1) Rà soát, bổ sung quy hoạch 46 đồng chí vào các chức danh chủ chốt.\n\n"
                                        "(2) Cử 12 cán bộ đi học trung cấp lý luận chính trị.\n")
    assert not any(c.block.text.startswith("(") for c in match.candidates)
    assert match.found["I.1.1"].block.text.startswith("1. Quy hoạch")
