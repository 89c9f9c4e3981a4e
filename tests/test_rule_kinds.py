"""Rule kinds as data: a reviewer writes a check in YAML (existence, needs), with phrases or spaCy
token patterns, and it runs like a rule: its own id, category, clause, message and severity."""

import textwrap

import pytest
import yaml

from baocao_check.engine import check_document
from baocao_check.errors import RulesetError
from baocao_check.readers import read_document
from baocao_check.ruleset import load_ruleset, parse_ruleset

from conftest import run_cli


def _with_checks(tmp_path, builtin, checks, load=True):
    data = dict(builtin.data, checks=checks)
    path = tmp_path / "ke-hoach.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return (load_ruleset(str(path)) if load else None), path


def _draft(tmp_path, text):
    path = tmp_path / "du-thao.txt"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


TARGETS = """\
    II. KẾT QUẢ THỰC HIỆN
    1. Kinh tế
    Chỉ tiêu thu ngân sách năm 2026 đạt 43,0% so với dự toán được giao.
    Chỉ tiêu trồng rừng tập trung thực hiện 120 ha.
    III. ĐÁNH GIÁ CHUNG
    Chỉ tiêu giảm nghèo được quan tâm.
"""

NEEDS = {"id": "chi_tieu_so_sanh", "kind": "needs", "category": "other", "severity": "warning",
         "clause": "Kế hoạch, mục IV.2 (mỗi chỉ tiêu phải so sánh với chỉ tiêu được giao)",
         "scope": {"sections": ["kết quả"]},
         "trigger": {"phrases": ["chỉ tiêu"]},
         "needs": ["quantity", {"name": "so sánh với chỉ tiêu được giao", "phrases": ["so với", "kế hoạch giao", "được giao"]}],
         "message": "Chỉ tiêu chưa nêu {missing}.", "suggestion": "So sánh với chỉ tiêu được giao."}


def test_a_needs_check_written_in_yaml(tmp_path, builtin):
    ruleset, _ = _with_checks(tmp_path, builtin, [NEEDS])
    doc = read_document(str(_draft(tmp_path, TARGETS)))
    found = check_document(doc, ruleset, "vi", ["chi_tieu_so_sanh"])
    assert [(f.rule, f.location["line"], f.message) for f in found] == [
        ("chi_tieu_so_sanh", 4, "Chỉ tiêu chưa nêu so sánh với chỉ tiêu được giao.")]
    f = found[0]
    assert (f.category, f.severity, f.clause, f.evidence) == ("other", "warning", NEEDS["clause"], "Chỉ tiêu")


def test_an_existence_check_with_a_spacy_token_pattern(tmp_path, builtin):
    check = {"id": "ve_co_ban", "kind": "existence", "category": "generic_limitation",
             "trigger": {"patterns": [[{"LOWER": "về"}, {"LOWER": "cơ"}, {"LOWER": "bản"}, {"LOWER": "đạt", "OP": "?"}]]},
             "message": "«{match}» không cho biết đạt bao nhiêu.", "suggestion": "Nêu con số."}
    ruleset, _ = _with_checks(tmp_path, builtin, [check])
    doc = read_document(str(_draft(tmp_path, """\
        II. KẾT QUẢ
        Các chỉ tiêu về cơ bản đạt kế hoạch; riêng thu ngân sách Về cơ bản hoàn thành.
        Cơ sở vật chất được bảo đảm.
    """)))
    found = check_document(doc, ruleset, "vi", ["ve_co_ban"])
    assert [(f.location["line"], f.evidence) for f in found] == [(2, "về cơ bản đạt"), (2, "Về cơ bản")]
    assert found[0].message == "«về cơ bản đạt» không cho biết đạt bao nhiêu."


def test_token_patterns_keep_symbols_dates_and_numbers_whole(tmp_path, builtin):
    check = {"id": "so_lieu_lam_tron", "kind": "existence", "category": "other",
             "trigger": {"patterns": [[{"LOWER": "khoảng"}, {"LIKE_NUM": True}]]}, "message": "Số ước «{match}»."}
    ruleset, _ = _with_checks(tmp_path, builtin, [check])
    doc = read_document(str(_draft(tmp_path, "I. KẾT QUẢ\nTheo Kế hoạch số 45-KH/HU, đã chỉnh lý khoảng 1.060 mét.\n")))
    found = check_document(doc, ruleset, "vi", ["so_lieu_lam_tron"])
    assert [f.evidence for f in found] == ["khoảng 1.060"]


def test_a_check_id_may_not_shadow_a_rule(builtin):
    data = dict(builtin.data, checks=[dict(NEEDS, id="term_typo")])
    with pytest.raises(RulesetError) as exc:
        parse_ruleset(yaml.safe_dump(data, allow_unicode=True), "r.yaml")
    assert "term_typo" in str(exc.value)


def test_a_misspelt_check_key_fails_ruleset_check(tmp_path, builtin):
    _, path = _with_checks(tmp_path, builtin, [dict(NEEDS, neds=["quantity"])], load=False)
    code, out, err = run_cli("ruleset", "check", str(path))
    assert code == 2 and "neds" in err and "needs" in err, err


def test_the_check_runs_from_the_cli_with_its_id(tmp_path, builtin):
    _, path = _with_checks(tmp_path, builtin, [NEEDS])
    draft = _draft(tmp_path, TARGETS)
    code, out, err = run_cli("check", str(draft), "--ruleset", str(path), "--format", "json", "--rule", "chi_tieu_so_sanh")
    import json
    findings = json.loads(out)["documents"][0]["findings"]
    assert [f["rule"] for f in findings] == ["chi_tieu_so_sanh"], err


def test_a_ruleset_without_token_patterns_does_not_import_spacy(tmp_path):
    import subprocess, sys, os
    draft = _draft(tmp_path, TARGETS)
    code = ("import sys; from baocao_check.cli import main\n"
            "try:\n    main(['check', sys.argv[1], '--format', 'json'])\nexcept SystemExit:\n    pass\n"
            "print('SPACY' if 'spacy' in sys.modules else 'NO-SPACY', file=sys.stderr)")
    proc = subprocess.run([sys.executable, "-c", code, str(draft)], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": os.path.dirname(os.path.dirname(__file__))})
    assert proc.stderr.strip().endswith("NO-SPACY"), proc.stderr[-500:]


def test_a_vague_wording_as_a_token_pattern_with_its_own_message(tmp_path, builtin):
    entry = {"pattern": [{"LOWER": "chưa"}, {"LOWER": {"IN": ["thật", "thực"]}}, {"LOWER": "sự"}, {"LOWER": "quyết"},
                         {"LOWER": "liệt"}],
             "message": "«Chưa thật sự quyết liệt»: việc nào, ở đâu?"}
    data = dict(builtin.data, vocabularies={"vague_quantifiers": [entry]})
    path = tmp_path / "r.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    ruleset = load_ruleset(str(path))
    doc = read_document(str(_draft(tmp_path, """\
        III. ĐÁNH GIÁ CHUNG
        2. Hạn chế, khuyết điểm
        Công tác chỉ đạo chưa thực sự quyết liệt.
    """)))
    found = check_document(doc, ruleset, "vi", ["generic_limitation"])
    assert [(f.location["line"], f.evidence, f.message) for f in found] == [
        (3, "chưa thực sự quyết liệt", entry["message"])]
