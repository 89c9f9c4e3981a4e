"""A reviewer changes what the checker knows by editing YAML, never Python (issue: one home for
vocabulary). Each test writes a ruleset, loads it as the CLI would, and checks a draft with it."""

import textwrap

import pytest
import yaml

from baocao_check.engine import check_document
from baocao_check.readers import read_document
from baocao_check.ruleset import load_ruleset, parse_ruleset

from conftest import run_cli


def _ruleset(tmp_path, builtin, **override):
    data = dict(builtin.data)
    for key, value in override.items():
        data[key] = {**(data.get(key) or {}), **value} if isinstance(value, dict) else value
    path = tmp_path / "ke-hoach.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return load_ruleset(str(path))


def _check(tmp_path, text, ruleset, rule):
    path = tmp_path / "du-thao.txt"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return check_document(read_document(str(path)), ruleset, "vi", [rule])


PROPOSAL = """\
    IV. ĐỀ XUẤT, KIẾN NGHỊ
    1. Đề nghị bố trí vốn vay của quỹ hỗ trợ nông dân cho các hộ sản xuất, hoàn thành trong quý III/2026.
"""
# (the body named in lower case and not first: a capitalised name right after "Đề nghị" is an addressee
# by itself, "Đề nghị Viettel Nghệ An …"; this one only the vocabulary knows)


def test_a_new_organisation_name_makes_a_proposal_addressed(tmp_path, builtin):
    before = _check(tmp_path, PROPOSAL, builtin, "proposal_incomplete")
    assert [f.message for f in before] == ["Đề xuất chưa nêu cơ quan chịu trách nhiệm/được đề nghị."]
    ruleset = _ruleset(tmp_path, builtin, vocabularies={"addressees": ["quỹ hỗ trợ nông dân"]})
    assert _check(tmp_path, PROPOSAL, ruleset, "proposal_incomplete") == []


def test_a_new_required_element_for_proposals(tmp_path, builtin):
    text = """\
        IV. ĐỀ XUẤT, KIẾN NGHỊ
        1. Đề nghị Sở Nội vụ bổ sung biên chế công chức địa chính cho xã trong quý III/2026.
        2. Đề nghị Sở Tài chính bố trí 850 triệu đồng để số hóa tài liệu, hoàn thành trong năm 2026.
    """
    assert _check(tmp_path, text, builtin, "proposal_incomplete") == []
    reqs = dict(builtin.data["requirements"])
    reqs["proposals"] = {**reqs["proposals"], "needs": ["content", "responsible", "deadline", "quantity"]}
    ruleset = _ruleset(tmp_path, builtin, requirements=reqs)
    found = _check(tmp_path, text, ruleset, "proposal_incomplete")
    assert [(f.location["line"], f.message) for f in found] == [(2, "Đề xuất chưa nêu số lượng.")]


def test_a_new_typo_pair(tmp_path, builtin):
    text = """\
        II. KẾT QUẢ
        Xã đã hoàn thành việc số hoá hồ sơ và cập nhập dữ liệu dân cư.
    """
    assert _check(tmp_path, text, builtin, "term_typo") == []
    ruleset = _ruleset(tmp_path, builtin, vocabularies={"term_confusions": [{"wrong": "cập nhập", "right": "cập nhật"}]})
    found = _check(tmp_path, text, ruleset, "term_typo")
    assert len(found) == 1 and "cập nhập" in found[0].message and found[0].location["line"] == 2


def test_a_new_vague_phrase_with_its_own_message(tmp_path, builtin):
    text = """\
        III. ĐÁNH GIÁ CHUNG
        2. Hạn chế, khuyết điểm
        Công tác chỉ đạo chưa quyết liệt.
    """
    assert _check(tmp_path, text, builtin, "generic_limitation") == []
    entry = {"phrase": "chưa quyết liệt", "message": "Nêu «chưa quyết liệt» mà không chỉ rõ việc nào.",
             "suggestion": "Nêu việc, nơi chưa quyết liệt."}
    ruleset = _ruleset(tmp_path, builtin, vocabularies={"vague_quantifiers": [entry]})
    found = _check(tmp_path, text, ruleset, "generic_limitation")
    assert [(f.message, f.suggestion) for f in found] == [(entry["message"], entry["suggestion"])]


def test_a_misspelt_vocabulary_key_fails_ruleset_check(tmp_path, builtin):
    data = dict(builtin.data, vocabularies={"vague_quantifer": ["một số"]})
    path = tmp_path / "sai.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    code, out, err = run_cli("ruleset", "check", str(path))
    assert code == 2
    assert "vocabularies.vague_quantifer" in err and "vague_quantifiers" in err, err
    line = next(i for i, l in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "vague_quantifer" in l)
    assert f":{line}:" in err, err


def test_a_misspelt_requirement_key_fails(builtin):
    data = dict(builtin.data, requirements={"proposal": {"clause": "x"}})
    with pytest.raises(Exception) as exc:
        parse_ruleset(yaml.safe_dump(data, allow_unicode=True), "r.yaml")
    assert "proposals" in str(exc.value)


def test_every_vocabulary_key_is_read_by_the_code():
    """A documented word list that no code reads misleads reviewers (it happened twice)."""
    import json
    import pathlib
    root = pathlib.Path(__file__).resolve().parent.parent
    schema = json.loads((root / "rulesets" / "ruleset.schema.json").read_text(encoding="utf-8"))
    keys = schema["$defs"]["vocabularies"]["properties"]
    code = "\n".join(p.read_text(encoding="utf-8") for p in (root / "baocao_check").rglob("*.py"))
    unread = [k for k in keys if f'"{k}"' not in code and f"'{k}'" not in code]
    assert not unread, f"vocabularies nobody reads: {unread}"


def test_the_lexicon_is_validated_with_closed_keys(tmp_path):
    from baocao_check import lexicon
    bad = tmp_path / "lexicon.yaml"
    bad.write_text("vocabularies:\n  vague_quantifer: [một số]\n", encoding="utf-8")
    with pytest.raises(Exception) as exc:
        lexicon._parse(bad.read_text(encoding="utf-8"), str(bad))
    assert "vague_quantifiers" in str(exc.value) and ":2" in str(exc.value)


def test_a_misspelt_lexicon_key_is_an_error(tmp_path):
    from baocao_check import lexicon
    from baocao_check.lexicon import lexicon_path
    text = open(lexicon_path(), encoding="utf-8").read().replace("\ndomain_terms:", "\ndomain_term:", 1)
    assert "domain_term:" in text
    with pytest.raises(Exception) as exc:
        lexicon._parse(text, "lexicon.yaml")
    assert "domain_term" in str(exc.value) and "domain_terms" in str(exc.value)
    lexicon._parse(open(lexicon_path(), encoding="utf-8").read(), "lexicon.yaml")   # the real one is valid


def test_a_new_name_for_the_reporting_period(tmp_path, builtin):
    """`reporting_period_words`: a sentence naming the reporting period must open it on the plan's date."""
    text = """\
        I. ĐẶC ĐIỂM TÌNH HÌNH
        Xã có 19 thôn, 5.120 hộ.
        II. KẾT QUẢ
        Số liệu trong thời gian sơ kết từ ngày 15/7/2025 đến ngày 30/4/2026 được tổng hợp từ các phòng.
    """
    assert _check(tmp_path, text, builtin, "deadline_inconsistent") == []
    ruleset = _ruleset(tmp_path, builtin, vocabularies={"reporting_period_words": ["thời gian sơ kết"]})
    found = _check(tmp_path, text, ruleset, "deadline_inconsistent")
    assert [(f.location["line"], f.evidence) for f in found] == [(4, "15/7/2025")]
