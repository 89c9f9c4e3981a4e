"""Fuzzing the readers and the rules behind them: no exception escapes but the tool's own input errors."""

import io
import os
import random
import tempfile
import zipfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from baocao_check.engine import check_document
from baocao_check.errors import InputError
from baocao_check.readers import read_document
from baocao_check.ruleset import load_ruleset
from conftest import DOCX

RULESET = load_ruleset()
DEEP = os.environ.get("HYPOTHESIS_PROFILE") == "deep"


def _n(quick: int) -> int:
    return 1500 if DEEP else quick
PIECES = ["I. ", "II. ", "1. ", "2.1. ", "a) ", "đ) ", "(1) ", "- ", "+ ", "* ", "# ", "## **", "**", "<sup>2</sup>",
          "¹", "²³", "km²", "Số: /BC-UBND", "ngày   tháng   năm 2026", "Nghị quyết số 57-NQ/2025/TW ngày 22/12/2024",
          "30/40 hồ sơ, đạt 80%", "tổng 45 hồ sơ, gồm 20, 15, 8", "Phụ lục 3 kèm theo", "| a | b |\n|---|---|\n| 1 | 2 |",
          "giai đoạn 2026 - 2031", "một số", "tồn đọng", "dôi dư", "xã Đội Cán", "\t", "\n", "\n\n", " ", ".", ";", ":",
          "Ủy ban nhân dân", "Hạn chế, khuyết điểm", "ĐỀ XUẤT, KIẾN NGHỊ", "Nơi nhận:", "PHỤ LỤC 2", "xxx", "…/…"]


def _check_file(name: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, name)
        with open(path, "wb") as fh:
            fh.write(data)
        try:
            doc = read_document(path)
        except InputError as exc:
            assert exc.vi and exc.en
            return
        check_document(doc, RULESET, "vi")
        check_document(doc, RULESET, "en")


@settings(max_examples=_n(150), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=12)), max_size=60))
def test_text_reader_and_rules_survive_any_text(parts):
    _check_file("du-thao.txt", "".join(parts).encode("utf-8", errors="surrogatepass"))


@settings(max_examples=_n(60), deadline=None)
@given(st.binary(max_size=3000), st.sampled_from(["x.txt", "x.md", "x.docx"]))
def test_readers_survive_random_bytes(data, name):
    _check_file(name, data)


with open(os.path.join(DOCX, "003_8ed906cb5f5441e6.pydocx.docx"), "rb") as _fh:
    GOOD = _fh.read()
with zipfile.ZipFile(io.BytesIO(GOOD)) as _zf:
    PARTS = {n: _zf.read(n) for n in _zf.namelist()}


@settings(max_examples=_n(40), deadline=None)
@given(st.lists(st.tuples(st.integers(0, len(GOOD) - 1), st.integers(0, 255)), min_size=1, max_size=20))
def test_docx_reader_survives_flipped_bytes(flips):
    data = bytearray(GOOD)
    for pos, value in flips:
        data[pos] = value
    _check_file("x.docx", bytes(data))


@settings(max_examples=_n(60), deadline=None)
@given(st.sampled_from(["word/document.xml", "word/numbering.xml", "word/styles.xml", "word/footnotes.xml"]),
       st.integers(0, 10**9), st.sampled_from(["cut", "insert", "delete-span", "swap"]),
       st.text(alphabet="<>/=\" wtpr:xmlns&;#ĐđạỹÂ0123456789", max_size=40))
def test_docx_reader_survives_broken_xml(part, seed, op, junk):
    rnd = random.Random(seed)
    xml = PARTS[part].decode("utf-8")
    i = rnd.randrange(len(xml))
    j = min(len(xml), i + rnd.randrange(1, 200))
    if op == "cut":
        xml = xml[:i]
    elif op == "insert":
        xml = xml[:i] + junk + xml[i:]
    elif op == "delete-span":
        xml = xml[:i] + xml[j:]
    else:
        xml = xml[:i] + xml[j:j + (j - i)] + xml[i:j] + xml[j + (j - i):]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in PARTS.items():
            zf.writestr(name, xml.encode("utf-8") if name == part else data)
    _check_file("x.docx", buf.getvalue())


def test_atheris_harness_runs_clean(tmp_path):
    """A bounded coverage-guided run; longer runs by hand (tests/fuzz/fuzz_readers.py)."""
    import subprocess
    import sys
    here = os.path.dirname(os.path.abspath(__file__))
    proc = subprocess.run([sys.executable, os.path.join(here, "fuzz", "fuzz_readers.py"), "-atheris_runs=2500",
                           f"-artifact_prefix={tmp_path}/"], capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Done 2500 runs" in proc.stderr or "DONE" in proc.stderr.upper()


def test_annotator_harness_runs_clean(tmp_path):
    """Whole DOCX packages, mutated, through the reader and the annotator (the path of
    check --annotate and of the watcher); the long run is scripts/fuzz."""
    import subprocess
    import sys
    here = os.path.dirname(os.path.abspath(__file__))
    proc = subprocess.run([sys.executable, os.path.join(here, "fuzz", "fuzz_annotate.py"), "-atheris_runs=60",
                           f"-artifact_prefix={tmp_path}/"], capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Done 60 runs" in proc.stderr or "Done 60 in" in proc.stderr
    assert not [n for n in os.listdir(tmp_path) if n.startswith("crash-")]


def test_long_fuzz_script_runs_both_harnesses(tmp_path):
    """scripts/fuzz with a tiny budget: both harnesses start, and it says whether it found a crash."""
    import subprocess
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    proc = subprocess.run(["bash", os.path.join(root, "scripts", "fuzz"), "6"], capture_output=True, text=True,
                          timeout=600, env={**os.environ, "FUZZ_DIR": str(tmp_path)})
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "== fuzz_readers" in proc.stderr and "== fuzz_annotate" in proc.stderr and "fuzz: no crash" in proc.stderr
