"""Rule test cases as data: tests/rule_cases/<rule>.yml, one file per rule (failing and passing drafts)."""

import os

import pytest
import yaml

from baocao_check.rules import RULES

CASES_DIR = os.path.join(os.path.dirname(__file__), "rule_cases")


def _load():
    out = []
    for name in sorted(os.listdir(CASES_DIR)):
        if name.endswith(".yml"):
            with open(os.path.join(CASES_DIR, name), encoding="utf-8") as fh:
                data = yaml.safe_load(fh)
            for case in data["cases"]:
                out.append(pytest.param(data["rule"], case, id=f"{data['rule']}:{case['name']}"))
    return out


def _matches(finding, matcher):
    if "message_contains" in matcher and matcher["message_contains"] not in finding.message:
        return False
    if "evidence" in matcher and matcher["evidence"] != finding.evidence:
        return False
    if "severity" in matcher and matcher["severity"] != finding.severity:
        return False
    if "line" in matcher and matcher["line"] != finding.location["line"]:
        return False
    if "code" in matcher and matcher["code"] != finding.code:
        return False
    if "suggestion_contains" in matcher and matcher["suggestion_contains"] not in finding.suggestion:
        return False
    return True


def _merged(base: dict, override: dict) -> dict:
    out = dict(base)
    for key, value in override.items():
        out[key] = _merged(base[key], value) if isinstance(value, dict) and isinstance(base.get(key), dict) else value
    return out


def _ruleset_for(case, builtin):
    """A case may carry a ruleset override (merged into the built-in ruleset, then validated as a
    reviewer's YAML would be)."""
    if not case.get("ruleset"):
        return None
    from baocao_check.ruleset import parse_ruleset
    text = yaml.safe_dump(_merged(builtin.data, case["ruleset"]), allow_unicode=True, sort_keys=False)
    return parse_ruleset(text, "case-ruleset.yaml")


@pytest.mark.parametrize("rule_id,case", _load())
def test_rule_case(rule_id, case, check_text, builtin):
    findings = check_text(case["draft"], rules=[rule_id], name=case.get("file", "draft.txt"),
                          ruleset=_ruleset_for(case, builtin))
    for matcher in case.get("expect", []):
        assert any(_matches(f, matcher) for f in findings), (
            f"expected a finding like {matcher}; got:\n" + "\n".join(f"{f.location} {f.message}" for f in findings))
    for matcher in case.get("forbid", []):
        bad = [f for f in findings if _matches(f, matcher)]
        assert not bad, f"false positive(s) {matcher}:\n" + "\n".join(f"{f.location} {f.message}" for f in bad)


def test_every_rule_has_failing_and_passing_cases():
    files = {n[:-4] for n in os.listdir(CASES_DIR) if n.endswith(".yml")}
    for rule_id in RULES:
        assert rule_id in files, f"rule {rule_id} has no tests/rule_cases/{rule_id}.yml"
        with open(os.path.join(CASES_DIR, rule_id + ".yml"), encoding="utf-8") as fh:
            cases = yaml.safe_load(fh)["cases"]
        assert any(c.get("expect") for c in cases), f"{rule_id}: no failing case"
        assert any(c.get("forbid") and not c.get("expect") for c in cases), f"{rule_id}: no passing case"
