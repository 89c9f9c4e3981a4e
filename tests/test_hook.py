"""The pre-commit hook, run by pre-commit itself on a repository of drafts."""

import os
import shutil
import subprocess
import sys

from conftest import ROOT, seed_txt


def test_pre_commit_hook_blocks_a_draft_with_errors(tmp_path):
    assert shutil.which("git")
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "GIT_AUTHOR_NAME": "t",
           "GIT_AUTHOR_EMAIL": "t@example.invalid", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid"}
    subprocess.run(["git", "init", "-q"], cwd=drafts, check=True)
    shutil.copyfile(seed_txt("004_545f26e5666c642b"), drafts / "kim-tra.txt")       # missing sections: errors
    shutil.copyfile(seed_txt("003_8ed906cb5f5441e6"), drafts / "binh-thuan.txt")    # warnings only
    subprocess.run(["git", "add", "."], cwd=drafts, check=True)
    run = [sys.executable, "-m", "pre_commit", "try-repo", ROOT, "baocao-check", "--files"]
    bad = subprocess.run(run + ["kim-tra.txt"], cwd=drafts, env=env, capture_output=True, text=True, timeout=900)
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "Thiếu mục «III.2." in bad.stdout
    good = subprocess.run(run + ["binh-thuan.txt"], cwd=drafts, env=env, capture_output=True, text=True, timeout=900)
    assert good.returncode == 0, good.stdout + good.stderr
