"""Drafts in styles the seeds do not show (fixtures/styles): a complete one leaves only notes, the
same draft with faults put in gets exactly those faults, and Word gives what Markdown gives."""

import os
import subprocess

import pytest

from baocao_check.engine import check_document
from baocao_check.readers import read_document
from baocao_check.ruleset import load_ruleset
from conftest import ROOT

STYLES = os.path.join(ROOT, "fixtures", "styles")


def _serious(path):
    doc = read_document(path)
    return sorted((f.rule, f.location["line"] or f.location["paragraph"], f.evidence)
                  for f in check_document(doc, load_ruleset()) if f.severity != "info")


def test_complete_markdown_draft_leaves_only_notes():
    assert _serious(os.path.join(STYLES, "dang-uy-xa-markdown-dung.md")) == []


def test_faults_put_into_the_markdown_draft_are_each_found():
    found = _serious(os.path.join(STYLES, "dang-uy-xa-markdown-loi.md"))
    by_rule = {}
    for rule, line, evidence in found:
        by_rule.setdefault(rule, []).append((line, evidence))
    assert by_rule.pop("citation_malformed") == [(4, "112-BC/2026/ĐU"), (54, "Nghị định số 45-NQ/TW")]
    assert by_rule.pop("deadline_missing") == [(40, "còn tồn đọng")]
    assert by_rule.pop("annex_missing") == [(50, "Phụ lục 5")]
    assert by_rule.pop("arithmetic_percent") == [(58, "9.315 hồ sơ, đạt 97,9%")]
    # 45 made 47 on purpose: the 18 cán bộ and 27 công chức of "trong đó" are the kinds the total names
    assert by_rule.pop("arithmetic_total") == [(32, "47 người, trong đó: 18 cán bộ, 27 công chức")]
    assert [line for line, _ in by_rule.pop("generic_limitation")] == [77]
    assert {line for line, _ in by_rule.pop("proposal_incomplete")} == {94}
    assert by_rule == {}, "nothing else is wrong in this draft"


def test_ward_report_in_parts_with_tab_header():
    found = _serious(os.path.join(STYLES, "ubnd-phuong-phan-tab.txt"))
    assert [(rule, line) for rule, line, _ in found] == [("annex_missing", 8)]
    doc = read_document(os.path.join(STYLES, "ubnd-phuong-phan-tab.txt"))
    assert [s.title for s in doc.outline.children][:4] == [
        "ĐẶC ĐIỂM TÌNH HÌNH", "KẾT QUẢ THỰC HIỆN", "ĐÁNH GIÁ", "KIẾN NGHỊ, ĐỀ XUẤT"]


@pytest.mark.parametrize("name", ["dang-uy-xa-markdown-dung.md", "dang-uy-xa-markdown-loi.md"])
def test_word_rendering_gives_the_same_findings(name, tmp_path):
    src = os.path.join(STYLES, name)
    docx = tmp_path / (name[:-3] + ".docx")
    subprocess.run(["pandoc", src, "-o", str(docx)], check=True)
    as_text = [(r, e) for r, _, e in _serious(src)]
    as_word = [(r, e) for r, _, e in _serious(str(docx))]
    assert as_word == as_text
