"""Command line: ``baocao-check check|rules`` (``python -m checker`` does the same).

Exit codes: 0 no finding at or above --fail-on; 1 some; 2 a usage error or
an input that could not be read (the other drafts are still checked).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile

from . import __version__
from .errors import CheckerError, UsageError

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # usage errors: exit 2 with a bilingual message, no traceback
        self.print_usage(sys.stderr)
        sys.stderr.write(f"baocao-check: lỗi cú pháp lệnh / usage error: {message}\n")
        raise SystemExit(EXIT_ERROR)


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="baocao-check",
                description="Kiểm tra dự thảo báo cáo theo kế hoạch và đề cương. "
                            "Checks report drafts against the plan they answer.")
    p.add_argument("--version", action="version", version=f"baocao-check {__version__}")
    sub = p.add_subparsers(dest="command", metavar="{check,rules}", parser_class=_Parser)

    c = sub.add_parser("check", help="kiểm tra dự thảo / check drafts")
    c.add_argument("paths", nargs="+", metavar="PATH", help="tệp .docx/.md/.txt hoặc thư mục / files or folders")
    c.add_argument("--ruleset", metavar="FILE", help="bộ quy tắc YAML (mặc định: dựng sẵn) / ruleset YAML")
    c.add_argument("--format", choices=("text", "json"), default="text")
    c.add_argument("-o", "--output", metavar="FILE", help="ghi kết quả ra tệp / write the report to FILE")
    c.add_argument("--fail-on", choices=("error", "warning", "info", "never"), default="error")
    c.add_argument("--lang", choices=("vi", "en"), default="vi")
    c.add_argument("--rule", action="append", metavar="RULE_ID", help="chỉ chạy quy tắc này / only this rule")
    c.add_argument("--color", choices=("auto", "always", "never"), default="auto")

    r = sub.add_parser("rules", help="liệt kê quy tắc / list rules")
    r.add_argument("rule_id", nargs="?", metavar="RULE_ID")
    r.add_argument("--lang", choices=("vi", "en"), default="vi")
    return p


def write_atomic(path: str, text: str) -> None:
    """Write beside the target, then rename: a reader never sees half a report."""
    folder = os.path.dirname(os.path.abspath(path)) or "."
    fd, tmp = tempfile.mkstemp(prefix=".baocao-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _cmd_check(args) -> int:
    from .engine import check_path, expand_paths
    from .findings import at_or_above
    from .report import json_report, text_report
    from .ruleset import load_ruleset
    from .rules import RULES

    for rid in args.rule or []:
        if rid not in RULES:
            raise UsageError("unknown_rule", f"không có quy tắc '{rid}'.", f"no rule '{rid}'.")
    ruleset = load_ruleset(args.ruleset)
    paths = expand_paths(args.paths)
    if not paths:
        raise UsageError("no_drafts", "không tìm thấy dự thảo nào (.docx, .md, .txt).",
                         "no drafts found (.docx, .md, .txt).")
    results = [check_path(p, ruleset, args.lang, args.rule) for p in paths]
    if args.format == "json":
        out = json_report.render(results, ruleset)
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
    if any(r.status == "error" for r in results):
        return EXIT_ERROR
    findings = [f for r in results for f in r.findings]
    return EXIT_FINDINGS if at_or_above(findings, args.fail_on) else EXIT_OK


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


if __name__ == "__main__":
    raise SystemExit(main())
