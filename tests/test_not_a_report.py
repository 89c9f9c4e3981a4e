"""A document whose title names another type (the plan, its outline, a decision) is not checked as a
report: one clear message in place of findings written for a report (``facts.report.document_type``,
``engine._not_a_report``). A report is never refused, whatever its title looks like."""

import glob
import json
import os

import pytest

from baocao_check.facts.report import document_type, not_a_report
from baocao_check.readers import read_document
from conftest import FIXTURES, PLAN, ROOT, SEED_DRAFTS, docx_variants, run_cli, seed_docx, seed_txt

PLANS = os.path.join(FIXTURES, "plans")
CORPUS = os.path.join(ROOT, "..", "shared", "corpus")


def _doc(tmp_path, text, name="du-thao.md"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return read_document(str(path))


HEADER = "ĐẢNG BỘ XÃ HÒA PHÚ\nĐẢNG ỦY XÃ\n\nSố 12-BC/ĐU\n\nHòa Phú, ngày 20 tháng 5 năm 2026\n\n"
BODY = "I. KẾT QUẢ THỰC HIỆN\n\nĐã tổ chức 12 hội nghị quán triệt với 1.250 lượt đảng viên tham dự.\n"


# -- refused: the title names another type of document ------------------------------------------

@pytest.mark.parametrize("title, kind", [
    ("KẾ HOẠCH", "kế hoạch"),
    ("# KẾ HOẠCH", "kế hoạch"),
    ("**KẾ HOẠCH**", "kế hoạch"),
    ("K Ế  H O Ạ C H", "kế hoạch"),
    ("KẾ HOẠCH tổ chức sơ kết 01 năm", "kế hoạch"),
    ("ĐỀ CƯƠNG BÁO CÁO", "đề cương"),
    ("ĐỀ CƯƠNG GỢI Ý BÁO CÁO SƠ KẾT", "đề cương"),
    ("QUYẾT ĐỊNH", "quyết định"),
    ("HƯỚNG DẪN", "hướng dẫn"),
    ("TỜ TRÌNH", "tờ trình"),
])
def test_a_title_of_another_type_is_not_a_report(tmp_path, title, kind):
    doc = _doc(tmp_path, HEADER + title + "\n\nTổ chức sơ kết 01 năm thực hiện mô hình chính quyền địa phương 02 cấp\n\n" + BODY)
    assert not_a_report(doc) == kind


def test_the_commune_plan_seed_is_refused_with_the_way_to_use_it(tmp_path):
    """Seed 001 is the commune's KẾ HOẠCH with its Đề cương appended: 12 findings written for a
    report came out of it before ("Ghi chú" bullets read as proposals, the template's blanks)."""
    paths = [seed_txt(PLAN)] + [seed_docx(b, p) for b, p in docx_variants() if b == PLAN]
    assert len(paths) >= 2
    code, out, err = run_cli("check", *paths, "--format", "json")
    assert code == 2, err
    docs = json.loads(out)["documents"]
    assert [d["status"] for d in docs] == ["error"] * len(paths)
    for d in docs:
        assert d["error"]["code"] == "not_a_report" and d["findings"] == []
        msg = d["error"]["message"]
        assert "Kế hoạch" in msg and "«KẾ HOẠCH»" in msg and "ruleset from-plan" in msg and d["path"] in msg
        assert ("dòng 3" if d["format"] == "text" else "đoạn ") in msg
    code, out, err = run_cli("--lang", "en", "check", paths[0])
    assert code == 2
    assert "NOT A REPORT DRAFT" in out and "a plan (Kế hoạch)" in out and "ruleset from-plan" in out
    assert "COULD NOT BE READ" not in out
    html = tmp_path / "ke-hoach.html"
    assert run_cli("check", paths[0], "--format", "html", "-o", str(html))[0] == 2
    page = html.read_text(encoding="utf-8")
    assert 'data-code="not_a_report"' in page and "Không phải dự thảo báo cáo" in page and "Không đọc được" not in page


def test_an_outline_names_the_plan_it_goes_with():
    code, out, err = run_cli("check", os.path.join(PLANS, "ban-to-chuc", "de-cuong.docx"))
    assert code == 2
    assert "KHÔNG PHẢI DỰ THẢO BÁO CÁO" in out and "Đề cương" in out
    assert "ruleset from-plan KE-HOACH" in " ".join(out.split())


def test_a_decision_is_refused_without_the_plan_hint(tmp_path):
    path = tmp_path / "quyet-dinh.md"
    path.write_text(HEADER.replace("BC", "QĐ") + "QUYẾT ĐỊNH\n\nVề việc thành lập Tổ giúp việc\n\n" + BODY, encoding="utf-8")
    code, out, err = run_cli("check", str(path), "--format", "json")
    assert code == 2
    msg = json.loads(out)["documents"][0]["error"]["message"]
    assert "Quyết định" in msg and "from-plan" not in msg and "«BÁO CÁO»" in msg


@pytest.mark.parametrize("folder", sorted(os.listdir(PLANS)))
def test_every_plan_and_outline_fixture_is_known_for_what_it_is(folder):
    for path in glob.glob(os.path.join(PLANS, folder, "ke-hoach.*")) + glob.glob(os.path.join(PLANS, folder, "de-cuong.*")):
        assert not_a_report(read_document(path)) in ("kế hoạch", "đề cương"), path


# -- checked: every report, whatever its title looks like ---------------------------------------

def _report_fixtures():
    out = [seed_txt(b) for b in SEED_DRAFTS] + [seed_docx(b, p) for b, p in docx_variants() if b != PLAN]
    out += sorted(glob.glob(os.path.join(CORPUS, "D*.md")) + glob.glob(os.path.join(CORPUS, "D*.docx")))
    out += sorted(glob.glob(os.path.join(FIXTURES, "styles", "*.docx")) + glob.glob(os.path.join(FIXTURES, "styles", "*.md"))
                  + glob.glob(os.path.join(FIXTURES, "styles", "*.txt")) + glob.glob(os.path.join(FIXTURES, "styles", "*.html")))
    out += sorted(glob.glob(os.path.join(PLANS, "*", "du-thao*")) + glob.glob(os.path.join(PLANS, "du-thao*.md")))
    out += sorted(p for p in glob.glob(os.path.join(FIXTURES, "unseen", "*"))
                  if p.endswith((".docx", ".md", ".txt", ".html")) and "source" not in os.path.basename(p))
    return [p for p in out if not p.endswith("README.md")]


def test_no_report_fixture_is_refused():
    paths = _report_fixtures()
    assert len(paths) > 40
    refused = [p for p in paths if not_a_report(read_document(p)) is not None]
    assert refused == []


@pytest.mark.parametrize("text", [
    # the report's title first; a plan named, or a title-like line, further down
    HEADER + "BÁO CÁO\n\nSơ kết 01 năm\n\nKẾ HOẠCH THỰC HIỆN NĂM 2026\n\n" + BODY,
    HEADER + "BÁO CÁO sơ kết 01 năm thực hiện Kế hoạch số 45-KH/HU\n\n" + BODY,
    HEADER + "B Á O  C Á O\n\n" + BODY,
    HEADER + "DỰ THẢO\n\nBÁO CÁO\n\n" + BODY,
    # no title at all: the other rules (header_missing) say what is wrong
    BODY + "\nKẾ HOẠCH\n\nMột dòng in hoa sau phần thân không phải tiêu đề của văn bản.\n",
    "Thực hiện Kế hoạch số 45-KH/HU ngày 12/4/2026 của Ban Thường vụ Huyện ủy, Đảng ủy xã báo cáo như sau:\n\n" + BODY,
    # a body heading in capitals that opens with a type's name, after the body has started
    BODY + "\nII. KẾT LUẬN\n\nĐã hoàn thành.\n",
])
def test_a_report_is_never_refused(tmp_path, text):
    doc = _doc(tmp_path, text)
    assert not_a_report(doc) is None, document_type(doc)


def test_a_report_with_the_plan_appended_is_checked(tmp_path):
    with open(seed_txt(PLAN), encoding="utf-8") as fh:
        plan = fh.read()
    with open(seed_txt(SEED_DRAFTS[2]), encoding="utf-8") as fh:
        report = fh.read()
    path = tmp_path / "bao-cao-kem-ke-hoach.txt"
    path.write_text(report + "\n\n" + plan, encoding="utf-8")
    code, out, err = run_cli("check", str(path), "--format", "json", "--fail-on", "never")
    assert code == 0, err
    assert json.loads(out)["documents"][0]["status"] == "checked"


# -- a batch lists the plan for what it is, and goes on ----------------------------------------

def test_a_batch_lists_the_plan_as_not_a_draft_and_checks_the_rest(tmp_path):
    folder = tmp_path / "nop"
    folder.mkdir()
    for base in (PLAN, SEED_DRAFTS[2]):
        (folder / f"{base}.txt").write_bytes(open(seed_txt(base), "rb").read())
    code, out, err = run_cli("batch", str(folder))
    assert code == 0, err
    assert "Đã kiểm tra 1/1 dự thảo" in out
    assert f"Bỏ qua {PLAN}.txt: Tệp này là Kế hoạch" in out
    with open(folder / "_kiemtra" / "summary.json", encoding="utf-8") as fh:
        rows = {r["draft"]: r for r in json.load(fh)["drafts"]}
    assert rows[f"{PLAN}.txt"]["verdict"] == "not_a_draft" and rows[f"{PLAN}.txt"]["error"]["code"] == "not_a_report"
    assert rows[f"{SEED_DRAFTS[2]}.txt"]["verdict"] in ("fix", "review", "ok")
    assert not (folder / "_kiemtra" / f"{PLAN}.txt.html").exists()
    page = (folder / "_kiemtra" / "summary.html").read_text(encoding="utf-8")
    assert "Tệp này là Kế hoạch" in page
    import openpyxl
    book = openpyxl.load_workbook(folder / "_kiemtra" / "summary.xlsx")
    cells = [str(c.value) for row in book.worksheets[0].iter_rows() for c in row if c.value is not None]
    assert any("Tệp này là Kế hoạch" in c for c in cells)
