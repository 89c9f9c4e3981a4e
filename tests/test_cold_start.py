"""A cold `check --format json` loads only what it uses: no rich (the terminal report), no PyYAML
when there is no waiver file, no spaCy for a ruleset without token patterns."""

import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROBE = ("import sys; from baocao_check.cli import main\n"
         "try:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
         "print('LOADED', ' '.join(m for m in ('rich', 'yaml', 'spacy') if m in sys.modules), file=sys.stderr)")


def loaded(*args, cwd):
    """The heavy modules a check in a fresh process loaded."""
    # warm the disk caches first (ruleset, lexicon): a cold start after the first run is measured
    subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, cwd=cwd,
                   env={**os.environ, "PYTHONPATH": ROOT})
    proc = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, cwd=cwd,
                          env={**os.environ, "PYTHONPATH": ROOT})
    line = [ln for ln in proc.stderr.splitlines() if ln.startswith("LOADED")]
    assert line, proc.stderr[-800:]
    return set(line[-1].split()[1:])


def _draft(tmp_path):
    path = tmp_path / "du-thao.md"
    path.write_text("BÁO CÁO\nI. KẾT QUẢ\nTổng số 12 hồ sơ, trong đó 5 đúng hạn, 7 trễ hạn.\n", encoding="utf-8")
    return path


def test_json_check_without_waivers_loads_neither_rich_nor_yaml(tmp_path):
    draft = _draft(tmp_path)
    assert loaded("check", str(draft), "--format", "json", "-o", os.devnull, cwd=tmp_path) == set()


def test_the_terminal_report_and_a_waiver_file_still_load_what_they_need(tmp_path):
    draft = _draft(tmp_path)
    assert "rich" in loaded("check", str(draft), "-o", str(tmp_path / "out.txt"), cwd=tmp_path)
    (tmp_path / "du-thao.md.waivers.yaml").write_text("waivers: []\n", encoding="utf-8")
    assert "yaml" in loaded("check", str(draft), "--format", "json", "-o", os.devnull, cwd=tmp_path)
