"""The HTML page: self-contained, in Vietnamese, filterable, rendered by a real headless Chromium."""

import re
import shutil
import subprocess

from conftest import run_cli, seed_txt

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium():
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    assert exe, "chromium is not installed: run the README's test command (scripts/test)"
    return exe


def render(tmp_path, *extra):
    out = tmp_path / "r.html"
    code, stdout, err = run_cli("check", seed_txt("003_8ed906cb5f5441e6"), "--format", "html", "-o", str(out), *extra)
    assert code == 0, err
    return out


def test_page_is_self_contained_and_complete(tmp_path):
    html = render(tmp_path).read_text(encoding="utf-8")
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html), "no network resources"
    assert "<style>" in html and "<script>" in html
    assert "Kết quả kiểm tra: 003_8ed906cb5f5441e6.txt" in html
    assert "so-ket-01-nam-cqdp-2-cap" in html
    assert "<mark>Đội Cán</mark>" in html                      # evidence highlighted in its excerpt
    assert "§ IV. ĐÁNH GIÁ CHUNG &gt; 3. Bài học kinh nghiệm" in html
    assert html.count('class="finding ') == len(re.findall(r'data-severity="', html))


def _dom(url, tmp_path):
    proc = subprocess.run([chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}",
                           "--virtual-time-budget=3000", "--dump-dom", url],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


def test_chromium_renders_and_filters(tmp_path):
    page = render(tmp_path)
    dom = _dom(page.as_uri(), tmp_path)
    shown = re.search(r'id="shown"[^>]*>(\d+) phát hiện đang hiển thị', dom)
    total = dom.count('data-severity="')
    assert shown and int(shown.group(1)) == total > 10
    # the filters can be set from a link: only the warnings of one category remain visible
    dom = _dom(page.as_uri() + "#severity=warning&category=term_typo", tmp_path)
    visible = re.findall(r'class="finding (\w+)"[^>]*data-severity="\w+" data-category="(\w+)"', dom)
    assert visible and all(sev == "warning" and cat == "term_typo" for sev, cat in visible)
    hidden = re.findall(r'class="finding \w+ hidden"', dom)
    assert len(hidden) == total - len(visible)


def test_chromium_screenshot(tmp_path):
    page = render(tmp_path)
    shot = tmp_path / "page.png"
    proc = subprocess.run([chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}",
                           "--window-size=1100,1400", f"--screenshot={shot}", page.as_uri()],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 50_000


def test_english_page(tmp_path):
    html = render(tmp_path, "--lang", "en").read_text(encoding="utf-8")
    assert "Check results: 003_8ed906cb5f5441e6.txt" in html and "findings shown" in html
