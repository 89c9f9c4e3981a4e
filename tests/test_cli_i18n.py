"""The command line as users of Vale, textlint and LanguageTool expect it, driven in a subprocess:
--help in both languages (argparse's own words included), --lang before or after the subcommand,
BAOCAO_CHECK_LANG, .baocao-check.yaml, `check -`, FORCE_COLOR, did-you-mean, bash completion,
waived findings shown as waived, rule documentation for people, no internal codes."""

import os
import re
import shutil
import subprocess
import sys

import pytest

from conftest import FIXTURES, ROOT, seed_txt

SEED = seed_txt("003_8ed906cb5f5441e6")
SUBCOMMANDS = [["check"], ["batch"], ["watch"], ["rules"], ["serve"], ["completion"],
               ["ruleset", "from-plan"], ["ruleset", "check"], ["ruleset", "diff"], ["ruleset", "show"]]


def cli(*args, env=None, stdin=None, cwd=None):
    proc = subprocess.run([sys.executable, "-m", "baocao_check", *args], capture_output=True, text=True,
                          input=stdin, cwd=cwd or ROOT,
                          env={k: v for k, v in {**os.environ, "PYTHONPATH": ROOT, **(env or {})}.items()
                               if v is not None})
    return proc.returncode, proc.stdout, proc.stderr


ENGLISH_ARGPARSE = ("usage:", "options:", "show this help message", "positional arguments", "invalid choice",
                    "the following arguments are required", "show program's version")


@pytest.mark.parametrize("sub", [[]] + SUBCOMMANDS, ids=lambda s: " ".join(s) or "main")
def test_help_in_vietnamese_has_no_english_and_every_option_has_help(sub):
    code, out, err = cli(*sub, "--help", env={"BAOCAO_CHECK_LANG": None})
    assert code == 0, err
    assert out.startswith("cách dùng: baocao-check")
    for english in ENGLISH_ARGPARSE:
        assert english not in out, english
    # every option and argument line carries its help: no line of the listing is a bare option
    listing = out.split("\n\n", 2)[-1]
    entries = re.findall(r"^  (\S.*)$((?:\n {6,}.*)*)", listing, re.M)
    assert entries
    for head, cont in entries:
        if head.startswith("{"):
            continue
        assert len(head.split("  ")) > 1 or cont.strip(), f"no help: {head}"


@pytest.mark.parametrize("sub", [[]] + SUBCOMMANDS, ids=lambda s: " ".join(s) or "main")
def test_help_in_english(sub):
    code, out, err = cli("--lang", "en", *sub, "--help")
    assert code == 0, err
    assert out.startswith("usage: baocao-check") and "options:" in out
    assert not re.search(r"[ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹđ]", out.split("\n\n", 1)[1].lower()), out


def test_usage_errors_in_the_users_language():
    code, out, err = cli("check", SEED, "--format", "pdf")
    assert code == 2 and "không có lựa chọn 'pdf' (chọn một trong 'text', 'json', 'html')" in err
    assert "invalid choice" not in err and "usage:" not in err
    code, out, err = cli("check", SEED, "--format", "pdf", "--lang", "en")
    assert code == 2 and "invalid choice: 'pdf'" in err and "usage error" in err


def test_lang_before_or_after_the_subcommand_and_from_the_environment():
    for args, env in ((["--lang", "en", "check", SEED], None), (["check", SEED, "--lang", "en"], None),
                      (["check", SEED], {"BAOCAO_CHECK_LANG": "en"})):
        code, out, err = cli(*args, "--rule", "term_typo", "--fail-on", "never", env=env)
        assert code == 0 and "Mistyped term" not in out and "ruleset" in out and "WARNING" in out, (args, out)
    # the command line wins over the environment
    code, out, err = cli("check", SEED, "--lang", "vi", "--rule", "term_typo", env={"BAOCAO_CHECK_LANG": "en"})
    assert "CẢNH BÁO" in out
    code, out, err = cli("--color", "never", "check", SEED, "--rule", "term_typo", "--fail-on", "never")
    assert code == 0 and "\x1b[" not in out


def test_force_color_and_no_color():
    code, out, err = cli("check", SEED, "--rule", "term_typo", env={"FORCE_COLOR": "1", "NO_COLOR": None})
    assert "\x1b[" in out
    code, out, err = cli("check", SEED, "--rule", "term_typo", env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert "\x1b[" not in out


def test_wrapped_lines_keep_their_indent():
    code, out, err = cli("check", SEED, "--rule", "name_inconsistent", "--color", "always",
                         env={"COLUMNS": "60"})
    plain = re.sub(r"\x1b\[[0-9;]*m", "", out)
    body = [ln for ln in plain.splitlines() if ln.strip() and not ln.startswith(("baocao-check", "  ", "/"))]
    assert not body, body                                    # no continuation line falls to the margin
    assert any(ln.startswith("      ") and len(ln.rstrip()) <= 100 for ln in plain.splitlines())


def test_stdin_is_a_draft():
    text = open(SEED, encoding="utf-8").read()
    code, out, err = cli("check", "-", "--rule", "term_typo", "--format", "json", stdin=text)
    assert code == 0, err                                    # warnings only, --fail-on error
    import json
    doc = json.loads(out)["documents"][0]
    assert doc["path"] == "-" and doc["findings"] and "baocao-stdin" not in out


def test_project_config_in_a_parent_folder(tmp_path):
    project = tmp_path / "du-an"
    drafts = project / "bao-cao" / "xa"
    drafts.mkdir(parents=True)
    shutil.copyfile(SEED, drafts / "d.txt")
    shutil.copyfile(os.path.join(ROOT, "rulesets", "so-ket-01-nam-cqdp-2-cap.yaml"), project / "quy-tac.yaml")
    (project / "mien-tru.yaml").write_text(
        "waivers:\n  - rule: term_typo\n    evidence: chuyên đổi số\n    reason: Trích nguyên văn\n    by: Ban XD Đảng\n",
        encoding="utf-8")
    (project / ".baocao-check.yaml").write_text(
        "ruleset: quy-tac.yaml\nlang: en\nfail-on: never\nwaivers: mien-tru.yaml\noutput: ket-qua\n", encoding="utf-8")
    code, out, err = cli("check", str(drafts / "d.txt"), "--rule", "term_typo")
    assert code == 0, err                                              # fail-on: never from the file
    assert "WAIVED" in out and "Trích nguyên văn (Ban XD Đảng)" in out  # lang en; the waiver file
    code, out, err = cli("batch", str(drafts), cwd=str(tmp_path))
    assert code == 0 and (project / "ket-qua" / "summary.xlsx").exists(), err
    (project / ".baocao-check.yaml").write_text("fail_on: never\n", encoding="utf-8")
    code, out, err = cli("check", str(drafts / "d.txt"))
    assert code == 2 and ".baocao-check.yaml:1" in err and "có phải 'fail-on'" in err


def test_did_you_mean_for_rules():
    code, out, err = cli("check", SEED, "--rule", "term_typ")
    assert code == 2 and "có phải 'term_typo'" in err
    code, out, err = cli("rules", "arithmetic_totl", "--lang", "en")
    assert code == 2 and "did you mean 'arithmetic_total'" in err


def test_bash_completion():
    code, script, err = cli("completion", "bash")
    assert code == 0 and "complete -o filenames -F _baocao_check baocao-check" in script

    def complete(*words):
        line = " ".join(["baocao-check", *words])
        bash = f"{script}\nCOMP_WORDS=({line}); COMP_CWORD={len(words)}; _baocao_check; echo \"${{COMPREPLY[*]}}\""
        return subprocess.run(["bash", "-c", bash], capture_output=True, text=True).stdout.split()
    assert "check" in complete("ch") and "batch" in complete("ba")
    assert complete("check", "--fo") == ["--format"]
    assert complete("check", "--rule", "term") == ["term_typo"]
    assert complete("ruleset", "fr") == ["from-plan"]
    assert complete("batch", "--fail-on", "n") == ["never"]


def test_waived_findings_shown_as_waived(tmp_path):
    shutil.copyfile(SEED, tmp_path / "d.txt")
    (tmp_path / "d.txt.waivers.yaml").write_text(
        "waivers:\n  - rule: term_typo\n    evidence: chuyên đổi số\n    reason: Trích nguyên văn\n", encoding="utf-8")
    code, out, err = cli("check", str(tmp_path / "d.txt"), "--rule", "term_typo")
    assert "Đã miễn trừ (không tính)" in out and "ĐÃ MIỄN TRỪ  term_typo" in out
    assert "Lý do miễn trừ: Trích nguyên văn" in out


def test_no_internal_codes_or_python_messages(tmp_path):
    (tmp_path / "hong.docx").write_bytes(b"PK\x03\x04 truncated")
    code, out, err = cli("check", str(tmp_path / "hong.docx"), str(tmp_path / "khong-co.txt"))
    assert code == 2
    for internal in ("(corrupt_docx)", "(not_found)", "File is not a zip file", "No such file or directory",
                     "ZIP lỗi"):
        assert internal not in out + err, internal
    assert "KHÔNG ĐỌC ĐƯỢC" in out


def test_annotate_says_where_and_how_many(tmp_path):
    out_docx = tmp_path / "ban-sao.docx"
    code, out, err = cli("check", f"{FIXTURES}/sample/du-thao-bao-cao-so-ket.docx", "--annotate", str(out_docx),
                         "--fail-on", "never", "--lang", "en")
    m = re.search(r"Wrote the Word copy with comments: (.+) \((\d+) comments", err)
    assert code == 0 and m and m.group(1) == str(out_docx)
    from docx import Document
    assert int(m.group(2)) == len(list(Document(str(out_docx)).comments))
