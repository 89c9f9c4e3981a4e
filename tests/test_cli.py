"""The command line and the findings contract, run as a user runs them."""

import json
import os

import jsonschema
import pytest

from baocao_check.report.json_report import SCHEMA_PATH
from conftest import ALL_SEEDS, ROOT, docx_variants, run_cli, seed_docx, seed_txt

with open(SCHEMA_PATH, encoding="utf-8") as fh:
    SCHEMA = json.load(fh)


def _all_seed_paths():
    return [seed_txt(b) for b in ALL_SEEDS] + [seed_docx(b, p) for b, p in docx_variants()]


def test_json_for_every_seed_fixture_is_schema_valid():
    code, out, err = run_cli("check", *_all_seed_paths(), "--format", "json", "--fail-on", "never")
    # seed 001 is the commune's plan (KẾ HOẠCH), not a report: not checked, so the exit code says
    # that a file was not checked; every other seed is
    assert code == 2, err
    data = json.loads(out)
    jsonschema.validate(data, SCHEMA)
    assert data["schema"] == "baocao-check/findings/v1"
    assert len(data["documents"]) == len(_all_seed_paths())
    plans = [d for d in data["documents"] if os.path.basename(d["path"]).startswith("001_")]
    assert plans and all(d["status"] == "error" and d["error"]["code"] == "not_a_report" for d in plans)
    for d in data["documents"]:
        if d in plans:
            continue
        assert d["status"] == "checked"
        for f in d["findings"]:
            loc = f["location"]
            # text drafts are located by line, Word drafts by paragraph
            if d["format"] == "docx":
                assert loc["line"] is None
            else:
                assert loc["paragraph"] is None


def test_exit_codes(tmp_path):
    draft = seed_txt("003_8ed906cb5f5441e6")   # has warnings, no errors
    assert run_cli("check", draft)[0] == 0
    assert run_cli("check", draft, "--fail-on", "warning")[0] == 1
    assert run_cli("check", draft, "--fail-on", "never")[0] == 0
    assert run_cli("check", seed_txt("004_545f26e5666c642b"))[0] == 1   # missing sections are errors
    missing = str(tmp_path / "khong-co.docx")
    code, out, err = run_cli("check", missing, draft, "--format", "json")
    assert code == 2
    data = json.loads(out)
    jsonschema.validate(data, SCHEMA)
    bad, good = data["documents"]
    assert bad["status"] == "error" and bad["error"]["code"] == "not_found"
    assert good["status"] == "checked" and good["findings"]


def test_usage_error_exit_2():
    code, out, err = run_cli("check")
    assert code == 2 and "cách dùng:" in err and "còn thiếu tham số bắt buộc: PATH" in err
    code, out, err = run_cli("check", seed_txt("003_8ed906cb5f5441e6"), "--format", "pdf")
    assert code == 2
    code, out, err = run_cli("rules", "no_such_rule")
    assert code == 2 and "no_such_rule" in err


def test_output_file_written_atomically_and_draft_untouched(tmp_path):
    draft = tmp_path / "du thảo báo cáo.txt"
    original = open(seed_txt("004_545f26e5666c642b"), "rb").read()
    draft.write_bytes(original)
    out = tmp_path / "kết quả.json"
    code, stdout, err = run_cli("check", str(draft), "--format", "json", "-o", str(out))
    assert code == 1 and stdout == ""
    data = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.validate(data, SCHEMA)
    assert draft.read_bytes() == original
    assert sorted(os.listdir(tmp_path)) == sorted(["du thảo báo cáo.txt", "kết quả.json"])


def test_unwritable_output_is_a_clear_error(tmp_path):
    not_a_folder = tmp_path / "tep.txt"
    not_a_folder.write_text("x", encoding="utf-8")
    draft = seed_txt("003_8ed906cb5f5441e6")
    before = open(draft, "rb").read()
    code, out, err = run_cli("check", draft, "-o", str(not_a_folder / "r.txt"))
    assert code == 2 and "Không ghi được kết quả" in err and "Traceback" not in err
    assert open(draft, "rb").read() == before
    assert os.listdir(tmp_path) == ["tep.txt"]


def test_english_messages():
    code, out, err = run_cli("check", seed_txt("004_545f26e5666c642b"), "--format", "json", "--lang", "en")
    data = json.loads(out)
    messages = [f["message"] for f in data["documents"][0]["findings"]]
    assert any(m.startswith("Section «III.2.") for m in messages)
    assert not any("Thiếu mục" in m for m in messages)


def test_text_report_grouped_by_section():
    code, out, err = run_cli("check", seed_txt("003_8ed906cb5f5441e6"))
    assert "§ IV. ĐÁNH GIÁ CHUNG > 3. Bài học kinh nghiệm" in out
    assert "dòng 361" in out and "bị lặp" in out
    assert "\x1b[" not in out     # no colour codes when not on a terminal
    # sections appear in the draft's order
    assert out.index("§ II.") < out.index("§ IV.")


def test_folder_argument_checks_drafts_and_skips_lock_files(tmp_path):
    (tmp_path / "a.txt").write_bytes(open(seed_txt("003_8ed906cb5f5441e6"), "rb").read())
    (tmp_path / "~$a.docx").write_bytes(b"lock")
    (tmp_path / "ghi-chu.pdf").write_bytes(b"%PDF")
    code, out, err = run_cli("check", str(tmp_path), "--format", "json", "--fail-on", "never")
    data = json.loads(out)
    assert [os.path.basename(d["path"]) for d in data["documents"]] == ["a.txt"]


def test_rules_listing_and_docs():
    code, out, err = run_cli("rules")
    assert code == 0
    assert "missing_section" in out and "section_order_or_numbering" in out
    assert out.splitlines()[0].split()[:2] == ["MÃ", "QUY"]            # a header row
    code, out, err = run_cli("rules", "missing_section")
    assert code == 0 and "Ví dụ sai (có phát hiện):" in out and "Ví dụ đúng (không có phát hiện):" in out
    assert "``" not in out and "::" not in out and "FAIL" not in out and "Mức mặc định: lỗi" in out


def test_python_m_and_console_script_agree():
    import shutil
    import subprocess
    exe = shutil.which("baocao-check")
    if exe is None:
        pytest.fail("the console script baocao-check is not installed: run the README's test command")
    a = subprocess.run([exe, "rules"], capture_output=True, text=True, cwd=ROOT)
    b = run_cli("rules")
    assert a.returncode == 0 and a.stdout == b[1]


def test_output_to_a_pipe_writes_into_it_and_leaves_it_a_pipe(tmp_path):
    """-o must never replace a special file (a FIFO here; /dev/null in real life) with a regular file."""
    import stat
    import threading
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(open(fifo, encoding="utf-8").read()))
    reader.start()
    code, out, err = run_cli("check", seed_txt("003_8ed906cb5f5441e6"), "--format", "json", "-o", str(fifo))
    reader.join(timeout=30)
    assert code == 0, err
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert json.loads(received[0])["schema"] == "baocao-check/findings/v1"


def test_a_failing_rule_costs_its_findings_not_the_report(monkeypatch, builtin):
    from baocao_check.engine import check_path
    from baocao_check.rules import term_typo

    def broken(doc, ctx):
        raise RuntimeError("boom")
        yield
    monkeypatch.setattr(term_typo, "check", broken)
    res = check_path(seed_txt("000_fe80ed0676aba89d"), builtin)
    assert res.status == "checked"
    internal = [f for f in res.findings if f.rule == "term_typo"]   # the rule's one notice of its failure
    assert len(internal) == 1 and internal[0].category == "other" and internal[0].severity == "info"
    assert "term_typo" in internal[0].message and "boom" in internal[0].message
    assert any(f.rule == "citation_malformed" for f in res.findings)
