"""The outline findings on the real seed drafts, as a reviewer of the Ban Xây dựng Đảng would write them.

Each seed is checked as .txt and as every DOCX rendering: the outline findings must be the same.
"""

import pytest

from checker.engine import check_path
from conftest import docx_variants, seed_docx, seed_txt

OUTLINE_RULES = ["missing_section", "section_order_or_numbering"]


def findings(path, builtin):
    res = check_path(path, builtin, "vi", OUTLINE_RULES)
    assert res.status == "checked", res.error
    return res.findings


def messages(path, builtin, severity=None):
    return [f.message for f in findings(path, builtin) if severity is None or f.severity == severity]


def test_003_numbering_defects(builtin):
    fs = findings(seed_txt("003_8ed906cb5f5441e6"), builtin)
    repeat = [f for f in fs if "bị lặp" in f.message]
    assert len(repeat) == 1 and repeat[0].location["line"] == 361 and repeat[0].evidence == "3."
    assert repeat[0].location["section"] == "IV. ĐÁNH GIÁ CHUNG > 3. Bài học kinh nghiệm"
    skip = [f for f in fs if "Nhảy số" in f.message]
    assert len(skip) == 1 and skip[0].location["line"] == 399 and "«VI.»" in skip[0].message
    # its sections are all there, under other wordings: no missing section error
    assert not [f for f in fs if f.severity == "error"]


def test_004_misses_limitations_and_complaints_and_inspection(builtin):
    errors = messages(seed_txt("004_545f26e5666c642b"), builtin, "error")
    assert any("«III.2. Hạn chế, khuyết điểm, nguyên nhân»" in m for m in errors)
    assert any("«II.8." in m for m in errors)
    assert any("«II.9." in m for m in errors)
    # present under other wordings or places: not reported
    for present in ("«I.1.", "«III.1.", "«III.3.", "«III.4.", "«IV.", "«II.6.", "«II.7."):
        assert not any(present in m for m in errors), present


def test_000_misses_handover_and_surplus_assets(builtin):
    msgs = messages(seed_txt("000_fe80ed0676aba89d"), builtin)
    assert any(m.startswith("Thiếu mục «II.3.") for m in msgs)
    assert any("tài sản công dôi dư" in m for m in msgs)
    # "Hạn chế, nguyên nhân" answers "Hạn chế, khuyết điểm, nguyên nhân"; "Thuận lợi"/"Khó khăn" answer I.2
    for present in ("«III.2.", "«III.3.", "«I.2.", "«I.1.", "«IV.", "«II.8.", "«II.9."):
        assert not any(present in m and "Thiếu" in m for m in msgs), present


def test_002_has_no_advantages_difficulties_subsection(builtin):
    errors = messages(seed_txt("002_53c823dbee11987c"), builtin, "error")
    assert errors == ["Thiếu mục «I.2. Thuận lợi, khó khăn» theo Đề cương, mục I.2."]


def _key(f):
    return (f.rule, f.severity, f.message, f.evidence, f.location["section"])


@pytest.mark.parametrize("base,producer", [v for v in docx_variants() if not v[0].startswith("001")])
def test_docx_gives_the_same_outline_findings(base, producer, builtin):
    txt = sorted(map(_key, findings(seed_txt(base), builtin)))
    docx = sorted(map(_key, findings(seed_docx(base, producer), builtin)))
    assert docx == txt
