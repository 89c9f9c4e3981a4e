"""A new plan becomes a ruleset without code."""

import json
import os

import pytest
import yaml

from baocao_check.engine import check_path
from baocao_check.plan import derive
from baocao_check.readers import read_document
from baocao_check.ruleset import load_ruleset, parse_ruleset
from conftest import FIXTURES, SEED_DRAFTS, run_cli, seed_docx, seed_txt

PLAN = seed_txt("001_6c5180949553ecef")
PLAN_DOCX = seed_docx("001_6c5180949553ecef", "pandoc")
OTHER_PLAN = os.path.join(FIXTURES, "plans", "ke-hoach-so-ket-6-thang-chuyen-doi-so.md")


def outline_shape(items):
    return [(it["id"], it["title"], [c[0] for c in outline_shape(it.get("children", []))]) for it in items]


def deadline_set(items):
    return sorted((d.get("before") or "", d.get("within_month") or "") for d in items)


@pytest.mark.parametrize("plan", [PLAN, PLAN_DOCX], ids=["txt", "docx"])
def test_derived_ruleset_reproduces_the_builtin_outline_and_deadlines(plan, tmp_path, builtin):
    out = tmp_path / "ke-hoach.yaml"
    code, stdout, err = run_cli("ruleset", "from-plan", plan, "-o", str(out))
    assert code == 0, err
    derived = load_ruleset(str(out)).data
    assert outline_shape(derived["outline"]) == outline_shape(builtin.data["outline"])
    assert derived["outline"] == builtin.data["outline"]              # synonyms included
    assert deadline_set(derived["deadlines"]) == deadline_set(builtin.data["deadlines"])
    assert derived["annexes"]["required"] == ["1", "2", "3", "4"]
    assert derived["period"]["plan_period"] == [2026, 2030] and derived["period"]["term"] == [2025, 2030]
    assert derived["period"]["start"] == "2025-07-01"
    assert set(derived["requirements"]) == {"limitations", "proposals", "outstanding_issues", "surplus_assets"}
    text = out.read_text(encoding="utf-8")
    assert "của kế hoạch: «I. KHÁI QUÁT ĐẶC ĐIỂM TÌNH HÌNH" in text and "XEM LẠI" in text


def _outline_findings(path, ruleset):
    res = check_path(path, ruleset, "vi", ["missing_section"])
    return sorted((f.message, f.severity, f.location["line"]) for f in res.findings
                  if f.message.startswith(("Thiếu mục", "Chưa có mục riêng")))


def test_seed_drafts_get_the_same_missing_sections(tmp_path, builtin):
    derived = parse_ruleset(yaml.safe_dump(derive(read_document(PLAN), "derived").data, allow_unicode=True), "d.yaml")
    for base in SEED_DRAFTS:
        assert _outline_findings(seed_txt(base), derived) == _outline_findings(seed_txt(base), builtin), base


def test_a_different_plan_checks_its_own_drafts(tmp_path):
    rules = tmp_path / "so-ket-6-thang.yaml"
    code, stdout, err = run_cli("ruleset", "from-plan", OTHER_PLAN, "-o", str(rules))
    assert code == 0, err
    data = load_ruleset(str(rules)).data
    assert [it["id"] for it in data["outline"]] == ["I", "II", "III", "IV"]
    assert deadline_set(data["deadlines"]) == [("2026-06-10", ""), ("2026-06-30", "")]
    assert data["annexes"]["required"] == ["1", "2"] and "outline_ignore" not in data
    missing = os.path.join(FIXTURES, "plans", "du-thao-6-thang-thieu-muc.md")
    complete = os.path.join(FIXTURES, "plans", "du-thao-6-thang-day-du.md")
    code, stdout, err = run_cli("check", missing, complete, "--ruleset", str(rules), "--format", "json",
                                "--rule", "missing_section", "--rule", "section_order_or_numbering")
    assert code == 1, err
    bad, good = json.loads(stdout)["documents"]
    errors = [f["message"] for f in bad["findings"] if f["severity"] == "error"]
    assert errors == ["Thiếu mục «III. Phương hướng, nhiệm vụ 6 tháng cuối năm 2026» theo Đề cương, mục III."]
    assert not [f for f in good["findings"] if f["severity"] in ("error", "warning")], good["findings"]
    assert "Thiếu mục" not in json.dumps(good, ensure_ascii=False)


def test_ruleset_check_and_show(tmp_path):
    code, out, err = run_cli("ruleset", "check", os.path.join(os.path.dirname(PLAN), "..", "..", "rulesets",
                                                               "so-ket-01-nam-cqdp-2-cap.yaml"))
    assert code == 0 and "hợp lệ" in out and "23 mục đề cương" in out
    bad = tmp_path / "sai.yaml"
    bad.write_text('id: x\nversion: "1"\ntitle: T\noutline:\n  - id: I\n    titel: A\n    clause: c\n', encoding="utf-8")
    code, out, err = run_cli("ruleset", "check", str(bad))
    assert code == 2 and "sai.yaml:6" in err and "titel" in err and "có phải 'title'" in err
    code, out, err = run_cli("ruleset", "show")
    assert code == 0 and "[ ] III.2. Hạn chế, khuyết điểm, nguyên nhân" in out and "[ ] trước ngày 15/6/2026 — Đảng ủy xã" in out
    code, out, err = run_cli("ruleset", "show", "--lang", "en")
    assert "Required outline sections" in out


def test_from_plan_refuses_bad_input_clearly(tmp_path):
    bad = tmp_path / "ke-hoach.docx"
    bad.write_bytes(b"not a docx")
    code, out, err = run_cli("ruleset", "from-plan", str(bad), "-o", str(tmp_path / "x.yaml"))
    assert code == 2 and "Traceback" not in err and not (tmp_path / "x.yaml").exists()


def test_guide_covers_every_key_and_rule():
    import json as _json
    from baocao_check.rules import RULES
    root = os.path.dirname(FIXTURES)
    guide = open(os.path.join(root, "docs", "huong-dan-bo-quy-tac.md"), encoding="utf-8").read()
    schema = _json.load(open(os.path.join(root, "rulesets", "ruleset.schema.json"), encoding="utf-8"))
    for key in schema["properties"]:
        assert f"{key}" in guide, key
    for rule_id in RULES:
        assert f"`{rule_id}`" in guide, rule_id
    vocab = load_ruleset().data.get("vocabularies", {})
    for key in vocab:
        assert f"`{key}`" in guide, key


OWN_PLANS = os.path.join(FIXTURES, "plans")


def _derive(tmp_path, folder, plan):
    """The ruleset of a plan folder's plan: one file, or "ke-hoach.docx+de-cuong.docx" (its outline apart)."""
    out = tmp_path / f"{folder}.yaml"
    files = [os.path.join(OWN_PLANS, folder, p) for p in plan.split("+")]
    code, _, err = run_cli("ruleset", "from-plan", *files, "-o", str(out))
    assert code == 0, err
    return load_ruleset(str(out))


def test_a_plan_that_states_its_requirements_in_its_outline(tmp_path):
    """A plan written by someone who had not seen the tool (UBND tỉnh, sơ kết 06 tháng Nghị quyết 57-NQ/TW)
    says what each outline item must give inside the item: «Tồn tại, hạn chế … (có số liệu, địa chỉ cụ
    thể)», «Kiến nghị, đề xuất (nêu rõ cơ quan, nội dung)», «Nhiệm vụ trọng tâm … cơ quan, bộ phận chủ
    trì, thời hạn hoàn thành», and its «2. Yêu cầu» says it once more («Tồn tại, hạn chế phải nêu rõ nội
    dung, số lượng, địa chỉ cụ thể; kiến nghị, đề xuất phải nêu rõ cơ quan tiếp nhận và nội dung …»).
    The ruleset holds those requirements (proposals need no deadline here) and a check of each task."""
    data = _derive(tmp_path, "nq57-nghe-an", "ke-hoach.md").data
    assert data["requirements"]["limitations"]["needs"] == ["content", "quantity", "address"]
    assert data["requirements"]["limitations"]["clause"].startswith("Kế hoạch, Yêu cầu")
    assert set(data["requirements"]["proposals"]["needs"]) == {"responsible", "content"}
    tasks = [c for c in data["checks"] if c["kind"] == "needs"]
    assert [(c["trigger"], c["needs"], c["scope"]["sections"]) for c in tasks] == \
        [({"statements": True}, ["responsible", "deadline"], ["Nhiệm vụ trọng tâm"])]


def test_one_note_that_states_several_requirements(tmp_path):
    """A Party plan's «Ghi chú:» states the limitations' and the proposals' requirements in two
    sentences of one paragraph: both are read."""
    data = _derive(tmp_path, "phat-trien-dang-vien", "ke-hoach.txt").data
    assert data["requirements"]["limitations"]["needs"] == ["quantity", "address"]
    assert set(data["requirements"]["proposals"]["needs"]) == {"responsible", "content"}
    assert data["annexes"]["required"] == ["1", "2"]


def test_an_outline_numbered_with_slashes_and_hyphens(tmp_path):
    """"1/", "2.2-", "a-" … "đ-" are items; what an item must give in brackets ("5/ ĐỀ XUẤT, KIẾN NGHỊ
    (nêu rõ nội dung, cơ quan giải quyết, …)") is its contents, not its title; the requirements under
    "2. Yêu cầu" of the plan are read."""
    data = _derive(tmp_path, "cchc-cu-prong", "ke-hoach.txt").data
    items = {i["id"]: i for _, i in _walk(data["outline"])}
    assert [k for k in items if k.startswith("2.2.")] == ["2.2.a", "2.2.b", "2.2.c", "2.2.d", "2.2.dd"]
    assert items["5"]["title"] == "Đề xuất, kiến nghị"
    assert items["5"]["contents"] == ["nội dung", "cơ quan giải quyết", "thời gian đề nghị giải quyết"]
    assert set(data["requirements"]) == {"limitations", "outstanding_issues", "proposals"}
    assert data["requirements"]["proposals"]["needs"] == ["content", "responsible", "deadline"]


def _walk(items):
    for it in items:
        yield 0, it
        yield from _walk(it.get("children", []))


def test_a_plan_with_its_outline_apart_in_word_numbering(tmp_path):
    """The outline's items come from Word's automatic numbering («PHẦN I.», «1.», «a)» rebuilt); a period in
    months («từ tháng 6/2021 đến tháng 6/2026») is the period; a date before the plan's own is no deadline
    («số liệu giai đoạn trước ngày 01/7/2025»); «I. MỤC ĐÍCH, YÊU CẦU» states the requirements; a symbol in
    a title keeps its capitals."""
    data = _derive(tmp_path, "hoc-tap-bac-nam-nha-trang", "ke-hoach.docx+de-cuong.docx").data
    items = [i for _, i in _walk(data["outline"])]
    assert len(items) == 16 and items[0]["id"] == "P1" and "P2.2.c" in [i["id"] for i in items]
    assert "05-CT/TW" in next(i["title"] for i in items if i["id"] == "P2")
    assert (data["period"]["start"], data["period"]["end"]) == ("2021-06-01", "2026-06-30")
    assert [d["before"] for d in data["deadlines"]] == ["2026-07-10", "2026-07-20", "2026-07-31"]
    assert data["requirements"]["limitations"]["needs"] == ["address"]


def test_an_outline_given_as_a_table(tmp_path):
    """A department's plan gives its outline as a table («STT | Nội dung báo cáo | Yêu cầu», I, 1, 2, II …)
    and the day of the figures only («số liệu tính đến ngày 30/6/2026»); its forms are «Mẫu số 01/02»."""
    data = _derive(tmp_path, "ccvc-phu-tho", "ke-hoach.docx").data
    items = [i for _, i in _walk(data["outline"])]
    assert [i["id"] for i in items][:4] == ["I", "I.1", "I.2", "II"] and len(items) == 13
    assert items[-1]["title"] == "Đề xuất, kiến nghị" and items[-1]["contents"] == ["nội dung", "cơ quan giải quyết", "thời hạn"]
    assert data["period"]["end"] == "2026-06-30" and "start" not in data["period"]
    assert [(a["label"], a["required"]) for a in data["annexes"]["items"]] == [("Mẫu số 01", True), ("Mẫu số 02", True)]


def test_the_terms_of_a_plan_s_field(tmp_path):
    """The compounds of the plan's title and those outline titles share become the ruleset's
    ``plan_terms``, those of the lexicon's domain terms left out."""
    data = _derive(tmp_path, "pctn-con-tien", "ke-hoach.docx").data
    terms = data["vocabularies"]["plan_terms"]
    assert {"tham nhũng", "lãng phí", "tiêu cực"} <= set(terms)
    assert "sơ kết" not in terms and "kiểm tra" not in terms


@pytest.mark.parametrize("folder,plan,draft", [("nq57-nghe-an", "ke-hoach.md", "du-thao.md"),
                                               ("phat-trien-dang-vien", "ke-hoach.txt", "du-thao.docx"),
                                               ("pctn-con-tien", "ke-hoach.docx", "du-thao.docx"),
                                               ("cchc-cu-prong", "ke-hoach.txt", "du-thao.txt"),
                                               ("hoc-tap-bac-nam-nha-trang", "ke-hoach.docx+de-cuong.docx", "du-thao.md"),
                                               ("ccvc-phu-tho", "ke-hoach.docx", "du-thao.md"),
                                               ("dan-chu-thach-khe", "ke-hoach.docx", "du-thao.docx"),
                                               ("ptdv-ai-tu", "huong-dan.txt", "du-thao.txt"),
                                               ("ntm-dong-thanh", "ke-hoach.docx", "du-thao.md")])
def test_plans_never_seen_check_their_own_drafts(tmp_path, folder, plan, draft):
    """Blind rounds 8, 9, 12 to 18: each plan's ruleset (round 17: a guidance, «Hướng dẫn», not a plan) finds its draft's planted defects and leaves its near
    misses alone (a Markdown draft; LibreOffice ones: a flat ODT by make_du_thao.py, an HTML draft, to DOCX).
    The anti-corruption plan's terms come from the plan («tham những» is a typo of its field); the
    administrative-reform plan numbers its outline "1/", "1.1-", "a-" and states its requirements
    under "2. Yêu cầu"; the Party plan of round 14 has its outline in a file of its own, numbered by Word."""
    from test_unseen_drafts import judge
    from baocao_check.engine import check_document
    ruleset = _derive(tmp_path, folder, plan)
    doc = read_document(os.path.join(OWN_PLANS, folder, draft))
    findings = [f for f in check_document(doc, ruleset) if f.severity in ("error", "warning")]
    with open(os.path.join(OWN_PLANS, folder, "du-thao.answers.json"), encoding="utf-8") as fh:
        answers = json.load(fh)
    missed, alarms = judge(doc, findings, answers, folder, placeless_annexes=True)
    assert not missed and not alarms, (missed, alarms)
