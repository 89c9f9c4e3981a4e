"""The reviewer's folder summary: summary.xlsx read back by openpyxl, the HTML summary and the
draft pages rendered by headless Chromium, a note in the folder skipped, annotated copies."""

import csv
import os
import re
import shutil
import subprocess

import openpyxl
import pytest
from docx import Document as WordDocument

from conftest import DOCX, FIXTURES, run_cli, seed_txt
from test_html_report import CHROMIUM_FLAGS, chromium

SAMPLE = f"{FIXTURES}/sample/du-thao-bao-cao-so-ket.docx"


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("batch")
    folder = tmp / "bao cáo xã"
    (folder / "đảng bộ").mkdir(parents=True)
    shutil.copyfile(SAMPLE, folder / "ubnd.docx")
    shutil.copyfile(os.path.join(DOCX, "003_8ed906cb5f5441e6.pandoc.docx"), folder / "đảng bộ" / "binh-thuan.docx")
    shutil.copyfile(seed_txt("004_545f26e5666c642b"), folder / "kim-tra.txt")
    (folder / "ghi-chu.txt").write_text("Nhớ gửi bản này cho chị Lan trước thứ Sáu, kèm 2 phụ lục.\n", encoding="utf-8")
    (folder / "hỏng.docx").write_bytes(b"PK\x03\x04 truncated")
    out = tmp / "kết quả"
    code, stdout, err = run_cli("batch", str(folder), "-o", str(out), "--annotate")
    return folder, out, code, stdout, err


def test_batch_prints_what_it_wrote_and_skips_a_note(batch):
    folder, out, code, stdout, err = batch
    assert code == 2, err                         # the broken file: exit 2, the others still reported
    assert "summary.xlsx" in stdout
    assert "Bỏ qua ghi-chu.txt: không phải dự thảo báo cáo" in stdout
    assert "2 bản Word có nhận xét" in stdout
    assert not (out / "ghi-chu.txt.html").exists()            # not scored: no page


def test_summary_xlsx_read_back(batch):
    folder, out, *_ = batch
    wb = openpyxl.load_workbook(out / "summary.xlsx")
    assert wb.sheetnames == ["Tổng hợp", "Phát hiện", "Chú giải"]
    ws = wb["Tổng hợp"]
    header = [c.value for c in ws[1]]
    assert header[:6] == ["Dự thảo", "Kết luận", "Lỗi", "Cảnh báo", "Lưu ý", "Miễn trừ"]
    assert "thiếu mục" in header and "missing_section" not in header
    assert ws.freeze_panes == "B2" and ws.auto_filter.ref.startswith("A1:")
    rows = {r[0].value: r for r in ws.iter_rows(min_row=2)}
    assert set(rows) == {"ghi-chu.txt", "hỏng.docx", "kim-tra.txt", "ubnd.docx",
                         os.path.join("đảng bộ", "binh-thuan.docx"), "Tổng cộng"}
    assert rows["ghi-chu.txt"][1].value == "Không phải dự thảo báo cáo" and rows["ghi-chu.txt"][2].value is None
    assert rows["hỏng.docx"][1].value == "Không đọc được"
    copy = rows["ubnd.docx"][header.index("Bản Word có nhận xét")]
    assert copy.hyperlink.target == "ubnd.kiemtra.docx" and (out / copy.hyperlink.target).exists()
    kim = rows["kim-tra.txt"]
    assert kim[1].value == "Cần sửa" and kim[2].value >= 4             # missing sections are errors
    # a hyperlink per draft to its page, and the page exists
    assert kim[0].hyperlink.target == "kim-tra.txt.html" and (out / "kim-tra.txt.html").exists()
    # category cells coloured by the worst severity
    col = header.index("thiếu mục")
    assert kim[col].value >= 4 and kim[col].fill.fgColor.rgb.endswith("FBD3CF")
    # the total row sums the drafts
    checked = [rows[k] for k in ("kim-tra.txt", "ubnd.docx", os.path.join("đảng bộ", "binh-thuan.docx"))]
    assert rows["Tổng cộng"][3].value == sum(r[3].value for r in checked)
    # every finding, with draft, section, place, rule, message, fix
    fs = wb["Phát hiện"]
    assert [c.value for c in fs[1]] == ["Dự thảo", "Mục", "Vị trí", "Mức độ", "Loại", "Quy tắc", "Nhận xét",
                                        "Cách sửa", "Căn cứ"]
    found = list(fs.iter_rows(min_row=2, values_only=True))
    assert len(found) == sum(r[2].value + r[3].value + r[4].value for r in checked)
    places = {row[2] for row in found if row[0] == os.path.join("đảng bộ", "binh-thuan.docx")}
    assert "chú thích 19 (đoạn 32)" in places                         # a footnote named by its number
    assert any(row[5] == "missing_section" and row[6].startswith("Thiếu mục") and row[7] for row in found)


def test_csv_for_scripts(batch):
    folder, out, *_ = batch
    raw = (out / "summary.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")                           # UTF-8 with a BOM
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))  # comma-separated, stable names
    by = {r["draft"]: r for r in rows}
    assert by["ghi-chu.txt"]["status"] == "not_a_draft" and by["kim-tra.txt"]["verdict"] == "fix"


def test_annotated_copies_beside_the_pages(batch):
    folder, out, *_ = batch
    copy = out / "đảng bộ" / "binh-thuan.kiemtra.docx"
    assert copy.exists() and (out / "ubnd.kiemtra.docx").exists() and not (out / "kim-tra.kiemtra.docx").exists()
    assert sum(c.author == "baocao-check" for c in WordDocument(str(copy)).comments) > 10


def _dom(url, tmp_path):
    proc = subprocess.run([chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}",
                           "--virtual-time-budget=3000", "--dump-dom", url], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


def test_html_summary_in_chromium(batch, tmp_path):
    folder, out, *_ = batch
    dom = _dom((out / "summary.html").as_uri(), tmp_path)
    assert "class=\"legend\"" in dom and "mức nặng nhất" in dom
    verdicts = re.findall(r'<td class="verdict v-(\w+)">([^<]+)</td>', dom)
    assert len(verdicts) == 5 and dict(verdicts) == {
        "fix": "Cần sửa", "review": "Nên xem lại", "failed": "Không đọc được", "not_a_draft": "Không phải dự thảo báo cáo"}
    assert re.search(r'<tr id="total"><td>Tổng cộng</td>', dom)
    assert str(folder) not in dom and "/tmp/" not in dom               # no absolute local path


def test_draft_pages_link_back_and_show_relative_paths(batch, tmp_path):
    folder, out, *_ = batch
    page = out / "đảng bộ" / "binh-thuan.docx.html"
    dom = _dom(page.as_uri(), tmp_path)
    back = re.search(r'<a id="back" href="([^"]+)"', dom)
    assert back and (page.parent / back.group(1)).resolve() == (out / "summary.html").resolve()
    assert str(folder) not in dom and os.path.join("đảng bộ", "binh-thuan.docx") in dom
    assert "chú thích 19 (đoạn 32)" in dom
    # filtering to one category hides the section headings left with no finding
    dom = _dom(page.as_uri() + "#severity=warning&category=term_typo", tmp_path)
    groups = re.findall(r'<div class="group( hidden)?">\s*<h3>', dom)
    assert groups and any(h for h in groups) and any(not h for h in groups)
    for block in re.findall(r'<div class="group">(.*?)(?=<div class="group|</section>)', dom, re.S):
        assert re.search(r'class="finding warning" data-severity="warning" data-category="term_typo"', block)


def test_unreadable_page_has_no_filters_and_no_zero_count(batch, tmp_path):
    folder, out, *_ = batch
    dom = _dom((out / "hỏng.docx.html").as_uri(), tmp_path)
    assert 'id="filters"' not in dom and "phát hiện đang hiển thị" not in dom
    assert "Không đọc được tệp" in dom and "(corrupt_docx)" not in dom


def test_summary_in_english(tmp_path):
    folder = tmp_path / "drafts"
    folder.mkdir()
    shutil.copyfile(seed_txt("004_545f26e5666c642b"), folder / "kim-tra.txt")
    (folder / "note.txt").write_text("Gửi trước thứ Sáu.\n", encoding="utf-8")
    code, stdout, err = run_cli("--lang", "en", "batch", str(folder), "-o", str(tmp_path / "out"))
    assert code == 0, err                                 # batch's --fail-on defaults to never
    assert "Skipped note.txt: not a report draft" in stdout
    wb = openpyxl.load_workbook(tmp_path / "out" / "summary.xlsx")
    assert wb.sheetnames == ["Summary", "Findings", "Legend"]
    rows = {r[0]: r for r in wb["Summary"].iter_rows(min_row=2, values_only=True)}
    assert rows["kim-tra.txt"][1] == "Needs fixing" and rows["note.txt"][1] == "Not a report draft"
    assert "missing section" in [c.value for c in wb["Summary"][1]]
