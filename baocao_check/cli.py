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
EXIT_HELP = ("mã thoát / exit codes: 0 không có phát hiện / no finding at or above --fail-on; "
             "1 có phát hiện / findings; 2 lỗi lệnh, bộ quy tắc hay tệp không đọc được / usage error, "
             "bad ruleset or unreadable draft; 3 lỗi nội bộ của công cụ / the tool itself failed.")


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # usage errors: exit 2 with a bilingual message, no traceback
        self.print_usage(sys.stderr)
        sys.stderr.write(f"baocao-check: lỗi cú pháp lệnh / usage error: {message}\n")
        raise SystemExit(EXIT_ERROR)


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="baocao-check",
                description="Kiểm tra dự thảo báo cáo theo kế hoạch và đề cương. "
                            "Checks report drafts against the plan they answer.",
                epilog=EXIT_HELP)
    p.add_argument("--version", action="version", version=f"baocao-check {__version__}")
    sub = p.add_subparsers(dest="command", metavar="{check,batch,watch,rules,ruleset}", parser_class=_Parser)

    c = sub.add_parser("check", help="kiểm tra dự thảo / check drafts")
    c.add_argument("paths", nargs="+", metavar="PATH", help="tệp .docx/.md/.txt hoặc thư mục / files or folders")
    c.add_argument("--ruleset", metavar="FILE", help="bộ quy tắc YAML (mặc định: dựng sẵn) / ruleset YAML")
    c.add_argument("--format", choices=("text", "json", "html"), default="text")
    c.add_argument("-o", "--output", metavar="FILE", help="ghi kết quả ra tệp / write the report to FILE")
    c.add_argument("--fail-on", choices=("error", "warning", "info", "never"), default="error")
    c.add_argument("--lang", choices=("vi", "en"), default="vi")
    c.add_argument("--rule", action="append", metavar="RULE_ID", help="chỉ chạy quy tắc này / only this rule")
    c.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    c.add_argument("--annotate", metavar="OUT.docx",
                   help="ghi bản sao Word có nhận xét / write a copy of the Word draft with comments")

    b = sub.add_parser("batch", help="kiểm tra cả thư mục / check a whole folder")
    b.add_argument("folder", metavar="FOLDER")
    b.add_argument("-o", "--output", metavar="REPORT_DIR", help="thư mục kết quả (mặc định FOLDER/_kiemtra)")
    b.add_argument("--jobs", type=int, metavar="N", help="số tiến trình song song (mặc định: số nhân CPU)")
    b.add_argument("--ruleset", metavar="FILE")
    b.add_argument("--lang", choices=("vi", "en"), default="vi")
    b.add_argument("--fail-on", choices=("error", "warning", "info", "never"), default="never")
    b.add_argument("--annotate", action="store_true",
                   help="ghi bản Word có nhận xét <tên>.kiemtra.docx cho mỗi dự thảo Word, cạnh trang của nó / "
                        "write a Word copy with comments per Word draft, beside its page")

    w = sub.add_parser("watch", help="theo dõi thư mục đồng bộ / watch a synced folder")
    w.add_argument("folder", metavar="FOLDER")
    w.add_argument("--ruleset", metavar="FILE")
    w.add_argument("--lang", choices=("vi", "en"), default="vi")
    w.add_argument("--stable", type=float, default=1.0, metavar="SECONDS",
                   help="chờ kích thước tệp ổn định bao lâu (giây) / how long a file must stay unchanged")

    rs = sub.add_parser("ruleset", help="tạo, kiểm tra, xem bộ quy tắc / make, check, show a ruleset")
    rsub = rs.add_subparsers(dest="ruleset_command", metavar="{from-plan,check,show,diff}", parser_class=_Parser)
    fp = rsub.add_parser("from-plan", help="sinh bộ quy tắc từ một kế hoạch / derive a ruleset from a plan")
    fp.add_argument("plan", metavar="PLAN", nargs="+",
                    help="kế hoạch, và đề cương nếu là tệp riêng / the plan, and its outline if a separate file")
    fp.add_argument("-o", "--output", metavar="NEW.yaml", required=True)
    fp.add_argument("--id", help="mã bộ quy tắc (mặc định: theo tên tệp) / ruleset id")
    fp.add_argument("--lang", choices=("vi", "en"), default="vi")
    rc = rsub.add_parser("check", help="kiểm tra tệp bộ quy tắc / validate a ruleset")
    rc.add_argument("file", metavar="FILE")
    rc.add_argument("--lang", choices=("vi", "en"), default="vi")
    rd = rsub.add_parser("diff", help="so sánh hai bộ quy tắc / what changed between two rulesets")
    rd.add_argument("old", metavar="A.yaml")
    rd.add_argument("new", metavar="B.yaml")
    rd.add_argument("--lang", choices=("vi", "en"), default="vi")
    rsh = rsub.add_parser("show", help="in bộ quy tắc thành danh mục kiểm tra / print it as a checklist")
    rsh.add_argument("file", metavar="FILE", nargs="?")
    rsh.add_argument("--lang", choices=("vi", "en"), default="vi")

    sv = sub.add_parser("serve", help="trang web kiểm tra dự thảo / a web page for checking drafts")
    sv.add_argument("--host", default="127.0.0.1", help="địa chỉ nghe (mặc định 127.0.0.1: chỉ máy này) / address")
    sv.add_argument("--port", type=int, default=8765)
    sv.add_argument("--folder", metavar="SHARED_DIR", help="thư mục dùng chung để liệt kê và kiểm tra / shared folder")
    sv.add_argument("--ruleset", metavar="FILE", help="bộ quy tắc YAML, hoặc thư mục các bộ quy tắc / ruleset or folder")
    sv.add_argument("--password-file", metavar="F", help="tệp mật khẩu đã băm (bắt buộc khi --host khác 127.0.0.1)")
    sv.add_argument("--workers", type=int, metavar="N", help="số tiến trình kiểm tra (mặc định: số nhân, tối đa 4)")
    sv.add_argument("--keep", type=float, default=60.0, metavar="MINUTES",
                    help="giữ tệp tải lên và kết quả bao lâu (phút, mặc định 60) / minutes uploads are kept")
    sv.add_argument("--max-upload-mb", type=float, default=50.0, metavar="MB", help="giới hạn một lần tải lên (MB)")
    sv.add_argument("--max-files", type=int, default=100, metavar="N", help="số dự thảo tối đa một lần tải lên")
    sv.add_argument("--lang", choices=("vi", "en"), default="vi")

    r = sub.add_parser("rules", help="liệt kê quy tắc / list rules")
    r.add_argument("rule_id", nargs="?", metavar="RULE_ID")
    r.add_argument("--lang", choices=("vi", "en"), default="vi")
    return p


def _cmd_check(args) -> int:
    from .engine import check_path, expand_paths
    from .findings import at_or_above
    from .report import json_report, text_report
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
    annotate_error = results[0].annotate_error if args.annotate else None
    if args.format == "json":
        out = json_report.render(results, ruleset)
    elif args.format == "html":
        from .report import html_report
        out = html_report.render(results, ruleset, args.lang)
    else:
        tty = args.output is None and sys.stdout.isatty()
        color = args.color == "always" or (args.color == "auto" and tty and not os.environ.get("NO_COLOR"))
        out = text_report.render(results, ruleset, args.lang, color=color)
    if args.output:
        try:
            write_atomic(args.output, out)
        except OSError as exc:
            raise CheckerError("output_error", f"Không ghi được kết quả ra {args.output}: {exc.strerror}.",
                               f"Cannot write the report to {args.output}: {exc.strerror}.") from None
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
        raise CheckerError("output_error", f"Không ghi được kết quả vào {out_dir}: {exc.strerror}.",
                           f"Cannot write the reports to {out_dir}: {exc.strerror}.") from None
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
                         + t(": không phải dự thảo báo cáo (không có đề mục hay tiêu đề báo cáo).\n",
                             ": not a report draft (no heading and no report title).\n"))
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
    from .rules import RULES, describe

    if args.rule_id:
        if args.rule_id not in RULES:
            raise UsageError("unknown_rule", f"không có quy tắc '{args.rule_id}'. Xem: baocao-check rules",
                             f"no rule '{args.rule_id}'. See: baocao-check rules")
        sys.stdout.write(describe(RULES[args.rule_id], args.lang))
        return EXIT_OK
    for rid, rule in RULES.items():
        sys.stdout.write(f"{rid:<32} {rule.CATEGORY:<28} {rule.SEVERITY:<8} {rule.SUMMARY[args.lang]}\n")
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    lang = getattr(args, "lang", "vi")
    try:
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
        sys.stderr.write("baocao-check: đã dừng / interrupted\n")
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:   # a bug: one line, its own exit code, never a traceback a hook reads as findings
        detail = f"{type(exc).__name__}: {exc}"[:500]
        sys.stderr.write(f"baocao-check: lỗi nội bộ của công cụ ({detail}); xin báo lỗi kèm lệnh và tệp. / "
                         f"internal error of the tool ({detail}); please report it with the command and files.\n")
        return EXIT_CRASH


if __name__ == "__main__":
    raise SystemExit(main())
