"""Findings as Word comments in a copy of the draft, opened by LibreOffice."""

import hashlib
import json
import shutil
import subprocess
import zipfile

from docx import Document as WordDocument

from conftest import FIXTURES, run_cli, seed_docx

SAMPLE = f"{FIXTURES}/sample/du-thao-bao-cao-so-ket.docx"


def digest(path):
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


def comments(path):
    with zipfile.ZipFile(path) as zf:
        if "word/comments.xml" not in zf.namelist():
            return []
        xml = zf.read("word/comments.xml").decode("utf-8")
    import re
    return re.findall(r'<w:comment [^>]*w:author="([^"]*)"', xml)


def soffice(*args, tmp):
    exe = shutil.which("soffice")
    assert exe, "LibreOffice is not installed: run the README's test command (scripts/test)"
    proc = subprocess.run([exe, "--headless", f"-env:UserInstallation=file://{tmp}/lo", *args],
                          capture_output=True, text=True, timeout=240)
    assert proc.returncode == 0, proc.stderr
    return proc


def test_annotated_copy_has_one_comment_per_finding_and_a_summary(tmp_path):
    draft = tmp_path / "dự thảo.docx"
    shutil.copyfile(SAMPLE, draft)
    before = digest(draft)
    out = tmp_path / "dự thảo.kiemtra.docx"
    code, stdout, err = run_cli("check", str(draft), "--annotate", str(out), "--format", "json", "--fail-on", "never")
    assert code == 0, err
    findings = json.loads(stdout)["documents"][0]["findings"]
    authors = comments(out)
    assert len(authors) == len(findings) + 1 and set(authors) == {"baocao-check"}
    assert digest(draft) == before                       # the draft itself is never written
    # the tracked change of the draft is still there, pending
    xml = zipfile.ZipFile(out).read("word/document.xml").decode("utf-8")
    assert "<w:ins " in xml and "<w:del " in xml and "CHỮ ĐÃ XOÁ" in xml
    # comments in Vietnamese, with the clause and the fix
    word = WordDocument(str(out))
    texts = [c.text for c in word.comments]
    assert texts[0].startswith("baocao-check: ")
    assert any("Căn cứ: " in t and "Cách sửa: " in t for t in texts)


def test_comment_anchored_on_the_exact_evidence(tmp_path):
    out = tmp_path / "a.docx"
    code, _, err = run_cli("check", SAMPLE, "--annotate", str(out), "--rule", "name_inconsistent")
    assert code == 0, err
    xml = zipfile.ZipFile(out).read("word/document.xml").decode("utf-8")
    import re
    # the text between a comment's range start and end is exactly the evidence
    spans = re.findall(r'<w:commentRangeStart w:id="(\d+)"/>(.*?)<w:commentRangeEnd w:id="\1"/>', xml, re.S)
    anchored = {"".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", body)) for _, body in spans}
    assert "phường Đội Cán" in anchored and "tỉnh Tuyền Quang" in anchored


def test_existing_comments_are_kept(tmp_path):
    word = WordDocument(seed_docx("004_545f26e5666c642b", "pandoc"))
    para = next(p for p in word.paragraphs if p.runs)
    word.add_comment(para.runs, text="Nhận xét có sẵn của người viết", author="Tác giả")
    draft = tmp_path / "co-nhan-xet.docx"
    word.save(str(draft))
    out = tmp_path / "out.docx"
    code, _, err = run_cli("check", str(draft), "--annotate", str(out), "--fail-on", "never")
    assert code == 0, err
    authors = comments(out)
    assert authors.count("Tác giả") == 1 and authors.count("baocao-check") > 1


def test_libreoffice_opens_the_copy_and_keeps_the_comments(tmp_path):
    out = tmp_path / "annotated.docx"
    run_cli("check", SAMPLE, "--annotate", str(out), "--fail-on", "never")
    n = len(comments(out))
    soffice("--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"), str(out), tmp=tmp_path)
    pdf = (tmp_path / "pdf" / "annotated.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and len(pdf) > 20_000
    soffice("--convert-to", "docx", "--outdir", str(tmp_path / "rt"), str(out), tmp=tmp_path)
    assert comments(tmp_path / "rt" / "annotated.docx").count("baocao-check") == n


def test_annotate_refuses_text_drafts_and_overwriting(tmp_path):
    code, _, err = run_cli("check", f"{FIXTURES}/seeds/003_8ed906cb5f5441e6.txt", "--annotate", str(tmp_path / "x.docx"))
    assert code == 2 and "--format html" in err
    draft = tmp_path / "d.docx"
    shutil.copyfile(SAMPLE, draft)
    before = digest(draft)
    code, _, err = run_cli("check", str(draft), "--annotate", str(draft))
    assert code == 2 and "ghi đè" in err and digest(draft) == before


def _ranges(xml):
    """comment id -> the text its range covers."""
    import re
    return {cid: "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", body))
            for cid, body in re.findall(r'<w:commentRangeStart w:id="(\d+)"/>(.*?)<w:commentRangeEnd w:id="\1"/>',
                                        xml, re.S)}


def test_header_table_date_on_its_own_cell_and_words(tmp_path):
    out = tmp_path / "a.docx"
    code, _, err = run_cli("check", SAMPLE, "--annotate", str(out), "--rule", "deadline_inconsistent")
    assert code == 0, err
    spans = _ranges(zipfile.ZipFile(out).read("word/document.xml").decode("utf-8"))
    assert "ngày 28 tháng 5 năm 2026" in spans.values()
    assert not any("Số: 15/BC-UBND" in t and "ngày 28" in t for t in spans.values())
    # python-docx reads the comment back, naming the rule in words, not by its id
    text = next(c.text for c in WordDocument(str(out)).comments if "28/5/2026" in c.text)
    assert "Thời hạn trái Kế hoạch" in text and "deadline_inconsistent" not in text and "Quy tắc:" not in text


FOOTNOTES = seed_docx("003_8ed906cb5f5441e6", "pandoc")


def test_footnote_findings_on_the_footnote_mark_once_each(tmp_path):
    """By default a footnote's finding sits on that footnote's mark, named 'Chú thích N', never on
    the citing paragraph's words, and no comment is repeated; LibreOffice opens the copy."""
    import re
    out = tmp_path / "fn.docx"
    code, stdout, err = run_cli("check", FOOTNOTES, "--annotate", str(out), "--rule", "term_typo",
                                "--rule", "citation_malformed")
    assert "Đã ghi bản Word có nhận xét" in err and str(out) in err
    xml = zipfile.ZipFile(out).read("word/document.xml").decode("utf-8")
    marked = re.findall(r'<w:commentRangeStart w:id="(\d+)"/>\s*<w:r>(?:(?!</w:r>).)*<w:footnoteReference w:id="(\d+)"',
                        xml, re.S)
    assert marked
    word = WordDocument(str(out))
    texts = [c.text for c in word.comments]
    note19 = [t for t in texts if t.startswith("Chú thích 19: ")]
    assert any("chuyển đổi số" in t for t in note19) and any("71-NQ/TW" in t for t in note19)
    # «chuyên giao» is in paragraph 87 and in its footnote 27: one comment on the word, one on the mark
    by_id = {c.comment_id: c.text for c in word.comments}
    spans = _ranges(xml)
    pairs = [(spans.get(str(cid)), text) for cid, text in by_id.items()]
    import re as _re
    starts = {m.group(1): m.start() for m in _re.finditer(r'<w:commentRangeStart w:id="(\d+)"/>', xml)}
    placed = [(starts.get(str(cid)), text) for cid, text in by_id.items()]
    assert len(placed) == len(set(placed))                      # no comment twice on the same words
    on_word = [t for span, t in pairs if span == "chuyên giao"]
    assert len(on_word) == 2 and not any(t.startswith("Chú thích") for t in on_word)   # paragraphs 84 and 87
    assert any(t.startswith("Chú thích 27: ") and "chuyên giao" in t for t in texts)
    assert f"{len(texts)} nhận xét" in err
    soffice("--convert-to", "odt", "--outdir", str(tmp_path / "odt"), str(out), tmp=tmp_path)
    content = zipfile.ZipFile(tmp_path / "odt" / "fn.odt").read("content.xml").decode("utf-8")
    assert content.count("<office:annotation ") + content.count("<office:annotation>") == len(texts)


def test_footnote_findings_inside_the_footnote_for_word(tmp_path):
    """BAOCAO_CHECK_FOOTNOTE_COMMENTS=inside: the comment is on the footnote's own words in
    footnotes.xml (Word shows it there); the body carries no copy of it."""
    import os
    import subprocess
    import sys
    from conftest import ROOT
    out = tmp_path / "fn.docx"
    proc = subprocess.run([sys.executable, "-m", "baocao_check", "check", FOOTNOTES, "--annotate", str(out),
                           "--rule", "term_typo"], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": ROOT, "BAOCAO_CHECK_FOOTNOTE_COMMENTS": "inside"})
    assert proc.returncode in (0, 1), proc.stderr
    zf = zipfile.ZipFile(out)
    notes = _ranges(zf.read("word/footnotes.xml").decode("utf-8"))
    assert "chuyên đổi số" in notes.values()
    body = _ranges(zf.read("word/document.xml").decode("utf-8"))
    assert "chuyên đổi số" not in body.values()
    comment = next(c for c in WordDocument(str(out)).comments if "chuyên đổi số" in c.text)
    assert comment.text.startswith("[CẢNH BÁO · Sai thuật ngữ]")
