#!/usr/bin/env python3
"""Coverage-guided fuzzing of whole DOCX packages through the reader, the rules AND the annotator.

    python3 tests/fuzz/fuzz_annotate.py -max_total_time=600    # by hand (scripts/fuzz runs both harnesses)
    python3 tests/fuzz/fuzz_annotate.py -atheris_runs=300      # what tests/test_fuzz.py runs

Each input is a list of edits to a real Word draft's package: drop a part, replace a part by
fuzzed bytes, splice fuzzed bytes into a part (content types, relationships, settings, styles,
numbering, footnotes, the main part), rename or duplicate a part, flip bytes of the ZIP itself.
The result goes through ``engine.check_path`` with ``annotate_to``, as ``check --annotate`` and the
watcher do. Allowed: an error result (the tool's own InputError), an annotated copy, or an
``annotate_error`` (python-docx refusing a package the reader accepted). Not allowed: any exception
escaping, an internal error of the reader ("internal") or of a rule ("other" finding).
"""

import io
import os
import sys
import tempfile
import zipfile

import atheris

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, ROOT)

with atheris.instrument_imports():
    from baocao_check.engine import check_path
    from baocao_check.ruleset import load_ruleset

RULESET = load_ruleset()
ONLY = ["missing_section"]
with open(os.path.join(ROOT, "fixtures", "docx", "004_545f26e5666c642b.pandoc.docx"), "rb") as fh:
    with zipfile.ZipFile(io.BytesIO(fh.read())) as zf:
        PARTS = {n: zf.read(n) for n in zf.namelist()}
NAMES = sorted(PARTS)
SNIPPETS = [b'Target="../../x.xml"', b'TargetMode="External"', b"macroEnabled", b"<!DOCTYPE x>", b"w:val=\"x\"",
            b"w:ilvl=\"-1\"", b"w:val=\"999999999999\"", b"<w:numPr><w:numId w:val=\"1\"/></w:numPr>", b"\x00",
            b"<w:comment w:id=\"0\">", b"<w:footnoteReference w:id=\"9\"/>", b"</w:body>", b"<w:tbl><w:tr>",
            b"http://purl.oclc.org/ooxml/wordprocessingml/main", b"\xff\xfe", b"&amp;", b"]]>"]
TMP = tempfile.mkdtemp(prefix="fuzz-annotate-")


def mutate(fdp: atheris.FuzzedDataProvider) -> bytes:
    parts = dict(PARTS)
    for _ in range(fdp.ConsumeIntInRange(0, 4)):
        op = fdp.ConsumeIntInRange(0, 6)
        name = NAMES[fdp.ConsumeIntInRange(0, len(NAMES) - 1)]
        if name not in parts:
            continue
        data = parts[name]
        if op == 0:
            del parts[name]
        elif op == 1:
            parts[name] = fdp.ConsumeBytes(fdp.ConsumeIntInRange(0, 200))
        elif op == 2:
            i = fdp.ConsumeIntInRange(0, len(data))
            j = min(len(data), i + fdp.ConsumeIntInRange(0, 64))
            parts[name] = data[:i] + fdp.ConsumeBytes(fdp.ConsumeIntInRange(0, 64)) + data[j:]
        elif op == 3:
            i = fdp.ConsumeIntInRange(0, len(data))
            parts[name] = data[:i] + SNIPPETS[fdp.ConsumeIntInRange(0, len(SNIPPETS) - 1)] + data[i:]
        elif op == 4:
            parts[name + fdp.ConsumeUnicodeNoSurrogates(4)] = parts.pop(name)
        elif op == 5:
            parts[name] = data[: fdp.ConsumeIntInRange(0, len(data))]
        else:
            old = fdp.ConsumeBytes(8)
            if old and old in data:
                parts[name] = data.replace(old, fdp.ConsumeBytes(8), 1)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED if fdp.ConsumeBool() else zipfile.ZIP_STORED) as zf:
        for name, data in parts.items():
            try:
                zf.writestr(name, data)
            except (ValueError, UnicodeEncodeError):
                pass
    raw = bytearray(buf.getvalue())
    for _ in range(fdp.ConsumeIntInRange(0, 3)):          # damage the ZIP itself (CRCs, headers)
        if raw:
            raw[fdp.ConsumeIntInRange(0, len(raw) - 1)] = fdp.ConsumeIntInRange(0, 255)
    return bytes(raw)


def TestOneInput(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    blob = mutate(fdp)
    draft = os.path.join(TMP, "du-thao.docx")
    out = os.path.join(TMP, "du-thao.kiemtra.docx")
    with open(draft, "wb") as fh:
        fh.write(blob)
    if os.path.exists(out):
        os.unlink(out)
    # one cheap rule: the rules have their own harness (fuzz_readers.py); this one is about packages
    res = check_path(draft, RULESET, "en", ONLY, annotate_to=out, use_waivers=False)
    if res.status == "error":
        assert res.error["code"] != "internal", res.error["message"]
        assert res.error["message"]
        return
    broken = [f.message for f in res.findings if f.category == "other" and "internal error" in f.message]
    assert not broken, broken
    if res.annotate_error is None:
        assert zipfile.is_zipfile(out)
    else:
        assert res.annotate_error.vi and res.annotate_error.en and not os.path.exists(out)
    with open(draft, "rb") as fh:
        assert fh.read() == blob          # the draft is never written


if __name__ == "__main__":
    atheris.Setup(sys.argv, TestOneInput)
    atheris.Fuzz()
