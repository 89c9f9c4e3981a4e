"""A bounded pool of worker processes with a hard time limit per task.

Each of ``size`` threads owns one worker process and hands it one task at a time. The engine
stops a slow draft itself (``engine.time_limit()``, reported as ``timeout``); if a worker does
not answer within that limit plus a grace (stuck in C code, or killed by the system), the thread
kills the process, reports the task as timed out or crashed, and starts a fresh worker. Workers
are started with "spawn" (the same on Linux and Windows, and safe beside the server's threads).
"""

from __future__ import annotations

import multiprocessing
import queue
import threading
from typing import Callable

GRACE = 10.0          # seconds past the engine's own limit before a worker is killed


class Busy(Exception):
    """The queue is full: the server asks the person to try again in a moment."""


class WorkerPool:
    def __init__(self, size: int, max_queue: int = 500, hard_limit: Callable[[], float | None] | None = None):
        self.size = max(1, size)
        self._tasks: queue.Queue = queue.Queue(maxsize=max_queue)
        self._ctx = multiprocessing.get_context("spawn")
        self._hard_limit = hard_limit or _default_hard_limit
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._run, name=f"baocao-worker-{i}", daemon=True)
                         for i in range(self.size)]
        self._procs: list = [None] * self.size
        self.restarts = 0
        for t in self._threads:
            t.start()

    def submit(self, function: str, task: dict, done: Callable[[bool, dict], None]) -> None:
        """Queue a task; ``done(ok, value)`` is called from a pool thread when it ends."""
        if self._stop.is_set():
            raise Busy()
        try:
            self._tasks.put_nowait((function, task, done))
        except queue.Full:
            raise Busy() from None

    def pending(self) -> int:
        return self._tasks.qsize()

    def close(self) -> None:
        self._stop.set()
        for _ in self._threads:
            try:
                self._tasks.put_nowait(None)
            except queue.Full:
                break
        for t in self._threads:
            t.join(timeout=5)
        for p in self._procs:
            if p is not None:
                _kill(p[0])

    # -- one thread per worker -----------------------------------------------------------------
    def _start(self, slot: int):
        from .worker import main
        parent, child = self._ctx.Pipe()
        proc = self._ctx.Process(target=main, args=(child,), name=f"baocao-check-worker-{slot}", daemon=True)
        proc.start()
        child.close()
        self._procs[slot] = (proc, parent)
        return proc, parent

    def _run(self) -> None:
        slot = self._threads.index(threading.current_thread())
        proc, conn = self._start(slot)
        while not self._stop.is_set():
            item = self._tasks.get()
            if item is None:
                break
            function, task, done = item
            if not proc.is_alive():
                proc, conn = self._restart(slot, proc, conn)
            try:
                conn.send((function, task))
                if conn.poll(self._hard_limit()):
                    ok, value = conn.recv()
                else:
                    ok, value = False, {"code": "timeout"}
                    proc, conn = self._restart(slot, proc, conn)
            except (EOFError, OSError):   # the worker died under this task (memory, a crash)
                ok, value = False, {"code": "crashed"}
                proc, conn = self._restart(slot, proc, conn)
            try:
                done(ok, value)
            except Exception:   # a callback's bug must not stop the pool
                import logging
                logging.getLogger("baocao-check.serve").exception("task callback failed")

    def _restart(self, slot: int, proc, conn):
        self.restarts += 1
        _kill(proc)
        try:
            conn.close()
        except OSError:
            pass
        return self._start(slot)


def _kill(proc) -> None:
    if proc.is_alive():
        proc.kill()
    proc.join(timeout=5)


def _default_hard_limit() -> float | None:
    from ..engine import time_limit
    limit = time_limit()
    return limit + GRACE if limit > 0 else None
