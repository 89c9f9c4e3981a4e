"""The defect-injection harness itself works: mutations are applied where the structure says, the
clean draft is left as it was, the renderings are real, and a run reports the expected shape.
The checker's detection rates are printed by ``bench/inject.py``, never asserted here."""

import glob
import hashlib
import os
import sys
import zipfile

import pytest
import yaml

from conftest import ROOT
from injection import Draft, run, table, variants
from injection import mutations as m
from injection.harness import at_place, new_findings
from injection.render import to_docx_pydocx, to_pandoc_markdown, to_text

STYLES = os.path.join(ROOT, "fixtures", "styles")
PARTY = os.path.join(STYLES, "dang-uy-xa-markdown-dung.md")

SMALL = """ỦY BAN NHÂN DÂN XÃ AN PHÚ

Số: 12/BC-UBND

An Phú, ngày 20 tháng 5 năm 2026

BÁO CÁO

I. ĐẶC ĐIỂM TÌNH HÌNH

1. Đặc điểm, tình hình

Xã An Phú có 12 thôn; thôn Đông Hà và thôn Tây Hà giáp sông. Đã giải quyết 45/50 hồ sơ, đạt 90,0%. UBND xã đã tổ chức hội nghị triển khai ngày 05/3/2026 (Phụ lục 1).

2. Thuận lợi, khó khăn

Địa bàn thôn Đông Hà thường bị ngập; tiếp nhận 30 đơn (khiếu nại 10, kiến nghị 20), giao công chức địa chính giải quyết trước ngày 30/9/2026.

II. ĐÁNH GIÁ CHUNG

Bộ máy vận hành thông suốt.

III. KIẾN NGHỊ

Đề nghị Sở Nội vụ bổ sung 02 biên chế trong quý III/2026.

Phụ lục 1

| TT | Chỉ tiêu | Số lượng |
|---|---|---:|
| 1 | Cán bộ | 20 |
| 2 | Công chức | 25 |
| | Tổng cộng | 45 |
"""


def _diff(a: str, b: str):
    la, lb = a.split("\n"), b.split("\n")
    return [(i, x, y) for i, (x, y) in enumerate(zip(la, lb)) if x != y]


def test_structure_of_a_draft_is_found_without_its_phrases():
    d = Draft(SMALL)
    assert [(h.kind, h.label, h.level) for h in d.headings] == [
        ("roman", "I", 1), ("arabic", "1", 2), ("arabic", "2", 2), ("roman", "II", 1), ("roman", "III", 1)]
    assert d.tables[0].total_row() == 3 and d.tables[0].numeric_columns() == [2]
    assert set(d.annexes) == {"1"}
    assert str(d.report_date()) == "2026-05-20"


def test_a_percentage_fault_changes_only_that_percentage():
    v = m.op_percent(Draft(SMALL), __import__("random").Random(0))[0]
    (i, old, new), = _diff(SMALL, v.text)
    assert "90,0%" in old and "86,0%" in new and v.lines == [i] and v.anchors == ["86,0%"]
    assert v.category == "arithmetic_percent" and not v.harmless


def test_each_fault_category_is_made_on_the_small_draft_and_leaves_it_unchanged():
    before = SMALL
    vs = variants(SMALL, per_op=1)
    assert SMALL == before
    cats = {v.category for v in vs if not v.harmless}
    assert {"arithmetic_percent", "arithmetic_total", "placeholder_unfilled", "deadline_missing",
            "name_inconsistent", "citation_malformed", "section_order_or_numbering", "missing_section",
            "annex_missing", "date_implausible"} <= cats
    for v in vs:
        assert v.text != SMALL or v.render, v.name
    miss = next(v for v in vs if v.category == "missing_section")
    gone, kept = miss.heading_words, ({"Đặc điểm, tình hình", "Thuận lợi, khó khăn"} - {miss.heading_words}).pop()
    assert gone not in miss.text and f"1. {kept}" in miss.text, "the sibling left is numbered 1."


def test_breakdown_after_trong_do_is_only_pushed_beyond_its_total():
    text = SMALL.replace("tiếp nhận 30 đơn (khiếu nại 10, kiến nghị 20)", "tiếp nhận 30 đơn, trong đó: khiếu nại 10, kiến nghị 20")
    for v in m.op_breakdown(Draft(text), __import__("random").Random(1)):
        line = v.text.split("\n")[v.lines[0]]
        nums = [int(x) for x in __import__("re").findall(r"\b(\d+) đơn|khiếu nại (\d+)|kiến nghị (\d+)", line)[0] if x] \
            if False else None
        del nums
        total = int(__import__("re").search(r"tiếp nhận (\d+) đơn", line).group(1))
        parts = [int(x) for x in __import__("re").findall(r"(?:khiếu nại|kiến nghị) (\d+)", line)]
        assert sum(parts) > total, line


def test_operators_are_generic_across_drafts_of_different_styles():
    corpus_d1 = os.path.join(ROOT, "..", "shared", "corpus", "D1.md")
    drafts = [SMALL, open(PARTY, encoding="utf-8").read()]
    if os.path.exists(corpus_d1):
        drafts.append(open(corpus_d1, encoding="utf-8").read())
    for text in drafts:
        cats = {v.category for v in variants(text, per_op=1) if not v.harmless}
        assert len(cats) >= 12, sorted(cats)


def test_clean_draft_file_is_not_touched(tmp_path):
    digest = hashlib.sha256(open(PARTY, "rb").read()).hexdigest()
    variants(open(PARTY, encoding="utf-8").read(), per_op=2)
    assert hashlib.sha256(open(PARTY, "rb").read()).hexdigest() == digest


def test_renderings_text_keeps_lines_word_has_automatic_numbering(tmp_path):
    text, where = to_text(SMALL)
    lines = text.split("\n")
    md_lines = SMALL.split("\n")
    row = next(i for i, ln in enumerate(md_lines) if "Công chức" in ln)
    assert lines[where[row]] == "2\tCông chức\t25"
    dst = tmp_path / "auto.docx"
    to_docx_pydocx(SMALL, str(dst))
    xml = zipfile.ZipFile(dst).read("word/document.xml").decode()
    assert "<w:numPr>" in xml and "ĐẶC ĐIỂM TÌNH HÌNH" in xml and "I. ĐẶC ĐIỂM" not in xml
    to_docx_pydocx(SMALL, str(tmp_path / "typed.docx"), typed_labels=True)
    xml = zipfile.ZipFile(tmp_path / "typed.docx").read("word/document.xml").decode()
    assert "I. ĐẶC ĐIỂM TÌNH HÌNH" in xml and "<w:numPr>" not in xml
    assert to_pandoc_markdown("a[^3] b", typed_labels=False) == "a^3^ b"
    assert to_pandoc_markdown("1. Đặc điểm", typed_labels=True) == "1\\. Đặc điểm"


def test_judge_compares_with_the_clean_draft_and_needs_the_right_place():
    v = m.op_percent(Draft(SMALL), __import__("random").Random(0))[0]
    clean = [{"rule": "x", "severity": "warning", "evidence": "a"}]
    here = {"rule": "arithmetic_percent", "category": "arithmetic_percent", "severity": "error",
            "evidence": "45/50 hồ sơ, đạt 86,0%", "message": "", "location": {"line": v.lines[0] + 1}}
    elsewhere = dict(here, evidence="Bộ máy vận hành thông suốt", location={"line": 2})
    assert new_findings(clean, clean + [here]) == [here]
    assert at_place(here, v, "markdown", None)
    assert not at_place(elsewhere, v, "markdown", None)


def test_a_missing_section_is_found_only_by_a_finding_that_names_it():
    v = next(x for x in m.op_drop_section(Draft(SMALL), __import__("random").Random(0)))
    names_it = {"rule": "missing_section", "category": "missing_section", "severity": "error", "evidence": "",
                "message": f"Thiếu mục «{v.heading_path}. {v.heading_words}» theo Đề cương.", "location": {"line": 1}}
    other = dict(names_it, message="Lĩnh vực «Thủ tục hành chính và dịch vụ công» chưa nêu: mức độ hài lòng.")
    by_number = dict(names_it, message=f"Thiếu mục theo Đề cương, mục {v.heading_path} ({v.heading_words.split()[0]}).")
    assert at_place(names_it, v, "docx-pydocx", None)
    assert at_place(by_number, v, "docx-pydocx", None)
    assert not at_place(other, v, "docx-pydocx", None)


def test_a_small_run_reports_the_expected_shape(tmp_path):
    results = run({"small": SMALL}, ROOT, formats=("markdown", "docx-pydocx"), per_op=1, jobs=1,
                  ops=[m.op_percent, m.op_blank_header, m.op_heading_synonym], workdir=str(tmp_path))
    assert {r.fmt for r in results} == {"markdown", "docx-pydocx"}
    assert all(r.status == "checked" for r in results), [r.variant.name for r in results if r.status != "checked"]
    assert {r.variant.category for r in results} == {"arithmetic_percent", "placeholder_unfilled", "heading_synonym"}
    assert len(list(tmp_path.rglob("*.docx"))) == 1 + 3
    out = table(results)
    print(out)
    for word in ("arithmetic_percent", "placeholder_unfilled", "heading_synonym", "all faults", "all harmless"):
        assert word in out
    assert all(isinstance(r.found, bool) and r.new_errors >= 0 for r in results)


@pytest.mark.parametrize("spec", sorted(glob.glob(os.path.join(STYLES, "*.faults.yaml"))), ids=os.path.basename)
def test_style_draft_is_its_clean_source_with_exactly_the_listed_faults(spec):
    """fixtures/styles/make_styles.py made the draft: the clean source with each listed fault."""
    sys.path.insert(0, STYLES)
    from make_styles import apply_faults
    with open(spec, encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    with open(os.path.join(STYLES, data["source"]), encoding="utf-8") as fh:
        source = fh.read()
    with open(os.path.join(STYLES, data["output"]), encoding="utf-8") as fh:
        assert fh.read() == apply_faults(source, data["faults"])
    for f in data["faults"]:
        assert f["category"] and f["explanation"] and f["evidence"]
    for name in data["checked"]:
        assert os.path.getsize(os.path.join(STYLES, name)) > 1000


@pytest.mark.parametrize("op", m.FAULTS + m.HARMLESS, ids=lambda op: op.__name__)
def test_every_operator_is_documented(op):
    assert op.__doc__ or op in m.HARMLESS and op.__name__.startswith("op_")
