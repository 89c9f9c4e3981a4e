"""The shared-drive watcher, run for real: drafts arrive in pieces, reports appear, drafts are never touched."""

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time

from conftest import DOCX, ROOT, seed_txt


def wait_for(predicate, timeout=60.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def start(folder, log):
    return subprocess.Popen([sys.executable, "-m", "baocao_check", "watch", str(folder), "--stable", "0.6"],
                            stdout=log, stderr=subprocess.STDOUT, cwd=ROOT, env={**os.environ, "PYTHONPATH": ROOT})


def test_watcher_checks_dropped_drafts_without_altering_them(tmp_path):
    folder = tmp_path / "thư mục chung"
    folder.mkdir()
    shutil.copyfile(seed_txt("004_545f26e5666c642b"), folder / "có sẵn.txt")   # changed while the watcher was down
    log_path = tmp_path / "watch.log"
    with open(log_path, "wb") as log:
        proc = start(folder, log)
        try:
            out = folder / "_kiemtra"
            assert wait_for(lambda: (out / "có sẵn.txt.json").exists()), log_path.read_text()
            # a Word draft arrives in pieces, as a sync client writes it
            data = open(os.path.join(DOCX, "003_8ed906cb5f5441e6.pandoc.docx"), "rb").read()
            target = folder / "dự thảo.docx"
            with open(target, "wb") as fh:
                fh.write(data[: len(data) // 3])
                fh.flush()
                time.sleep(0.3)
                fh.write(data[len(data) // 3: 2 * len(data) // 3])
                fh.flush()
                time.sleep(0.3)
                fh.write(data[2 * len(data) // 3:])
            assert wait_for(lambda: (out / "dự thảo.docx.json").exists()), log_path.read_text()
            report = json.loads((out / "dự thảo.docx.json").read_text(encoding="utf-8"))
            assert report["documents"][0]["status"] == "checked"   # checked whole, not half-written
            assert (out / "dự thảo.docx.html").exists() and (out / "dự thảo.kiemtra.docx").exists()
            assert hashlib.sha256(target.read_bytes()).digest() == hashlib.sha256(data).digest()
            # touched but unchanged: not checked again
            time.sleep(0.5)
            os.utime(target)
            assert wait_for(lambda: "Không đổi, bỏ qua: dự thảo.docx" in log_path.read_text(encoding="utf-8"))
            # a broken file gets an error report; the watcher lives on
            (folder / "hỏng.docx").write_bytes(b"not a word file")
            assert wait_for(lambda: (out / "hỏng.docx.json").exists())
            broken = json.loads((out / "hỏng.docx.json").read_text(encoding="utf-8"))["documents"][0]
            assert broken["status"] == "error" and broken["error"]["code"] == "not_docx"
            assert proc.poll() is None
            # lock and temporary files are ignored
            (folder / "~$dự thảo.docx").write_bytes(b"lock")
            time.sleep(1.5)
            assert not (out / "~$dự thảo.docx.json").exists()
        finally:
            proc.send_signal(signal.SIGINT)
            code = proc.wait(timeout=20)
    assert code == 0
    assert "Đã dừng theo dõi." in log_path.read_text(encoding="utf-8")


# -- issue 13: the watcher under attack -----------------------------------------------------------

def _start_env(folder, log, **env):
    return subprocess.Popen([sys.executable, "-m", "baocao_check", "watch", str(folder), "--stable", "0.3"],
                            stdout=log, stderr=subprocess.STDOUT, cwd=ROOT,
                            env={**os.environ, "PYTHONPATH": ROOT, **env})


def _stop_within_a_second(proc, sig=signal.SIGTERM):
    t = time.monotonic()
    proc.send_signal(sig)
    code = proc.wait(timeout=10)
    return code, time.monotonic() - t


def _report(out, name):
    path = out / (name + ".json")
    return json.loads(path.read_text(encoding="utf-8"))["documents"][0] if path.exists() else None


def test_fifo_and_dev_zero_in_the_folder_neither_block_nor_spin(tmp_path):
    folder = tmp_path / "chung"
    folder.mkdir()
    os.mkfifo(folder / "ong.txt")
    os.symlink("/dev/zero", folder / "zero.docx")
    log_path = tmp_path / "watch.log"
    with open(log_path, "wb") as log:
        proc = _start_env(folder, log)
        try:
            time.sleep(1.0)
            shutil.copyfile(seed_txt("004_545f26e5666c642b"), folder / "sau.txt")   # a later draft
            assert wait_for(lambda: (folder / "_kiemtra" / "sau.txt.json").exists(), 60), log_path.read_text()
            assert "không phải tệp thường" in log_path.read_text(encoding="utf-8")
            assert not (folder / "_kiemtra" / "ong.txt.json").exists()
        finally:
            code, took = _stop_within_a_second(proc)
    assert code == 0 and took < 1.0, took
    assert "Traceback" not in log_path.read_text(encoding="utf-8")


def test_unwritable_state_and_report_folders_do_not_kill_the_watcher(tmp_path):
    folder = tmp_path / "chung"
    (folder / "_kiemtra" / ".trang-thai.json").mkdir(parents=True)     # the state file cannot be written
    sub = folder / "xã"
    sub.mkdir()
    (sub / "_kiemtra").write_bytes(b"not a folder")                     # nor can this report folder
    log_path = tmp_path / "watch.log"
    with open(log_path, "wb") as log:
        proc = _start_env(folder, log)
        try:
            shutil.copyfile(seed_txt("004_545f26e5666c642b"), folder / "a.txt")
            assert wait_for(lambda: _report(folder / "_kiemtra", "a.txt") is not None, 60), log_path.read_text()
            shutil.copyfile(seed_txt("004_545f26e5666c642b"), sub / "b.txt")
            assert wait_for(lambda: "không phải là thư mục" in log_path.read_text(encoding="utf-8"), 30)
            shutil.copyfile(seed_txt("003_8ed906cb5f5441e6"), folder / "c.txt")   # still reporting after both
            assert wait_for(lambda: _report(folder / "_kiemtra", "c.txt") is not None, 60), log_path.read_text()
            assert proc.poll() is None
            assert "Không ghi được tệp trạng thái" in log_path.read_text(encoding="utf-8")
        finally:
            code, took = _stop_within_a_second(proc, signal.SIGINT)
    assert code == 0 and took < 1.0
    assert (sub / "_kiemtra").read_bytes() == b"not a folder"
    assert "Traceback" not in log_path.read_text(encoding="utf-8")


def test_annotate_failure_gets_an_error_report(tmp_path):
    import io
    import zipfile
    folder = tmp_path / "chung"
    folder.mkdir()
    with zipfile.ZipFile(os.path.join(DOCX, "004_545f26e5666c642b.pandoc.docx")) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"wordprocessingml.document.main+xml", b"ms-word.document.macroEnabled.main+xml")   # a .docm renamed
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for n, d in parts.items():
            zf.writestr(n, d)
    log_path = tmp_path / "watch.log"
    with open(log_path, "wb") as log:
        proc = _start_env(folder, log)
        try:
            (folder / "macro.docx").write_bytes(buf.getvalue())
            assert wait_for(lambda: _report(folder / "_kiemtra", "macro.docx") is not None, 60), log_path.read_text()
            doc = _report(folder / "_kiemtra", "macro.docx")
            assert doc["status"] == "error" and doc["error"]["code"] == "annotate_failed"
            shutil.copyfile(seed_txt("004_545f26e5666c642b"), folder / "sau.txt")
            assert wait_for(lambda: _report(folder / "_kiemtra", "sau.txt") is not None, 60)
        finally:
            code, took = _stop_within_a_second(proc)
    assert code == 0 and took < 1.0
    assert (folder / "macro.docx").read_bytes() == buf.getvalue()


def test_report_folder_that_is_a_link_is_never_written_through(tmp_path):
    folder = tmp_path / "chung"
    folder.mkdir()
    os.symlink(folder, folder / "_kiemtra")        # reports would land beside the drafts, and loop
    draft = folder / "a.docx"
    data = open(os.path.join(DOCX, "004_545f26e5666c642b.pandoc.docx"), "rb").read()
    log_path = tmp_path / "watch.log"
    with open(log_path, "wb") as log:
        proc = _start_env(folder, log)
        try:
            draft.write_bytes(data)
            assert wait_for(lambda: "là liên kết" in log_path.read_text(encoding="utf-8"), 30), log_path.read_text()
            time.sleep(1.0)
        finally:
            code, took = _stop_within_a_second(proc)
    assert code == 0 and took < 1.0
    assert sorted(os.listdir(folder)) == ["_kiemtra", "a.docx"] and draft.read_bytes() == data


def test_stop_signal_in_the_middle_of_a_long_draft_ends_within_a_second(tmp_path):
    folder = tmp_path / "chung"
    folder.mkdir()
    text = open(seed_txt("004_545f26e5666c642b"), encoding="utf-8").read()
    log_path = tmp_path / "watch.log"
    with open(log_path, "wb") as log:
        proc = _start_env(folder, log, BAOCAO_CHECK_TIME_LIMIT="0")
        try:
            time.sleep(0.5)
            (folder / "dai.txt").write_text(text * 60, encoding="utf-8")     # takes many seconds to check
            assert wait_for(lambda: "Đang kiểm tra dai.txt" in log_path.read_text(encoding="utf-8"), 30)
            time.sleep(0.3)
            assert not (folder / "_kiemtra" / "dai.txt.json").exists(), "the draft was not long enough"
        finally:
            code, took = _stop_within_a_second(proc)
    assert code == 0 and took < 1.0, took
    assert "Đã dừng theo dõi." in log_path.read_text(encoding="utf-8")


def test_time_limit_covers_the_watchers_whole_run(tmp_path):
    folder = tmp_path / "chung"
    folder.mkdir()
    log_path = tmp_path / "watch.log"
    with open(log_path, "wb") as log:
        proc = _start_env(folder, log, BAOCAO_CHECK_TIME_LIMIT="0.005")
        try:
            shutil.copyfile(os.path.join(DOCX, "003_8ed906cb5f5441e6.pydocx.docx"), folder / "d.docx")
            assert wait_for(lambda: _report(folder / "_kiemtra", "d.docx") is not None, 60), log_path.read_text()
            assert _report(folder / "_kiemtra", "d.docx")["error"]["code"] == "timeout"
        finally:
            code, took = _stop_within_a_second(proc)
    assert code == 0


def test_a_draft_too_large_to_hash_still_gets_its_error_report(tmp_path):
    folder = tmp_path / "chung"
    folder.mkdir()
    log_path = tmp_path / "watch.log"
    with open(log_path, "wb") as log:
        proc = _start_env(folder, log)
        try:
            with open(folder / "lon.docx", "wb") as fh:       # sparse: 101 MB that take no disk
                fh.truncate(101 * 1024 * 1024)
            assert wait_for(lambda: _report(folder / "_kiemtra", "lon.docx") is not None, 60), log_path.read_text()
            assert _report(folder / "_kiemtra", "lon.docx")["error"]["code"] == "too_large"
        finally:
            code, took = _stop_within_a_second(proc)
    assert code == 0 and took < 1.0


def test_the_plan_kept_in_the_shared_folder_is_named_not_failed(tmp_path):
    """The plan beside the drafts in the shared folder: its page says what it is (code not_a_report),
    the log says so without a warning, and the drafts dropped after it are still checked."""
    folder = tmp_path / "chung"
    folder.mkdir()
    log_path = tmp_path / "watch.log"
    with open(log_path, "wb") as log:
        proc = _start_env(folder, log)
        try:
            shutil.copyfile(seed_txt("001_6c5180949553ecef"), folder / "ke-hoach.txt")
            assert wait_for(lambda: _report(folder / "_kiemtra", "ke-hoach.txt") is not None, 60), log_path.read_text()
            shutil.copyfile(seed_txt("003_8ed906cb5f5441e6"), folder / "bao-cao.txt")
            assert wait_for(lambda: _report(folder / "_kiemtra", "bao-cao.txt") is not None, 60)
        finally:
            code, took = _stop_within_a_second(proc)
    plan = _report(folder / "_kiemtra", "ke-hoach.txt")
    assert plan["status"] == "error" and plan["error"]["code"] == "not_a_report" and plan["findings"] == []
    assert _report(folder / "_kiemtra", "bao-cao.txt")["status"] == "checked"
    text = log_path.read_text(encoding="utf-8")
    assert "Không phải dự thảo báo cáo, không kiểm tra: ke-hoach.txt" in text
    assert "Không đọc được ke-hoach.txt" not in text
    assert code == 0
