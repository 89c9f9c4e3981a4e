"""``baocao-check serve``: check the options, refuse what is unsafe, start waitress."""

from __future__ import annotations

import logging
import os
import signal
import sys

from ..errors import UsageError
from .app import Config, RulesetChoice, create_app
from .security import is_loopback, read_password_file
from .uploads import Limits

log = logging.getLogger("baocao-check.serve")


def ruleset_choices(spec: str | None) -> list[RulesetChoice]:
    """The built-in ruleset, then ``--ruleset``: one YAML file (the default), or a folder of them."""
    from ..errors import CheckerError
    from ..ruleset import load_ruleset
    builtin = load_ruleset(None)
    choices = [RulesetChoice("builtin", None, f"{builtin.title} ({builtin.id} {builtin.version})")]
    if not spec:
        return choices
    if os.path.isdir(spec):
        files = sorted(os.path.join(spec, n) for n in os.listdir(spec)
                       if n.lower().endswith((".yaml", ".yml")) and not n.startswith("."))
    else:
        files = [spec]
    extra = []
    for i, path in enumerate(files):
        try:
            rs = load_ruleset(path)
            extra.append(RulesetChoice(f"r{i}", os.path.abspath(path), f"{rs.title} ({rs.id} {rs.version}, "
                                                                      f"{os.path.basename(path)})"))
        except CheckerError as exc:
            if not os.path.isdir(spec):
                raise                  # the one ruleset asked for is broken: say so and stop
            extra.append(RulesetChoice(f"r{i}", os.path.abspath(path), os.path.basename(path), exc.message("vi")))
    if not os.path.isdir(spec):
        return extra + choices          # a single --ruleset is the default choice
    return choices + extra


def build_config(args) -> Config:
    if not 0 < args.port < 65536:
        raise UsageError("bad_port", f"cổng {args.port} không hợp lệ.", f"port {args.port} is not valid.")
    password_hash = read_password_file(args.password_file) if args.password_file else None
    if not is_loopback(args.host) and not password_hash:
        raise UsageError("password_required",
                         f"nghe trên địa chỉ {args.host} (không chỉ máy này) cần mật khẩu: thêm --password-file TỆP "
                         "(tạo bằng: python -m baocao_check.web.password TỆP). Từ chối khởi động.",
                         f"listening on {args.host} (not only this machine) needs a password: add --password-file FILE "
                         "(make it with: python -m baocao_check.web.password FILE). Refusing to start.")
    if args.folder and not os.path.isdir(args.folder):
        raise UsageError("not_a_folder", f"{args.folder} không phải là thư mục.", f"{args.folder} is not a folder.")
    limits = Limits(max_bytes=int(args.max_upload_mb * 1024 * 1024), max_files=args.max_files,
                    max_unzipped=int(4 * args.max_upload_mb * 1024 * 1024))
    trusted = ["127.0.0.1", "localhost", "::1", "[::1]"] if is_loopback(args.host) else None
    return Config(host=args.host, port=args.port, folder=os.path.abspath(args.folder) if args.folder else None,
                  rulesets=ruleset_choices(args.ruleset), password_hash=password_hash, ttl=args.keep * 60.0,
                  keep_after_download=min(args.keep * 60.0, 600.0), limits=limits,
                  workers=args.workers or min(4, os.cpu_count() or 1), trusted_hosts=trusted,
                  lang=getattr(args, "lang", "vi"))


def main(args) -> int:
    from waitress import create_server
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", datefmt="%H:%M:%S")
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    config = build_config(args)
    app = create_app(config)
    state = app.extensions["baocao"]
    # waitress buffers a body before the app sees it: let through a little more than our own limit,
    # so that a too-large upload gets the page's clear message, not a bare error
    server = create_server(app, host=config.host, port=config.port, threads=8, ident="baocao-check",
                           max_request_body_size=min(4 * config.limits.max_bytes + (1 << 20), 1 << 30),
                           clear_untrusted_proxy_headers=True)
    host = f"[{config.host}]" if ":" in config.host else config.host
    url = f"http://{host}:{server.effective_port}/"
    lang = getattr(args, "lang", "vi")
    sys.stdout.write((f"baocao-check đang chạy: mở {url} trong trình duyệt (Ctrl-C để dừng).\n" if lang != "en" else
                      f"baocao-check is running: open {url} in a browser (Ctrl-C to stop).\n"))
    sys.stdout.flush()
    def stop(signum, frame):          # a service manager's SIGTERM cleans up like Ctrl-C
        raise KeyboardInterrupt()
    signal.signal(signal.SIGTERM, stop)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
        state["pool"].close()
        state["store"].close()
    return 0
