"""A bounded pool of worker processes with a hard time limit per task.

Each of ``size`` threads owns one worker process and hands it one task at a time. The engine
stops a slow draft itself (``engine.time_limit()``, reported as ``timeout``); if a worker does
not answer within that limit plus a grace (stuck in C code, or killed by the system), the thread
kills the process, reports the task as timed out or crashed, and starts a fresh worker. Workers
are started with "spawn" (the same on Linux and Windows, and safe beside the server's threads).

Tasks are taken fairly: each carries its owner (an upload), and a task waits behind fewer of its
owner's own earlier tasks than of anyone else's, so one reviewer's ZIP of a hundred drafts does not
make an author's single draft wait for all of them.
"""

from __future__ import annotations

import itertools
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
        self._tasks: queue.PriorityQueue = queue.PriorityQueue(maxsize=max_queue)
        self._seq = itertools.count()
        self._owners: dict[str, int] = {}          # owner -> its tasks waiting or running
        self._owners_lock = threading.Lock()
        self._ctx = multiprocessing.get_context("spawn")
        self._hard_limit = hard_limit or _default_hard_limit
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._run, name=f"baocao-worker-{i}", daemon=True)
                         for i in range(self.size)]
        self._procs: list = [None] * self.size
        self.restarts = 0
        for t in self._threads:
            t.start()

    def submit(self, function: str, task: dict, done: Callable[[bool, dict], None], owner: str = "") -> None:
        """Queue a task; ``done(ok, value)`` is called from a pool thread when it ends. Among waiting
        tasks, the one whose owner has the fewest tasks ahead of it goes first."""
        if self._stop.is_set():
            raise Busy()
        with self._owners_lock:
            rank = self._owners.get(owner, 0)
            self._owners[owner] = rank + 1
        try:
            self._tasks.put_nowait((rank, next(self._seq), (function, task, done, owner)))
        except queue.Full:
            self._release(owner)
            raise Busy() from None

    def _release(self, owner: str) -> None:
        with self._owners_lock:
            left = self._owners.get(owner, 1) - 1
            if left > 0:
                self._owners[owner] = left
            else:
                self._owners.pop(owner, None)

    def pending(self) -> int:
        return self._tasks.qsize()

    def close(self) -> None:
        self._stop.set()
        for _ in self._threads:
            try:
                self._tasks.put_nowait((-1, next(self._seq), None))
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
            _, _, item = self._tasks.get()
            if item is None:
                break
            function, task, done, owner = item
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
            self._release(owner)
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
