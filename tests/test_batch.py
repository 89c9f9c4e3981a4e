"""A folder of good, bad and broken drafts: every draft reported, the batch never stops."""

import csv
import json
import os
import shutil

import yaml

from conftest import DOCX, run_cli, seed_txt


def make_folder(tmp_path):
    folder = tmp_path / "bao cáo xã"
    sub = folder / "đảng bộ"
    sub.mkdir(parents=True)
    shutil.copyfile(seed_txt("000_fe80ed0676aba89d"), folder / "an-khanh.txt")
    shutil.copyfile(seed_txt("004_545f26e5666c642b"), folder / "kim-tra.txt")
    shutil.copyfile(os.path.join(DOCX, "003_8ed906cb5f5441e6.pandoc.docx"), sub / "binh-thuan.docx")
    (folder / "hỏng.docx").write_bytes(b"PK\x03\x04 truncated")
    (folder / "rỗng.txt").write_bytes(b"")
    (folder / "tcvn3.txt").write_bytes("I. §Æc ®iÓm t×nh h×nh\n\nX· cã 19 th«n, d©n sè 33.936 ng­êi.\n".encode("latin-1"))
    (folder / "~$an-khanh.docx").write_bytes(b"lock")
    (folder / "ghi-chu.pdf").write_bytes(b"%PDF-1.4")
    with open(folder / "baocao-check.waivers.yaml", "w", encoding="utf-8") as fh:
        yaml.safe_dump({"waivers": [
            {"draft": "an-khanh.txt", "rule": "period_mismatch", "evidence": "GIAI ĐOẠN 2026-2031",
             "reason": "Giai đoạn theo Kế hoạch của thành phố", "by": "Trần Văn B"},
            {"draft": "an-khanh.txt", "rule": "term_typo", "evidence": "không có chữ này", "reason": "cũ"},
        ]}, fh, allow_unicode=True)
    return folder


def test_batch_reports_every_draft_and_goes_on(tmp_path):
    folder = make_folder(tmp_path)
    out = tmp_path / "kết quả"
    code, stdout, err = run_cli("batch", str(folder), "-o", str(out), "--jobs", "2")
    assert code == 2, err                               # some drafts could not be read
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    drafts = {d["draft"]: d for d in summary["drafts"]}
    assert set(drafts) == {"an-khanh.txt", "kim-tra.txt", os.path.join("đảng bộ", "binh-thuan.docx"),
                           "hỏng.docx", "rỗng.txt", "tcvn3.txt"}
    assert drafts["hỏng.docx"]["status"] == "error" and drafts["hỏng.docx"]["error"]["code"] == "corrupt_docx"
    assert drafts["rỗng.txt"]["error"]["code"] == "empty"
    assert drafts["tcvn3.txt"]["error"]["code"] == "legacy_encoding"
    good = drafts["kim-tra.txt"]
    assert good["status"] == "checked" and good["categories"]["missing_section"] >= 4
    assert good["worst"]["missing_section"] == "error"
    for d in drafts.values():                             # one page and one JSON per draft, failed ones too
        assert (out / d["report_html"]).exists() and (out / d["report_json"]).exists()
    assert "Không đọc được hỏng.docx" in stdout
    # the summary as CSV (Excel-readable) and as a sortable HTML table linking to each draft's page
    rows = list(csv.DictReader((out / "summary.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert {r["draft"] for r in rows} == set(drafts)
    html = (out / "summary.html").read_text(encoding="utf-8")
    assert "href='kim-tra.txt.html'" in html and "addEventListener('click'" in html
    assert "thiếu mục" in html


def test_waivers_are_shown_not_counted_and_stale_ones_reported(tmp_path):
    folder = make_folder(tmp_path)
    out = tmp_path / "out"
    run_cli("batch", str(folder), "-o", str(out), "--jobs", "1")
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    ak = next(d for d in summary["drafts"] if d["draft"] == "an-khanh.txt")
    assert ak["waived"] == 1 and "period_mismatch" not in ak["categories"]
    report = json.loads((out / "an-khanh.txt.json").read_text(encoding="utf-8"))["documents"][0]
    assert report["waived"][0]["waiver"]["by"] == "Trần Văn B"
    assert [w["evidence"] for w in report["stale_waivers"]] == ["không có chữ này"]
    page = (out / "an-khanh.txt.html").read_text(encoding="utf-8")
    assert "đã miễn trừ" in page and "Miễn trừ không còn khớp" in page


def test_batch_default_output_beside_the_drafts_and_rerun(tmp_path):
    folder = make_folder(tmp_path)
    for bad in ("hỏng.docx", "rỗng.txt", "tcvn3.txt"):
        (folder / bad).unlink()
    code, stdout, err = run_cli("batch", str(folder))
    assert code == 0, err
    assert (folder / "_kiemtra" / "summary.html").exists()
    # a second run does not take its own reports for drafts
    code, stdout, err = run_cli("batch", str(folder))
    summary = json.loads((folder / "_kiemtra" / "summary.json").read_text(encoding="utf-8"))
    assert len(summary["drafts"]) == 3
