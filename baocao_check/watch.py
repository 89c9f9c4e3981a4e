"""Watch a synced folder: check each draft that arrives or changes, write its findings into a
``_kiemtra/`` folder beside it, never touch the draft.

Sync clients write files in pieces: a draft is checked once its size and modification time
have stayed the same for ``stable`` seconds. A draft whose content is unchanged (same SHA-256
as when last checked) is not checked again. On start the watcher catches up with drafts that
changed while it was down (the hashes are kept in ``_kiemtra/.trang-thai.json`` of the
watched folder). A broken file gets an error report; the watcher goes on. Ctrl-C or SIGTERM
stops it cleanly.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import queue
import signal
import threading
import time

from .batch import OUTPUT_DIR, check_and_write
from .fsutil import write_atomic
from .engine import is_draft_name

log = logging.getLogger("baocao-check.watch")
STATE_FILE = ".trang-thai.json"


def sha256(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def ignored(path: str, root: str) -> bool:
    rel = os.path.relpath(path, root)
    parts = rel.split(os.sep)
    if any(p == OUTPUT_DIR or p.startswith(".") for p in parts[:-1]):
        return True
    name = parts[-1]
    return name.startswith(".baocao-") or not is_draft_name(name)


class Watcher:
    def __init__(self, folder: str, ruleset_path: str | None = None, lang: str = "vi", stable: float = 1.0,
                 poll: float = 0.2):
        self.root = os.path.abspath(folder)
        self.ruleset_path = ruleset_path
        self.lang = lang
        self.stable = stable
        self.poll = poll
        self.events: queue.Queue[str] = queue.Queue()
        self.pending: dict[str, tuple[int, float, float]] = {}   # path -> (size, mtime, since)
        self.state_path = os.path.join(self.root, OUTPUT_DIR, STATE_FILE)
        self.state = self._load_state()
        self.stop_event = threading.Event()

    def t(self, vi: str, en: str) -> str:
        return en if self.lang == "en" else vi

    # -- state -------------------------------------------------------------------------------
    def _load_state(self) -> dict:
        try:
            with open(self.state_path, encoding="utf-8") as fh:
                return json.load(fh)
        except (OSError, ValueError):
            return {}

    def _save_state(self) -> None:
        write_atomic(self.state_path, json.dumps(self.state, ensure_ascii=False, indent=1))

    # -- events ------------------------------------------------------------------------------
    def notice(self, path: str) -> None:
        if not ignored(path, self.root):
            self.events.put(os.path.abspath(path))

    def catch_up(self) -> None:
        for dirpath, dirnames, filenames in os.walk(self.root):
            dirnames[:] = [d for d in dirnames if d != OUTPUT_DIR and not d.startswith(".")]
            for name in filenames:
                self.notice(os.path.join(dirpath, name))

    def _drain(self) -> None:
        now = time.monotonic()
        while True:
            try:
                path = self.events.get_nowait()
            except queue.Empty:
                break
            self.pending[path] = (-1, -1.0, now)

    def _ready(self) -> list[str]:
        """Drafts whose size and time have not moved for ``stable`` seconds."""
        now = time.monotonic()
        ready = []
        for path, (size, mtime, since) in list(self.pending.items()):
            try:
                st = os.stat(path)
            except OSError:
                del self.pending[path]       # gone (renamed or deleted) before it settled
                continue
            if (st.st_size, st.st_mtime) != (size, mtime):
                self.pending[path] = (st.st_size, st.st_mtime, now)
            elif now - since >= self.stable:
                ready.append(path)
                del self.pending[path]
        return ready

    def process(self, path: str) -> None:
        rel = os.path.relpath(path, self.root)
        try:
            digest = sha256(path)
        except OSError as exc:
            log.warning(self.t("Không đọc được %s: %s", "Cannot read %s: %s"), rel, exc.strerror)
            return
        if self.state.get(rel) == digest:
            log.info(self.t("Không đổi, bỏ qua: %s", "Unchanged, skipped: %s"), rel)
            return
        out_dir = os.path.join(os.path.dirname(path), OUTPUT_DIR)
        name = os.path.basename(path)
        annotated = os.path.join(out_dir, os.path.splitext(name)[0] + ".kiemtra.docx") \
            if name.lower().endswith(".docx") else None
        try:
            summary = check_and_write(path, name, out_dir, self.ruleset_path, self.lang, annotate_to=annotated)
        except Exception as exc:   # keep watching whatever one file does
            log.error(self.t("Lỗi khi kiểm tra %s: %s", "Error checking %s: %s"), rel, exc)
            return
        self.state[rel] = digest
        self._save_state()
        if summary.status == "checked":
            s = summary.summary
            log.info(self.t("Đã kiểm tra %s: %d lỗi, %d cảnh báo, %d lưu ý → %s",
                            "Checked %s: %d errors, %d warnings, %d notes → %s"),
                     rel, s["error"], s["warning"], s["info"], os.path.join(out_dir, name + ".html"))
        else:
            log.warning(self.t("Không đọc được %s: %s (báo cáo lỗi ở %s)", "Could not read %s: %s (error report in %s)"),
                        rel, summary.error["message"], os.path.join(out_dir, name + ".html"))

    # -- loop --------------------------------------------------------------------------------
    def run(self) -> int:
        from watchdog.events import FileSystemEventHandler
        from watchdog.observers import Observer

        watcher = self

        class Handler(FileSystemEventHandler):
            def on_any_event(self, event):
                # our own reads open and close files too: only writes, creations and renames count
                if event.is_directory or event.event_type not in ("created", "modified", "moved", "closed", "attrib"):
                    return
                for p in (getattr(event, "dest_path", None), event.src_path):
                    if p:
                        watcher.notice(p)

        observer = Observer()
        observer.schedule(Handler(), self.root, recursive=True)
        observer.start()
        self.catch_up()
        log.info(self.t("Đang theo dõi %s (Ctrl-C để dừng)", "Watching %s (Ctrl-C to stop)"), self.root)
        try:
            while not self.stop_event.is_set():
                self._drain()
                for path in self._ready():
                    if self.stop_event.is_set():
                        break
                    self.process(path)
                self.stop_event.wait(self.poll)
        finally:
            observer.stop()
            observer.join(timeout=5)
            log.info(self.t("Đã dừng theo dõi.", "Stopped watching."))
        return 0


def main(folder: str, ruleset_path: str | None, lang: str, stable: float) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", datefmt="%H:%M:%S")
    w = Watcher(folder, ruleset_path, lang, stable)

    def stop(signum, frame):
        w.stop_event.set()
    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    return w.run()
