"""Rulesets: the built-in one, and broken ones with errors naming file, line and key."""

import pytest

from baocao_check.errors import RulesetError
from baocao_check.ruleset import BUILTIN_PATH, load_ruleset, parse_ruleset
from conftest import run_cli


def test_builtin_ruleset_encodes_the_outline(builtin):
    assert builtin.id == "so-ket-01-nam-cqdp-2-cap" and builtin.version
    ids = []

    def walk(items):
        for it in items:
            ids.append(it["id"])
            assert it["clause"].startswith("Đề cương")
            walk(it.get("children", []))
    walk(builtin.data["outline"])
    assert ids == ["I", "I.1", "I.2", "II", "II.1", "II.2", "II.2.1", "II.2.2", "II.3", "II.4", "II.5",
                   "II.5.1", "II.5.2", "II.6", "II.7", "II.8", "II.9", "III", "III.1", "III.2", "III.3",
                   "III.4", "IV"]
    areas = [a["id"] for a in builtin.data["content_areas"]]
    assert areas == ["leadership", "decentralisation", "organisation", "administrative_procedures", "budget",
                     "premises_assets", "digital", "archives"]
    assert [d["id"] for d in builtin.data["deadlines"]] == ["component_reports", "party_cells", "conference"]
    assert builtin.data["annexes"]["required"] == ["1", "2", "3", "4"]
    assert builtin.data["period"]["plan_period"] == [2026, 2030]
    assert set(builtin.data["requirements"]) == {"limitations", "proposals", "outstanding_issues", "surplus_assets"}


GOOD = 'id: x\nversion: "1"\ntitle: T\noutline:\n  - id: I\n    title: A\n    clause: c\n'


@pytest.mark.parametrize("text,line,key,code", [
    ("id: x\nversion: [1\n", 2, None, "yaml_syntax"),
    (GOOD + "    mtach: [a]\n", 8, "outline[0].mtach", "schema"),
    (GOOD + "    scope: nowhere\n", 8, "outline[0].scope", "schema"),
    ('id: x\nversion: "1"\ntitle: T\n', 1, None, "schema"),
    (GOOD + "rules:\n  no_such_rule: {severity: error}\n", 9, "rules.no_such_rule", "unknown_rule"),
    (GOOD + "  - id: I\n    title: B\n    clause: c\n", 8, "outline[1].id", "duplicate_id"),
    (GOOD + "rules:\n  missing_section: {severity: fatal}\n", 9, "rules.missing_section.severity", "schema"),
])
def test_broken_rulesets_name_line_and_key(text, line, key, code):
    with pytest.raises(RulesetError) as exc:
        parse_ruleset(text, "r.yaml")
    err = exc.value
    assert err.code == code
    assert err.line == line, err.vi
    if key:
        assert err.key == key
        assert key in err.vi and key in err.en
    assert err.vi.startswith(f"r.yaml:{line}")


def test_good_minimal_ruleset():
    rs = parse_ruleset(GOOD, "r.yaml")
    assert rs.id == "x" and rs.severity("missing_section", "error") == "error"


def test_cli_broken_ruleset_exit_2_no_traceback(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(GOOD + "    mtach: [a]\n", encoding="utf-8")
    code, out, err = run_cli("check", "fixtures/seeds/004_545f26e5666c642b.txt", "--ruleset", str(bad))
    assert code == 2
    assert "bad.yaml:8" in err and "mtach" in err
    assert "Traceback" not in err
    code, out, err = run_cli("check", "fixtures/seeds/004_545f26e5666c642b.txt", "--ruleset", str(bad), "--lang", "en")
    assert code == 2 and "unknown key 'mtach'" in err


def test_builtin_path_loads():
    assert load_ruleset(BUILTIN_PATH).id == "so-ket-01-nam-cqdp-2-cap"
