"""Plans of other issuers and layouts become rulesets that check their own drafts.

Each folder of fixtures/plans/ holds a plan as text and as Word (automatic numbering, made by
fixtures/plans/make_plans.py), a hand-written expected.yaml of what the plan asks, a complete draft
and a faulty one (sections and annexes left out).
"""

import json
import os
import re

import pytest
import yaml

from baocao_check.normalize import fold
from baocao_check.ruleset import load_ruleset
from conftest import FIXTURES, run_cli

PLANS_DIR = os.path.join(FIXTURES, "plans")
PLANS = ["dang-uy-xa", "ubnd-tinh", "ban-to-chuc", "mat-tran"]


def expected(name):
    with open(os.path.join(PLANS_DIR, name, "expected.yaml"), encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def plan_files(name, ext):
    return [os.path.join(PLANS_DIR, name, f"{base}.{ext}") for base in expected(name)["plan"]]


_DERIVED = {}


def derive_cli(name, ext, tmp_path):
    """The real command, once per plan and format: (ruleset data, terminal output, YAML text, path)."""
    if (name, ext) not in _DERIVED:
        out = tmp_path / f"{name}-{ext}.yaml"
        code, stdout, err = run_cli("ruleset", "from-plan", *plan_files(name, ext), "-o", str(out))
        assert code == 0, err
        _DERIVED[(name, ext)] = (load_ruleset(str(out)).data, stdout, out.read_text(encoding="utf-8"), str(out))
    return _DERIVED[(name, ext)]


def walk(items, parent=None):
    for it in items:
        yield it, parent
        yield from walk(it.get("children", []), it["id"])


def _date(x):
    return str(x) if x is not None else None


def outline_score(derived, exp):
    """Share of the expected required items found with the same parent, title and place among their
    required siblings."""
    got = {it["id"]: (it, parent) for it, parent in walk(derived["outline"])}
    required_siblings = {}
    for it, parent in walk(derived["outline"]):
        if it.get("required", True):
            required_siblings.setdefault(parent, []).append(it["id"])
    exp_siblings = {}
    for rid, parent, _ in exp["outline"]:
        exp_siblings.setdefault(parent, []).append(rid)
    ok = []
    for rid, parent, title in exp["outline"]:
        if rid not in got:
            continue
        it, got_parent = got[rid]
        place = exp_siblings[parent].index(rid)
        sibs = required_siblings.get(got_parent, [])
        if got_parent == parent and fold(it["title"]) == fold(title) and it.get("required", True) \
                and place < len(sibs) and sibs[place] == rid:
            ok.append(rid)
    return len(ok) / len(exp["outline"]), set(r for r, _, _ in exp["outline"]) - set(ok)


def deadline_score(derived, exp):
    ok = 0
    for e in exp["deadlines"]:
        kind = next(k for k in ("before", "within_month", "recurring") if k in e)
        value = _date(e[kind])
        for d in derived.get("deadlines", []):
            if d.get(kind) != value:
                continue
            binds = fold(" | ".join(d.get("binds", [])))
            if all(fold(b) in binds for b in e["bodies"]) and d.get("binds_author") is e["binds_author"]:
                ok += 1
                break
    return ok / len(exp["deadlines"])


@pytest.mark.parametrize("ext", ["txt", "docx"])
@pytest.mark.parametrize("name", PLANS)
def test_plan_becomes_its_ruleset(name, ext, tmp_path):
    exp = expected(name)
    data, stdout, text, _ = derive_cli(name, ext, tmp_path)
    score, missed = outline_score(data, exp)
    assert score >= 0.9, missed
    items = {it["id"]: it for it, _ in walk(data["outline"])}
    for rid in exp["optional"]:
        assert items[rid].get("required") is False, rid
    for rid, wanted in exp["contents"].items():
        got = [fold(c) for c in items[rid].get("contents", [])]
        assert all(any(fold(w) in g for g in got) for w in wanted), (rid, got)
    assert deadline_score(data, exp) >= 0.9, data.get("deadlines")
    annexes = data["annexes"]["items"]
    assert [(a["label"], fold(a.get("title", "")), a["required"]) for a in annexes] == \
        [(a["label"], fold(a["title"]), a["required"]) for a in exp["annexes"]]
    assert bool(data["annexes"].get("body_agreement")) is exp["body_agreement"]
    for key, value in exp["period"].items():
        assert data["period"][key] == (value if isinstance(value, list) else _date(value)), key
    assert set(exp["requirements"]) <= set(data.get("requirements", {}))
    quotes = " ".join(r["quote"] for r in data.get("to_review", []))
    assert all(fold(q) in fold(quotes) for q in exp["to_review"])
    # what the terminal says
    n_items = sum(1 for _ in walk(data["outline"]))
    assert f"{n_items} mục đề cương" in stdout and f"{len(data['deadlines'])} thời hạn" in stdout
    assert f"{len(annexes)} phụ lục" in stdout and "kỳ báo cáo: từ " in stdout and "điểm cần người xem lại" in stdout
    assert all(fold(q) in fold(stdout) for q in exp["to_review"])
    # what the YAML says, in Vietnamese comments
    assert "# XEM LẠI: các yêu cầu dưới đây chưa có quy tắc" in text and "của kế hoạch: «" in text


def _missing(findings):
    out = []
    for f in findings:
        m = re.match(r"Thiếu mục «(\S+)\. ", f["message"])
        if f["rule"] == "missing_section" and m:
            out.append(m.group(1))
    return sorted(out)


@pytest.mark.parametrize("ext", ["txt", "docx"])
@pytest.mark.parametrize("name", PLANS)
def test_derived_ruleset_checks_the_plans_drafts(name, ext, tmp_path):
    exp = expected(name)
    rules = derive_cli(name, ext, tmp_path)[3]
    complete = os.path.join(PLANS_DIR, name, "du-thao-day-du.txt")
    faulty = os.path.join(PLANS_DIR, name, "du-thao-thieu-muc.txt")
    code, stdout, err = run_cli("check", complete, faulty, "--ruleset", str(rules), "--format", "json")
    good, bad = json.loads(stdout)["documents"]
    assert not [f for f in good["findings"] if f["severity"] == "error"], good["findings"]
    assert not [f for f in good["findings"] if f["rule"] in ("missing_section", "annex_missing")], good["findings"]
    assert _missing(bad["findings"]) == sorted(exp["faulty"]["sections"])
    annex = [f["message"] for f in bad["findings"] if f["rule"] == "annex_missing"]
    assert annex and all(f"số {a}" in annex[0] for a in exp["faulty"]["annexes"]), annex
    assert code == 1


@pytest.mark.parametrize("name", PLANS)
def test_no_value_of_the_seed_plan_leaks_in(name, tmp_path):
    data = derive_cli(name, "txt", tmp_path)[0]
    builtin = load_ruleset().data
    plan_text = " ".join(open(p, encoding="utf-8").read() for p in plan_files(name, "txt"))
    assert "legitimate_terms" not in data["period"]          # the seed's HĐND 2026-2031 term
    for key in ("plan_period", "term"):
        if key in data["period"]:
            a, b = data["period"][key]
            assert re.search(rf"{a}\s*-\s*{b}", plan_text), key
    for d in data["deadlines"]:
        if d.get("before") and not d.get("as_written"):
            y, m, day = d["before"].split("-")
            assert re.search(rf"0?{int(day)}/0?{int(m)}/{y}", plan_text), d
    seed_titles = {fold(it["title"]) for it, _ in walk(builtin["outline"])} - {"đánh giá chung", "ưu điểm", "đề xuất, kiến nghị"}
    assert not seed_titles & {fold(it["title"]) for it, _ in walk(data["outline"])}
    assert "content_areas" not in data


def test_a_plan_without_outline_still_gives_the_rest(tmp_path):
    out = tmp_path / "khong-de-cuong.yaml"
    plan = os.path.join(PLANS_DIR, "ban-to-chuc", "ke-hoach.txt")     # the outline is in de-cuong.txt
    code, stdout, err = run_cli("ruleset", "from-plan", plan, "-o", str(out))
    assert code == 0, err
    assert "không tìm thấy Đề cương" in stdout and "0 mục đề cương" in stdout and "3 thời hạn" in stdout
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert data["outline"] == [] and len(data["deadlines"]) == 3 and data["annexes"]["items"]
    assert data["period"]["start"] == "2025-07-01"
    assert "# XEM LẠI: không tìm thấy Đề cương" in out.read_text(encoding="utf-8")
    code, _, err = run_cli("ruleset", "check", str(out))
    assert code == 2 and "outline" in err                    # to be filled in before drafts are checked


def test_ruleset_show_is_a_checklist(tmp_path):
    rules = tmp_path / "ubnd.yaml"
    assert run_cli("ruleset", "from-plan", os.path.join(PLANS_DIR, "ubnd-tinh", "ke-hoach.docx"), "-o", str(rules))[0] == 0
    code, out, err = run_cli("ruleset", "show", str(rules))
    assert code == 0, err
    assert "[ ] P1.B.3. Bảo đảm an toàn thông tin mạng (nếu có)" in out
    assert "phải nêu: số cơ sở dữ liệu đã xây dựng" in out
    assert "[ ] trước ngày 15/6/2026 — Các sở, ban, ngành tỉnh" in out
    assert "[ ] trước ngày 30/9/2026 — Ủy ban nhân dân tỉnh" in out
    assert "người viết báo cáo phải gửi báo cáo" in out
    assert "[ ] Số liệu từ ngày 1/1/2026 đến ngày 15/6/2026" in out and "ước thực hiện đến ngày 30/6/2026" in out
    assert "[ ] Biểu 01/CĐS: Hạ tầng số của cơ quan, đơn vị (bắt buộc)" in out
    assert "[ ] Biểu 03/CĐS: Sự cố an toàn thông tin mạng (nếu có)" in out
    assert "[ ] «Báo cáo không quá 15 trang" in out
    assert "Mỗi hạn chế nêu rõ: đối tượng, số lượng, địa chỉ cụ thể" in out


def test_ruleset_diff_shows_what_changed(tmp_path):
    a = tmp_path / "ky-truoc.yaml"
    assert run_cli("ruleset", "from-plan", os.path.join(PLANS_DIR, "dang-uy-xa", "ke-hoach.txt"), "-o", str(a))[0] == 0
    code, out, _ = run_cli("ruleset", "diff", str(a), str(a))
    assert code == 0 and "giống nhau" in out
    data = yaml.safe_load(a.read_text(encoding="utf-8"))
    data["deadlines"][0]["before"] = "2026-06-25"
    economy = data["outline"][0]["children"][1]["children"]
    economy.pop(2)                                                        # P1.II.3 Quốc phòng, an ninh
    data["annexes"]["items"][2]["required"] = False
    data["to_review"] = []
    b = tmp_path / "ky-nay.yaml"
    b.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    code, out, err = run_cli("ruleset", "diff", str(a), str(b))
    assert code == 1, err
    assert "- mục đề cương P1.II.3. Về quốc phòng, an ninh" in out
    assert "- thời hạn trước ngày 20/6/2026" in out and "+ thời hạn trước ngày 25/6/2026" in out
    assert "~ Phụ lục 3: nay nếu có" in out
    assert "- cần tự kiểm: «Mỗi chỉ tiêu phải so sánh với chỉ tiêu được giao" in out


def test_word_plans_use_automatic_numbering_made_by_the_script(tmp_path):
    import zipfile
    import importlib.util
    spec = importlib.util.spec_from_file_location("make_plans", os.path.join(PLANS_DIR, "make_plans.py"))
    make_plans = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_plans)
    src = os.path.join(PLANS_DIR, "dang-uy-xa", "ke-hoach.txt")
    fresh = tmp_path / "ke-hoach.docx"
    make_plans.make(src, str(fresh), "dang-uy-xa")
    for path in (str(fresh), os.path.join(PLANS_DIR, "dang-uy-xa", "ke-hoach.docx")):
        with zipfile.ZipFile(path) as z:
            numbering = z.read("word/numbering.xml").decode("utf-8")
            body = z.read("word/document.xml").decode("utf-8")
        assert 'w:numFmt w:val="upperRoman"' in numbering and 'w:numFmt w:val="lowerLetter"' in numbering
        assert "<w:numPr>" in body and ">I. CÔNG TÁC LÃNH ĐẠO" not in body and ">CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO<" in body
    code, out, err = run_cli("ruleset", "from-plan", str(fresh), "-o", str(tmp_path / "r.yaml"))
    assert code == 0 and "19 mục đề cương" in out, err


def test_the_guides_round_trip(tmp_path):
    """docs/huong-dan-bo-quy-tac.md, «Ví dụ trọn vòng»: derive, read, correct one entry, check drafts."""
    rules = tmp_path / "chuyen-doi-so.yaml"
    code, out, _ = run_cli("ruleset", "from-plan", "ke-hoach.docx", "-o", str(rules), cwd=os.path.join(PLANS_DIR, "ubnd-tinh"))
    assert code == 0 and "deadline_2: ngày của báo cáo được so với thời hạn này" in out
    guide = open(os.path.join(os.path.dirname(FIXTURES), "docs", "huong-dan-bo-quy-tac.md"), encoding="utf-8").read()
    shown = guide.split("$ baocao-check ruleset from-plan ke-hoach.docx -o chuyen-doi-so.yaml\n")[1].split("```")[0]
    assert [ln for ln in shown.splitlines()[1:] if ln not in out.splitlines()] == []     # the guide shows the real output
    text = rules.read_text(encoding="utf-8")
    before = tmp_path / "ky-truoc.yaml"
    before.write_text(text, encoding="utf-8")
    # the correction the guide makes: the report date is held to deadline_1 (the sở's), not deadline_2
    one = text.index("- id: deadline_1")
    two = text.index("- id: deadline_2")
    three = text.index("- id: deadline_3")
    first = text[one:two].replace("  binds_author: true\n", "  binds_author: true\n  report_date: true\n", 1)
    second = text[two:three].replace("  report_date: true\n", "", 1)
    rules.write_text(text[:one] + first + second + text[three:], encoding="utf-8")
    assert run_cli("ruleset", "check", str(rules))[0] == 0
    code, out, _ = run_cli("ruleset", "diff", str(before), str(rules))
    assert code == 1 and "~ thời hạn trước ngày 15/6/2026: ngày của báo cáo được so với thời hạn này: True" in out
    sở = os.path.join(PLANS_DIR, "ubnd-tinh", "du-thao-so-noi-vu.txt")
    code, out, _ = run_cli("check", sở, "--ruleset", str(before), "--format", "json")
    assert json.loads(out)["documents"][0]["findings"] == []
    code, out, _ = run_cli("check", sở, "--ruleset", str(rules), "--format", "json")
    findings = json.loads(out)["documents"][0]["findings"]
    assert [(f["rule"], f["location"]["line"]) for f in findings] == [("deadline_inconsistent", 6)]
    assert "trái thời hạn «Các sở, ban, ngành tỉnh" in findings[0]["message"]


def test_a_sentence_naming_the_outline_is_not_the_outline(tmp_path):
    plan = tmp_path / "ke-hoach.txt"
    plan.write_text(
        "KẾ HOẠCH\nSơ kết công tác dân vận năm 2026\n\n"
        "Ban Dân vận Đảng ủy xã ban hành Kế hoạch sơ kết như sau:\n\n"
        "I. NỘI DUNG\n\nĐề cương báo cáo gửi kèm Kế hoạch này.\n\n"
        "1. Các chi bộ xây dựng báo cáo, gửi về Ban Dân vận trước ngày 10/12/2026.\n\n"
        "II. TỔ CHỨC THỰC HIỆN\n\nGiao Văn phòng Đảng ủy theo dõi.\n\n"
        "Nơi nhận:\n- Lưu.\n\nT/M BAN DÂN VẬN\n\n"
        "ĐỀ CƯƠNG BÁO CÁO\n\nI. KẾT QUẢ CÔNG TÁC DÂN VẬN\n\n1. Dân vận chính quyền\n\n"
        "2. Phong trào thi đua «Dân vận khéo»\n\nII. HẠN CHẾ, NGUYÊN NHÂN\n\nIII. KIẾN NGHỊ, ĐỀ XUẤT\n",
        encoding="utf-8")
    out = tmp_path / "r.yaml"
    code, stdout, err = run_cli("ruleset", "from-plan", str(plan), "-o", str(out))
    assert code == 0, err
    data = load_ruleset(str(out)).data
    assert [(it["id"], it["title"]) for it, _ in walk(data["outline"])] == [
        ("I", "Kết quả công tác dân vận"), ("I.1", "Dân vận chính quyền"),
        ("I.2", "Phong trào thi đua «Dân vận khéo»"), ("II", "Hạn chế, nguyên nhân"), ("III", "Kiến nghị, đề xuất")]
    assert data["plan"]["issuer"] == "Ban Dân vận Đảng ủy xã"
    assert [(d["before"], d["binds"], d["binds_author"]) for d in data["deadlines"]] == [("2026-12-10", ["Các chi bộ"], True)]


@pytest.mark.parametrize("name", PLANS)
def test_word_and_text_give_the_same_ruleset(name, tmp_path):
    def strip(data):
        text = json.dumps({k: v for k, v in data.items() if k not in ("plan", "id")}, ensure_ascii=False)
        return re.sub(r"(?:dòng|đoạn) \d+", "N", text)
    assert strip(derive_cli(name, "txt", tmp_path)[0]) == strip(derive_cli(name, "docx", tmp_path)[0])


def test_the_plans_own_numbering_slips_are_noted_not_encoded(tmp_path):
    data, stdout, text, _ = derive_cli("mat-tran", "txt", tmp_path)
    assert [it["id"] for it in data["outline"]] == ["I", "II", "III", "IV", "V"]     # the plan wrote I, II, III, V, VI
    assert "# XEM LẠI: kế hoạch ghi «V.» ở vị trí thứ 4 (số thứ tự của kế hoạch bị nhảy); mục được đánh số lại là IV" in text
    assert "mục IV: kế hoạch ghi «V.»" in stdout and "«VI.»" not in stdout


def test_from_plan_never_fails_on_a_mangled_plan(tmp_path):
    """Lines dropped, repeated, swapped or cut short: the plan is still read, what is left is derived,
    and the YAML is valid whenever an outline was found."""
    import random
    from baocao_check.plan import derive, summary, to_yaml
    from baocao_check.readers import read_document
    from baocao_check.ruleset import parse_ruleset
    rnd = random.Random(12)
    for n in range(32):
        name = PLANS[n % len(PLANS)]
        lines = open(plan_files(name, "txt")[-1], encoding="utf-8").read().split("\n")
        for _ in range(rnd.randint(1, 8)):
            i = rnd.randrange(len(lines))
            op = rnd.choice(["drop", "dup", "swap", "cut", "strip"])
            if op == "drop":
                lines.pop(i)
            elif op == "dup":
                lines.insert(i, lines[i])
            elif op == "swap":
                j = rnd.randrange(len(lines))
                lines[i], lines[j] = lines[j], lines[i]
            elif op == "cut":
                lines[i] = lines[i][: rnd.randint(0, len(lines[i]))]
            else:
                lines[i] = re.sub(r"^\S+\s", "", lines[i])
        path = tmp_path / f"p{n}.txt"
        path.write_text("\n".join(lines) + "\nX", encoding="utf-8")
        derived = derive(read_document(str(path)), f"p{n}")
        text = to_yaml(derived, str(path))
        assert summary(derived)
        if derived.outline_found:
            parse_ruleset(text, str(path))


@pytest.mark.parametrize("sentence, kind, value", [
    ("Các chi bộ gửi báo cáo trước ngày 20/6/2026.", "before", "2026-06-20"),
    ("Các chi bộ gửi báo cáo chậm nhất là ngày 25 tháng 6 năm 2026.", "before", "2026-06-25"),
    ("Các chi bộ gửi báo cáo trước 15/6.", "before", "2026-06-15"),
    ("Hạn nộp báo cáo: 30/6/2026.", "before", "2026-06-30"),
    ("Ban Thường vụ tổ chức hội nghị trong tháng 7/2026.", "within_month", "2026-07"),
    ("Ban Thường vụ tổ chức hội nghị, hoàn thành trong quý III năm 2026.", "before", "2026-09-30"),
    ("Văn phòng định kỳ hằng tháng báo cáo tiến độ.", "recurring", "monthly"),
])
def test_deadline_wordings(sentence, kind, value, tmp_path):
    from baocao_check.plan import derive
    from baocao_check.readers import read_document
    plan = tmp_path / "ke-hoach.txt"
    plan.write_text("KẾ HOẠCH\nSơ kết năm 2026\n\nBan Thường vụ Đảng ủy ban hành Kế hoạch như sau (năm 2026):\n\n"
                    f"I. THỜI GIAN\n\n{sentence}\n\nĐỀ CƯƠNG BÁO CÁO\n\nI. KẾT QUẢ\n\nII. HẠN CHẾ\n", encoding="utf-8")
    deadlines = derive(read_document(str(plan)), "x").data["deadlines"]
    assert [d[kind] for d in deadlines] == [value]


def test_automatic_upper_letters_of_word_are_a_level_of_the_outline(tmp_path):
    """ubnd-tinh/ke-hoach.docx numbers «A.», «B.» automatically: the readers do not show such labels, the
    capitals headings between numbered items are still the A/B level."""
    import zipfile
    with zipfile.ZipFile(os.path.join(PLANS_DIR, "ubnd-tinh", "ke-hoach.docx")) as z:
        assert 'w:numFmt w:val="upperLetter"' in z.read("word/numbering.xml").decode("utf-8")
        assert ">A. CHUYỂN" not in z.read("word/document.xml").decode("utf-8")
    data = derive_cli("ubnd-tinh", "docx", tmp_path)[0]
    part = data["outline"][0]
    assert [(c["id"], c["clause"]) for c in part["children"]] == [("P1.A", "Đề cương, Phần I, mục A"),
                                                                   ("P1.B", "Đề cương, Phần I, mục B")]
