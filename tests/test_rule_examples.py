"""Each rule's pair of fixture drafts (fixtures/rules/<rule>.sai.md, .dung.md), run through the real CLI."""

import json
import os

import pytest

from baocao_check.rules import RULES, examples
from conftest import FIXTURES, run_cli

DIR = os.path.join(FIXTURES, "rules")


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_fixture_pair_matches_the_documentation(rule_id):
    ex = examples(RULES[rule_id])
    for kind, name in (("fail", "sai"), ("pass", "dung")):
        with open(os.path.join(DIR, f"{rule_id}.{name}.md"), encoding="utf-8") as fh:
            assert fh.read() == ex[kind], f"run fixtures/make_rule_examples.py ({rule_id}.{name}.md is stale)"


def _outline_or_area(f):
    # the two-line drafts cannot cover the plan's content areas: those notes are not the example's point
    return "Lĩnh vực" in f["message"] or "chưa đề cập" in f["message"]


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_cli_flags_the_faulty_draft_and_not_the_corrected_one(rule_id):
    code, out, err = run_cli("check", os.path.join(DIR, f"{rule_id}.sai.md"), os.path.join(DIR, f"{rule_id}.dung.md"),
                             "--rule", rule_id, "--format", "json", "--fail-on", "never")
    assert code == 0, err
    bad, good = json.loads(out)["documents"]
    assert [f for f in bad["findings"] if not _outline_or_area(f)], f"{rule_id}: nothing found in the faulty draft"
    assert not [f for f in good["findings"] if not _outline_or_area(f)], good["findings"]
