"""The Flask application: pages, uploads, results, waivers, the shared folder, rulesets.

Every result lives in a private folder named by an unguessable id (``secrets.token_urlsafe``);
files inside it are named by the server (``0.docx``'s folder, ``0.json``), never by the client.
A person's names for their files are shown and used as download names only.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import os
import secrets
import shutil
import tempfile
import threading
import time
import zipfile
from dataclasses import dataclass, field

import yaml
from flask import (Flask, abort, g, jsonify, redirect, render_template, request, send_file,
                   session, url_for)
from werkzeug.exceptions import RequestEntityTooLarge

from .. import __version__
from ..findings import CATEGORIES, CATEGORY_NAMES
from ..readers import detect_format
from .pool import Busy, WorkerPool
from .security import check_password, install_security
from .uploads import Limits, Refused, collect

log = logging.getLogger("baocao-check.serve")
HERE = os.path.dirname(os.path.abspath(__file__))
REPORT_TEMPLATES = os.path.join(os.path.dirname(HERE), "report", "templates")
SEVNAME = {"vi": {"error": "lỗi", "warning": "cảnh báo", "info": "lưu ý", "waived": "đã miễn trừ"},
           "en": {"error": "errors", "warning": "warnings", "info": "notes", "waived": "waived"}}
FMTNAME = {"vi": {"docx": "Word", "markdown": "Markdown", "text": "văn bản thuần"},
           "en": {"docx": "Word", "markdown": "Markdown", "text": "plain text"}}
OUTPUT_DIR = "_kiemtra"
_FOLDER_WAIVERS = threading.Lock()     # one writer at a time for a folder's waiver file


@dataclass
class RulesetChoice:
    key: str
    path: str | None          # None: the built-in ruleset
    label: str
    error: str | None = None  # a broken file is listed, never used


@dataclass
class Config:
    host: str = "127.0.0.1"
    port: int = 8765
    folder: str | None = None
    rulesets: list[RulesetChoice] = field(default_factory=list)
    password_hash: str | None = None
    ttl: float = 3600.0                  # seconds an upload and its results are kept
    keep_after_download: float = 600.0   # … and at most this long once a result has been downloaded
    limits: Limits = field(default_factory=Limits)
    workers: int = 2
    tmp_root: str | None = None
    trusted_hosts: list[str] | None = None
    lang: str = "vi"                     # the pages' language until a person switches


@dataclass
class Draft:
    idx: int
    display: str
    path: str                 # the stored copy, inside the job's private folder
    out: str                  # prefix of its reports
    status: str = "queued"    # queued | running | done
    result: dict | None = None
    problem: tuple | None = None


@dataclass
class Job:
    id: str
    dir: str
    lang: str
    ruleset: RulesetChoice
    created: float
    expires: float
    kind: str = "check"       # check | plan
    drafts: list[Draft] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    summarized: bool = False  # several drafts: the summary files are written

    @property
    def finished(self) -> bool:
        """Every draft checked and, for several, the summary written (the page then offers it)."""
        return all(d.status == "done" for d in self.drafts) and (len(self.drafts) < 2 or self.summarized)

    def done_count(self) -> int:
        return sum(d.status == "done" for d in self.drafts)


class JobStore:
    """Jobs in memory, their files in private folders under one private root; swept on a timer."""

    def __init__(self, root: str, ttl: float, keep_after_download: float):
        self.root = root
        self.ttl = ttl
        self.keep_after_download = keep_after_download
        self.jobs: dict[str, Job] = {}
        self.lock = threading.Lock()
        self._stop = threading.Event()
        threading.Thread(target=self._sweeper, name="baocao-sweeper", daemon=True).start()

    def new(self, lang: str, ruleset: RulesetChoice, kind: str = "check") -> Job:
        jid = secrets.token_urlsafe(18)
        folder = tempfile.mkdtemp(prefix="job-", dir=self.root)     # 0700
        now = time.time()
        job = Job(jid, folder, lang, ruleset, now, now + self.ttl, kind)
        with self.lock:
            self.jobs[jid] = job
        return job

    def get(self, jid: str) -> Job | None:
        with self.lock:
            job = self.jobs.get(jid)
        if job is None or job.expires < time.time():
            return None
        return job

    def downloaded(self, job: Job) -> None:
        job.expires = min(job.expires, time.time() + self.keep_after_download)

    def delete(self, job: Job) -> None:
        """Remove a job's files now; a job still being checked stays listed, expired, until its
        workers are done (they would write again), then the sweeper removes what they wrote."""
        with self.lock:
            if job.finished:
                self.jobs.pop(job.id, None)
            else:
                job.expires = 0.0
        shutil.rmtree(job.dir, ignore_errors=True)

    def sweep(self) -> int:
        now = time.time()
        with self.lock:
            old = [j for j in self.jobs.values() if j.expires < now and j.finished]
        for job in old:
            self.delete(job)
        return len(old)

    def _sweeper(self) -> None:
        while not self._stop.wait(min(60.0, max(1.0, self.ttl / 4))):
            try:
                self.sweep()
            except Exception:
                log.exception("sweep failed")

    def close(self) -> None:
        self._stop.set()
        shutil.rmtree(self.root, ignore_errors=True)


class _App(Flask):
    def select_jinja_autoescape(self, filename):   # our templates end in .j2: escape them all
        return True


def t(vi: str, en: str) -> str:
    return en if g.get("lang") == "en" else vi


def create_app(config: Config, pool: WorkerPool | None = None) -> Flask:
    app = _App(__name__, static_folder=os.path.join(HERE, "static"), static_url_path="/static",
               template_folder=os.path.join(HERE, "templates"))
    app.jinja_options = {"trim_blocks": True, "lstrip_blocks": True}
    from jinja2 import ChoiceLoader, FileSystemLoader
    app.jinja_loader = ChoiceLoader([FileSystemLoader(os.path.join(HERE, "templates")),
                                     FileSystemLoader(REPORT_TEMPLATES)])
    app.config.update(SECRET_KEY=secrets.token_bytes(32), MAX_CONTENT_LENGTH=config.limits.max_bytes + 1024 * 1024,
                      MAX_FORM_MEMORY_SIZE=1024 * 1024, MAX_FORM_PARTS=config.limits.max_files + 50,
                      SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Strict",
                      SESSION_COOKIE_NAME="baocao_session", TRUSTED_HOSTS=config.trusted_hosts)
    root = tempfile.mkdtemp(prefix="baocao-check-serve-", dir=config.tmp_root)
    store = JobStore(root, config.ttl, config.keep_after_download)
    pool = pool or WorkerPool(config.workers)
    app.extensions["baocao"] = {"config": config, "store": store, "pool": pool, "folder_jobs": {}}
    install_security(app, config)
    rulesets = {r.key: r for r in config.rulesets} or {"builtin": RulesetChoice("builtin", None, "built-in")}

    @app.before_request
    def _lang():
        wanted = request.args.get("lang")
        if wanted in ("vi", "en"):
            session["lang"] = wanted
        g.lang = session.get("lang", config.lang)

    @app.context_processor
    def _globals():
        return {"t": t, "lang": g.get("lang", "vi"), "sevname": SEVNAME[g.get("lang", "vi")],
                "fmtname": FMTNAME[g.get("lang", "vi")], "categories": CATEGORIES, "version": __version__,
                "catname": CATEGORY_NAMES.get(g.get("lang", "vi")) or {},     # as the HTML reporter passes it
                "has_folder": bool(config.folder), "auth_on": bool(config.password_hash),
                "limits": config.limits}

    def session_rulesets() -> list[RulesetChoice]:
        """Rulesets this browser derived from a plan and chose to use, while their upload lives."""
        out = []
        for jid in session.get("plans", []):
            job = store.get(jid)
            if job is not None and job.kind == "plan" and job.finished and os.path.isfile(job.drafts[0].out + ".yaml"):
                until = time.strftime("%H:%M", time.localtime(job.expires))
                out.append(RulesetChoice("plan:" + jid, job.drafts[0].out + ".yaml",
                                         t(f"Từ kế hoạch {job.drafts[0].display} (tạm, đến {until})",
                                           f"From the plan {job.drafts[0].display} (temporary, until {until})")))
        return out

    def all_rulesets() -> list[RulesetChoice]:
        return list(rulesets.values()) + session_rulesets()

    def choice(key: str | None) -> RulesetChoice:
        r = rulesets.get(key or "") or next((c for c in session_rulesets() if c.key == key), None) \
            or next(iter(rulesets.values()))
        if r.error:
            raise Refused(f"Bộ quy tắc {r.label} bị lỗi, không dùng được: {r.error}",
                          f"Ruleset {r.label} is broken and cannot be used: {r.error}")
        return r

    def page_error(message: str, status: int = 400, selected: str | None = None):
        return render_template("index.html.j2", rulesets=all_rulesets(), error=message,
                               selected=selected), status

    # -- pages ------------------------------------------------------------------------------------
    @app.get("/")
    def index():
        return render_template("index.html.j2", rulesets=all_rulesets(), error=None,
                               selected=request.args.get("ruleset"))

    @app.errorhandler(RequestEntityTooLarge)
    def too_large(exc):
        mb = config.limits.max_bytes // (1024 * 1024)
        return page_error(t(f"Tệp tải lên quá lớn (giới hạn {mb} MB cho một lần tải). Hãy chia nhỏ thành nhiều lần.",
                            f"The upload is too large (the limit is {mb} MB at a time). Upload in several parts."), 413)

    @app.post("/upload")
    def upload():
        try:
            rs = choice(request.form.get("ruleset"))
            incoming = collect(request.files.getlist("files"), config.limits)
        except Refused as exc:
            return page_error(exc.message(g.lang), exc.status, request.form.get("ruleset"))
        job = store.new(g.lang, rs)
        for i, item in enumerate(incoming):
            folder = os.path.join(job.dir, "in", str(i))
            os.makedirs(folder)
            path = os.path.join(folder, item.name)
            with open(path, "wb") as fh:
                fh.write(item.data)
            job.drafts.append(Draft(i, item.display, path, os.path.join(job.dir, "out", str(i)), problem=item.problem))
        os.makedirs(os.path.join(job.dir, "out"))
        try:
            for d in job.drafts:
                _submit(job, d)
        except Busy:
            store.delete(job)
            return page_error(t("Máy chủ đang bận kiểm tra nhiều dự thảo; xin thử lại sau ít phút.",
                                "The server is busy checking many drafts; please try again in a few minutes."), 503)
        return redirect(url_for("job_page", jid=job.id), 303)

    def _submit(job: Job, d: Draft) -> None:
        if d.problem:                          # refused before any reader saw it
            d.result = {"status": "error", "error": {"code": "not_a_draft", "message": d.problem[job.lang == "en"]},
                        "summary": {}, "counts": {}, "worst": {}, "waived": 0, "annotated": False}
            d.status = "done"
            _summarize_if_done(job)
            return
        d.status = "queued"
        job.summarized = False
        task = {"path": d.path, "display": d.display, "out": d.out, "ruleset": job.ruleset.path, "lang": job.lang}

        def done(ok, value):
            d.result = value if ok else _failure(value, job.lang)
            d.status = "done"
            _summarize_if_done(job)
        pool.submit("check_upload", task, done, owner=job.id)

    def _summarize_if_done(job: Job) -> None:
        if len(job.drafts) > 1 and all(x.status == "done" for x in job.drafts):
            _write_summary(job)
            job.summarized = True

    def _failure(value: dict, lang: str) -> dict:
        code = value.get("code", "internal")
        msg = {"timeout": ("Kiểm tra tệp này quá lâu nên đã dừng; tệp không bị thay đổi. Xin báo lỗi kèm tệp.",
                           "Checking this file took too long and was stopped; the file is unchanged. "
                           "Please report it with the file."),
               "crashed": ("Tiến trình kiểm tra dừng đột ngột trên tệp này (có thể tệp quá lớn). Xin báo lỗi kèm tệp.",
                           "The checking process stopped abruptly on this file (it may be too large). "
                           "Please report it with the file.")}.get(code) or (
            f"Lỗi nội bộ ({value.get('detail', '')}). Xin báo lỗi kèm tệp.",
            f"Internal error ({value.get('detail', '')}). Please report it with the file.")
        return {"status": "error", "error": {"code": code, "message": msg[lang == "en"]}, "summary": {},
                "counts": {}, "worst": {}, "waived": 0, "annotated": False}

    def _summaries(job: Job):
        from ..batch import DraftSummary
        out = []
        for d in job.drafts:
            r = d.result or {}
            out.append(DraftSummary(d.display, d.display, r.get("status", "error"), r.get("error"),
                                    counts=r.get("counts", {}), worst=r.get("worst", {}), summary=r.get("summary", {}),
                                    waived=r.get("waived", 0), page=d.display + ".html", json=d.display + ".json"))
        return out

    def _write_summary(job: Job) -> None:
        from ..batch import write_summary
        try:
            write_summary(_summaries(job), os.path.join(job.dir, "summary"), job.ruleset.path, job.lang)
        except Exception:
            log.exception("summary failed")

    def get_job(jid: str) -> Job:
        job = store.get(jid)
        if job is None:
            abort(404)
        return job

    @app.get("/r/<jid>")
    def job_page(jid):
        job = get_job(jid)
        if job.kind == "plan":
            return render_template("plan.html.j2", job=job, draft=job.drafts[0])
        finished = job.finished       # once, before the rows: a draft may finish while the page renders
        if len(job.drafts) == 1 and finished:
            return draft_page(jid, 0)
        rows = _summary_rows(job)
        used = [c for c in CATEGORIES if any(c in (d.result or {}).get("counts", {}) for d in job.drafts)]
        files = {}
        if finished:
            for ext in ("xlsx", "csv", "json", "html"):
                if os.path.exists(os.path.join(job.dir, "summary", "summary." + ext)):
                    files[ext] = url_for("summary_file", jid=jid, ext=ext)
        return render_template("summary.html.j2", job=job, rows=rows, used=used, files=files, finished=finished)

    def _summary_rows(job: Job) -> list[dict]:
        rows = []
        for d in job.drafts:
            r = d.result or {}
            s = r.get("summary") or {}
            if d.status != "done":
                verdict = "pending"
            elif (r.get("error") or {}).get("code") == "not_a_report":
                verdict = "not_a_draft"       # the plan or its outline, uploaded with the drafts
            elif r.get("status") != "checked":
                verdict = "failed"
            elif s.get("error"):
                verdict = "fix"
            elif s.get("warning"):
                verdict = "review"
            else:
                verdict = "ok"
            rows.append({"d": d, "r": r, "s": s, "verdict": verdict})
        return rows

    @app.get("/r/<jid>/status.json")
    def job_status(jid):
        job = get_job(jid)
        return jsonify({"done": job.done_count(), "total": len(job.drafts), "finished": job.finished,
                        "drafts": [{"name": d.display, "status": d.status} for d in job.drafts]})

    def get_draft(job: Job, idx: int) -> Draft:
        if not 0 <= idx < len(job.drafts):
            abort(404)
        return job.drafts[idx]

    @app.get("/r/<jid>/<int:idx>")
    def draft_page(jid, idx):
        job = get_job(jid)
        d = get_draft(job, idx)
        if d.status != "done":
            return redirect(url_for("job_page", jid=jid))
        r = d.result
        view = r.get("view") or {"name": os.path.basename(d.display), "path": d.display,
                                 "format": detect_format(d.display),
                                 "status": "error", "error": r.get("error"), "summary": {}, "groups": [],
                                 "waived": 0, "stale": [], "pending": 0}
        downloads = {}
        if r.get("annotated"):
            downloads["docx"] = url_for("download", jid=jid, idx=idx, kind="docx")
        if os.path.exists(d.out + ".html"):
            downloads["html"] = url_for("download", jid=jid, idx=idx, kind="html")
            downloads["json"] = url_for("download", jid=jid, idx=idx, kind="json")
        if os.path.exists(d.path + ".waivers.yaml"):
            downloads["waivers"] = url_for("download", jid=jid, idx=idx, kind="waivers")
        waive_url = url_for("waive", jid=jid, idx=idx) if view.get("keys") else None
        back = url_for("job_page", jid=jid) if len(job.drafts) > 1 else None
        return render_template("draft.html.j2", job=job, d=d, view=view, downloads=downloads, waive_url=waive_url,
                               back=back, ruleset=_RulesetInfo(**r["ruleset"]) if r.get("ruleset") else _ruleset_obj(job.ruleset),
                               annotate_error=r.get("annotate_error"),
                               delete_url=url_for("delete_job", jid=jid),
                               relang_url=url_for("relang", jid=jid) if job.lang != g.lang else None)

    def _ruleset_obj(choice_: RulesetChoice):
        from ..errors import CheckerError
        from ..ruleset import load_ruleset
        try:
            return load_ruleset(choice_.path)
        except (CheckerError, OSError):      # a plan's ruleset whose upload is gone
            return _RulesetInfo(choice_.label, "")

    _DOWNLOADS = {"docx": (".kiemtra.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
                  "json": (".json", "application/json"), "html": (".html", "text/html"),
                  "waivers": (".waivers.yaml", "application/x-yaml")}

    @app.get("/r/<jid>/<int:idx>/download/<kind>")
    def download(jid, idx, kind):
        job = get_job(jid)
        d = get_draft(job, idx)
        if kind not in _DOWNLOADS or d.status != "done":
            abort(404)
        suffix, mime = _DOWNLOADS[kind]
        src = d.path + suffix if kind == "waivers" else d.out + suffix
        if not os.path.isfile(src):
            abort(404)
        base = os.path.basename(d.display)
        name = (os.path.splitext(base)[0] + suffix) if kind == "docx" else base + suffix
        store.downloaded(job)
        return send_file(src, mimetype=mime, as_attachment=True, download_name=name, max_age=0)

    @app.get("/r/<jid>/summary.<ext>")
    def summary_file(jid, ext):
        job = get_job(jid)
        if ext == "zip":
            store.downloaded(job)
            return send_file(_bundle(job), mimetype="application/zip", as_attachment=True,
                             download_name="kiemtra.zip", max_age=0)
        mimes = {"csv": "text/csv", "json": "application/json", "html": "text/html",
                 "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        src = os.path.join(job.dir, "summary", "summary." + ext)
        if ext not in mimes or not os.path.isfile(src):
            abort(404)
        store.downloaded(job)
        return send_file(src, mimetype=mimes[ext], as_attachment=True, download_name="summary." + ext, max_age=0)

    def _bundle(job: Job) -> io.BytesIO:
        """Every report of the job in one ZIP, named as the drafts are (the summary links work inside it)."""
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            summary = os.path.join(job.dir, "summary")
            if os.path.isdir(summary):
                for name in sorted(os.listdir(summary)):
                    zf.write(os.path.join(summary, name), name)
            for d in job.drafts:
                for suffix in (".html", ".json"):
                    if os.path.isfile(d.out + suffix):
                        zf.write(d.out + suffix, d.display + suffix)
                if os.path.isfile(d.out + ".kiemtra.docx"):
                    zf.write(d.out + ".kiemtra.docx", os.path.splitext(d.display)[0] + ".kiemtra.docx")
        buf.seek(0)
        return buf

    @app.post("/r/<jid>/relang")
    def relang(jid):
        """Findings are written in the language of the check: check again in the page's language."""
        job = get_job(jid)
        if job.finished and job.lang != g.lang:
            job.lang = g.lang
            try:
                for d in job.drafts:
                    d.status = "queued"
                    _submit(job, d)
            except Busy:
                for d in job.drafts:
                    d.status = "done"
        return redirect(url_for("job_page", jid=jid), 303)

    @app.post("/r/<jid>/delete")
    def delete_job(jid):
        store.delete(get_job(jid))
        return redirect(url_for("index"), 303)

    def _waiver_entry(keys: list, form) -> dict:
        try:
            key = keys[int(form.get("key", ""))]
        except (ValueError, IndexError):
            abort(400)
        reason, by = (form.get("reason") or "").strip()[:500], (form.get("by") or "").strip()[:120]
        if not reason or not by:
            raise Refused("Hãy ghi người duyệt và lý do miễn trừ.", "Give the reviewer's name and the reason.")
        entry = {"rule": key["rule"]}
        if key["evidence"]:
            entry["evidence"] = key["evidence"]
        elif key["line"] is not None:
            entry["line"] = key["line"]
        elif key["paragraph"] is not None:
            entry["paragraph"] = key["paragraph"]
        entry.update(reason=reason, by=by)
        return entry

    @app.post("/r/<jid>/<int:idx>/waive")
    def waive(jid, idx):
        job = get_job(jid)
        d = get_draft(job, idx)
        if d.status != "done" or not (d.result or {}).get("view"):
            abort(409)
        try:
            entry = _waiver_entry(d.result["view"].get("keys") or [], request.form)
        except Refused as exc:
            return exc.message(g.lang), 400
        with job.lock:
            append_waiver(d.path + ".waivers.yaml", entry)
        d.status = "queued"
        try:
            _submit(job, d)
        except Busy:
            d.status = "done"
        return redirect(url_for("job_page", jid=jid) if len(job.drafts) == 1 else url_for("draft_page", jid=jid, idx=idx), 303)

    # -- rulesets ---------------------------------------------------------------------------------
    @app.get("/rulesets")
    def rulesets_page():
        return render_template("rulesets.html.j2", rulesets=list(rulesets.values()), error=None)

    @app.get("/rulesets/<key>")
    def ruleset_checklist(key):
        r = rulesets.get(key)
        if r is None or r.error:
            abort(404)
        from ..ruleset_cli import checklist
        return render_template("checklist.html.j2", r=r, text=checklist(_ruleset_obj(r), g.lang))

    @app.post("/rulesets/from-plan")
    def from_plan():
        try:
            incoming = collect(request.files.getlist("plan")[:1], config.limits)
        except Refused as exc:
            return render_template("rulesets.html.j2", rulesets=list(rulesets.values()),
                                   error=exc.message(g.lang)), exc.status
        item = incoming[0]
        job = store.new(g.lang, next(iter(rulesets.values())), kind="plan")
        os.makedirs(os.path.join(job.dir, "in", "0"))
        os.makedirs(os.path.join(job.dir, "out"))
        path = os.path.join(job.dir, "in", "0", item.name)
        with open(path, "wb") as fh:
            fh.write(item.data)
        d = Draft(0, item.display, path, os.path.join(job.dir, "out", "0"), problem=item.problem)
        job.drafts.append(d)
        rid = _ruleset_id(item.display)
        if d.problem:
            d.result, d.status = {"status": "error", "error": {"code": "not_a_draft", "message": d.problem[g.lang == "en"]}}, "done"
        else:
            def done(ok, value):
                d.result = value if ok else _failure(value, job.lang)
                d.status = "done"
            try:
                pool.submit("from_plan", {"path": path, "display": item.display, "id": rid, "lang": job.lang,
                                          "out": d.out + ".yaml"}, done, owner=job.id)
            except Busy:
                store.delete(job)
                abort(503)
        return redirect(url_for("job_page", jid=job.id), 303)

    @app.post("/r/<jid>/use")
    def use_plan_ruleset(jid):
        """Check drafts against a ruleset just derived from a plan, from this browser, while it lives."""
        job = get_job(jid)
        if job.kind != "plan" or not job.finished or not os.path.isfile(job.drafts[0].out + ".yaml"):
            abort(404)
        session["plans"] = ([j for j in session.get("plans", []) if j != jid] + [jid])[-5:]
        return redirect(url_for("index", ruleset="plan:" + jid), 303)

    @app.get("/r/<jid>/ruleset.yaml")
    def plan_yaml(jid):
        job = get_job(jid)
        d = job.drafts[0]
        if job.kind != "plan" or not os.path.isfile(d.out + ".yaml"):
            abort(404)
        store.downloaded(job)
        return send_file(d.out + ".yaml", mimetype="application/x-yaml", as_attachment=True,
                         download_name=_ruleset_id(d.display) + ".yaml", max_age=0)

    # -- the shared folder ------------------------------------------------------------------------
    folder_jobs: dict = app.extensions["baocao"]["folder_jobs"]

    def folder_drafts() -> dict[str, dict]:
        from ..engine import expand_paths
        root = os.path.abspath(config.folder)
        out = {}
        for path in expand_paths([root]):
            rel = os.path.relpath(path, root)
            fid = hashlib.sha256(rel.encode("utf-8")).hexdigest()[:20]
            out[fid] = {"id": fid, "rel": rel, "path": path, "out_dir": os.path.join(os.path.dirname(path), OUTPUT_DIR)}
        return out

    def latest(entry: dict) -> dict:
        """The newest report of a draft in ``_kiemtra/``: the watcher's (beside it) or the batch's (top)."""
        name = os.path.basename(entry["path"])
        candidates = [os.path.join(entry["out_dir"], name + ".json"),
                      os.path.join(os.path.abspath(config.folder), OUTPUT_DIR, entry["rel"] + ".json")]
        best = None
        for c in candidates:
            try:
                m = os.path.getmtime(c)
            except OSError:
                continue
            if best is None or m > best[0]:
                best = (m, c)
        info = {"json": None, "checked_at": None, "summary": None, "status": None, "error": None}
        try:
            info["modified"] = os.path.getmtime(entry["path"])
        except OSError:
            info["modified"] = 0
        if best:
            try:
                with open(best[1], encoding="utf-8") as fh:
                    doc = json.load(fh)["documents"][0]
                info.update(json=best[1], checked_at=best[0], summary=doc.get("summary"), status=doc.get("status"),
                            error=doc.get("error"), waived=len(doc.get("waived") or []))
            except (OSError, ValueError, KeyError, IndexError, TypeError):
                pass
        info["stale"] = bool(best) and info["modified"] > best[0]
        return info

    def require_folder():
        if not config.folder:
            abort(404)

    @app.get("/folder")
    def folder_page():
        require_folder()
        entries = []
        for fid, e in folder_drafts().items():
            e.update(latest(e))
            e["running"] = folder_jobs.get(fid) == "running"
            entries.append(e)
        entries.sort(key=lambda e: -e["modified"])
        return render_template("folder.html.j2", entries=entries, folder=config.folder,
                               rulesets=all_rulesets(), fmt_time=_fmt_time)

    @app.post("/folder/check")
    def folder_check():
        require_folder()
        entry = folder_drafts().get(request.form.get("draft", ""))
        if entry is None:
            abort(404)
        try:
            rs = choice(request.form.get("ruleset"))
        except Refused as exc:
            return exc.message(g.lang), 400
        _check_folder_draft(entry, rs, g.lang)
        return redirect(url_for("folder_page"), 303)

    @app.post("/folder/check-all")
    def folder_check_all():
        """Every draft never checked, or changed since its last check."""
        require_folder()
        try:
            rs = choice(request.form.get("ruleset"))
        except Refused as exc:
            return exc.message(g.lang), 400
        for entry in folder_drafts().values():
            info = latest(entry)
            if not info["json"] or info["stale"]:
                _check_folder_draft(entry, rs, g.lang)
        return redirect(url_for("folder_page"), 303)

    def _check_folder_draft(entry: dict, rs: RulesetChoice, lang: str) -> None:
        fid = entry["id"]
        if folder_jobs.get(fid) == "running":
            return
        folder_jobs[fid] = "running"

        def done(ok, value):
            folder_jobs[fid] = "done" if ok else "failed"
        try:
            pool.submit("check_folder_draft", {"path": entry["path"], "out_dir": entry["out_dir"],
                                               "ruleset": rs.path, "lang": lang}, done, owner="folder")
        except Busy:
            folder_jobs[fid] = "failed"

    @app.get("/folder/status.json")
    def folder_status():
        require_folder()
        return jsonify({"running": sum(v == "running" for v in folder_jobs.values())})

    @app.get("/folder/d/<fid>")
    def folder_draft(fid):
        require_folder()
        entry = folder_drafts().get(fid)
        if entry is None:
            abort(404)
        info = latest(entry)
        if not info["json"]:
            return redirect(url_for("folder_page"))
        with open(info["json"], encoding="utf-8") as fh:
            data = json.load(fh)
        view = view_from_json(data["documents"][0], g.lang)
        downloads = {}
        base = info["json"][:-len(".json")]
        for kind, path in (("html", base + ".html"), ("json", info["json"]),
                           ("docx", os.path.join(entry["out_dir"], os.path.splitext(os.path.basename(entry["path"]))[0]
                                                 + ".kiemtra.docx"))):
            if os.path.isfile(path):
                downloads[kind] = url_for("folder_download", fid=fid, kind=kind)
        rs_info = data.get("ruleset") or {}
        return render_template("draft.html.j2", job=None, d=None, view=view, downloads=downloads,
                               waive_url=url_for("folder_waive", fid=fid), back=url_for("folder_page"),
                               ruleset=_RulesetInfo(rs_info.get("id", "?"), rs_info.get("version", "")),
                               annotate_error=None, delete_url=None, stale=info["stale"])

    @app.get("/folder/d/<fid>/download/<kind>")
    def folder_download(fid, kind):
        require_folder()
        entry = folder_drafts().get(fid)
        info = latest(entry) if entry else None
        if not info or not info["json"] or kind not in ("html", "json", "docx"):
            abort(404)
        name = os.path.basename(entry["path"])
        base = info["json"][:-len(".json")]
        src = {"html": base + ".html", "json": info["json"],
               "docx": os.path.join(entry["out_dir"], os.path.splitext(name)[0] + ".kiemtra.docx")}[kind]
        if not os.path.isfile(src):
            abort(404)
        suffix, mime = _DOWNLOADS[kind]
        download_name = (os.path.splitext(name)[0] + suffix) if kind == "docx" else name + suffix
        return send_file(src, mimetype=mime, as_attachment=True, download_name=download_name, max_age=0)

    @app.post("/folder/d/<fid>/waive")
    def folder_waive(fid):
        require_folder()
        entry = folder_drafts().get(fid)
        info = latest(entry) if entry else None
        if not info or not info["json"]:
            abort(404)
        with open(info["json"], encoding="utf-8") as fh:
            doc = json.load(fh)["documents"][0]
        try:
            item = _waiver_entry(json_keys(doc), request.form)
        except Refused as exc:
            return exc.message(g.lang), 400
        # the folder's waiver file, which the CLI, the batch and the watcher read for this draft
        item = {"draft": os.path.basename(entry["path"]), **item}
        with _FOLDER_WAIVERS:
            append_waiver(os.path.join(os.path.dirname(entry["path"]), "baocao-check.waivers.yaml"), item)
        _check_folder_draft(entry, choice(request.form.get("ruleset")), g.lang)
        return redirect(url_for("folder_page"), 303)

    # -- sign-in ----------------------------------------------------------------------------------
    @app.route("/login", methods=["GET", "POST"])
    def login():
        error = None
        if request.method == "POST":
            if check_password(config.password_hash, request.form.get("password", "")):
                lang = session.get("lang")
                session.clear()
                session["auth"] = True
                if lang:
                    session["lang"] = lang
                return redirect(url_for("index"), 303)
            time.sleep(1.0)              # slows guessing; the hash itself is slow too
            error = t("Sai mật khẩu.", "Wrong password.")
        return render_template("login.html.j2", error=error), (401 if error else 200)

    @app.post("/logout")
    def logout():
        session.clear()
        return redirect(url_for("login"), 303)

    @app.get("/static/report/<name>")
    def report_asset(name):
        if name not in ("report.css", "filters.js"):
            abort(404)
        return send_file(os.path.join(REPORT_TEMPLATES, name),
                         mimetype="text/css" if name.endswith(".css") else "text/javascript", max_age=3600)

    @app.get("/favicon.ico")
    def favicon():
        return send_file(os.path.join(HERE, "static", "favicon.svg"), mimetype="image/svg+xml", max_age=86400)

    @app.get("/healthz")
    def healthz():
        return jsonify({"ok": True, "version": __version__, "queued": pool.pending()})

    return app


@dataclass
class _RulesetInfo:
    id: str
    version: str


def _fmt_time(ts) -> str:
    return time.strftime("%d/%m/%Y %H:%M", time.localtime(ts)) if ts else ""


def _ruleset_id(display: str) -> str:
    import re
    stem = os.path.splitext(os.path.basename(display))[0].lower()
    import unicodedata
    ascii_ = unicodedata.normalize("NFKD", stem.replace("đ", "d")).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_).strip("-") or "ruleset"


def json_keys(doc: dict) -> list[dict]:
    """Waiver keys of a findings-JSON document, in the order view_from_json lists them."""
    return [k for _, k in _json_items(doc)]


def _json_items(doc: dict):
    from ..findings import Finding
    items = []
    for waived, key in ((False, "findings"), (True, "waived")):
        for i, f in enumerate(doc.get(key) or []):
            finding = Finding(rule=f["rule"], category=f["category"], severity=f["severity"], message=f["message"],
                              clause=f.get("clause"), location=f.get("location") or {}, evidence=f.get("evidence", ""),
                              suggestion=f.get("suggestion", ""), waiver=f.get("waiver"))
            # the document's order: a line or paragraph number stands in for the block
            loc = finding.location
            finding.block_index = loc.get("line") or loc.get("paragraph") or -1
            items.append((finding, waived))
    items.sort(key=lambda fw: fw[0].block_index)
    return [(f, {"rule": f.rule, "evidence": f.evidence, "line": f.location.get("line"),
                 "paragraph": f.location.get("paragraph"), "waived": w}) for f, w in items]


def view_from_json(doc: dict, lang: str) -> dict:
    """The reporter's view of a draft from its findings JSON (the watcher's or the batch's output)."""
    from ..engine import DocumentResult
    from ..report.html_report import document_view
    items = _json_items(doc)
    res = DocumentResult(doc.get("path", ""), doc.get("format", "text"), doc.get("status", "checked"), doc.get("error"),
                         [f for f, k in items if not k["waived"]], None, [f for f, k in items if k["waived"]])
    view = document_view(res, lang)
    flat = [f for grp in view["groups"] for f in grp["findings"]]
    keys = [k for _, k in items]
    if len(flat) == len(keys) and all(f["rule"] == k["rule"] for f, k in zip(flat, keys)):
        for i, f in enumerate(flat):
            f["wkey"] = i
        view["keys"] = keys
    else:
        view["keys"] = []
    view["stale"] = [s.get("error") or f"{s.get('rule')} «{s.get('evidence') or s.get('line') or s.get('paragraph')}»"
                     for s in doc.get("stale_waivers") or []]
    return view


def append_waiver(path: str, entry: dict) -> None:
    """Add one waiver to a waiver file (created if need be), keeping what the file already says:
    the new item is appended as text when the file's list allows it, else the file is rewritten."""
    from ..fsutil import write_atomic
    block = yaml.safe_dump([entry], allow_unicode=True, sort_keys=False, width=1000)
    try:
        with open(path, encoding="utf-8") as fh:
            old = fh.read()
    except FileNotFoundError:
        old = ""
    data = yaml.safe_load(old) if old.strip() else None
    if not old.strip() or data is None:
        write_atomic(path, "# Miễn trừ ghi từ trang kiểm tra (baocao-check serve)\nwaivers:\n" + _indent(block))
        return
    if not isinstance(data, dict) or not isinstance(data.get("waivers", []), list):
        raise ValueError(f"{path} is not a waiver file")
    text = old if old.endswith("\n") else old + "\n"
    candidate = text + _indent(block) if "waivers" in data else text + "waivers:\n" + _indent(block)
    try:
        parsed = yaml.safe_load(candidate)
        ok = parsed.get("waivers", [])[-1] == entry and len(parsed["waivers"]) == len(data.get("waivers") or []) + 1
    except (yaml.YAMLError, AttributeError, IndexError, TypeError):
        ok = False
    if not ok:   # the list is not last or is written inline: rewrite (comments are lost, the data is not)
        data.setdefault("waivers", []) 
        data["waivers"] = list(data["waivers"] or []) + [entry]
        candidate = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
    write_atomic(path, candidate)


def _indent(block: str) -> str:
    return "".join("  " + ln + "\n" for ln in block.splitlines())
