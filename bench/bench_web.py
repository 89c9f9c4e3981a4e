"""A bounded load test of `baocao-check serve` on loopback: N uploads from C concurrent clients.

    python3 bench/bench_web.py [--uploads 200] [--clients 8] [--workers 2] [--budget 90]

Starts the real server (waitress, worker pool) on a free port of 127.0.0.1, then each client
thread, with its own session and CSRF token, uploads a draft (the sample Word draft and the seed
text drafts in turn), follows the result until it is ready and downloads its JSON. Latency is one
upload's whole round trip: POST, wait for the check, JSON in hand. Prints throughput and
p50/p95/max latency and the count of failed requests; stops by itself after the uploads or the
time budget, whichever comes first, then stops the server. Sends nothing off this machine.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

import requests

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DRAFTS = [os.path.join(ROOT, "fixtures", "sample", "du-thao-bao-cao-so-ket.docx")] + [
    os.path.join(ROOT, "fixtures", "seeds", n + ".txt")
    for n in ("000_fe80ed0676aba89d", "002_53c823dbee11987c", "003_8ed906cb5f5441e6", "004_545f26e5666c642b")]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int, workers: int, tmp: str) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-m", "baocao_check", "serve", "--port", str(port),
                             "--workers", str(workers), "--max-files", "10"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT,
                            env=dict(os.environ, TMPDIR=tmp))
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=2).ok:
                return proc
        except requests.ConnectionError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("the server did not start")


def one_upload(s: requests.Session, base: str, token: str, path: str, data: bytes, stop_at: float) -> None:
    r = s.post(base + "/upload", data={"csrf": token}, files=[("files", (os.path.basename(path), data))], timeout=60)
    r.raise_for_status()
    jid = r.url.rsplit("/r/", 1)[1].split("/")[0]
    while True:
        st = s.get(f"{base}/r/{jid}/status.json", timeout=30)
        st.raise_for_status()
        if st.json()["finished"]:
            break
        if time.time() > stop_at + 30:
            raise TimeoutError("result not ready")
        time.sleep(0.25)             # a browser polls every 0.6 s
    js = s.get(f"{base}/r/{jid}/0/download/json", timeout=30)
    js.raise_for_status()
    if js.json()["documents"][0]["status"] != "checked":
        raise ValueError("draft not checked: " + str(js.json()["documents"][0]["error"]))


def cpu_seconds(root_pid: int) -> float | None:
    """CPU time (user + system) of a process and its children so far, from /proc (Linux); None elsewhere.
    On a shared machine wall time says more about the neighbours than about the server; CPU does not."""
    if not os.path.isdir("/proc"):
        return None
    tick = os.sysconf("SC_CLK_TCK")
    total, pids = 0.0, {root_pid}
    stats = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    fields = fh.read().rsplit(")", 1)[1].split()
                stats[int(entry)] = (int(fields[1]), int(fields[11]) + int(fields[12]))   # ppid, utime + stime
            except (OSError, IndexError, ValueError):
                continue
    changed = True
    while changed:                     # the server's children (the workers) and theirs
        changed = False
        for pid, (ppid, _) in stats.items():
            if ppid in pids and pid not in pids:
                pids.add(pid)
                changed = True
    for pid in pids:
        if pid in stats:
            total += stats[pid][1] / tick
    return total


def worker_time() -> tuple[float, float]:
    """Seconds one worker spends on a draft (check, Word copy, reports), in this process, warm:
    the floor under the server's latency, and what bounds its throughput (workers / this)."""
    from baocao_check.web.worker import check_upload
    with tempfile.TemporaryDirectory(prefix="bench-web-floor-") as tmp:
        times, cpu = [], []
        for rnd in range(2):
            for i, path in enumerate(DRAFTS):
                start, start_cpu = time.perf_counter(), time.process_time()
                check_upload({"path": path, "display": os.path.basename(path), "out": os.path.join(tmp, str(i)),
                              "ruleset": None, "lang": "vi"})
                if rnd:                      # the first round warms the caches
                    times.append(time.perf_counter() - start)
                    cpu.append(time.process_time() - start_cpu)
    return statistics.mean(times), statistics.mean(cpu)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--uploads", type=int, default=200)
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--budget", type=float, default=90.0, help="seconds; no new upload starts after it")
    args = ap.parse_args()
    payloads = [(p, open(p, "rb").read()) for p in DRAFTS]
    per_draft, per_draft_cpu = worker_time()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory(prefix="bench-web-") as tmp:
        proc = start_server(port, args.workers, tmp)
        time.sleep(3)                      # let the workers finish starting: their start is not the load
        cpu0 = cpu_seconds(proc.pid)
        lock = threading.Lock()
        counter = {"next": 0}
        latencies: list[float] = []
        failures: list[str] = []
        t0 = time.perf_counter()
        stop_at = time.time() + args.budget

        def client(n: int) -> None:
            s = requests.Session()
            token = re.search(r'name="csrf" value="([^"]+)"', s.get(base + "/").text).group(1)
            while time.time() < stop_at:
                with lock:
                    i = counter["next"]
                    if i >= args.uploads:
                        return
                    counter["next"] += 1
                path, data = payloads[i % len(payloads)]
                start = time.perf_counter()
                try:
                    one_upload(s, base, token, path, data, stop_at)
                    with lock:
                        latencies.append(time.perf_counter() - start)
                except Exception as exc:   # counted and shown, the run goes on
                    with lock:
                        failures.append(f"{os.path.basename(path)}: {type(exc).__name__}: {exc}")

        threads = [threading.Thread(target=client, args=(n,)) for n in range(args.clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - t0
        health = requests.get(base + "/healthz", timeout=5).ok
        cpu1 = cpu_seconds(proc.pid)
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
    done = len(latencies)
    lat = sorted(latencies)
    q = statistics.quantiles(lat, n=20) if len(lat) >= 2 else lat * 19
    print(f"baocao-check serve on loopback: {args.clients} clients, {args.workers} worker processes, "
          f"{os.cpu_count()} cores, Python {sys.version.split()[0]}")
    print(f"uploads completed          {done:8d} of {args.uploads}")
    print(f"failed requests            {len(failures):8d}")
    print(f"wall time (s)              {elapsed:8.2f}")
    print(f"throughput (uploads/s)     {done / elapsed:8.2f}")
    if lat:
        print(f"latency p50 (ms)           {statistics.median(lat) * 1000:8.1f}")
        print(f"latency p95 (ms)           {q[18] * 1000:8.1f}")
        print(f"latency max (ms)           {lat[-1] * 1000:8.1f}")
    print(f"one draft in-process (ms)  {per_draft * 1000:8.1f}   wall; {per_draft_cpu * 1000:.1f} CPU (warm, same drafts)")
    if cpu0 is not None and done:
        per_upload = (cpu1 - cpu0) / done
        print(f"server CPU per upload (ms) {per_upload * 1000:8.1f}   (server and workers; "
              f"{100 * per_draft_cpu / per_upload:.0f}% of it is the check itself)")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"machine load average       {load:8.2f}   (other processes share the cores)")
    print(f"server answering after run {'yes' if health else 'NO':>8}")
    if done < args.uploads and not failures:
        print(f"(stopped by the {args.budget:g} s budget; no upload failed)")
    for f in failures[:5]:
        print("  failure:", f)
    return 0 if not failures and health else 1


if __name__ == "__main__":
    raise SystemExit(main())
