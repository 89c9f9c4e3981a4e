"""Command line: ``baocao-check check|rules`` (``python -m baocao_check`` does the same).

Exit codes: 0 no finding at or above --fail-on; 1 some; 2 a usage error or
an input that could not be read (the other drafts are still checked); 3 the tool
itself failed (a bug: never a verdict on the draft).
"""

from __future__ import annotations

import argparse
import os
import sys

from . import __version__
from .errors import CheckerError, UsageError
from .fsutil import output_clash, write_atomic

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
EXIT_CRASH = 3      # the tool failed, not the draft: a hook must not read it as "findings found"
_CRASH_CODES = ("internal", "worker_died")
EXIT_HELP_VI = ("mã thoát: 0 không có phát hiện từ mức --fail-on trở lên; 1 có phát hiện; 2 lỗi lệnh, bộ quy tắc "
                "hay tệp không đọc được; 3 lỗi nội bộ của công cụ (không phải kết luận về dự thảo).")
EXIT_HELP_EN = ("exit codes: 0 no finding at or above --fail-on; 1 findings; 2 usage error, bad ruleset or "
                "unreadable draft; 3 the tool itself failed (never a verdict on the draft).")
EXIT_HELP = EXIT_HELP_VI + " / " + EXIT_HELP_EN


class _Parser(argparse.ArgumentParser):
    lang = "vi"

    def error(self, message):  # usage errors: exit 2, in the user's language, no traceback
        self.print_usage(sys.stderr)
        head = "usage error" if self.lang == "en" else "lỗi cú pháp lệnh"
        sys.stderr.write(f"baocao-check: {head}: {message}\n")
        raise SystemExit(EXIT_ERROR)


FAIL_ON = ("error", "warning", "info", "never")
DEFAULT_FAIL_ON = {"check": "error", "batch": "never"}


def build_parser(lang: str = "vi") -> argparse.ArgumentParser:
    """The parser, speaking ``lang`` (its own words too: see cli_i18n.install)."""
    from .cli_i18n import install
    install(lang)
    _Parser.lang = lang
    h = (lambda vi, en: en if lang == "en" else vi)
    exit_help = (EXIT_HELP_EN if lang == "en" else EXIT_HELP_VI)

    def common(q, color=False):
        # --lang (and --color) are read before the subcommand too; SUPPRESS keeps the value given there
        q.add_argument("--lang", choices=("vi", "en"), default=argparse.SUPPRESS,
                       help=h("ngôn ngữ của thông báo: vi (mặc định) hoặc en; cũng đặt được bằng BAOCAO_CHECK_LANG",
                              "language of the messages: vi (default) or en; BAOCAO_CHECK_LANG sets it too"))
        if color:
            q.add_argument("--color", choices=("auto", "always", "never"), default=argparse.SUPPRESS,
                           help=h("tô màu: auto (mặc định: chỉ khi ra màn hình; NO_COLOR tắt, FORCE_COLOR bật), "
                                  "always, never",
                                  "colour: auto (default: on a terminal only; NO_COLOR off, FORCE_COLOR on), "
                                  "always, never"))

    def ruleset_opt(q, folder=False):
        q.add_argument("--ruleset", metavar="FILE", help=(
            h("bộ quy tắc YAML, hoặc thư mục các bộ quy tắc (mặc định: bộ dựng sẵn)",
              "a YAML ruleset, or a folder of them (default: the built-in one)") if folder else
            h("bộ quy tắc YAML (mặc định: bộ dựng sẵn, hoặc «ruleset» trong .baocao-check.yaml)",
              "a YAML ruleset (default: the built-in one, or 'ruleset' in .baocao-check.yaml)")))

    p = _Parser(prog="baocao-check",
                description=h("Kiểm tra dự thảo báo cáo theo Kế hoạch và Đề cương mà báo cáo phải trả lời.",
                              "Checks report drafts against the plan and outline they answer."),
                epilog=exit_help)
    p.add_argument("--version", action="version", version=f"baocao-check {__version__}",
                   help=h("in số phiên bản rồi thoát", "show the version and exit"))
    common(p, color=True)
    sub = p.add_subparsers(dest="command", metavar="{check,batch,watch,rules,ruleset,serve,completion}",
                           parser_class=_Parser,
                           title=h("lệnh", "commands"))

    c = sub.add_parser("check", help=h("kiểm tra dự thảo", "check drafts"), epilog=exit_help,
                       description=h("Kiểm tra một hay nhiều dự thảo; «-» đọc dự thảo từ đầu vào chuẩn.",
                                     "Check one or more drafts; '-' reads a draft from standard input."))
    c.add_argument("paths", nargs="+", metavar="PATH",
                   help=h("tệp .docx/.md/.txt, thư mục, hoặc «-» (đầu vào chuẩn)",
                          ".docx/.md/.txt files, folders, or '-' (standard input)"))
    ruleset_opt(c)
    c.add_argument("--format", choices=("text", "json", "html"), default="text",
                   help=h("dạng kết quả: text (mặc định, để đọc), json (cho chương trình), html (một trang)",
                          "report format: text (default, to read), json (for programs), html (one page)"))
    c.add_argument("-o", "--output", metavar="FILE", help=h("ghi kết quả ra tệp (mặc định: màn hình)",
                                                            "write the report to FILE (default: the screen)"))
    c.add_argument("--fail-on", choices=FAIL_ON, default=None,
                   help=h("mã thoát 1 khi có phát hiện từ mức này trở lên (mặc định: error)",
                          "exit code 1 when a finding at or above this severity exists (default: error)"))
    common(c, color=True)
    c.add_argument("--rule", action="append", metavar="RULE_ID",
                   help=h("chỉ chạy quy tắc này (lặp lại được)", "only this rule (may be repeated)"))
    c.add_argument("--annotate", metavar="OUT.docx",
                   help=h("ghi bản sao Word có nhận xét (dự thảo gốc không bị sửa)",
                          "write a copy of the Word draft with comments (the draft is never changed)"))
    c.add_argument("--stdin-name", metavar="NAME", default=None,
                   help=h("tên hiển thị và dạng của dự thảo đọc từ «-» (mặc định: stdin.txt)",
                          "the name, and so the format, of a draft read from '-' (default: stdin.txt)"))

    b = sub.add_parser("batch", help=h("kiểm tra cả thư mục", "check a whole folder"), epilog=exit_help)
    b.add_argument("folder", metavar="FOLDER", help=h("thư mục các dự thảo (cả thư mục con)",
                                                      "the folder of drafts (subfolders included)"))
    b.add_argument("-o", "--output", metavar="REPORT_DIR",
                   help=h("thư mục kết quả (mặc định: FOLDER/_kiemtra)", "report folder (default: FOLDER/_kiemtra)"))
    b.add_argument("--jobs", type=int, metavar="N",
                   help=h("số tiến trình song song (mặc định: số nhân CPU)", "parallel workers (default: CPU cores)"))
    ruleset_opt(b)
    common(b)
    b.add_argument("--fail-on", choices=FAIL_ON, default=None,
                   help=h("mã thoát 1 khi có phát hiện từ mức này trở lên (mặc định: never — lệnh batch chỉ lập "
                          "báo cáo)",
                          "exit code 1 when a finding at or above this severity exists (default: never — batch "
                          "only reports)"))
    b.add_argument("--annotate", action="store_true",
                   help=h("ghi bản Word có nhận xét <tên>.kiemtra.docx cho mỗi dự thảo Word, cạnh trang của nó",
                          "write a Word copy with comments, <name>.kiemtra.docx, per Word draft beside its page"))

    w = sub.add_parser("watch", help=h("theo dõi thư mục đồng bộ", "watch a synced folder"))
    w.add_argument("folder", metavar="FOLDER", help=h("thư mục đồng bộ cần theo dõi", "the synced folder to watch"))
    ruleset_opt(w)
    common(w)
    w.add_argument("--stable", type=float, default=1.0, metavar="SECONDS",
                   help=h("chờ kích thước tệp ổn định bao lâu (giây, mặc định 1)",
                          "how long a file must stay unchanged (seconds, default 1)"))

    rs = sub.add_parser("ruleset", help=h("tạo, kiểm tra, xem bộ quy tắc", "make, check, show a ruleset"))
    rsub = rs.add_subparsers(dest="ruleset_command", metavar="{from-plan,check,show,diff}", parser_class=_Parser,
                             title=h("lệnh", "commands"))
    fp = rsub.add_parser("from-plan", help=h("sinh bộ quy tắc từ một kế hoạch", "derive a ruleset from a plan"))
    fp.add_argument("plan", metavar="PLAN", nargs="+",
                    help=h("kế hoạch, và đề cương nếu là tệp riêng", "the plan, and its outline if a separate file"))
    fp.add_argument("-o", "--output", metavar="NEW.yaml", required=True,
                    help=h("tệp bộ quy tắc sẽ ghi", "the ruleset file to write"))
    fp.add_argument("--id", help=h("mã bộ quy tắc (mặc định: theo tên tệp)", "ruleset id (default: from the file name)"))
    common(fp)
    rc = rsub.add_parser("check", help=h("kiểm tra tệp bộ quy tắc", "validate a ruleset"))
    rc.add_argument("file", metavar="FILE", help=h("tệp bộ quy tắc YAML", "the YAML ruleset"))
    common(rc)
    rd = rsub.add_parser("diff", help=h("so sánh hai bộ quy tắc", "what changed between two rulesets"))
    rd.add_argument("old", metavar="A.yaml", help=h("bộ quy tắc cũ", "the old ruleset"))
    rd.add_argument("new", metavar="B.yaml", help=h("bộ quy tắc mới", "the new ruleset"))
    common(rd)
    rsh = rsub.add_parser("show", help=h("in bộ quy tắc thành danh mục kiểm tra", "print it as a checklist"))
    rsh.add_argument("file", metavar="FILE", nargs="?",
                     help=h("tệp bộ quy tắc (mặc định: bộ dựng sẵn)", "the ruleset file (default: the built-in one)"))
    common(rsh)

    sv = sub.add_parser("serve", help=h("trang web kiểm tra dự thảo", "a web page for checking drafts"))
    sv.add_argument("--host", default="127.0.0.1",
                    help=h("địa chỉ nghe (mặc định 127.0.0.1: chỉ máy này)", "address to listen on (default "
                           "127.0.0.1: this machine only)"))
    sv.add_argument("--port", type=int, default=8765, help=h("cổng (mặc định 8765)", "port (default 8765)"))
    sv.add_argument("--folder", metavar="SHARED_DIR",
                    help=h("thư mục dùng chung để liệt kê và kiểm tra", "a shared folder to list and check"))
    ruleset_opt(sv, folder=True)
    sv.add_argument("--password-file", metavar="F",
                    help=h("tệp mật khẩu đã băm (bắt buộc khi --host khác 127.0.0.1)",
                           "the hashed password file (required when --host is not 127.0.0.1)"))
    sv.add_argument("--workers", type=int, metavar="N",
                    help=h("số tiến trình kiểm tra (mặc định: số nhân, tối đa 4)",
                           "checking processes (default: the cores, at most 4)"))
    sv.add_argument("--keep", type=float, default=60.0, metavar="MINUTES",
                    help=h("giữ tệp tải lên và kết quả bao lâu (phút, mặc định 60)",
                           "minutes uploads and results are kept (default 60)"))
    sv.add_argument("--max-upload-mb", type=float, default=50.0, metavar="MB",
                    help=h("giới hạn một lần tải lên (MB, mặc định 50)", "limit of one upload (MB, default 50)"))
    sv.add_argument("--max-files", type=int, default=100, metavar="N",
                    help=h("số dự thảo tối đa một lần tải lên (mặc định 100)", "most drafts in one upload (default 100)"))
    common(sv)

    r = sub.add_parser("rules", help=h("liệt kê quy tắc, hoặc xem một quy tắc", "list the rules, or show one"))
    r.add_argument("rule_id", nargs="?", metavar="RULE_ID",
                   help=h("mã quy tắc cần xem (bỏ trống: liệt kê tất cả)", "the rule to show (none: list them all)"))
    common(r)

    cp = sub.add_parser("completion", help=h("in đoạn mã tự hoàn thành lệnh cho bash",
                                             "print the bash completion script"),
                        description=h("Thêm vào ~/.bashrc: eval \"$(baocao-check completion bash)\"",
                                      "Add to ~/.bashrc: eval \"$(baocao-check completion bash)\""))
    cp.add_argument("shell", choices=("bash",), help=h("vỏ lệnh (hiện có: bash)", "the shell (for now: bash)"))
    common(cp)
    return p


def _cmd_check(args) -> int:
    from .ruleset import load_ruleset
    from .rules import RULES

    ruleset = load_ruleset(args.ruleset)
    from .kinds import checks_of
    known = set(RULES) | {c["id"] for c in checks_of(ruleset)}
    for rid in args.rule or []:
        if rid not in known:
            import difflib
            close = difflib.get_close_matches(rid, sorted(known), n=1)
            raise UsageError("unknown_rule", f"không có quy tắc '{rid}'" + (f" — có phải '{close[0]}'?" if close else "."),
                             f"no rule '{rid}'" + (f" — did you mean '{close[0]}'?" if close else "."))
    stdin_dir = None
    if "-" in args.paths:
        stdin_dir, stdin_path = _stdin_draft(args)
        args.paths = [stdin_path if p == "-" else p for p in args.paths]
    try:
        return _check_paths(args, ruleset, stdin_dir)
    finally:
        if stdin_dir:
            import shutil
            shutil.rmtree(stdin_dir, ignore_errors=True)


def _stdin_draft(args) -> tuple[str, str]:
    """A draft on standard input, held in a private temporary file named --stdin-name (its
    extension gives the format: .txt by default, .md, or .docx for bytes of a Word file)."""
    import tempfile

    from . import limits
    name = os.path.basename(args.stdin_name or "stdin.txt") or "stdin.txt"
    data = sys.stdin.buffer.read(limits.MAX_DRAFT_BYTES + 1)
    if len(data) > limits.MAX_DRAFT_BYTES:
        raise UsageError("too_large", "dự thảo trên đầu vào chuẩn quá lớn.", "the draft on standard input is too large.")
    folder = tempfile.mkdtemp(prefix="baocao-stdin-")
    path = os.path.join(folder, name)
    with open(path, "wb") as fh:
        fh.write(data)
    return folder, path


def _check_paths(args, ruleset, stdin_dir) -> int:
    from .engine import check_path, expand_paths
    from .findings import at_or_above
    from .report import json_report
    paths = expand_paths(args.paths)
    if not paths:
        raise UsageError("no_drafts", "không tìm thấy dự thảo nào (.docx, .md, .txt).",
                         "no drafts found (.docx, .md, .txt).")
    if args.annotate:
        _check_annotate_args(args, paths)
    if args.output:
        _refuse_input_as_output(args.output, paths + ([args.annotate] if args.annotate else []))
    # the annotated copy is made within the draft's time limit; a failure is reported, the report still written
    results = [check_path(p, ruleset, args.lang, args.rule, annotate_to=args.annotate if i == 0 else None)
               for i, p in enumerate(paths)]
    for r in results:          # a draft from standard input is shown by its name, never the temporary file
        if stdin_dir and r.path.startswith(stdin_dir + os.sep):
            r.path = "-" if not args.stdin_name else os.path.basename(r.path)
    annotate_error = results[0].annotate_error if args.annotate else None
    if args.format == "json":
        out = json_report.render(results, ruleset)
    elif args.format == "html":
        from .report import html_report
        out = html_report.render(results, ruleset, args.lang)
    else:
        from .cli_i18n import use_color
        tty = args.output is None and sys.stdout.isatty()
        color = use_color(args.color, tty) and (args.output is None or args.color == "always")
        width = None
        if color and tty:
            import shutil
            width = shutil.get_terminal_size((100, 24)).columns
        from .report import text_report     # rich only for the terminal report
        out = text_report.render(results, ruleset, args.lang, color=color, width=width)
    if args.output:
        try:
            write_atomic(args.output, out)
        except OSError as exc:
            raise CheckerError("output_error", f"Không ghi được kết quả ra {args.output}: {os_reason(exc, 'vi')}.",
                               f"Cannot write the report to {args.output}: {os_reason(exc, 'en')}.") from None
    else:
        sys.stdout.write(out)
    if any(r.status == "error" and r.error["code"] in _CRASH_CODES for r in results):
        return EXIT_CRASH
    if annotate_error is not None:
        sys.stderr.write(f"baocao-check: {annotate_error.message(args.lang)}\n")
        return EXIT_ERROR
    if args.annotate and results[0].status == "checked":
        n = _comment_count(args.annotate)
        sys.stderr.write((f"Wrote the Word copy with comments: {args.annotate} ({n} comments, the summary included)\n"
                          if args.lang == "en" else
                          f"Đã ghi bản Word có nhận xét: {args.annotate} ({n} nhận xét, kể cả nhận xét tổng hợp)\n"))
    if any(r.status == "error" for r in results):
        return EXIT_ERROR
    findings = [f for r in results for f in r.findings]
    return EXIT_FINDINGS if at_or_above(findings, args.fail_on) else EXIT_OK


def _cmd_batch(args) -> int:
    from .batch import OUTPUT_DIR, run_batch
    from .findings import SEVERITY_RANK
    from .ruleset import load_ruleset

    if not os.path.isdir(args.folder):
        raise UsageError("not_a_folder", f"{args.folder} không phải là thư mục.", f"{args.folder} is not a folder.")
    load_ruleset(args.ruleset)   # a broken ruleset stops here, with its file, line and key
    if args.jobs is not None and args.jobs < 1:
        raise UsageError("bad_jobs", "--jobs phải là số nguyên dương.", "--jobs must be a positive integer.")
    out_dir = args.output or os.path.join(args.folder, OUTPUT_DIR)
    try:
        results = run_batch(args.folder, out_dir, args.ruleset, args.lang, args.jobs,
                            annotate=getattr(args, "annotate", False))
    except OSError as exc:
        raise CheckerError("output_error", f"Không ghi được kết quả vào {out_dir}: {os_reason(exc, 'vi')}.",
                           f"Cannot write the reports to {out_dir}: {os_reason(exc, 'en')}.") from None
    skipped = [r for r in results if r.status == "not_a_draft"]
    results = [r for r in results if r.status != "not_a_draft"]
    failed = [r for r in results if r.status != "checked"]
    t = (lambda vi, en: en if args.lang == "en" else vi)
    from .batch import worker_count
    workers = worker_count(args.jobs, len(results) + len(skipped))
    sys.stdout.write(t(f"Đã kiểm tra {len(results) - len(failed)}/{len(results)} dự thảo ({workers} tiến trình); "
                       "tổng hợp: ",
                       f"Checked {len(results) - len(failed)}/{len(results)} drafts ({workers} workers); summary: ")
                     + os.path.join(out_dir, "summary.html") + t(" và ", " and ")
                     + os.path.join(out_dir, "summary.xlsx") + "\n")
    copies = [r for r in results if r.annotated]
    if copies:
        sys.stdout.write(t(f"  {len(copies)} bản Word có nhận xét (<tên>.kiemtra.docx) nằm cạnh trang của từng dự thảo.\n",
                           f"  {len(copies)} Word copies with comments (<name>.kiemtra.docx) beside each draft's page.\n"))
    for r in skipped:
        sys.stdout.write(t("  Bỏ qua ", "  Skipped ") + r.rel
                         + (f": {r.error['message']}\n" if r.error else
                            t(": không phải dự thảo báo cáo (không có đề mục hay tiêu đề báo cáo).\n",
                              ": not a report draft (no heading and no report title).\n")))
    for r in failed:
        sys.stdout.write(t("  Không đọc được ", "  Could not read ") + f"{r.rel}: {r.error['message']}\n")
    if any(r.error and r.error.get("code") in _CRASH_CODES for r in failed):
        return EXIT_CRASH
    if failed:
        return EXIT_ERROR
    if args.fail_on != "never":
        rank = SEVERITY_RANK[args.fail_on]
        if any(SEVERITY_RANK[s] >= rank and n for r in results for s, n in r.summary.items()):
            return EXIT_FINDINGS
    return EXIT_OK


def os_reason(exc: OSError, lang: str) -> str:
    """Why the system refused, in the user's words (never the C library's English)."""
    import errno
    reasons = {errno.ENOENT: ("không có thư mục hay tệp đó", "no such folder or file"),
               errno.EACCES: ("không có quyền ghi", "permission denied"),
               errno.EPERM: ("không được phép", "not permitted"),
               errno.ENOSPC: ("hết chỗ trống trên đĩa", "the disk is full"),
               errno.EROFS: ("ổ đĩa chỉ cho đọc", "the disk is read-only"),
               errno.EISDIR: ("đó là một thư mục", "it is a folder"),
               errno.ENOTDIR: ("một phần của đường dẫn không phải thư mục", "part of the path is not a folder"),
               errno.EEXIST: ("đã có tệp cùng tên", "a file of that name exists")}
    vi, en = reasons.get(exc.errno, (f"lỗi hệ thống {exc.errno}", f"system error {exc.errno}"))
    return en if lang == "en" else vi


def _comment_count(path: str) -> int:
    """The comments by baocao-check in a written copy."""
    import re
    import zipfile
    try:
        with zipfile.ZipFile(path) as zf:
            xml = zf.read("word/comments.xml").decode("utf-8")
    except (OSError, KeyError, zipfile.BadZipFile):
        return 0
    return len(re.findall(r'<w:comment [^>]*w:author="baocao-check"', xml))


def _check_annotate_args(args, paths) -> None:
    if len(paths) != 1 or not paths[0].lower().endswith(".docx"):
        raise UsageError("annotate_docx_only",
                         "--annotate chỉ dùng cho một dự thảo Word (.docx); với .md/.txt hãy dùng --format html.",
                         "--annotate takes one Word draft (.docx); for .md/.txt use --format html.")
    if not args.annotate.lower().endswith(".docx"):
        raise UsageError("annotate_name", "tệp ra của --annotate phải có đuôi .docx.",
                         "the --annotate output must end in .docx.")
    if output_clash(args.annotate, paths):
        raise UsageError("annotate_same_file", "không được ghi đè lên dự thảo gốc; hãy chọn tên tệp khác.",
                         "refusing to overwrite the draft; choose another file name.")


def _refuse_input_as_output(output: str, inputs: list[str]) -> None:
    """-o must not be a draft being checked, nor a hard link or symlink to one."""
    clash = output_clash(output, inputs)
    if clash:
        raise UsageError("output_is_input",
                         f"tệp kết quả {output} chính là (hoặc liên kết tới) tệp đầu vào {clash}; không ghi đè lên "
                         "dự thảo. Hãy chọn tên tệp khác cho -o.",
                         f"the output {output} is (or links to) the input {clash}; refusing to overwrite a draft. "
                         "Choose another name for -o.")


def _cmd_rules(args) -> int:
    from .rules import RULES

    from .report import rule_doc
    if args.rule_id:
        if args.rule_id not in RULES:
            import difflib
            close = difflib.get_close_matches(args.rule_id, sorted(RULES), n=1)
            raise UsageError("unknown_rule",
                             f"không có quy tắc '{args.rule_id}'" + (f" — có phải '{close[0]}'?" if close else ".")
                             + " Xem: baocao-check rules",
                             f"no rule '{args.rule_id}'" + (f" — did you mean '{close[0]}'?" if close else ".")
                             + " See: baocao-check rules")
        sys.stdout.write(rule_doc.render(RULES[args.rule_id], args.lang))
        return EXIT_OK
    sys.stdout.write(rule_doc.table(RULES, args.lang))
    return EXIT_OK


def _config_start(argv: list[str]) -> str | None:
    """Where to look for .baocao-check.yaml before argparse runs: the first draft or folder named."""
    takes_value = {"--ruleset", "-o", "--output", "--annotate", "--lang", "--color", "--format", "--fail-on",
                   "--rule", "--jobs", "--stdin-name", "--stable", "--host", "--port", "--password-file",
                   "--workers", "--keep", "--max-upload-mb", "--max-files", "--id"}
    previous = ""
    for arg in argv:
        if previous == "--folder" or (not arg.startswith("-") and previous not in takes_value and os.path.exists(arg)):
            return arg
        previous = arg
    return None


def _settle(args, config: dict, env_lang: str | None) -> None:
    """Fill what the command line left open: the language, colour and --fail-on, then the project
    configuration's ruleset, waivers and output folder."""
    if not getattr(args, "lang", None):
        args.lang = env_lang or config.get("lang") or "vi"
    if not hasattr(args, "color"):
        args.color = "auto"
    if hasattr(args, "fail_on") and args.fail_on is None:
        args.fail_on = config.get("fail-on") or DEFAULT_FAIL_ON.get(args.command, "error")
    if hasattr(args, "ruleset") and args.ruleset is None and config.get("ruleset") and args.command != "serve":
        args.ruleset = config["ruleset"]
    if args.command == "batch" and args.output is None and config.get("output"):
        args.output = config["output"]
    if config.get("waivers"):
        os.environ["BAOCAO_CHECK_WAIVERS"] = config["waivers"]     # batch workers inherit it


def main(argv: list[str] | None = None) -> int:
    from . import config as project_config
    from .cli_i18n import language
    argv = sys.argv[1:] if argv is None else list(argv)
    env_lang = os.environ.get("BAOCAO_CHECK_LANG", "").strip().lower()[:2] or None
    env_lang = env_lang if env_lang in ("vi", "en") else None
    lang = language(argv)
    try:
        config = project_config.for_start(_config_start(argv))
    except CheckerError as exc:
        sys.stderr.write(f"baocao-check: {exc.message(lang)}\n")
        return EXIT_ERROR
    lang = language(argv, config.get("lang"))
    parser = build_parser(lang)
    args = parser.parse_args(argv)
    _settle(args, config, env_lang)
    lang = args.lang
    try:
        if args.command == "completion":
            from .completion import bash_script
            sys.stdout.write(bash_script(parser))
            return EXIT_OK
        if args.command == "check":
            return _cmd_check(args)
        if args.command == "rules":
            return _cmd_rules(args)
        if args.command == "batch":
            return _cmd_batch(args)
        if args.command == "ruleset":
            from .ruleset_cli import run as ruleset_run
            return ruleset_run(args, parser)
        if args.command == "serve":
            from .web.server import main as serve_main
            return serve_main(args)
        if args.command == "watch":
            if not os.path.isdir(args.folder):
                raise UsageError("not_a_folder", f"{args.folder} không phải là thư mục.", f"{args.folder} is not a folder.")
            from .ruleset import load_ruleset
            load_ruleset(args.ruleset)
            from .watch import main as watch_main
            return watch_main(args.folder, args.ruleset, args.lang, args.stable)
        parser.print_help()
        return EXIT_ERROR
    except CheckerError as exc:
        sys.stderr.write(f"baocao-check: {exc.message(lang)}\n")
        return EXIT_ERROR
    except KeyboardInterrupt:
        sys.stderr.write("baocao-check: " + ("interrupted" if lang == "en" else "đã dừng") + "\n")
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:   # a bug: one line, its own exit code, never a traceback a hook reads as findings
        detail = f"{type(exc).__name__}: {exc}"[:500]
        # bilingual on purpose: the line is pasted into a bug report
        sys.stderr.write(f"baocao-check: lỗi nội bộ của công cụ ({detail}); xin báo lỗi kèm lệnh và tệp. / "
                         f"internal error of the tool ({detail}); please report it with the command and files.\n")
        return EXIT_CRASH


if __name__ == "__main__":
    raise SystemExit(main())
