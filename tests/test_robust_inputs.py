"""Issue 13, "nothing lost, nothing hangs": each attack of a hostile folder, a careless user or a
failing machine, driven through the real command. The draft is byte-for-byte unchanged, bad
input is exit 2 with a clear Vietnamese/English message, no path shows a traceback, and the
tool's own failure has its own exit code (3)."""

import io
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import time
import zipfile

import pytest

from conftest import DOCX, ROOT, run_cli, seed_txt

GOOD_DOCX = os.path.join(DOCX, "004_545f26e5666c642b.pandoc.docx")
SEED = seed_txt("004_545f26e5666c642b")
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def parts_of(path=GOOD_DOCX) -> dict:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def package(parts: dict) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return buf.getvalue()


def body_xml(paragraphs: str) -> str:
    return f'<w:document xmlns:w="{W}"><w:body>{paragraphs}</w:body></w:document>'


def no_traceback(*texts):
    for t in texts:
        assert "Traceback" not in t and 'File "' not in t, t[-2000:]


def report_of(stdout: str) -> dict:
    return json.loads(stdout)["documents"][0]


# -- data loss: no output is ever the draft ------------------------------------------------------

@pytest.mark.parametrize("kind", ["same", "symlink", "hardlink"])
@pytest.mark.parametrize("fmt", ["text", "json"])
def test_output_that_is_the_draft_is_refused(tmp_path, kind, fmt):
    draft = tmp_path / "d.txt"
    shutil.copyfile(SEED, draft)
    before = draft.read_bytes()
    out = draft
    if kind == "symlink":
        out = tmp_path / "bao-cao.txt"
        os.symlink(draft, out)
    elif kind == "hardlink":
        out = tmp_path / "bao-cao.txt"
        os.link(draft, out)
    rc, stdout, err = run_cli("check", str(draft), "--format", fmt, "-o", str(out))
    assert rc == 2 and "không ghi đè lên dự thảo" in err, err
    no_traceback(stdout, err)
    assert draft.read_bytes() == before
    rc, stdout, err = run_cli("check", str(draft), "-o", str(out), "--lang", "en")
    assert rc == 2 and "refusing to overwrite a draft" in err


def test_docx_json_report_over_the_docx_is_refused(tmp_path):
    draft = tmp_path / "d.docx"
    shutil.copyfile(GOOD_DOCX, draft)
    before = draft.read_bytes()
    rc, stdout, err = run_cli("check", str(draft), "--format", "json", "-o", str(draft))
    assert rc == 2 and draft.read_bytes() == before
    no_traceback(stdout, err)


def test_output_inside_the_input_set_is_refused(tmp_path):
    folder = tmp_path / "thư mục"
    folder.mkdir()
    shutil.copyfile(SEED, folder / "a.txt")
    shutil.copyfile(SEED, folder / "b.md")
    before = (folder / "b.md").read_bytes()
    rc, stdout, err = run_cli("check", str(folder), "-o", str(folder / "b.md"))
    assert rc == 2 and "b.md" in err and (folder / "b.md").read_bytes() == before
    # a new file in the folder is no draft of this run: allowed
    rc, stdout, err = run_cli("check", str(folder), "-o", str(folder / "ket-qua.html"), "--format", "html",
                              "--fail-on", "never")
    assert rc == 0 and (folder / "ket-qua.html").exists()


def test_annotate_and_output_may_not_be_one_file(tmp_path):
    draft = tmp_path / "d.docx"
    shutil.copyfile(GOOD_DOCX, draft)
    rc, stdout, err = run_cli("check", str(draft), "--annotate", str(tmp_path / "x.docx"), "-o",
                              str(tmp_path / "x.docx"))
    assert rc == 2 and "Traceback" not in err


def test_batch_output_folder_that_links_to_drafts_is_refused(tmp_path):
    folder = tmp_path / "lô"
    folder.mkdir()
    shutil.copyfile(SEED, folder / "a.txt")
    before = (folder / "a.txt").read_bytes()
    out = tmp_path / "out"
    out.mkdir()
    os.symlink(folder / "a.txt", out / "summary.json")      # a hostile report folder
    rc, stdout, err = run_cli("batch", str(folder), "-o", str(out))
    assert rc == 2 and "không ghi đè lên dự thảo" in err
    assert (folder / "a.txt").read_bytes() == before
    # -o naming a draft itself
    rc, stdout, err = run_cli("batch", str(folder), "-o", str(folder / "a.txt"))
    assert rc == 2 and (folder / "a.txt").read_bytes() == before
    no_traceback(stdout, err)


def test_batch_report_links_to_the_draft_are_replaced_not_followed(tmp_path):
    """A report path inside the default _kiemtra that is a symlink to a file outside the
    drafts: the link is replaced by the report, its target untouched."""
    folder = tmp_path / "lô"
    (folder / "_kiemtra").mkdir(parents=True)
    shutil.copyfile(SEED, folder / "a.txt")
    other = tmp_path / "khac.txt"
    other.write_bytes(b"keep me")
    os.symlink(other, folder / "_kiemtra" / "a.txt.html")
    rc, stdout, err = run_cli("batch", str(folder))
    assert rc == 0, err
    assert other.read_bytes() == b"keep me"
    assert not os.path.islink(folder / "_kiemtra" / "a.txt.html")


# -- hangs: only regular files, bounded reading --------------------------------------------------

def test_fifo_and_dev_zero_are_no_drafts(tmp_path):
    fifo = tmp_path / "ong.txt"
    os.mkfifo(fifo)
    zero = tmp_path / "zero.docx"
    os.symlink("/dev/zero", zero)
    for path in (fifo, zero):
        t = time.monotonic()
        rc, stdout, err = run_cli("check", str(path), "--format", "json")
        assert time.monotonic() - t < 20
        assert rc == 2 and report_of(stdout)["error"]["code"] == "not_regular_file"
        no_traceback(stdout, err)
    # in a folder they are skipped, the real draft checked
    shutil.copyfile(SEED, tmp_path / "that.txt")
    rc, stdout, err = run_cli("check", str(tmp_path), "--format", "json", "--fail-on", "never")
    assert rc == 0, err
    assert [os.path.basename(d["path"]) for d in json.loads(stdout)["documents"]] == ["that.txt"]
    rc, stdout, err = run_cli("batch", str(tmp_path), "-o", str(tmp_path / "out"))
    assert rc == 0 and "1/1" in stdout


def test_ruleset_and_waivers_that_are_fifos_do_not_block(tmp_path):
    fifo = tmp_path / "r.yaml"
    os.mkfifo(fifo)
    rc, stdout, err = run_cli("check", SEED, "--ruleset", str(fifo))
    assert rc == 2 and "không phải tệp thường" in err
    draft = tmp_path / "d.txt"
    shutil.copyfile(SEED, draft)
    os.mkfifo(str(draft) + ".waivers.yaml")
    rc, stdout, err = run_cli("check", str(draft), "--format", "json", "--fail-on", "never")
    assert rc == 0 and "not a regular file" not in stdout and "không phải tệp thường" in stdout


def _numbering_docx(start: str, fmt: str = "upperRoman", ilvl: str = "0", outline: str | None = None) -> bytes:
    parts = parts_of()
    parts["word/numbering.xml"] = (
        f'<w:numbering xmlns:w="{W}"><w:abstractNum w:abstractNumId="7"><w:lvl w:ilvl="0">'
        f'<w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
        f'<w:num w:numId="7"><w:abstractNumId w:val="7"/></w:num></w:numbering>')
    ol = f'<w:outlineLvl w:val="{outline}"/>' if outline is not None else ""
    paras = "".join(f'<w:p><w:pPr><w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="7"/></w:numPr>{ol}</w:pPr>'
                    f'<w:r><w:t>Mục số {i}</w:t></w:r></w:p>' for i in range(3))
    parts["word/document.xml"] = body_xml(paras + "<w:p><w:r><w:t>Xã có 19 thôn.</w:t></w:r></w:p>")
    return package(parts)


def test_numbering_that_starts_at_a_trillion_is_read_in_bounded_time(tmp_path):
    path = tmp_path / "bom-so.docx"
    path.write_bytes(_numbering_docx("1000000000000"))
    t = time.monotonic()
    rc, stdout, err = run_cli("check", str(path), "--format", "json", "--fail-on", "never")
    assert time.monotonic() - t < 20
    assert rc == 0, err
    assert report_of(stdout)["status"] == "checked"


@pytest.mark.parametrize("ilvl,outline", [("một", None), ("0", "cao"), ("99999999999999999999", "-3")])
def test_non_integer_levels_are_no_internal_error(tmp_path, ilvl, outline):
    path = tmp_path / "cap.docx"
    path.write_bytes(_numbering_docx("1", "decimal", ilvl, outline))
    rc, stdout, err = run_cli("check", str(path), "--format", "json", "--fail-on", "never")
    assert rc == 0, (stdout, err)
    assert "Lỗi nội bộ" not in stdout and report_of(stdout)["status"] == "checked"


BILLION_LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
    f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(8))


def test_yaml_alias_bomb_in_a_ruleset_is_refused_at_once(tmp_path):
    bomb = tmp_path / "bom.yaml"
    bomb.write_text(BILLION_LAUGHS, encoding="utf-8")
    assert len(BILLION_LAUGHS) < 600
    t = time.monotonic()
    rc, stdout, err = run_cli("check", SEED, "--ruleset", str(bomb))
    assert time.monotonic() - t < 20
    assert rc == 2 and "bom.yaml" in err and "bí danh" in err
    rc, stdout, err = run_cli("ruleset", "check", str(bomb), "--lang", "en")
    assert rc == 2 and "aliases" in err
    no_traceback(stdout, err)


def test_modest_yaml_aliases_are_still_allowed(tmp_path):
    draft = tmp_path / "d.txt"
    shutil.copyfile(SEED, draft)
    (tmp_path / "d.txt.waivers.yaml").write_text(
        "nguoi: &nguoi Nguyễn Văn A\nwaivers:\n"
        "  - {rule: term_typo, evidence: khong-co, reason: x, by: *nguoi}\n"
        "  - {rule: term_typo, evidence: khong-co-nua, reason: y, by: *nguoi}\n", encoding="utf-8")
    rc, stdout, err = run_cli("check", str(draft), "--format", "json", "--fail-on", "never")
    stale = report_of(stdout)["stale_waivers"]
    assert rc == 0 and [w["by"] for w in stale] == ["Nguyễn Văn A"] * 2


def test_yaml_alias_bomb_in_waivers_is_reported_and_the_draft_checked(tmp_path):
    draft = tmp_path / "d.txt"
    shutil.copyfile(SEED, draft)
    (tmp_path / "d.txt.waivers.yaml").write_text(BILLION_LAUGHS + "waivers: *i\n", encoding="utf-8")
    t = time.monotonic()
    rc, stdout, err = run_cli("check", str(draft), "--format", "json", "--fail-on", "never")
    assert time.monotonic() - t < 20
    assert rc == 0, err
    doc = report_of(stdout)
    assert doc["status"] == "checked" and "bí danh" in doc["stale_waivers"][0]["error"]


def test_deep_nesting_in_rulesets_and_waivers(tmp_path):
    deep = tmp_path / "sau.yaml"
    deep.write_text("id: x\nversion: '1'\ntitle: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    rc, stdout, err = run_cli("check", SEED, "--ruleset", str(deep))
    assert rc == 2 and "lồng nhau quá sâu" in err and "sau.yaml:3" in err
    no_traceback(stdout, err)
    draft = tmp_path / "d.txt"
    shutil.copyfile(SEED, draft)
    (tmp_path / "d.txt.waivers.yaml").write_text("waivers: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    rc, stdout, err = run_cli("check", str(draft), "--format", "json", "--fail-on", "never", "--lang", "en")
    assert rc == 0 and "nested too deeply" in report_of(stdout)["stale_waivers"][0]["error"]
    no_traceback(stdout, err)


def test_huge_integer_and_duplicate_key_in_a_ruleset(tmp_path):
    big = tmp_path / "so-lon.yaml"
    big.write_text("id: x\nversion: " + "9" * 5000 + "\ntitle: t\n", encoding="utf-8")
    rc, stdout, err = run_cli("check", SEED, "--ruleset", str(big))
    assert rc == 2 and "số nguyên quá dài" in err and "so-lon.yaml:2" in err
    no_traceback(stdout, err)
    from baocao_check.ruleset import BUILTIN_PATH
    text = open(BUILTIN_PATH, encoding="utf-8").read()
    dup = tmp_path / "trung.yaml"
    dup.write_text(text + "\nid: lap-lai\n", encoding="utf-8")
    rc, stdout, err = run_cli("check", SEED, "--ruleset", str(dup), "--lang", "en")
    assert rc == 2 and "key 'id' is repeated" in err
    no_traceback(stdout, err)


@pytest.mark.parametrize("content,needle", [
    ("waivers: 5\n", "danh sách"),
    ("- rule: term_typo\n  reason: x\n", "ánh xạ"),
    ("waivers:\n  - rule: term_typo\n    reason: x\n    line: [1]\n", "số dòng"),
    ("waivers:\n  - rule: [a]\n    reason: x\n", "mã quy tắc"),
    ("waivers:\n  - rule: term_typo\n    reason: x\n    line: " + "7" * 5000 + "\n", "số nguyên quá dài"),
    ("waivers: []\nwaivers: []\n", "bị lặp"),
])
def test_broken_waiver_files_are_reported_in_the_report(tmp_path, content, needle):
    draft = tmp_path / "d.txt"
    shutil.copyfile(SEED, draft)
    (tmp_path / "d.txt.waivers.yaml").write_text(content, encoding="utf-8")
    rc, stdout, err = run_cli("check", str(draft), "--format", "json", "--fail-on", "never")
    assert rc == 0, err
    doc = report_of(stdout)
    assert doc["status"] == "checked" and needle in doc["stale_waivers"][0]["error"], doc["stale_waivers"]
    no_traceback(stdout, err)


def test_quadratic_markdown_test_on_blank_lines(tmp_path):
    path = tmp_path / "trong.txt"
    path.write_bytes(b"I. T\xc3\xacnh h\xc3\xacnh\n" + b"\n" * 300_000 + b"| a |\n")
    t = time.monotonic()
    rc, stdout, err = run_cli("check", str(path), "--format", "json", "--fail-on", "never")
    assert time.monotonic() - t < 20, "blank lines must not be quadratic"
    assert rc == 0 and report_of(stdout)["status"] == "checked"
    line = tmp_path / "dau-cach.md"
    line.write_text("| a |\n" + " " * 200_000 + "x\n", encoding="utf-8")
    t = time.monotonic()
    rc, stdout, err = run_cli("check", str(line), "--format", "json", "--fail-on", "never")
    assert time.monotonic() - t < 20 and rc == 0


def test_docx_of_200k_empty_paragraphs_is_bounded(tmp_path):
    parts = parts_of()
    parts["word/document.xml"] = body_xml("<w:p><w:r><w:t>I. Tình hình</w:t></w:r></w:p>" + "<w:p/>" * 200_000)
    path = tmp_path / "rong.docx"
    path.write_bytes(package(parts))
    t = time.monotonic()
    rc, stdout, err = run_cli("check", str(path), "--format", "json")
    assert time.monotonic() - t < 20
    assert rc == 2 and report_of(stdout)["error"]["code"] == "too_large"
    assert "đoạn" in report_of(stdout)["error"]["message"]


def test_batch_jobs_are_capped_by_drafts_and_cores(tmp_path):
    folder = tmp_path / "lô"
    folder.mkdir()
    for i in range(4):
        shutil.copyfile(SEED, folder / f"d{i}.txt")
    t = time.monotonic()
    rc, stdout, err = run_cli("batch", str(folder), "--jobs", "100000")
    assert time.monotonic() - t < 60
    assert rc == 0, err
    workers = int(re.search(r"(\d+) tiến trình", stdout).group(1))
    assert 1 <= workers <= min(4, os.cpu_count() or 1)
    rc, stdout, err = run_cli("batch", str(folder), "--jobs", "0")
    assert rc == 2 and "--jobs" in err


# -- crashes become bad-input errors ------------------------------------------------------------

def _docm_renamed():
    parts = parts_of()
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"wordprocessingml.document.main+xml", b"ms-word.document.macroEnabled.main+xml")
    return parts


def _no_styles():
    parts = parts_of()
    parts.pop("word/styles.xml")
    return parts


def _target_outside():
    parts = parts_of()
    parts["word/_rels/document.xml.rels"] = parts["word/_rels/document.xml.rels"].replace(
        b'Target="settings.xml"', b'Target="../../../../etc/settings.xml"')
    return parts


def _broken_settings():
    parts = parts_of()
    parts["word/settings.xml"] = b"<w:settings xmlns:w='" + W.encode() + b"'><w:zoom"
    return parts


def _bad_crc():
    data = package(parts_of())
    # flip a byte inside the compressed data of webSettings.xml, a part the reader never reads
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        info = zf.getinfo("word/webSettings.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    raw = bytearray(data)
    raw[start + info.compress_size // 2] ^= 0xFF
    return bytes(raw)


def _no_footnotes():
    parts = parts_of()
    parts.pop("word/footnotes.xml")        # the relationship to it stays
    return parts


ODD_PACKAGES = {"docm_renamed": _docm_renamed, "no_styles": _no_styles, "no_footnotes": _no_footnotes,
                "target_outside": _target_outside,
                "broken_settings": _broken_settings, "bad_crc": _bad_crc}


@pytest.mark.parametrize("name", list(ODD_PACKAGES))
def test_annotate_on_odd_packages_is_a_clear_error_or_a_copy(tmp_path, name):
    made = ODD_PACKAGES[name]()
    data = made if isinstance(made, bytes) else package(made)
    draft = tmp_path / "du-thao.docx"
    draft.write_bytes(data)
    out = tmp_path / "ban-nhan-xet.docx"
    rc, stdout, err = run_cli("check", str(draft), "--annotate", str(out), "--fail-on", "never")
    no_traceback(stdout, err)
    assert draft.read_bytes() == data
    assert rc in (0, 2), (rc, err)          # never 3: a strange package is the input's fault
    if rc == 2:
        assert "nhận xét" in err and "Word" in err
        assert not out.exists()
        assert "baocao-check" in stdout      # the findings report is still printed
    else:
        assert zipfile.is_zipfile(out)
    if name == "docm_renamed":
        assert rc == 2                      # python-docx refuses it: this path is really exercised
        rc, stdout, err = run_cli("check", str(draft), "--annotate", str(out), "--lang", "en")
        assert rc == 2 and "comments could not be added" in err


# -- wrong results without a word ---------------------------------------------------------------

def _codes(stdout):
    return sorted((f["rule"], f["evidence"]) for f in report_of(stdout)["findings"])


@pytest.mark.parametrize("damage", ["stray", "cut"])
def test_utf8_with_a_bad_byte_stays_utf8_and_says_so(tmp_path, damage):
    clean = open(SEED, "rb").read()
    rc, stdout, err = run_cli("check", SEED, "--format", "json", "--fail-on", "never")
    expected = _codes(stdout)
    i = clean.index(b"\n", len(clean) // 2) + 1
    data = clean[:i] + b"\xff" + clean[i:] if damage == "stray" else clean + "Thô".encode("utf-8")[:-1]
    path = tmp_path / "hong-1-byte.txt"
    path.write_bytes(data)
    rc, stdout, err = run_cli("check", str(path), "--format", "json", "--fail-on", "never")
    assert rc == 0, err
    got = _codes(stdout)
    notes = [f for f in report_of(stdout)["findings"] if f["rule"] == "text_encoding"]
    assert len(notes) == 1 and "UTF-8" in notes[0]["message"]
    assert [c for c in got if c[0] != "text_encoding"] == expected
    rc, stdout, err = run_cli("check", str(path), "--lang", "en", "--fail-on", "never")
    assert "not valid UTF-8" in stdout


def _cp1258(text: str) -> bytes:
    """Windows-1258 as Word writes it: base letters (â, ơ, ư…) precomposed, tone marks combining."""
    import unicodedata
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = b""
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
        out += (base + "".join(c for c in parts if c in tones)).encode("cp1258")
    return out


def test_cp1258_draft_is_still_cp1258(tmp_path):
    text = "I. TÌNH HÌNH CHUNG\n\nXã có 19 thôn, dân cư đông, ổn định; tổng số 33.936 người.\n"
    path = tmp_path / "cp.txt"
    path.write_bytes(_cp1258(text))
    rc, stdout, err = run_cli("check", str(path), "--format", "json", "--fail-on", "never")
    doc = report_of(stdout)
    assert doc["status"] == "checked" and not [f for f in doc["findings"] if f["rule"] == "text_encoding"]
    assert "\ufffd" not in json.dumps(doc, ensure_ascii=False)
    from baocao_check.readers.encoding import decode_text_counted
    assert decode_text_counted(path.read_bytes()) == (text, 0)


def test_zero_width_spaces_at_line_starts_hide_no_heading(tmp_path):
    rc, stdout, err = run_cli("check", SEED, "--format", "json", "--fail-on", "never")
    expected = [c for c in _codes(stdout) if c[0] == "missing_section"]
    lines = open(SEED, encoding="utf-8").read().split("\n")
    path = tmp_path / "zwsp.txt"
    path.write_text("\n".join("\u200b" + ln if ln.strip() else ln for ln in lines), encoding="utf-8")
    rc, stdout, err = run_cli("check", str(path), "--format", "json", "--fail-on", "never")
    assert [c for c in _codes(stdout) if c[0] == "missing_section"] == expected
    # the same in Word
    parts = parts_of()
    parts["word/document.xml"] = parts["word/document.xml"].replace(b"<w:t>", "<w:t>\u200b".encode())
    path = tmp_path / "zwsp.docx"
    path.write_bytes(package(parts))
    rc1, plain, _ = run_cli("check", GOOD_DOCX, "--format", "json", "--fail-on", "never")
    rc2, spaced, _ = run_cli("check", str(path), "--format", "json", "--fail-on", "never")
    assert [c for c in _codes(spaced) if c[0] == "missing_section"] == \
        [c for c in _codes(plain) if c[0] == "missing_section"]


def test_strict_ooxml_gets_its_own_message(tmp_path):
    parts = parts_of()
    parts["word/document.xml"] = parts["word/document.xml"].replace(
        W.encode(), b"http://purl.oclc.org/ooxml/wordprocessingml/main")
    path = tmp_path / "strict.docx"
    path.write_bytes(package(parts))
    rc, stdout, err = run_cli("check", str(path), "--format", "json")
    assert rc == 2 and report_of(stdout)["error"]["code"] == "strict_ooxml"
    assert "Strict Open XML" in report_of(stdout)["error"]["message"]


def test_image_only_docx_is_no_text(tmp_path):
    parts = parts_of()
    parts["word/document.xml"] = body_xml("<w:p><w:r><w:drawing/></w:r></w:p>" * 3)
    path = tmp_path / "anh.docx"
    path.write_bytes(package(parts))
    rc, stdout, err = run_cli("check", str(path), "--format", "json")
    assert rc == 2 and report_of(stdout)["error"]["code"] == "no_text"
    rc, stdout, err = run_cli("check", str(path), "--lang", "en")
    assert "no text" in stdout and "missing" not in stdout.lower()


def test_31_digit_total_is_no_internal_error(tmp_path):
    path = tmp_path / "tong.txt"
    path.write_text("II. KẾT QUẢ\n\nTổng số 1234567890123456789012345678901 hồ sơ, gồm:\n"
                    "- 1234567890123456789012345678900 hồ sơ cấp xã;\n- 1 hồ sơ cấp tỉnh.\n"
                    "Tổng cộng 3 hồ sơ, gồm:\n- 1 hồ sơ;\n- 1 hồ sơ.\n", encoding="utf-8")
    rc, stdout, err = run_cli("check", str(path), "--format", "json", "--fail-on", "never")
    assert rc == 0, err
    findings = report_of(stdout)["findings"]
    assert not [f for f in findings if "InvalidOperation" in f["message"] or f["category"] == "other"]
    assert any(f["rule"] == "arithmetic_total" for f in findings)     # the ordinary total is still checked


# -- outputs honour the umask -------------------------------------------------------------------

def _run_with_umask(mask, *args):
    return subprocess.run([sys.executable, "-m", "baocao_check", *args], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": ROOT}, preexec_fn=lambda: os.umask(mask))


@pytest.mark.parametrize("mask", [0o022, 0o002])
def test_outputs_honour_the_umask(tmp_path, mask):
    draft = tmp_path / "d.docx"
    shutil.copyfile(GOOD_DOCX, draft)
    want = 0o666 & ~mask
    p = _run_with_umask(mask, "check", str(draft), "-o", str(tmp_path / "r.json"), "--format", "json",
                        "--annotate", str(tmp_path / "d.kiemtra.docx"), "--fail-on", "never")
    assert p.returncode == 0, p.stderr
    for name in ("r.json", "d.kiemtra.docx"):
        assert stat.S_IMODE(os.stat(tmp_path / name).st_mode) == want, name
    p = _run_with_umask(mask, "batch", str(tmp_path), "-o", str(tmp_path / "out"))
    for name in ("summary.json", "summary.csv", "summary.html", "d.docx.html", "d.docx.json"):
        assert stat.S_IMODE(os.stat(tmp_path / "out" / name).st_mode) == want, name


# -- the crash-only exit code ------------------------------------------------------------------

def _with_bug(tmp_path, code: str):
    """A sitecustomize that plants a bug in the installed tool, to see how the real CLI fails."""
    site = tmp_path / "site"
    site.mkdir(exist_ok=True)
    (site / "sitecustomize.py").write_text(code, encoding="utf-8")
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), ROOT])}


def test_a_crash_exits_3_with_one_line_and_no_traceback(tmp_path):
    env = _with_bug(tmp_path, "import baocao_check.report.json_report as j\n"
                              "def boom(*a, **k):\n    raise RuntimeError('planted bug')\nj.render = boom\n")
    p = subprocess.run([sys.executable, "-m", "baocao_check", "check", SEED, "--format", "json"],
                       capture_output=True, text=True, cwd=ROOT, env=env)
    assert p.returncode == 3, p.stderr
    assert "planted bug" in p.stderr and "lỗi nội bộ" in p.stderr and "internal error" in p.stderr
    no_traceback(p.stdout, p.stderr)
    env = _with_bug(tmp_path, "import baocao_check.readers as r\n"
                              "def boom(*a, **k):\n    raise ValueError('reader bug')\nr.read_document = boom\n")
    p = subprocess.run([sys.executable, "-m", "baocao_check", "check", SEED, "--format", "json"],
                       capture_output=True, text=True, cwd=ROOT, env=env)
    assert p.returncode == 3 and report_of(p.stdout)["error"]["code"] == "internal"


def test_exit_codes_are_documented():
    rc, stdout, err = run_cli("--help")
    flat = " ".join(stdout.split())
    assert rc == 0 and ("3 lỗi nội bộ" in flat or "3 the tool itself failed" in flat), flat
    readme = open(os.path.join(ROOT, "README.md"), encoding="utf-8").read()
    assert "**3**" in readme


def test_limits_are_written_in_the_readme():
    from baocao_check import limits
    readme = open(os.path.join(ROOT, "README.md"), encoding="utf-8").read()
    section = readme[readme.index("### Giới hạn / Limits"):]
    section = section[:section.index("\n## ")] if "\n## " in section else section
    for name in ("MAX_DRAFT_BYTES", "MAX_TEXT_BYTES", "MAX_YAML_BYTES", "MAX_YAML_ITEMS", "MAX_YAML_DEPTH",
                 "MAX_PARAGRAPHS", "MAX_NUMBER_START", "MAX_ZIP_ENTRIES", "TIME_LIMIT"):
        assert f"`{name}`" in section, name
    assert "baocao_check/limits.py" in section
    assert f"{limits.MAX_YAML_ITEMS:,}".replace(",", " ") in section or f"{limits.MAX_YAML_ITEMS:,}" in section


# -- the time limit covers the whole run ---------------------------------------------------------

def test_time_limit_covers_annotation_and_batch(tmp_path, monkeypatch):
    draft = tmp_path / "lô" / "d.docx"
    draft.parent.mkdir()
    shutil.copyfile(os.path.join(DOCX, "003_8ed906cb5f5441e6.pydocx.docx"), draft)
    monkeypatch.setenv("BAOCAO_CHECK_TIME_LIMIT", "0.005")
    rc, stdout, err = run_cli("check", str(draft), "--format", "json", "--annotate", str(tmp_path / "a.docx"))
    assert rc == 2 and report_of(stdout)["error"]["code"] == "timeout"
    rc, stdout, err = run_cli("batch", str(draft.parent), "-o", str(tmp_path / "out"))
    assert rc == 2
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert summary["drafts"][0]["error"]["code"] == "timeout"


def test_a_zip_of_an_unknown_version_is_a_damaged_draft_not_an_internal_error(tmp_path):
    """Found by the long fuzz run of the annotator: zipfile raises NotImplementedError."""
    import io as _io
    import zipfile as _zipfile
    from conftest import run_cli
    buf = _io.BytesIO()
    with _zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document/>")
    raw = bytearray(buf.getvalue())
    at = raw.index(b"PK\x01\x02")
    raw[at + 6:at + 8] = (154).to_bytes(2, "little")     # version needed to extract: 15.4
    draft = tmp_path / "du-thao.docx"
    draft.write_bytes(bytes(raw))
    code, out, err = run_cli("check", str(draft), "--annotate", str(tmp_path / "du-thao.kiemtra.docx"))
    assert code == 2, (code, err)
    assert "Traceback" not in err and "nội bộ" not in err.lower() and "internal" not in err.lower(), err
    assert draft.read_bytes() == bytes(raw)
