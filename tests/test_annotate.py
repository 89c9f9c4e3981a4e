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
