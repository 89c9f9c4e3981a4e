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


# -- issue 13: a worker killed by the system never aborts the batch ------------------------------

def _workers_of(pid):
    """The batch's worker processes: forked children running the same command line."""
    import glob
    own = open(f"/proc/{pid}/cmdline", "rb").read()
    out = []
    for path in glob.glob(f"/proc/{pid}/task/*/children"):
        try:
            kids = open(path).read().split()
        except OSError:
            continue
        for kid in kids:
            try:
                if open(f"/proc/{kid}/cmdline", "rb").read() == own:
                    out.append(int(kid))
            except OSError:
                pass
    return out


def _batch_with_killer(tmp_path, kill_all: bool):
    import signal
    import subprocess
    import sys
    import threading
    import time

    from conftest import ROOT
    folder = tmp_path / "lô"
    folder.mkdir()
    text = open(seed_txt("004_545f26e5666c642b"), encoding="utf-8").read()
    for i in range(3):
        (folder / f"d{i}.txt").write_text(text * 8, encoding="utf-8")    # long enough to be caught working
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "baocao_check", "batch", str(folder), "-o", str(out), "--jobs", "2"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
                            env={**os.environ, "PYTHONPATH": ROOT})
    killed = []

    def killer():
        while proc.poll() is None:
            try:
                pids = _workers_of(proc.pid)
            except OSError:
                break
            for pid in pids:
                if pid not in killed and (kill_all or not killed):
                    time.sleep(0.05)
                    try:
                        os.kill(pid, signal.SIGKILL)     # as the OOM killer does
                        killed.append(pid)
                    except ProcessLookupError:
                        pass
            time.sleep(0.005)
    t = threading.Thread(target=killer)
    t.start()
    stdout, stderr = proc.communicate(timeout=300)
    t.join()
    return proc.returncode, stdout, stderr, out, killed


def test_one_killed_worker_costs_nothing(tmp_path):
    code, stdout, stderr, out, killed = _batch_with_killer(tmp_path, kill_all=False)
    assert killed, "no worker was seen"
    assert "Traceback" not in stderr and "BrokenProcessPool" not in stderr
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert {d["draft"]: d["status"] for d in summary["drafts"]} == {f"d{i}.txt": "checked" for i in range(3)}
    assert code == 0, stdout + stderr


def test_workers_killed_again_and_again_are_listed_in_the_summary(tmp_path):
    code, stdout, stderr, out, killed = _batch_with_killer(tmp_path, kill_all=True)
    assert len(killed) >= 3
    assert "Traceback" not in stderr
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    drafts = {d["draft"]: d for d in summary["drafts"]}
    assert sorted(drafts) == [f"d{i}.txt" for i in range(3)]
    died = [d for d in drafts.values() if d["status"] == "error"]
    assert died and all(d["error"]["code"] == "worker_died" for d in died)
    for d in died:
        assert d["draft"] in stdout                                   # each failure listed
        page = json.loads((out / (d["draft"] + ".json")).read_text(encoding="utf-8"))
        assert page["documents"][0]["error"]["code"] == "worker_died"
    assert code == 3          # the tool failed, not the drafts: never 1
