#!/usr/bin/env python3
"""Benchmark: prints how long reading and checking the seed fixtures takes. Nothing is asserted.

    python3 bench/bench.py [--repeat N]

Cold: a whole `baocao-check check` process per draft (imports included).
Warm: read + check in this process, ruleset loaded once.
Parse floor: unzip + parse the DOCX XML, or read + decode the text file, alone.
"""

from __future__ import annotations

import argparse
import glob
import os
import statistics
import subprocess
import sys
import time
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from lxml import etree  # noqa: E402

from checker.engine import check_document  # noqa: E402
from checker.readers import read_document  # noqa: E402
from checker.ruleset import load_ruleset  # noqa: E402


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


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    drafts = sorted(glob.glob(os.path.join(ROOT, "fixtures", "seeds", "*.txt")))
    drafts += sorted(glob.glob(os.path.join(ROOT, "fixtures", "docx", "*.docx")))
    ruleset = load_ruleset()
    print(f"{'draft':<44} {'cold ms':>8} {'warm ms':>8} {'floor ms':>9} {'ratio':>6}")
    for path in drafts:
        env = {**os.environ, "PYTHONPATH": ROOT}
        cold = timed(lambda: subprocess.run([sys.executable, "-m", "checker", "check", path, "--format", "json"],
                                            capture_output=True, env=env), max(1, args.repeat // 2))
        warm = timed(lambda: check_document(read_document(path), ruleset), args.repeat)
        floor = timed(lambda: parse_floor(path), args.repeat)
        print(f"{os.path.basename(path):<44} {cold * 1000:8.0f} {warm * 1000:8.1f} {floor * 1000:9.2f} "
              f"{warm / floor if floor else 0:6.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
