#!/usr/bin/env python3
"""Benchmark: prints the figures and whether each target is met. Nothing is asserted.

    python3 bench/bench.py [--repeat N] [--batch 200]

- cold: a whole ``baocao-check check`` process per draft (interpreter start and imports included),
  run through the installed console script (not a shell shim) when there is one;
- warm: read + check in this process, ruleset loaded once;
- parse floor: unzip and parse every XML part of the DOCX, or read and decode the text file;
- batch: ``baocao-check batch`` over N drafts on all cores, reports written;
- scale: one seed made 10 times longer (a province-level report) against the original;
- peak memory: largest resident set of the cold runs and of the batch.
"""

from __future__ import annotations

import argparse
import glob
import os
import resource
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from lxml import etree  # noqa: E402

from baocao_check.engine import check_document  # noqa: E402
from baocao_check.readers import read_document  # noqa: E402
from baocao_check.ruleset import load_ruleset  # noqa: E402

TARGETS = {"cold_docx_s": 1.0, "warm_ms": 60.0, "batch_per_s": 30.0, "peak_mb": 300.0, "floor_ratio": 6.0,
           "scale_ratio": 10.0}


def cli() -> list[str]:
    exe = os.path.join(sysconfig.get_path("scripts"), "baocao-check")
    if os.path.exists(exe) and open(exe, "rb").read(2) == b"#!" and b"python" in open(exe, "rb").readline():
        return [exe]
    return [sys.executable, "-m", "baocao_check"]


def parse_floor(path: str) -> None:
    if path.endswith(".docx"):
        with zipfile.ZipFile(path) as zf:
            for name in zf.namelist():
                if name.endswith(".xml"):
                    etree.fromstring(zf.read(name))
    else:
        with open(path, "rb") as fh:
            fh.read().decode("utf-8")


def timed(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def cold(path: str, repeat: int) -> tuple[float, float]:
    times, peak = [], 0.0
    for _ in range(repeat):
        t = time.perf_counter()
        proc = subprocess.run(cli() + ["check", path, "--format", "json", "-o", os.devnull], capture_output=True)
        times.append(time.perf_counter() - t)
        assert proc.returncode in (0, 1), proc.stderr
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return statistics.median(times), peak


def longer(path: str, times: int, out_dir: str) -> str:
    """The same draft with its body repeated: sections renumbered per copy like a long report."""
    with open(path, encoding="utf-8") as fh:
        lines = fh.read().split("\n")
    start = next(i for i, ln in enumerate(lines) if ln.startswith("I."))
    end = next((i for i, ln in enumerate(lines) if ln.startswith("Nơi nhận")), len(lines))
    head, body, tail = lines[:start], lines[start:end], lines[end:]
    big = os.path.join(out_dir, f"x{times}-" + os.path.basename(path))
    with open(big, "w", encoding="utf-8") as fh:
        fh.write("\n".join(head + body * times + tail))
    return big


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--batch", type=int, default=200)
    args = ap.parse_args()
    drafts = sorted(glob.glob(os.path.join(ROOT, "fixtures", "seeds", "*.txt")))
    drafts += sorted(glob.glob(os.path.join(ROOT, "fixtures", "docx", "*.docx")))
    ruleset = load_ruleset()
    subprocess.run(cli() + ["rules"], capture_output=True)       # warm the disk caches once
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, command: {' '.join(cli())}")
    print(f"{'draft':<40} {'cold s':>7} {'warm ms':>8} {'floor ms':>9} {'×floor':>7}")
    colds, warms, ratios, peaks = {}, [], [], []
    for path in drafts:
        c, peak = cold(path, max(1, args.repeat // 2))
        w = timed(lambda: check_document(read_document(path), ruleset), args.repeat)
        f = timed(lambda: parse_floor(path), args.repeat)
        colds[path], peaks = c, peaks + [peak]
        warms.append(w)
        ratios.append(w / f if f else 0)
        print(f"{os.path.basename(path):<40} {c:7.2f} {w * 1000:8.1f} {f * 1000:9.2f} {w / f if f else 0:7.1f}")
    largest_docx = max((p for p in drafts if p.endswith(".docx")), key=os.path.getsize)
    with tempfile.TemporaryDirectory() as tmp:
        # scale: 10x longer
        base = os.path.join(ROOT, "fixtures", "seeds", "003_8ed906cb5f5441e6.txt")
        big = longer(base, 10, tmp)
        t1 = timed(lambda: check_document(read_document(base), ruleset), args.repeat)
        t10 = timed(lambda: check_document(read_document(big), ruleset), max(1, args.repeat // 2))
        # batch: N drafts on all cores
        folder = os.path.join(tmp, "drafts")
        os.makedirs(folder)
        for i in range(args.batch):
            src = drafts[i % len(drafts)]
            shutil.copyfile(src, os.path.join(folder, f"{i:03d}-{os.path.basename(src)}"))
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        t = time.perf_counter()
        proc = subprocess.run(cli() + ["batch", folder, "-o", os.path.join(tmp, "out")], capture_output=True, text=True)
        batch_s = time.perf_counter() - t
        batch_peak = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    peak_mb = max(peaks + [batch_peak])
    figures = {
        "cold_docx_s": colds[largest_docx],
        "warm_ms": statistics.median(warms) * 1000,
        "warm_max_ms": max(warms) * 1000,
        "batch_per_s": args.batch / batch_s,
        "peak_mb": peak_mb,
        "floor_ratio": statistics.median(ratios),
        "scale_ratio": t10 / t1,
    }
    print()
    print(f"scale: 003 ×1 {t1 * 1000:.0f} ms, ×10 {t10 * 1000:.0f} ms → {figures['scale_ratio']:.1f}× the time")
    print(f"batch: {args.batch} drafts in {batch_s:.1f} s on {os.cpu_count()} cores → {figures['batch_per_s']:.1f} drafts/s"
          + ("" if proc.returncode in (0, 1) else f" (exit {proc.returncode})"))
    print()
    print(f"{'target':<44} {'measured':>10} {'target':>10}  met")
    rows = [("cold check of the largest seed DOCX (s)", "cold_docx_s", "<="),
            ("warm check per draft, median (ms)", "warm_ms", "<="),
            ("batch throughput (drafts/s)", "batch_per_s", ">="),
            ("peak memory (MB)", "peak_mb", "<="),
            ("full check / parse floor, median (×)", "floor_ratio", "<="),
            ("10× longer draft / original (× time)", "scale_ratio", "<=")]
    for label, key, op in rows:
        value, target = figures[key], TARGETS[key]
        met = value <= target if op == "<=" else value >= target
        print(f"{label:<44} {value:10.2f} {op}{target:9.1f}  {'yes' if met else 'NO'}")
    print(f"(warm check, slowest draft: {figures['warm_max_ms']:.1f} ms; largest DOCX: {os.path.basename(largest_docx)})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
