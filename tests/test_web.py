"""`baocao-check serve`: the real server on a free port, driven by Debian's headless Chromium
through its chromedriver (Selenium, nothing downloaded), plus hostile uploads sent by hand.

The browser tests write the screenshots of docs/screenshots/ (upload page, a report, a summary)."""

import hashlib
import io
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import zipfile

import pytest
import requests
import yaml

from conftest import FIXTURES, ROOT, SEEDS, seed_txt

SAMPLE = os.path.join(FIXTURES, "sample", "du-thao-bao-cao-so-ket.docx")
PLAN_MD = os.path.join(FIXTURES, "plans", "ke-hoach-so-ket-6-thang-chuyen-doi-so.md")
SHOTS = os.path.join(ROOT, "docs", "screenshots")
CHROMIUM_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
                  "--disable-dev-shm-usage", "--window-size=1280,1000", "--lang=vi"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, tmp, *extra, env=None):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.tmp = tmp
        self.log = open(os.path.join(tmp, f"serve-{self.port}.log"), "w+")
        run_env = dict(os.environ, TMPDIR=str(tmp), **(env or {}))
        self.proc = subprocess.Popen([sys.executable, "-m", "baocao_check", "serve", "--port", str(self.port),
                                      "--workers", "2", *extra], stdout=self.log, stderr=subprocess.STDOUT,
                                     env=run_env, cwd=ROOT)
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                if requests.get(self.base + "/healthz", timeout=2).ok:
                    return
            except requests.ConnectionError:
                pass
            assert self.proc.poll() is None, self.output()
            time.sleep(0.2)
        raise AssertionError("server did not start: " + self.output())

    def output(self) -> str:
        self.log.flush()
        self.log.seek(0)
        return self.log.read()

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    return tmp_path_factory.mktemp("web")


@pytest.fixture(scope="module")
def shared(workdir):
    folder = workdir / "shared"
    (folder / "ubnd").mkdir(parents=True)
    shutil.copy(os.path.join(SEEDS, "002_53c823dbee11987c.txt"), folder / "du-thao-son-kim.txt")
    shutil.copy(SAMPLE, folder / "ubnd" / "du-thao-ubnd.docx")
    return folder


@pytest.fixture(scope="module")
def server(workdir, shared):
    srv = Server(workdir, "--folder", str(shared))
    yield srv
    srv.stop()
    # the private upload folders go with the server
    assert not [p for p in os.listdir(workdir) if p.startswith("baocao-check-serve-")]


@pytest.fixture(scope="module")
def downloads(workdir):
    d = workdir / "downloads"
    d.mkdir()
    return d


@pytest.fixture(scope="module")
def browser(workdir, downloads):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    exe, driver = shutil.which("chromium"), shutil.which("chromedriver")
    assert exe and driver, "chromium and chromium-driver are not installed: run scripts/test"
    opts = webdriver.ChromeOptions()
    opts.binary_location = exe
    for flag in CHROMIUM_FLAGS + [f"--user-data-dir={workdir / 'profile'}"]:
        opts.add_argument(flag)
    opts.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                           "download.prompt_for_download": False,
                                           "intl.accept_languages": "vi,en"})
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    drv = webdriver.Chrome(service=Service(executable_path=driver), options=opts)
    drv.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    drv.set_page_load_timeout(60)
    yield drv
    drv.quit()


def wait_for(predicate, timeout=120.0, what="condition"):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def screenshot(drv, name):
    """A screenshot of the whole page (up to 2400 px high): the viewport is stretched to it first."""
    os.makedirs(SHOTS, exist_ok=True)
    height = drv.execute_script("return Math.min(document.documentElement.scrollHeight, 2400)")
    drv.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                        {"width": 1280, "height": max(720, height), "deviceScaleFactor": 1, "mobile": False})
    path = os.path.join(SHOTS, name)
    try:
        drv.save_screenshot(path)
    finally:
        drv.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    with open(path, "rb") as fh:
        data = fh.read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 30_000
    return path


def whole(drv) -> bool:
    """The page has finished loading (a page that reloads itself is read only once it is whole)."""
    return drv.execute_script("return document.readyState") == "complete"


def english_messages(drv):
    """The findings' messages when at least one reads as English, else None (also while the page reloads)."""
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.common.by import By
    try:
        messages = [m.text for m in drv.find_elements(By.CSS_SELECTOR, ".finding .msg")]
    except StaleElementReferenceException:
        return None
    return messages if any(re.search(r"\b(the|is|of)\b", m) for m in messages) else None


def console_errors(drv):
    return [e for e in drv.get_log("browser") if e["level"] == "SEVERE"]


def upload_in_browser(drv, server, *paths):
    from selenium.webdriver.common.by import By
    drv.get(server.base + "/?lang=vi")
    drv.find_element(By.ID, "files").send_keys("\n".join(str(p) for p in paths))
    drv.find_element(By.ID, "submit").click()


def session_with_token(server):
    s = requests.Session()
    page = s.get(server.base + "/")
    return s, re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)


# -- the author's path --------------------------------------------------------------------------

def test_upload_page_is_vietnamese_strict_and_offline(server, browser):
    from selenium.webdriver.common.by import By
    r = requests.get(server.base + "/")
    csp = r.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "default-src 'none'" in csp and "unsafe-inline" not in csp
    assert r.headers["X-Frame-Options"] == "DENY"
    # no inline script or style, nothing from another host
    assert not re.search(r"<script(?![^>]*\bsrc=)", r.text) and "<style" not in r.text and " style=" not in r.text
    assert not re.search(r"""(?:src|href)\s*=\s*["'](?:https?:)?//""", r.text)
    browser.get(server.base + "/?lang=vi")
    assert "Kiểm tra dự thảo báo cáo sơ kết" in browser.find_element(By.TAG_NAME, "h1").text
    assert browser.find_element(By.ID, "dropzone").is_displayed()
    assert not console_errors(browser)     # a Content-Security-Policy violation would be logged here
    screenshot(browser, "upload.png")
    browser.get(server.base + "/?lang=en")
    assert "Check a report draft" in browser.find_element(By.TAG_NAME, "h1").text
    browser.get(server.base + "/?lang=vi")


def test_word_draft_findings_and_annotated_copy(server, browser, downloads):
    from selenium.webdriver.common.by import By
    upload_in_browser(browser, server, SAMPLE)
    # progress, then the report: a known finding with its evidence highlighted
    mark = wait_for(lambda: whole(browser) and [m for m in browser.find_elements(By.CSS_SELECTOR, ".finding mark")
                                                if m.text == "Đội Cán"],
                    what="the finding on «Đội Cán»")
    card = mark[0].find_element(By.XPATH, "./ancestor::div[contains(@class,'finding')]")
    assert "name_inconsistent" in card.text and "Cách sửa" in card.text and "Đội Cấn" in card.text
    sections = [h.text for h in browser.find_elements(By.CSS_SELECTOR, "section.document h3")]
    assert "§ I. ĐẶC ĐIỂM TÌNH HÌNH" in sections
    # the shared filters work on the page (their script is a static file)
    shown = browser.find_element(By.ID, "shown").text
    assert re.match(r"\d+ phát hiện đang hiển thị", shown)
    assert not console_errors(browser)
    assert not re.search(r"""(?:src|href)\s*=\s*["'](?:https?:)?//""", browser.page_source)   # nothing from outside
    screenshot(browser, "report.png")
    browser.find_element(By.ID, "dl-docx").click()
    # the browser writes the file, then renames it: wait until it is a whole Word package
    copy = wait_for(lambda: [p for p in downloads.iterdir() if p.name.endswith(".kiemtra.docx")
                             and _whole_zip(p)], what="download")[0]
    assert copy.name == "du-thao-bao-cao-so-ket.kiemtra.docx"
    import docx
    word = docx.Document(str(copy))
    texts = [c.text for c in word.comments]
    assert any("Đội Cấn" in t for t in texts) and all(c.author == "baocao-check" for c in word.comments)
    # the JSON and HTML of the same result
    js = requests.get(browser.find_element(By.ID, "dl-json").get_attribute("href"))
    assert js.ok and js.json()["documents"][0]["path"] == "du-thao-bao-cao-so-ket.docx"
    assert "/tmp" not in js.text and str(server.tmp) not in js.text      # no server path leaks
    html = requests.get(browser.find_element(By.ID, "dl-html").get_attribute("href"))
    assert html.ok and "attachment" in html.headers["Content-Disposition"] and "<mark>Đội Cán</mark>" in html.text


def test_english_switch_checks_again_in_english(server, browser):
    from selenium.webdriver.common.by import By
    upload_in_browser(browser, server, os.path.join(SEEDS, "003_8ed906cb5f5441e6.txt"))
    wait_for(lambda: whole(browser) and browser.find_elements(By.CSS_SELECTOR, ".finding"), what="the report")
    assert "Cách sửa" in browser.page_source
    browser.get(browser.current_url + "?lang=en")
    assert "Check results: 003_8ed906cb5f5441e6.txt" in browser.find_element(By.TAG_NAME, "h1").text
    browser.find_element(By.XPATH, "//button[text()='Check again in English']").click()
    # the page reloads itself when the new check ends: read the messages inside the wait, so a
    # reload between two reads cannot leave an empty or stale list
    messages = wait_for(lambda: whole(browser) and "Fix:" in browser.page_source
                        and not browser.find_elements(By.XPATH, "//button[text()='Check again in English']")
                        and english_messages(browser), what="the English findings")
    assert all(m.strip() for m in messages)
    assert re.match(r"\d+ findings shown", browser.find_element(By.ID, "shown").text)
    browser.get(server.base + "/?lang=vi")


def test_waiver_from_the_page(server, browser):
    from selenium.webdriver.common.by import By
    upload_in_browser(browser, server, SAMPLE)
    wait_for(lambda: whole(browser) and browser.find_elements(By.CSS_SELECTOR, "details.waive"), what="the report")
    before = browser.find_element(By.CSS_SELECTOR, "p.badges").text
    details = browser.find_elements(By.CSS_SELECTOR, "details.waive")[0]
    details.find_element(By.TAG_NAME, "summary").click()
    details.find_element(By.NAME, "by").send_keys("Nguyễn Văn A")
    details.find_element(By.NAME, "reason").send_keys("Ngày báo cáo đã được Thường trực chấp thuận")
    details.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait_for(lambda: whole(browser) and browser.find_elements(By.ID, "dl-waivers"), what="the waived report")
    after = browser.find_element(By.CSS_SELECTOR, "p.badges").text
    assert "1 đã miễn trừ" in after and after != before
    assert "Ngày báo cáo đã được Thường trực chấp thuận (Nguyễn Văn A)" in browser.page_source
    waivers = yaml.safe_load(requests.get(browser.find_element(By.ID, "dl-waivers").get_attribute("href")).text)
    (w,) = waivers["waivers"]
    assert w["rule"] == "deadline_inconsistent" and w["by"] == "Nguyễn Văn A" and w["evidence"]


# -- the reviewer's path ------------------------------------------------------------------------

def five_drafts_zip(path):
    with open(SAMPLE, "rb") as fh:
        sample = fh.read()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("bao-cao/ubnd/du-thao-ubnd.docx", sample)
        zf.writestr("bao-cao/an-khanh.txt", open(os.path.join(SEEDS, "000_fe80ed0676aba89d.txt"), "rb").read())
        zf.writestr("bao-cao/binh-thuan.txt", open(os.path.join(SEEDS, "003_8ed906cb5f5441e6.txt"), "rb").read())
        zf.writestr("bao-cao/kim-tra.txt", open(os.path.join(SEEDS, "004_545f26e5666c642b.txt"), "rb").read())
        zf.writestr("bao-cao/hong.docx", sample[: len(sample) // 3])          # cut short by a sync client
        zf.writestr("bao-cao/ghi-chu.pdf", b"%PDF-1.4 not a draft")            # not a draft: ignored
        zf.writestr("bao-cao/_kiemtra/old.docx.json", b"{}")                  # earlier results: ignored
    return path


def test_zip_of_five_drafts_gives_the_summary(server, browser, workdir):
    from selenium.webdriver.common.by import By
    upload_in_browser(browser, server, five_drafts_zip(workdir / "ba-xa.zip"))
    # a page that reloads itself is read only once it is whole (a half-parsed table has fewer rows)
    wait_for(lambda: browser.execute_script(
        "return document.readyState === 'complete' && !document.getElementById('progress')"
        " && document.querySelectorAll('#summary tbody tr').length > 0"), what="the summary")
    rows = browser.find_elements(By.CSS_SELECTOR, "#summary tbody tr")
    assert len(rows) == 5
    by_name = {r.find_elements(By.TAG_NAME, "td")[0].text: r for r in rows}
    assert set(by_name) == {"bao-cao/ubnd/du-thao-ubnd.docx", "bao-cao/an-khanh.txt", "bao-cao/binh-thuan.txt",
                            "bao-cao/kim-tra.txt", "bao-cao/hong.docx"}
    broken = by_name["bao-cao/hong.docx"]
    assert broken.get_attribute("data-verdict") == "failed" and "không đọc được" in broken.text
    assert "hỏng" in broken.find_element(By.CSS_SELECTOR, "td.failed").text
    good = by_name["bao-cao/binh-thuan.txt"]
    assert good.get_attribute("data-verdict") in ("fix", "review")
    headers = [h.text for h in browser.find_elements(By.CSS_SELECTOR, "#summary th")]
    assert headers[:2] == ["Dự thảo", "Kết luận"] and "thiếu mục" in headers or "sai thuật ngữ" in headers
    # filter by verdict, then sort by the error column
    from selenium.webdriver.support.ui import Select
    Select(browser.find_element(By.ID, "verdict")).select_by_value("failed")
    visible = [r for r in browser.find_elements(By.CSS_SELECTOR, "#summary tbody tr") if r.is_displayed()]
    assert [r.find_element(By.TAG_NAME, "td").text for r in visible] == ["bao-cao/hong.docx"]
    Select(browser.find_element(By.ID, "verdict")).select_by_value("")
    screenshot(browser, "summary.png")
    # the summary files and a page per draft
    xlsx = requests.get(browser.find_element(By.LINK_TEXT, "summary.xlsx").get_attribute("href"))
    import openpyxl
    book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    cells = [str(c.value) for row in book.worksheets[0].iter_rows() for c in row if c.value is not None]
    assert any("hong.docx" in c for c in cells) and any("binh-thuan.txt" in c for c in cells)
    csv = requests.get(browser.find_element(By.LINK_TEXT, "summary.csv").get_attribute("href"))
    assert csv.ok and "bao-cao/hong.docx" in csv.content.decode("utf-8-sig")
    bundle = requests.get(browser.find_element(By.PARTIAL_LINK_TEXT, ".zip").get_attribute("href"))
    names = zipfile.ZipFile(io.BytesIO(bundle.content)).namelist()
    assert "summary.html" in names and "bao-cao/binh-thuan.txt.html" in names and "bao-cao/ubnd/du-thao-ubnd.kiemtra.docx" in names
    link = good.find_element(By.TAG_NAME, "a")
    href = link.get_attribute("href")
    link.click()
    wait_for(lambda: "binh-thuan.txt" in browser.find_element(By.TAG_NAME, "h1").text,
             what=f"the draft's page {href}, at {browser.current_url}: {browser.find_element(By.TAG_NAME, 'h1').text}")
    assert browser.find_elements(By.CSS_SELECTOR, ".finding")


def test_shared_folder_checks_on_request_and_writes_only_kiemtra(server, browser, shared):
    from selenium.webdriver.common.by import By
    def snapshot():
        out = {}
        for dirpath, _, files in os.walk(shared):
            for n in files:
                p = os.path.join(dirpath, n)
                out[os.path.relpath(p, shared)] = hashlib.sha256(open(p, "rb").read()).hexdigest()
        return out
    before = snapshot()
    browser.get(server.base + "/folder")
    rows = browser.find_elements(By.CSS_SELECTOR, "#folder tbody tr")
    assert len(rows) == 2 and all("chưa kiểm tra" in r.text for r in rows)
    row = next(r for r in rows if "du-thao-ubnd.docx" in r.text)
    row.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    link = wait_for(lambda: whole(browser) and browser.find_elements(By.LINK_TEXT, os.path.join("ubnd", "du-thao-ubnd.docx")),
                    what="the checked draft")
    after = snapshot()
    assert {k: v for k, v in after.items() if k in before} == before           # the drafts are untouched
    new = sorted(set(after) - set(before))
    assert new and all(p.startswith(os.path.join("ubnd", "_kiemtra") + os.sep) for p in new), new
    assert os.path.join("ubnd", "_kiemtra", "du-thao-ubnd.kiemtra.docx") in new
    screenshot(browser, "folder.png")
    assert "(1)" in browser.find_element(By.ID, "check-all").text              # one draft left unchecked
    link[0].click()
    wait_for(lambda: browser.find_elements(By.CSS_SELECTOR, ".finding mark"), what="the folder draft's report")
    assert "Đội Cán" in browser.page_source
    browser.get(server.base + "/folder")
    browser.find_element(By.ID, "check-all").click()
    wait_for(lambda: whole(browser) and browser.find_elements(By.LINK_TEXT, "du-thao-son-kim.txt"),
             what="the other draft checked")
    assert not browser.find_element(By.ID, "check-all").is_enabled()


def test_folder_waiver_goes_to_the_file_the_cli_reads(server, shared):
    from baocao_check.waivers import waivers_for
    s, token = session_with_token(server)
    folder = s.get(server.base + "/folder").text
    page_url = server.base + re.search(r'href="(/folder/d/[0-9a-f]+)">ubnd/du-thao-ubnd.docx', folder).group(1)
    page = s.get(page_url).text
    action = re.search(r'<form method="post" action="(/folder/d/[0-9a-f]+/waive)">', page).group(1)
    key = re.search(r'name="key" value="(\d+)"', page).group(1)
    r = s.post(server.base + action, data={"csrf": token, "key": key, "by": "Trần Thị B", "reason": "Đã thống nhất"})
    assert r.ok
    draft = shared / "ubnd" / "du-thao-ubnd.docx"
    (w,) = waivers_for(str(draft))
    assert w.by == "Trần Thị B" and w.source.endswith(os.path.join("ubnd", "baocao-check.waivers.yaml"))
    # checked again with the waiver: the folder's report shows it waived
    wait_for(lambda: "1 đã miễn trừ" in s.get(page_url).text, what="the re-check with the waiver")


def test_plan_becomes_a_ruleset_to_review(server, browser):
    from selenium.webdriver.common.by import By
    browser.get(server.base + "/rulesets")
    browser.find_element(By.ID, "plan").send_keys(PLAN_MD)
    browser.find_element(By.CSS_SELECTOR, "form.card button[type=submit]").click()
    checklist = wait_for(lambda: whole(browser) and browser.find_elements(By.ID, "checklist"), what="the checklist")[0].text
    assert "[ ] I. Kết quả thực hiện nhiệm vụ 6 tháng đầu năm 2026" in checklist   # the plan's outline, to tick off
    text = requests.get(browser.find_element(By.ID, "dl-yaml").get_attribute("href")).text
    from baocao_check.ruleset import parse_ruleset
    assert parse_ruleset(text, "k.yaml").data["outline"]
    # used at once from this browser: a draft of that plan is checked against it
    browser.find_element(By.ID, "use-ruleset").click()
    from selenium.webdriver.support.ui import Select
    chosen = Select(browser.find_element(By.ID, "ruleset")).first_selected_option.text
    assert "ke-hoach-so-ket-6-thang-chuyen-doi-so.md" in chosen
    browser.find_element(By.ID, "files").send_keys(os.path.join(FIXTURES, "plans", "du-thao-6-thang-thieu-muc.md"))
    browser.find_element(By.ID, "submit").click()
    wait_for(lambda: whole(browser) and browser.find_elements(By.CSS_SELECTOR, "p.badges"),
             what="the draft checked against the plan")
    assert "ke-hoach-so-ket-6-thang-chuyen-doi-so" in browser.find_element(By.CSS_SELECTOR, ".report-head .meta").text
    assert browser.find_elements(By.CSS_SELECTOR, ".finding[data-category=missing_section]")
    browser.get(server.base + "/?lang=vi")


# -- hostile input ------------------------------------------------------------------------------

def post(server, files, **data):
    s, token = session_with_token(server)
    return s.post(server.base + "/upload", data={"csrf": token, **data}, files=files, timeout=120)


def alive(server):
    assert requests.get(server.base + "/", timeout=10).status_code == 200


def test_zip_bomb_is_refused(server):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("du-thao.txt", b"0" * (200 * 1024 * 1024))      # 200 MB of one byte: ~200 kB zipped
    r = post(server, [("files", ("bom.zip", buf.getvalue()))])
    assert r.status_code == 400 and "bom ZIP" in r.text
    alive(server)


def test_too_large_upload_is_refused(server):
    big = b"a" * (200 * 1024 * 1024)
    r = post(server, [("files", ("du-thao.txt", big))])
    assert r.status_code == 413 and "quá lớn" in r.text and "50 MB" in r.text
    alive(server)


def test_program_renamed_docx_is_named_for_what_it_is(server):
    r = post(server, [("files", ("du-thao.docx", b"MZ\x90\x00" + os.urandom(4000)))])
    assert r.status_code == 200
    assert "là một tệp chương trình" in r.text and "không mở" in r.text
    alive(server)


def test_the_plan_uploaded_with_the_drafts_is_named_not_failed(server):
    """A reviewer's upload holding the plan beside the drafts: the summary lists the plan as «không
    phải dự thảo báo cáo» with why, not as unreadable, and checks the draft."""
    files = [("files", (os.path.basename(seed_txt(b)), open(seed_txt(b), "rb").read()))
             for b in ("001_6c5180949553ecef", "003_8ed906cb5f5441e6")]
    s, token = session_with_token(server)
    r = s.post(server.base + "/upload", data={"csrf": token}, files=files, timeout=120)
    jid = r.url.rsplit("/r/", 1)[1].split("/")[0]
    wait_for(lambda: requests.get(server.base + f"/r/{jid}/status.json", timeout=10).json()["finished"],
             what="the two drafts checked")
    page = requests.get(server.base + f"/r/{jid}", timeout=10).text
    rows = re.findall(r"<tr[^>]*data-verdict=\"([a-z_]+)\"[^>]*>(.*?)</tr>", page, re.S)
    by_verdict = {v: row for v, row in rows}
    assert set(by_verdict) >= {"not_a_draft"} and len(rows) == 2, rows
    assert "001_6c5180949553ecef.txt" in by_verdict["not_a_draft"]
    assert "không phải dự thảo báo cáo" in by_verdict["not_a_draft"]
    assert [v for v, _ in rows if v != "not_a_draft"][0] in ("fix", "review", "ok")


def test_path_traversal_entry_is_refused(server, workdir):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("bao-cao/ok.txt", b"I. KHAI QUAT\n")
        zf.writestr("../../../../" + str(workdir).lstrip("/") + "/escaped.txt", b"I. KHAI QUAT\n")
    r = post(server, [("files", ("leo-thu-muc.zip", buf.getvalue()))])
    assert r.status_code == 400 and "đường dẫn nguy hiểm" in r.text
    assert not (workdir / "escaped.txt").exists()
    alive(server)


def test_only_this_machines_names_are_answered(server):
    # a page of another site that rebinds its name to 127.0.0.1 gets nothing
    assert requests.get(server.base + "/", headers={"Host": "evil.example"}).status_code == 400
    assert requests.get(server.base + "/", headers={"Host": f"localhost:{server.port}"}).status_code == 200


def test_forms_need_the_csrf_token(server):
    r = requests.post(server.base + "/upload", files=[("files", ("a.txt", b"x"))])
    assert r.status_code == 400 and "tải lại trang" in r.text


def test_results_need_their_unguessable_id(server):
    s, token = session_with_token(server)
    r = s.post(server.base + "/upload", data={"csrf": token}, files=[("files", ("a.txt", b"I. A\n"))])
    jid = r.url.rsplit("/r/", 1)[1].split("/")[0]
    assert len(jid) >= 24
    other = jid[:-1] + ("A" if jid[-1] != "A" else "B")       # one character off
    assert requests.get(server.base + "/r/" + other).status_code == 404
    assert requests.get(server.base + "/r/" + jid + "/status.json").status_code == 200
    assert requests.get(server.base + "/r/..%2f..%2fetc/0/download/json").status_code == 404


def test_uploads_are_deleted_after_the_time_limit(tmp_path):
    from baocao_check.web.app import JobStore, RulesetChoice
    store = JobStore(str(tmp_path), ttl=0.2, keep_after_download=0.1)
    job = store.new("vi", RulesetChoice("builtin", None, "x"))
    assert os.path.isdir(job.dir) and oct(os.stat(job.dir).st_mode & 0o777) == "0o700"
    assert store.get(job.id) is job
    time.sleep(0.3)
    assert store.get(job.id) is None
    assert store.sweep() == 1 and not os.path.exists(job.dir)
    # "delete now" while a draft is still being checked: files go now, the job once its worker is done
    from baocao_check.web.app import Draft
    busy = store.new("vi", RulesetChoice("builtin", None, "x"))
    busy.drafts.append(Draft(0, "d.txt", os.path.join(busy.dir, "d.txt"), os.path.join(busy.dir, "out", "0")))
    store.delete(busy)
    assert not os.path.exists(busy.dir) and store.get(busy.id) is None and store.sweep() == 0
    os.makedirs(os.path.join(busy.dir, "out"))          # what a late worker writes
    busy.drafts[0].status = "done"
    assert store.sweep() == 1 and not os.path.exists(busy.dir)


def test_a_stuck_worker_is_killed_and_replaced(tmp_path):
    from baocao_check.web.pool import WorkerPool
    limit = {"s": 0.001}
    pool = WorkerPool(1, hard_limit=lambda: limit["s"])
    results = []
    draft = tmp_path / "d.txt"
    draft.write_text("I. KHÁI QUÁT\n", encoding="utf-8")
    task = {"path": str(draft), "display": "d.txt", "out": str(tmp_path / "o"), "ruleset": None, "lang": "vi"}
    try:
        pool.submit("check_upload", task, lambda ok, v: results.append((ok, v)))
        wait_for(lambda: results, what="the timed-out task")
        assert results[0] == (False, {"code": "timeout"}) and pool.restarts == 1
        limit["s"] = 60
        pool.submit("check_upload", task, lambda ok, v: results.append((ok, v)))
        wait_for(lambda: len(results) == 2, what="the next task")
        assert results[1][0] and results[1][1]["status"] == "checked"
    finally:
        pool.close()


def test_a_big_batch_does_not_make_a_single_draft_wait_for_all_of_it(tmp_path):
    from baocao_check.web.pool import WorkerPool
    pool = WorkerPool(1)
    order = []
    draft = tmp_path / "d.txt"
    draft.write_text("I. KHÁI QUÁT\n", encoding="utf-8")

    def task(i):
        return {"path": str(draft), "display": "d.txt", "out": str(tmp_path / f"o{i}"), "ruleset": None, "lang": "vi"}
    try:
        for i in range(6):
            pool.submit("check_upload", task(i), lambda ok, v, i=i: order.append(f"batch{i}"), owner="reviewer")
        pool.submit("check_upload", task(9), lambda ok, v: order.append("author"), owner="author")
        wait_for(lambda: len(order) == 7, what="every task")
        assert order.index("author") <= 2, order       # behind at most the batch's first one or two
    finally:
        pool.close()


def test_workers_memory_is_capped(monkeypatch):
    from baocao_check.web.pool import WorkerPool
    monkeypatch.setenv("BAOCAO_CHECK_WORKER_MEMORY_MB", "1500")
    pool = WorkerPool(1)
    try:
        proc = wait_for(lambda: pool._procs[0] and pool._procs[0][0].pid and pool._procs[0][0], what="the worker")

        def cap():
            with open(f"/proc/{proc.pid}/limits") as fh:
                line = next(ln for ln in fh if ln.startswith("Max address space"))
            return line.split()[3]
        assert wait_for(lambda: cap() == str(1500 * 1024 * 1024), what="the memory cap")
    finally:
        pool.close()


def test_names_from_the_client_never_make_a_path():
    from baocao_check.web.uploads import safe_name
    assert safe_name("../../etc/passwd") == "passwd"
    assert safe_name("C:\\Windows\\du thảo.docx") == "du thảo.docx"
    assert safe_name(".htaccess") == "htaccess" and safe_name("...") == "du-thao" and safe_name("CON.txt") == "_CON.txt"
    assert "/" not in safe_name("a/b\x00c.txt") and "\x00" not in safe_name("a\x00.txt")


def test_uploads_are_bounded_in_files():
    from werkzeug.datastructures import FileStorage
    from baocao_check.web.uploads import Limits, Refused, collect
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for i in range(4):
            zf.writestr(f"d{i}.txt", b"I. A\n")
    limits = Limits(max_files=3)
    with pytest.raises(Refused, match="limit is 3"):
        collect([FileStorage(io.BytesIO(buf.getvalue()), "thu-muc.zip")], limits)
    with pytest.raises(Refused, match=r"only \.docx"):
        collect([FileStorage(io.BytesIO(b"MZ"), "setup.exe")], limits)
    (one,) = collect([FileStorage(io.BytesIO(b"I. A\n"), "../../du thảo.txt")], limits)
    assert one.name == "du thảo.txt" and one.problem is None


def test_configured_rulesets_are_offered_and_broken_ones_listed(tmp_path):
    from baocao_check.web.server import ruleset_choices
    folder = tmp_path / "rulesets"
    folder.mkdir()
    builtin = open(os.path.join(ROOT, "rulesets", "so-ket-01-nam-cqdp-2-cap.yaml"), encoding="utf-8").read()
    (folder / "chuyen-doi-so.yaml").write_text(re.sub(r"(?m)^id: .*$", "id: chuyen-doi-so", builtin), encoding="utf-8")
    (folder / "hong.yaml").write_text("id: x\nversion: [\n", encoding="utf-8")
    choices = ruleset_choices(str(folder))
    assert [c.key for c in choices] == ["builtin", "r0", "r1"]
    assert choices[0].path is None and choices[1].error is None and "chuyen-doi-so.yaml" in choices[1].label
    assert choices[2].error and "hong.yaml" in choices[2].label


def test_symlink_entries_are_refused():
    from baocao_check.web.uploads import Limits, Refused, expand_zip
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        info = zipfile.ZipInfo("lien-ket.txt")
        info.external_attr = (0o120777 << 16)
        zf.writestr(info, "/etc/passwd")
    with pytest.raises(Refused, match="symbolic link"):
        expand_zip(buf.getvalue(), "x.zip", Limits(), {"bytes": 0, "files": 0})


# -- who may start it and who may come in --------------------------------------------------------

def run_serve(*args, timeout=60):
    return subprocess.run([sys.executable, "-m", "baocao_check", "serve", *args], capture_output=True, text=True,
                          timeout=timeout, cwd=ROOT)


def test_other_addresses_need_a_password_file(tmp_path):
    p = run_serve("--host", "0.0.0.0", "--port", str(free_port()))
    assert p.returncode == 2 and "--password-file" in p.stderr and "Từ chối khởi động" in p.stderr
    plain = tmp_path / "pw.txt"
    plain.write_text("matkhau123\n")
    p = run_serve("--host", "0.0.0.0", "--port", str(free_port()), "--password-file", str(plain))
    assert p.returncode == 2 and "đã băm" in p.stderr


def test_password_protects_every_page(tmp_path):
    from baocao_check.web.security import make_password_file
    pw = tmp_path / "pw"
    make_password_file(str(pw), "mat-khau-dai")
    assert "mat-khau-dai" not in pw.read_text() and (os.stat(pw).st_mode & 0o777) == 0o600
    srv = Server(tmp_path, "--password-file", str(pw))
    try:
        s = requests.Session()
        r = s.get(srv.base + "/")
        assert r.url.endswith("/login") and "Mật khẩu" in r.text
        token = re.search(r'name="csrf" value="([^"]+)"', r.text).group(1)
        assert s.post(srv.base + "/login", data={"csrf": token, "password": "sai"}).status_code == 401
        r = s.post(srv.base + "/login", data={"csrf": token, "password": "mat-khau-dai"})
        assert r.ok and "Kiểm tra dự thảo báo cáo sơ kết" in r.text
        assert requests.get(srv.base + "/r/abc/status.json", allow_redirects=False).status_code == 302
    finally:
        srv.stop()


def _whole_zip(path) -> bool:
    import zipfile
    try:
        with zipfile.ZipFile(path) as zf:
            return zf.testzip() is None
    except (OSError, zipfile.BadZipFile):
        return False
