"""Who may use the server and what a page may do: the password (a hash in a file), CSRF tokens on
every form, a strict Content-Security-Policy (scripts and styles only from our own static files),
and headers that keep results out of caches, frames and referrers."""

from __future__ import annotations

import hmac
import ipaddress
import secrets

from flask import abort, redirect, request, session, url_for
from werkzeug.security import check_password_hash, generate_password_hash

from ..errors import UsageError

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
_OPEN = {"login", "static", "report_asset", "healthz", "favicon"}
_HASH_PREFIXES = ("scrypt:", "pbkdf2:")


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def make_password_file(path: str, password: str) -> None:
    """Write the hash of ``password`` (never the password) to ``path``, readable by its owner only."""
    import os
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(generate_password_hash(password) + "\n")


def read_password_file(path: str) -> str:
    """The hash in a password file; a file holding anything else (a plain password) is refused."""
    try:
        with open(path, encoding="utf-8") as fh:
            value = fh.read().strip()
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError("password_file", f"không đọc được tệp mật khẩu {path}: {exc}.",
                         f"cannot read the password file {path}: {exc}.") from None
    if not value.startswith(_HASH_PREFIXES) or value.count("$") != 2:
        raise UsageError("password_file",
                         f"tệp mật khẩu {path} phải chứa mật khẩu đã băm, không phải mật khẩu; tạo bằng: "
                         f"python -m baocao_check.web.password {path}",
                         f"the password file {path} must hold a password hash, not a password; make it with: "
                         f"python -m baocao_check.web.password {path}")
    return value


def check_password(hashed: str | None, given: str) -> bool:
    if not hashed or not given:
        return False
    try:
        return check_password_hash(hashed, given)
    except (ValueError, TypeError):
        return False


def csrf_token() -> str:
    token = session.get("csrf")
    if not token:
        token = session["csrf"] = secrets.token_urlsafe(32)
    return token


def install_security(app, config) -> None:
    app.jinja_env.globals["csrf_token"] = csrf_token

    @app.before_request
    def _guard():
        if config.password_hash and not session.get("auth") and request.endpoint not in _OPEN:
            if request.method == "GET":
                return redirect(url_for("login"))
            abort(401)
        if request.method == "POST":
            sent = request.form.get("csrf") or request.headers.get("X-CSRF-Token") or ""
            expected = session.get("csrf") or ""
            if not expected or not hmac.compare_digest(sent, expected):
                lang = session.get("lang", "vi")
                msg = ("Phiên làm việc đã hết hạn hoặc biểu mẫu không hợp lệ; hãy tải lại trang rồi thử lại."
                       if lang != "en" else "The session expired or the form is not valid; reload the page and try again.")
                return msg, 400, {"Content-Type": "text/plain; charset=utf-8"}
        return None

    @app.after_request
    def _headers(resp):
        h = resp.headers
        h["Content-Security-Policy"] = CSP
        h["X-Content-Type-Options"] = "nosniff"
        h["X-Frame-Options"] = "DENY"
        h["Referrer-Policy"] = "no-referrer"
        h["Cross-Origin-Opener-Policy"] = "same-origin"
        h["Cross-Origin-Resource-Policy"] = "same-origin"
        if request.endpoint not in ("static", "report_asset"):
            h["Cache-Control"] = "no-store"
        return resp
