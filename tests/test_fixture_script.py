"""The DOCX fixtures come from real producers through a committed script: it still makes them."""

import os
import shutil
import subprocess
import sys

from baocao_check.readers import read_document
from conftest import FIXTURES, seed_txt


def headings(doc):
    return [((s.label.text if s.label else None), s.title) for s in doc.sections() if s.is_heading]


def test_script_remakes_the_fixtures_with_pandoc_libreoffice_and_python_docx(tmp_path):
    for tool in ("pandoc", "soffice"):
        assert shutil.which(tool), f"{tool} is not installed: run the README's test command (scripts/test)"
    out = tmp_path / "docx"
    subprocess.run([sys.executable, os.path.join(FIXTURES, "make_fixtures.py"), "--out", str(out), "--only", "003"],
                   check=True, capture_output=True, timeout=300)
    made = sorted(os.listdir(out))
    assert made == ["003_8ed906cb5f5441e6.pandoc.docx", "003_8ed906cb5f5441e6.pydocx.docx",
                    "003_8ed906cb5f5441e6.soffice.docx"]
    expected = headings(read_document(seed_txt("003_8ed906cb5f5441e6")))
    for name in made:
        doc = read_document(str(out / name))
        assert headings(doc) == expected, name
        assert len(doc.footnotes()) == 28, name
