"""One source for rule metadata: the registry. The categories, the findings schema's enum, the
ruleset schema's check categories and the reviewers' guide table are checked against it."""

import json
import os
import re

from baocao_check.findings import CATEGORIES, CATEGORY_NAMES
from baocao_check.rules import RULES

from conftest import ROOT


def _json(*parts):
    with open(os.path.join(ROOT, *parts), encoding="utf-8") as fh:
        return json.load(fh)


def _enums(node):
    if isinstance(node, dict):
        if "enum" in node and "missing_section" in node["enum"]:
            yield node["enum"]
        for v in node.values():
            yield from _enums(v)
    elif isinstance(node, list):
        for v in node:
            yield from _enums(v)


def test_every_rule_category_is_a_category():
    assert {r.CATEGORY for r in RULES.values()} <= set(CATEGORIES)


def test_the_findings_schema_lists_exactly_the_categories():
    enums = list(_enums(_json("baocao_check", "schemas", "findings-v1.schema.json")))
    assert enums, "the findings schema has no category enum"
    for enum in enums:
        assert list(enum) == list(CATEGORIES)


def test_the_ruleset_schema_check_categories_are_the_categories():
    schema = _json("rulesets", "ruleset.schema.json")
    assert schema["$defs"]["check"]["properties"]["category"]["enum"] == list(CATEGORIES)


def test_every_category_has_a_vietnamese_name():
    assert set(CATEGORY_NAMES["vi"]) == set(CATEGORIES)


def test_the_reviewers_guide_lists_every_rule():
    with open(os.path.join(ROOT, "docs", "huong-dan-bo-quy-tac.md"), encoding="utf-8") as fh:
        guide = fh.read()
    listed = set(re.findall(r"^\| `([a-z_]+)` \|", guide, re.M))
    assert set(RULES) <= listed, f"rules missing from the guide's table: {sorted(set(RULES) - listed)}"


def test_rule_modules_read_the_ruleset_through_typed_accessors():
    """No ``ctx.ruleset.get(...) or {}`` chains in rules: they use ``vocab``, ``requirement``, ``part``, ``items``."""
    offenders = []
    folder = os.path.join(ROOT, "baocao_check", "rules")
    for name in sorted(os.listdir(folder)):
        if name.endswith(".py"):
            with open(os.path.join(folder, name), encoding="utf-8") as fh:
                for i, line in enumerate(fh, 1):
                    if re.search(r"ruleset\.get\(", line):
                        offenders.append(f"{name}:{i}")
    assert not offenders, offenders


def test_a_waiver_matches_a_findings_sub_code_not_its_message(tmp_path):
    import json as _json
    from conftest import run_cli
    draft = tmp_path / "du-thao.txt"
    draft.write_text("IV. ĐỀ XUẤT, KIẾN NGHỊ\n1. Đề nghị Sở Nội vụ sớm hướng dẫn việc bố trí công chức địa chính cho xã.\n"
                     "2. Đề nghị cấp trên quan tâm bổ sung biên chế cho xã.\n", encoding="utf-8")
    code, out, err = run_cli("check", str(draft), "--format", "json", "--rule", "proposal_incomplete")
    found = _json.loads(out)["documents"][0]["findings"]
    assert [f.get("code") for f in found] == ["deadline", "responsible.deadline"], found
    (tmp_path / "du-thao.txt.waivers.yaml").write_text(
        "waivers:\n  - rule: proposal_incomplete\n    code: deadline\n    reason: Thời hạn do Sở quyết định\n",
        encoding="utf-8")
    code, out, err = run_cli("check", str(draft), "--format", "json", "--rule", "proposal_incomplete")
    doc = _json.loads(out)["documents"][0]
    assert [f.get("code") for f in doc["findings"]] == ["responsible.deadline"], doc
    assert [w.get("code") for w in doc.get("waived", [])] == ["deadline"]
