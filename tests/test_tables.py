"""The table model (baocao_check/facts/tables.py) and the body figures linked to annex cells
(baocao_check/facts/figures.py), on tables written by hand and on annex tables made by real
producers (fixtures/make_table_fixtures.py: pandoc, LibreOffice, python-docx with merged cells)."""

import json
import os
import shutil
import subprocess
import sys

import pytest

from baocao_check.facts import Facts
from baocao_check.facts.figures import annex_models, figures_of, link
from baocao_check.facts.tables import model_of, tables_of
from baocao_check.model import Block, Table
from baocao_check.readers import read_document
from conftest import FIXTURES, run_cli

TABLES = os.path.join(FIXTURES, "rules", "tables")
RENDERINGS = ["md", "pandoc.docx", "soffice.docx", "pydocx.docx"]
MY_RULES = ("arithmetic_total", "arithmetic_percent", "annex_mismatch", "footnote_mismatch")


def table(rows, identifier="Phụ lục 1"):
    t = Table(rows=rows, identifier=identifier)
    return Block(index=0, kind="table", text="\n".join(" | ".join(r) for r in rows), table=t, zone="annex")


def test_group_rows_subsets_and_a_named_grand_total():
    m = model_of(table([
        ["TT", "Đơn vị", "Được giao", "Tỷ lệ"],
        ["I", "Khối A", "20", "50,0%"],
        ["1", "Phòng 1", "12", ""],
        ["", "Trong đó: nữ", "5", ""],
        ["2", "Phòng 2", "8", ""],
        ["II", "Khối B", "30", ""],
        ["a", "Tổ a", "30", ""],
        ["", "Tổng cộng (I + II)", "50", ""],
    ]))
    kinds = [(r.marker, r.kind) for r in m.rows]
    assert kinds == [("I", "group"), ("1", "item"), ("", "subset"), ("2", "item"), ("II", "group"), ("a", "item"),
                     ("", "total")]
    assert [c.kind for c in m.columns] == ["ordinal", "text", "count", "percentage"]
    assert [m.rows[i].label for i in m.rows[-1].children] == ["Khối A", "Khối B"]
    assert [m.rows[i].label for i in m.rows[0].children] == ["Phòng 1", "Phòng 2"]   # "nữ" is not added
    assert all(c.agrees for c in m.total_checks())


def test_a_short_header_row_is_spread_over_the_row_under_it():
    # Word: "Biên chế" spans two columns, TT and Đơn vị are merged down (empty under them)
    m = model_of(table([
        ["TT", "Đơn vị", "Biên chế", "Ghi chú"],
        ["", "", "Được giao", "Hiện có", ""],
        ["1", "Phòng 1", "12", "11", ""],
        ["2", "Phòng 2", "8", "8", ""],
        ["Tổng cộng", "20", "19", ""],          # the label merged over TT and Đơn vị
    ]))
    assert m.header_rows == 2
    assert [c.header for c in m.columns] == ["TT", "Đơn vị", "Biên chế Được giao", "Biên chế Hiện có", "Ghi chú"]
    total = m.rows[-1]
    assert total.kind == "total" and total.label == "Tổng cộng" and total.cells[2:4] == ["20", "19"]
    assert all(c.agrees for c in m.total_checks())


def test_a_row_of_column_numbers_is_header_not_data():
    m = model_of(table([
        ["STT", "Lĩnh vực", "Tiếp nhận", "Giải quyết"],
        ["(1)", "(2)", "(3)", "(4)"],
        ["1", "Hộ tịch", "10", "9"],
        ["2", "Đất đai", "5", "5"],
        ["", "Tổng số", "15", "14"],
    ]))
    assert m.header_rows == 2 and len(m.rows) == 3
    assert all(c.agrees for c in m.total_checks())


def test_subtotal_and_detail_rows_both_listed_sum_to_twice_the_total_and_are_no_error():
    m = model_of(table([["Đơn vị", "Số"], ["Khối A", "30"], ["A1", "10"], ["A2", "20"], ["Khối B", "5"],
                        ["B1", "5"], ["Tổng cộng", "35"]]))
    assert m.total_checks() == []


def test_a_wrong_subtotal_is_reported_on_its_own_row():
    m = model_of(table([["TT", "Đơn vị", "Số"], ["1", "A", "3"], ["2", "B", "4"], ["", "Cộng", "8"],
                        ["3", "C", "1"], ["", "Cộng", "1"], ["", "Tổng cộng", "9"]]))
    bad = [(c.row.label, c.total, c.expected) for c in m.total_checks() if not c.agrees]
    assert [(label, str(t), str(e)) for label, t, e in bad] == [("Cộng", "8", "7")]


def test_ratio_total_is_the_overall_ratio_and_years_are_not_added():
    m = model_of(table([["TT", "Nguồn", "Tổng số (mét)", "Đã chỉnh lý (mét)", "Tỷ lệ", "Năm"],
                        ["1", "A", "38,0", "20,0", "52,6%", "2025"], ["2", "B", "41,5", "27,5", "66,3%", "2026"],
                        ["", "Tổng cộng", "79,5", "47,5", "59,7%", ""]]))
    kinds = {c.header: c.kind for c in m.columns}
    assert kinds["Tổng số (mét)"] == "amount" and kinds["Tỷ lệ"] == "percentage" and kinds["Năm"] == "text"
    checks = {(c.column.header, c.kind): c for c in m.total_checks()}
    assert checks[("Tỷ lệ", "ratio")].agrees
    assert all(c.agrees for c in checks.values())


def _doc(tmp_path, text, name="d.md"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    doc = read_document(str(p))
    return doc, Facts(doc)


def test_figures_carry_unit_subject_period_and_skip_numbers_that_name(tmp_path):
    doc, facts = _doc(tmp_path, (
        "I. KẾT QUẢ\n"
        "Từ ngày 01/7/2025 đến ngày 30/4/2026, tổng số hồ sơ tiếp nhận là 2.964 hồ sơ, tại tầng 2 trụ sở, "
        "tổ dân phố số 5; diện tích 1.240 m².\n"))
    figs = {f.text: f for f in figures_of(facts)}
    assert set(figs) == {"2.964", "1.240"}
    total = figs["2.964"]
    assert total.unit == "hồ sơ" and total.is_total and total.subject == "tổng số hồ sơ tiếp nhận là"
    assert total.period == ("01/7/2025", "30/4/2026")
    assert figs["1.240"].unit == "m²" and not figs["1.240"].is_total


def test_a_figure_links_to_the_cell_of_its_row_and_column(tmp_path):
    doc, facts = _doc(tmp_path, (
        "I. KẾT QUẢ\n"
        "Xã có trụ sở xã Hòa Bình (cũ) tại thôn Đông, diện tích 2.150 m²; Trạm Y tế xã Hòa Bình (cũ) có 3 phòng.\n"
        "Phụ lục 3\n\n"
        "| TT | Cơ sở nhà, đất | Diện tích đất (m²) | Số phòng |\n|---|---|---|---|\n"
        "| 1 | Trụ sở xã Hòa Bình (cũ) | 2.510 | 12 |\n| 2 | Trạm Y tế xã Hòa Bình (cũ) | 640 | 3 |\n"))
    models = annex_models(facts)
    by_value = {f.text: link(f, models) for f in figures_of(facts)}
    area = by_value["2.150"]
    assert area is not None and area.row.label == "Trụ sở xã Hòa Bình (cũ)" and area.cell == "2.510"
    # "3 phòng" under «Số phòng»: the header names only what is counted, the figure's unit
    rooms = by_value["3"]
    assert rooms is not None and rooms.row.label == "Trạm Y tế xã Hòa Bình (cũ)" and rooms.column.header == "Số phòng"


def test_a_statement_about_all_the_rows_is_the_tables_total(tmp_path):
    # found by the defect-injection harness: the body figure restates the total of an annex that
    # it neither calls "tổng số" nor cites
    doc, facts = _doc(tmp_path, (
        "I. KẾT QUẢ\n"
        "Thường trực HĐND tiếp nhận 1.286 hồ sơ của HĐND 03 đơn vị cũ; xã thực hiện 312 nhiệm vụ được phân cấp, phân quyền, ủy quyền.\n"
        "Trạm Y tế có 12 hồ sơ, tài liệu cần chỉnh lý.\n"
        "Phụ lục 1. Hồ sơ của HĐND tiếp nhận\n\n"
        "| TT | Đơn vị cũ | Tiếp nhận (hồ sơ) |\n|---|---|---:|\n"
        "| 1 | Xã Đông Tiến (cũ) | 468 |\n| 2 | Xã Sơn Hà (cũ) | 392 |\n| 3 | Thị trấn Đông Lâm (cũ) | 426 |\n"
        "| | Tổng cộng | 1.376 |\n\n"
        "Phụ lục 2. Nhiệm vụ phân cấp, phân quyền, ủy quyền\n\n"
        "| Lĩnh vực | Số nhiệm vụ |\n|---|---|\n| Đất đai | 142 |\n| Xây dựng | 92 |\n| Lĩnh vực khác | 100 |\n"
        "| Tổng cộng | 334 |\n"))
    models = annex_models(facts)
    by_value = {f.text: link(f, models) for f in figures_of(facts)}
    assert by_value["1.286"] is not None and by_value["1.286"].cell == "1.376"     # "03 đơn vị cũ": all three rows
    assert by_value["312"] is not None and by_value["312"].cell == "334"           # the words after it: the title
    assert by_value["12"] is None                                                  # a part, named by no row


# ------------------------------------------------------------------ real producers


@pytest.mark.parametrize("rendering", RENDERINGS)
def test_the_tables_of_every_producer_read_the_same(rendering):
    doc = read_document(os.path.join(TABLES, f"bang-sai.{rendering}"))
    facts = Facts(doc)
    models = {m.name: m for m in tables_of(facts)}
    assert sorted(models) == ["Phụ lục 1", "Phụ lục 2", "Phụ lục 3"]
    p1 = models["Phụ lục 1"]
    assert [c.kind for c in p1.columns] == ["ordinal", "text", "count", "count", "count"]
    assert [c.header.lower() for c in p1.columns[2:4]] == ["biên chế được giao", "biên chế hiện có"]
    assert [(r.marker, r.kind) for r in p1.rows] == [("I", "group"), ("1", "item"), ("2", "item"), ("II", "group"),
                                                     ("1", "item"), ("2", "item"), ("", "total")]
    assert p1.rows[-1].label == "Tổng cộng (I + II)"
    assert [c.kind for c in models["Phụ lục 2"].columns][-1] == "percentage"
    assert models["Phụ lục 3"].columns[2].unit == "m²"


def _findings(path):
    code, out, err = run_cli("check", path, "--format", "json", "--fail-on", "never",
                             *[x for r in MY_RULES for x in ("--rule", r)])
    assert code == 0, err
    return json.loads(out)["documents"][0]["findings"]


@pytest.mark.parametrize("rendering", RENDERINGS)
def test_the_correct_draft_raises_nothing_and_the_faulty_one_each_fault(rendering):
    assert _findings(os.path.join(TABLES, f"bang-dung.{rendering}")) == []
    got = {(f["rule"], f["evidence"]) for f in _findings(os.path.join(TABLES, f"bang-sai.{rendering}"))}
    expected = {("annex_mismatch", "tổng số hồ sơ tiếp nhận là 1.530 hồ sơ"),
                ("annex_mismatch", "diện tích 2.150 m²"),
                ("arithmetic_total", "52 đơn, gồm 10 đơn khiếu nại, 03 đơn tố cáo, 36 đơn kiến nghị, phản ánh"),
                ("arithmetic_total", "18"),          # group row I: 11 + 6
                ("arithmetic_percent", "78,5%")}     # the overall ratio is 1.204/1.503 = 80,1%
    if rendering in ("md", "pandoc.docx"):           # the two renderings with the footnote
        expected.add(("footnote_mismatch", "04 hội nghị"))   # a count its footnote's list does not bear out
    assert got == expected


def test_the_script_remakes_the_table_fixtures(tmp_path):
    for tool in ("pandoc", "soffice"):
        assert shutil.which(tool), f"{tool} is not installed: run the README's test command (scripts/test)"
    subprocess.run([sys.executable, os.path.join(FIXTURES, "make_table_fixtures.py"), "--out", str(tmp_path)],
                   check=True, capture_output=True, timeout=300)
    for name in ("bang-dung", "bang-sai"):
        for rendering in RENDERINGS:
            made, kept = (read_document(os.path.join(d, f"{name}.{rendering}")) for d in (str(tmp_path), TABLES))
            assert [b.table.rows for b in made.tables()] == [b.table.rows for b in kept.tables()], (name, rendering)


def test_unnumbered_rows_under_a_roman_group_row_are_its_rows():
    m = model_of(table([["Đơn vị", "Số"], ["I. Nhóm 1", "30"], ["Văn thư", "10"], ["Lưu trữ", "20"],
                        ["II. Nhóm 2", "6"], ["Đất đai", "5"], ["Tổng cộng", "36"]]))
    assert [(r.kind, r.parent) for r in m.rows] == [("group", 5), ("item", 0), ("item", 0), ("group", 5),
                                                    ("item", 3), ("total", None)]
    bad = [(c.row.label, str(c.total), str(c.expected)) for c in m.total_checks() if not c.agrees]
    assert bad == [("Nhóm 2", "6", "5")]
