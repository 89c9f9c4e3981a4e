"""Bad input, handled: each case a clear Vietnamese/English message, exit code 2, no traceback,
nothing written beside the input but the requested report, nothing modified."""

import io
import json
import os
import shutil
import time
import zipfile

import pytest

from conftest import DOCX, run_cli, seed_txt

GOOD_DOCX = os.path.join(DOCX, "004_545f26e5666c642b.pandoc.docx")
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _zip(entries: dict, compress=zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compress) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _docx_with(document_xml: str) -> bytes:
    with zipfile.ZipFile(GOOD_DOCX) as zf:
        entries = {n: zf.read(n) for n in zf.namelist()}
    entries["word/document.xml"] = document_xml
    return _zip(entries)


def empty(_):
    return "rong.txt", b"", "empty"


def garbage_docx(_):
    return "rac.docx", os.urandom(4096).replace(b"PK", b"xx"), "not_docx"


def truncated_zip(_):
    data = open(GOOD_DOCX, "rb").read()
    return "cat-do.docx", data[: len(data) // 2], "corrupt_docx"


def zip_bomb_size(_):
    # 120 MB of zeros compress to ~120 kB: refused from the declared sizes, before inflating
    return "bom.docx", _zip({"[Content_Types].xml": "<Types/>", "word/document.xml": b"\0" * (120 * 1024 * 1024)}), "zip_bomb"


def zip_bomb_entries(_):
    return "nhieu-muc.docx", _zip({f"word/p{i}.xml": b"" for i in range(6000)}, zipfile.ZIP_STORED), "zip_bomb"


def doctype_xxe(_):
    xml = ('<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
           f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>')
    return "xxe.docx", _docx_with(xml), "unsafe_xml"


def billion_laughs(_):
    ents = '<!ENTITY a "ha">' + "".join(f'<!ENTITY {chr(98 + i)} "&{chr(97 + i)};&{chr(97 + i)};&{chr(97 + i)};">'
                                        for i in range(9))
    xml = ('<?xml version="1.0"?>' + "<!--" + " " * 5000 + "-->" + f"<!DOCTYPE d [{ents}]>"
           f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&j;</w:t></w:r></w:p></w:body></w:document>')
    return "cuoi.docx", _docx_with(xml), "unsafe_xml"


def ole_encrypted(_):
    return "mat-khau.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + os.urandom(2048), "ole_container"


def old_doc(_):
    return "cu.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + os.urandom(2048), "legacy_doc"


def no_document_xml(_):
    return "thieu.docx", _zip({"[Content_Types].xml": "<Types/>", "word/styles.xml": "<x/>"}), "no_document_xml"


def tcvn3(_):
    return "tcvn3.txt", "I. §Æc ®iÓm t×nh h×nh\n\nX· cã 19 th«n, d©n sè 33.936 ng­êi.\n".encode("latin-1"), \
        "legacy_encoding"


def vni(_):
    return "vni.txt", "I. Ñaëc ñieåm tình hình\n\nXaõ coù 19 thoân, daân soá 33.936 ngöôøi.\n".encode("cp1252"), \
        "legacy_encoding"


def huge_text(_):
    return "50mb.txt", ("Xã có 19 thôn, dân số 33.936 người. " * 1_400_000).encode("utf-8"), "too_large"


def binary_as_text(_):
    return "nhi-phan.txt", b"\x00\x01\x02\x03" * 1000, "binary"


CASES = [empty, garbage_docx, truncated_zip, zip_bomb_size, zip_bomb_entries, doctype_xxe, billion_laughs,
         ole_encrypted, old_doc, no_document_xml, tcvn3, vni, huge_text, binary_as_text]


@pytest.mark.parametrize("make", CASES, ids=[c.__name__ for c in CASES])
def test_bad_input_is_a_clear_error(make, tmp_path):
    folder = tmp_path / "thư mục có dấu"
    folder.mkdir()
    name, data, code = make(tmp_path)
    path = folder / name
    path.write_bytes(data)
    out = tmp_path / "báo cáo.json"
    t = time.perf_counter()
    rc, stdout, err = run_cli("check", str(path), "--format", "json", "-o", str(out))
    elapsed = time.perf_counter() - t
    assert rc == 2, (stdout, err)
    assert "Traceback" not in err + stdout
    doc = json.loads(out.read_text(encoding="utf-8"))["documents"][0]
    assert doc["status"] == "error" and doc["error"]["code"] == code, doc["error"]
    assert len(doc["error"]["message"]) > 20
    assert path.read_bytes() == data                 # nothing modified
    assert os.listdir(folder) == [name]              # nothing written beside it
    assert elapsed < 60                              # bounded time
    # English on request
    rc, stdout, err = run_cli("check", str(path), "--lang", "en")
    assert rc == 2 and "Traceback" not in err and "COULD NOT BE READ" in stdout


def test_cp1258_and_utf16_are_read(tmp_path):
    text = "I. ĐẶC ĐIỂM TÌNH HÌNH\n\nXã có 19 thôn.\n"
    (tmp_path / "u16.txt").write_bytes(text.encode("utf-16"))
    rc, stdout, err = run_cli("check", str(tmp_path / "u16.txt"), "--format", "json", "--fail-on", "never")
    assert rc == 0 and json.loads(stdout)["documents"][0]["status"] == "checked"


def test_batch_with_all_bad_inputs_finishes_and_checks_the_good_ones(tmp_path):
    folder = tmp_path / "lô"
    folder.mkdir()
    for make in CASES:
        if make is huge_text:
            continue   # its own test above; keeps this one quick
        name, data, _ = make(tmp_path)
        (folder / name).write_bytes(data)
    shutil.copyfile(seed_txt("003_8ed906cb5f5441e6"), folder / "tot.txt")
    shutil.copyfile(GOOD_DOCX, folder / "tot.docx")
    rc, stdout, err = run_cli("batch", str(folder), "-o", str(tmp_path / "out"))
    assert rc == 2 and "Traceback" not in err
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    status = {d["draft"]: d["status"] for d in summary["drafts"]}
    assert status.pop("tot.txt") == "checked" and status.pop("tot.docx") == "checked"
    assert set(status.values()) == {"error"} and len(status) == len(CASES) - 1


def test_missing_ruleset_and_broken_yaml(tmp_path):
    rc, out, err = run_cli("check", seed_txt("003_8ed906cb5f5441e6"), "--ruleset", str(tmp_path / "khong-co.yaml"))
    assert rc == 2 and "không tìm thấy" in err and "Traceback" not in err
    bad = tmp_path / "hong.yaml"
    bad.write_text("id: [x\nversion: 1\n", encoding="utf-8")
    rc, out, err = run_cli("check", seed_txt("003_8ed906cb5f5441e6"), "--ruleset", str(bad), "--lang", "en")
    assert rc == 2 and "invalid YAML" in err and "hong.yaml:1" in err


def test_main_part_inflating_past_the_limit_is_refused(tmp_path):
    # 60 MB of XML whose compression ratio stays under the bomb ratio: refused by the main-part limit
    body = "".join(f"<w:p><w:r><w:t>{os.urandom(24).hex()}</w:t></w:r></w:p>" for _ in range(600_000))
    xml = f'<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'
    path = tmp_path / "lon.docx"
    path.write_bytes(_zip({"[Content_Types].xml": "<Types/>", "word/document.xml": xml}))
    rc, stdout, err = run_cli("check", str(path), "--format", "json")
    assert rc == 2 and json.loads(stdout)["documents"][0]["error"]["code"] == "too_large"


def test_truncated_utf16_found_by_atheris(tmp_path):
    p = tmp_path / "u16-cut.txt"
    p.write_bytes(b"\xfe\xff\xb0")
    rc, out, err = run_cli("check", str(p), "--format", "json")
    assert rc == 2 and "Traceback" not in err
    assert json.loads(out)["documents"][0]["error"]["code"] == "bad_encoding"


def test_signs_without_letters_found_by_atheris(tmp_path):
    p = tmp_path / "ky-hieu.txt"
    p.write_bytes(b"\xa7" * 12 + b"\n{&,")
    rc, out, err = run_cli("check", str(p), "--format", "json", "--fail-on", "never")
    assert "Traceback" not in err and rc in (0, 1)


def test_long_superscript_run_found_by_atheris(tmp_path):
    p = tmp_path / "sup.md"
    p.write_text("²" * 21 + "ÀoáÿưÅ\n" + "Văn bản¹²³⁴⁵⁶⁷⁸⁹⁰¹²³ tiếp.\n", encoding="utf-8")
    rc, out, err = run_cli("check", str(p), "--format", "json", "--fail-on", "never")
    assert rc == 0 and "Traceback" not in err


def test_long_word_before_a_percentage_found_by_atheris(tmp_path):
    """A word of 120 letters between a count and a percentage made the link pattern of
    arithmetic_percent backtrack for minutes (every way of cutting the word into six)."""
    from baocao_check.readers import read_document
    from baocao_check.rules import arithmetic_percent
    from baocao_check.rules.base import Context
    from baocao_check.ruleset import load_ruleset
    text = "Kết quả\n\n10 " + "ÿ" * 120 + "! 20%; có 3 người, đạt 60%.\n"
    doc = read_document("x.txt", text.encode("utf-8"))
    found = list(arithmetic_percent.check(doc, Context(doc, load_ruleset(), "vi")))
    # "3 người, đạt 60%" has no total to be a share of; the long word links nothing
    assert found == []
    assert arithmetic_percent._LINK_RE.match(" " + "ÿ" * 120 + "!") is None
    assert arithmetic_percent._LINK_RE.match(" người, đạt tỷ lệ ")
    p = tmp_path / "tu-dai.txt"
    p.write_bytes(text.encode("utf-8"))
    rc, out, err = run_cli("check", str(p), "--format", "json", "--fail-on", "never")
    assert rc == 0 and "Traceback" not in err


def test_a_draft_over_the_time_limit_is_stopped_and_reported(tmp_path, monkeypatch):
    """The safety net for a hang nobody has found yet: past BAOCAO_CHECK_TIME_LIMIT seconds the
    draft is reported (exit 2, code "timeout"), nothing is written beside it and it is unchanged."""
    src = tmp_path / "du thảo tỉnh.docx"
    shutil.copyfile(os.path.join(DOCX, "003_8ed906cb5f5441e6.pydocx.docx"), src)
    before = src.read_bytes()
    monkeypatch.setenv("BAOCAO_CHECK_TIME_LIMIT", "0.005")
    rc, out, err = run_cli("check", str(src), "--format", "json")
    assert rc == 2 and "Traceback" not in err
    doc = json.loads(out)["documents"][0]
    assert doc["status"] == "error" and doc["error"]["code"] == "timeout"
    assert "giây" in doc["error"]["message"]
    rc, out, err = run_cli("check", str(src), "--lang", "en")
    assert rc == 2 and "STOPPED: TIME LIMIT" in out and "seconds" in out
    assert src.read_bytes() == before and sorted(os.listdir(tmp_path)) == [src.name]
    monkeypatch.setenv("BAOCAO_CHECK_TIME_LIMIT", "0")     # 0: no limit
    rc, out, err = run_cli("check", str(src), "--format", "json", "--fail-on", "never")
    assert rc == 0 and json.loads(out)["documents"][0]["status"] == "checked"


def test_time_limit_leaves_no_alarm_behind_and_is_off_outside_the_main_thread(monkeypatch):
    import signal
    import threading

    from baocao_check.engine import _deadline, _TimeUp, time_limit
    monkeypatch.setenv("BAOCAO_CHECK_TIME_LIMIT", "nonsense")
    assert time_limit() == 60.0
    handler = signal.getsignal(signal.SIGALRM)
    with pytest.raises(_TimeUp):
        with _deadline(0.01):
            while True:
                pass
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0) and signal.getsignal(signal.SIGALRM) is handler
    with _deadline(5):
        pass
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    done = []
    t = threading.Thread(target=lambda: done.append(_deadline(0.01).__enter__() is None))
    t.start()
    t.join()
    assert done == [True]
