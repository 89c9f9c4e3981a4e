"""Watch a synced folder: check each draft that arrives or changes, write its findings into a
``_kiemtra/`` folder beside it, never touch the draft.

Sync clients write files in pieces: a draft is checked once its size and modification time
have stayed the same for ``stable`` seconds. A draft whose content is unchanged (same SHA-256
as when last checked) is not checked again. On start the watcher catches up with drafts that
changed while it was down (the hashes are kept in ``_kiemtra/.trang-thai.json`` of the
watched folder). A broken file gets an error report; the watcher goes on. Ctrl-C or SIGTERM
stops it cleanly within a second, even in the middle of a draft.

Only regular files are drafts: a FIFO or a link to a device in the folder is skipped before
a byte is read. A state file or report folder that cannot be written (disk full, ``_kiemtra``
not a folder) is logged and the watcher goes on; a ``_kiemtra`` that is a symbolic link is
never written through.
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

from . import limits
from .batch import OUTPUT_DIR, check_and_write
from .engine import is_draft_name
from .fsutil import is_regular, read_regular, write_atomic

log = logging.getLogger("baocao-check.watch")
STATE_FILE = ".trang-thai.json"


class _Stop(BaseException):
    """Raised by SIGINT/SIGTERM while a draft is being checked: the watcher stops at once."""


def sha256(path: str) -> str:
    """The content's hash: a regular file only, read within the draft size limit (one byte past it
    raises TooLarge, then the check itself reports the draft as too large)."""
    return hashlib.sha256(read_regular(path, limits.MAX_DRAFT_BYTES)).hexdigest()


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
        self.busy = False                 # a draft is being checked: a stop signal interrupts it
        self._state_warned = False

    def t(self, vi: str, en: str) -> str:
        return en if self.lang == "en" else vi

    # -- state -------------------------------------------------------------------------------
    def _load_state(self) -> dict:
        try:
            data = json.loads(read_regular(self.state_path, limits.MAX_STATE_BYTES).decode("utf-8"))
        except (OSError, ValueError, RecursionError):
            return {}
        return {k: v for k, v in data.items() if isinstance(v, str)} if isinstance(data, dict) else {}

    def _save_state(self) -> None:
        try:
            write_atomic(self.state_path, json.dumps(self.state, ensure_ascii=False, indent=1), devices=False)
        except OSError as exc:   # disk full, _kiemtra not a folder: the reports matter more than the state
            if not self._state_warned:
                log.warning(self.t("Không ghi được tệp trạng thái %s (%s); vẫn tiếp tục theo dõi, nhưng lần chạy sau "
                                   "sẽ kiểm tra lại các dự thảo.",
                                   "Cannot write the state file %s (%s); still watching, but the next run will "
                                   "check the drafts again."), self.state_path, exc.strerror or exc)
                self._state_warned = True

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
        if not is_regular(path):
            log.warning(self.t("Bỏ qua %s: không phải tệp thường (ống dẫn, thiết bị…).",
                               "Skipped %s: not a regular file (a pipe, a device…)."), rel)
            return
        out_dir = os.path.join(os.path.dirname(path), OUTPUT_DIR)
        if os.path.islink(out_dir) or (os.path.lexists(out_dir) and not os.path.isdir(out_dir)):
            log.error(self.t("Không ghi được báo cáo của %s: %s không phải là thư mục (hoặc là liên kết); hãy "
                             "đổi tên nó.", "Cannot write the reports of %s: %s is not a folder (or is a link); "
                             "rename it."), rel, out_dir)
            return
        try:
            digest = sha256(path)
        except OSError as exc:
            digest = None        # unreadable or too large: the check says why, in an error report
            log.debug("hash of %s: %s", rel, exc)
        if digest is not None and self.state.get(rel) == digest:
            log.info(self.t("Không đổi, bỏ qua: %s", "Unchanged, skipped: %s"), rel)
            return
        name = os.path.basename(path)
        log.info(self.t("Đang kiểm tra %s…", "Checking %s…"), rel)
        annotated = os.path.join(out_dir, os.path.splitext(name)[0] + ".kiemtra.docx") \
            if name.lower().endswith(".docx") else None
        try:
            summary = check_and_write(path, name, out_dir, self.ruleset_path, self.lang, annotate_to=annotated)
        except Exception as exc:   # keep watching whatever one file does
            log.error(self.t("Lỗi khi kiểm tra %s: %s", "Error checking %s: %s"), rel, exc)
            return
        if digest is not None:
            self.state[rel] = digest
            self._save_state()
        if summary.status == "checked":
            s = summary.summary
            log.info(self.t("Đã kiểm tra %s: %d lỗi, %d cảnh báo, %d lưu ý → %s",
                            "Checked %s: %d errors, %d warnings, %d notes → %s"),
                     rel, s["error"], s["warning"], s["info"], os.path.join(out_dir, name + ".html"))
        elif summary.error and summary.error.get("code") == "not_a_report":
            # the plan or its outline kept in the shared folder: said once, not a failure
            log.info(self.t("Không phải dự thảo báo cáo, không kiểm tra: %s: %s", "Not a report draft, not checked: %s: %s"),
                     rel, summary.error["message"])
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
                    self.busy = True
                    try:
                        self.process(path)
                    finally:
                        self.busy = False
                self.stop_event.wait(self.poll)
        except _Stop:
            pass
        finally:
            observer.stop()
            observer.join(timeout=0.5)
            log.info(self.t("Đã dừng theo dõi.", "Stopped watching."))
        return 0


def main(folder: str, ruleset_path: str | None, lang: str, stable: float) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", datefmt="%H:%M:%S")
    w = Watcher(folder, ruleset_path, lang, stable)

    def stop(signum, frame):
        w.stop_event.set()
        if w.busy:      # a long draft must not delay the stop: interrupt it (its reports stay as they were)
            raise _Stop()
    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    return w.run()
