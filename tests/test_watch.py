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
