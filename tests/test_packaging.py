"""What `pip install .` ships: every subpackage, the rulesets, the schemas and the templates."""

import os
import subprocess
import sys
import tomllib
import zipfile

from conftest import ROOT


def test_every_subpackage_is_listed():
    with open(os.path.join(ROOT, "pyproject.toml"), "rb") as fh:
        listed = set(tomllib.load(fh)["tool"]["setuptools"]["packages"])
    found = {"baocao_check.rulesets"}
    for dirpath, dirnames, filenames in os.walk(os.path.join(ROOT, "baocao_check")):
        dirnames[:] = [d for d in dirnames if d != "__pycache__"]
        if "__init__.py" in filenames:
            found.add(os.path.relpath(dirpath, ROOT).replace(os.sep, "."))
    assert found == listed


def test_wheel_contains_data_files(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q",
                    "-w", str(tmp_path), ROOT], check=True, capture_output=True, timeout=300)
    wheel = next(p for p in os.listdir(tmp_path) if p.endswith(".whl"))
    names = set(zipfile.ZipFile(tmp_path / wheel).namelist())
    for needed in ("baocao_check/rulesets/so-ket-01-nam-cqdp-2-cap.yaml", "baocao_check/rulesets/ruleset.schema.json",
                   "baocao_check/schemas/findings-v1.schema.json", "baocao_check/report/templates/report.html.j2",
                   "baocao_check/parsing/numbers.py"):
        assert needed in names, needed


def test_metadata_names_license_authors_urls_classifiers(tmp_path):
    """The wheel carries the MIT LICENSE file its metadata names, the authors, URLs and classifiers."""
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q",
                    "-w", str(tmp_path), ROOT], check=True, capture_output=True, timeout=300)
    wheel = zipfile.ZipFile(tmp_path / next(p for p in os.listdir(tmp_path) if p.endswith(".whl")))
    names = wheel.namelist()
    lic = next(n for n in names if n.endswith("LICENSE") and ".dist-info/" in n)
    assert wheel.read(lic).decode().startswith("MIT License")
    meta = wheel.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    assert "Author-email: baocao-check maintainers" in meta
    assert "Project-URL: Homepage," in meta
    assert "Classifier: License :: OSI Approved :: MIT License" in meta
    assert "Classifier: Natural Language :: Vietnamese" in meta
    assert "Requires-Dist: openpyxl" in meta
