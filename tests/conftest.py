import os
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, "fixtures")
SEEDS = os.path.join(FIXTURES, "seeds")
DOCX = os.path.join(FIXTURES, "docx")
SEED_DRAFTS = ["000_fe80ed0676aba89d", "002_53c823dbee11987c", "003_8ed906cb5f5441e6", "004_545f26e5666c642b"]
PLAN = "001_6c5180949553ecef"
ALL_SEEDS = SEED_DRAFTS + [PLAN]


def seed_txt(base):
    return os.path.join(SEEDS, base + ".txt")


def seed_docx(base, producer):
    return os.path.join(DOCX, f"{base}.{producer}.docx")


def docx_variants():
    out = []
    for base in ALL_SEEDS:
        for producer in ("pandoc", "soffice", "pydocx"):
            path = seed_docx(base, producer)
            if os.path.exists(path):
                out.append((base, producer))
    return out


@pytest.fixture(scope="session")
def builtin():
    from baocao_check.ruleset import load_ruleset
    return load_ruleset()


@pytest.fixture
def check_text(tmp_path, builtin):
    """Check a draft given as text; returns the findings (optionally of some rules only)."""
    from baocao_check.engine import check_document
    from baocao_check.readers import read_document

    def run(text, rules=None, name="draft.txt", lang="vi", ruleset=None):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        doc = read_document(str(path))
        return check_document(doc, ruleset or builtin, lang, rules)
    return run


def run_cli(*args, cwd=None):
    """The real command, in a child process: (exit code, stdout, stderr)."""
    import subprocess
    proc = subprocess.run([sys.executable, "-m", "baocao_check", *args], capture_output=True, text=True,
                          cwd=cwd or ROOT, env={**os.environ, "PYTHONPATH": ROOT})
    return proc.returncode, proc.stdout, proc.stderr


# HYPOTHESIS_PROFILE=deep runs the fuzzers much longer (not in CI): python -m pytest tests/test_fuzz.py
from hypothesis import settings as _hyp_settings  # noqa: E402

_hyp_settings.register_profile("deep", max_examples=1500, deadline=None)
if os.environ.get("HYPOTHESIS_PROFILE"):
    _hyp_settings.load_profile(os.environ["HYPOTHESIS_PROFILE"])
