"""Mistakes the test cases would not show at once."""

import os
import re

from conftest import ROOT


def test_no_regular_expression_is_passed_through_fold_with_upper_case_escapes():
    """fold() lowers its text: fold(r"^\\W*…") silently becomes "^\\w*…" (two rules had this)."""
    bad = []
    for folder, _, files in os.walk(os.path.join(ROOT, "baocao_check")):
        for name in files:
            if name.endswith(".py"):
                path = os.path.join(folder, name)
                with open(path, encoding="utf-8") as fh:
                    for no, line in enumerate(fh, 1):
                        for m in re.finditer(r'fold\(\s*r?f?"([^"]*)"', line):
                            if re.search(r"\\[WSDBAZ]", m.group(1)):
                                bad.append(f"{os.path.relpath(path, ROOT)}:{no}: {m.group(0)}")
    assert not bad, "\n".join(bad)
