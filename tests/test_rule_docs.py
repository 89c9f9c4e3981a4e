"""Every rule documents itself with a failing and a passing example, and the examples are true."""

import pytest

from baocao_check.rules import RULES, describe, examples


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_rule_has_documentation(rule_id):
    rule = RULES[rule_id]
    for attr in ("ID", "CATEGORY", "SEVERITY", "SUMMARY", "check"):
        assert hasattr(rule, attr), f"{rule_id} lacks {attr}"
    assert rule.ID == rule_id
    assert set(rule.SUMMARY) == {"vi", "en"}
    ex = examples(rule)
    assert "fail" in ex and "pass" in ex, f"{rule_id}: docstring needs 'Ví dụ sai (FAIL)::' and 'Ví dụ đúng (PASS)::'"
    text = describe(rule, "vi")
    assert ex["fail"].splitlines()[0].strip() in text


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_documented_examples_hold(rule_id, check_text):
    rule = RULES[rule_id]
    ex = examples(rule)
    # the outline examples are short drafts: judge them on the rule's outline part (severity error/warning
    # findings about sections), not on content areas a two-line draft cannot cover
    def relevant(findings):
        return [f for f in findings if f.rule == rule_id and "Lĩnh vực" not in f.message
                and "chưa đề cập" not in f.message]
    assert relevant(check_text(ex["fail"], rules=[rule_id])), f"{rule_id}: the failing example passes"
    bad = relevant(check_text(ex["pass"], rules=[rule_id]))
    assert not bad, f"{rule_id}: the passing example fails: " + "; ".join(f.message for f in bad)
