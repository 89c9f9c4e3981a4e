#!/usr/bin/env python3
"""Coverage-guided fuzzing of the readers and rules with atheris (libFuzzer for Python).

    python3 tests/fuzz/fuzz_readers.py -runs=100000          # by hand, as long as you like
    python3 tests/fuzz/fuzz_readers.py -atheris_runs=3000    # what tests/test_fuzz.py runs

Each input becomes a text, Markdown or Word draft (a valid DOCX with its document.xml replaced by
the fuzzed bytes); reading it may only fail with the tool's own InputError; the rules may not fail.
"""

import io
import os
import sys
import zipfile

import atheris

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, ROOT)

with atheris.instrument_imports():
    from baocao_check.engine import check_document
    from baocao_check.errors import InputError
    from baocao_check.readers import read_document
    from baocao_check.ruleset import load_ruleset

RULESET = load_ruleset()
with open(os.path.join(ROOT, "fixtures", "docx", "004_545f26e5666c642b.pandoc.docx"), "rb") as fh:
    with zipfile.ZipFile(io.BytesIO(fh.read())) as zf:
        PARTS = {n: zf.read(n) for n in zf.namelist()}


def as_docx(xml: bytes) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in PARTS.items():
            zf.writestr(name, xml if name == "word/document.xml" else data)
    return buf.getvalue()


def TestOneInput(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    kind = fdp.ConsumeIntInRange(0, 3)
    payload = fdp.ConsumeBytes(fdp.remaining_bytes())
    if kind == 0:
        name, blob = "x.txt", payload
    elif kind == 1:
        name, blob = "x.md", payload
    elif kind == 2:
        name, blob = "x.docx", as_docx(payload)
    else:
        name, blob = "x.docx", payload
    try:
        doc = read_document(name, blob)
    except InputError:
        return
    check_document(doc, RULESET, "vi")


if __name__ == "__main__":
    atheris.Setup(sys.argv, TestOneInput)
    atheris.Fuzz()
