#!/usr/bin/env python3
"""Rewrite tests/seed_findings.yml from the current checker output.

The file is the reviewed list of every finding on every seed draft: run this after a
deliberate change to a rule, then read the diff as a reviewer would before committing.
"""

import os
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
sys.path.insert(0, HERE)

from baocao_check.engine import check_path  # noqa: E402
from baocao_check.ruleset import load_ruleset  # noqa: E402
from conftest import SEED_DRAFTS, seed_txt  # noqa: E402


def line(f) -> str:
    return f"{f.rule} | {f.severity} | line {f.location['line']} | {f.evidence or '-'} | {f.message[:90]}"


def current() -> dict:
    rs = load_ruleset()
    out = {}
    for base in SEED_DRAFTS:
        res = check_path(seed_txt(base), rs)
        out[base] = [line(f) for f in res.findings]
    return out


if __name__ == "__main__":
    with open(os.path.join(HERE, "seed_findings.yml"), "w", encoding="utf-8") as fh:
        fh.write("# Every finding on the seed drafts, reviewed. Regenerate with tests/update_seed_findings.py\n")
        fh.write("# and read the diff as a reviewer of the Ban Xây dựng Đảng would.\n")
        yaml.safe_dump(current(), fh, allow_unicode=True, sort_keys=False, width=200)
