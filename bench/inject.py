#!/usr/bin/env python3
"""Defect-injection run: every fault and harmless transformation of tests/injection on each clean
draft, in text, Markdown and Word (pandoc; python-docx with automatic numbering), checked by the
real CLI; prints per category how many injected faults were found at the right place and how many
harmless variants raised a new error or warning.

    python bench/inject.py                      # default clean drafts, 2 workers
    python bench/inject.py --per-op 1 --formats markdown,docx-pydocx --verbose
    python bench/inject.py --draft my-clean.md --root /path/to/checkout

A clean draft is Markdown (a .docx/.txt would need a Markdown source to mutate). The rates are a
measurement of the checker, not a test: they are printed, never asserted.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests"))

from injection import details, run, table  # noqa: E402
from injection.render import FORMATS  # noqa: E402

DEFAULT_DRAFTS = [
    os.path.join(ROOT, "..", "shared", "corpus", "D1.md"),                    # clean draft of the corpus
    os.path.join(ROOT, "fixtures", "styles", "dang-uy-xa-markdown-dung.md"),   # complete Party report
    os.path.join(ROOT, "fixtures", "styles", "hdnd-xa-sach.md"),               # clean HĐND report (term 2026 - 2031)
]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--draft", action="append", help="a clean Markdown draft (repeatable); default: the built-in list")
    ap.add_argument("--root", default=ROOT, help="the checkout whose baocao_check runs (default: this one)")
    ap.add_argument("--formats", default=",".join(FORMATS), help="comma-separated: " + ",".join(FORMATS))
    ap.add_argument("--per-op", type=int, default=2, help="variants per operator and draft (default 2)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    ap.add_argument("--verbose", action="store_true", help="list every miss and every alarm")
    ap.add_argument("--keep", help="keep the rendered variants in this folder")
    a = ap.parse_args(argv)
    paths = a.draft or [p for p in DEFAULT_DRAFTS if os.path.exists(p)]
    drafts = {}
    for p in paths:
        with open(p, encoding="utf-8") as fh:
            drafts[os.path.splitext(os.path.basename(p))[0]] = fh.read()
    t0 = time.time()
    results = run(drafts, os.path.abspath(a.root), formats=a.formats.split(","), per_op=a.per_op, seed=a.seed,
                  jobs=a.jobs, workdir=a.keep)
    print(f"clean drafts: {', '.join(drafts)}; formats: {a.formats}; {len(results)} variant runs in "
          f"{time.time() - t0:.0f} s (CPU of children {os.times().children_user + os.times().children_system:.0f} s)")
    print()
    print(table(results))
    if a.verbose:
        print()
        print(details(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
