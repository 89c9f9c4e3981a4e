"""The command line in the user's language: argparse's own words (usage:, options:, errors) in
Vietnamese, and the language and colour chosen before the parser is built, from the command line
(before or after the subcommand), BAOCAO_CHECK_LANG or the project's .baocao-check.yaml."""

from __future__ import annotations

import argparse
import os

LANGS = ("vi", "en")

# argparse's messages (Python 3.10-3.13) and how a Vietnamese user reads them
ARGPARSE_VI = {
    "usage: ": "cách dùng: ",
    "options": "tuỳ chọn",
    "optional arguments": "tuỳ chọn",
    "positional arguments": "tham số",
    "show this help message and exit": "in hướng dẫn này rồi thoát",
    "show program's version number and exit": "in số phiên bản rồi thoát",
    "%(prog)s: error: %(message)s\n": "%(prog)s: lỗi: %(message)s\n",
    "ambiguous option: %(option)s could match %(matches)s": "tuỳ chọn %(option)s không rõ: có thể là %(matches)s",
    "argument %(argument_name)s: %(message)s": "tham số %(argument_name)s: %(message)s",
    "expected one argument": "cần một giá trị",
    "expected at most one argument": "cần nhiều nhất một giá trị",
    "expected at least one argument": "cần ít nhất một giá trị",
    "expected %s argument": "cần %s giá trị",
    "expected %s arguments": "cần %s giá trị",
    "ignored explicit argument %r": "giá trị %r bị bỏ qua",
    "invalid %(type)s value: %(value)r": "giá trị không hợp lệ (%(type)s): %(value)r",
    "invalid choice: %(value)r (choose from %(choices)s)": "không có lựa chọn %(value)r (chọn một trong %(choices)s)",
    "not allowed with argument %s": "không dùng cùng tham số %s",
    "one of the arguments %s is required": "cần một trong các tham số %s",
    "the following arguments are required: %s": "còn thiếu tham số bắt buộc: %s",
    "unrecognized arguments: %s": "không hiểu tham số: %s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "không có lệnh %(parser_name)r (các lệnh: %(choices)s)",
    "can't open '%(filename)s': %(error)s": "không mở được '%(filename)s': %(error)s",
    "unexpected option string: %s": "tuỳ chọn không mong đợi: %s",
}
_TYPE_VI = {"int": "số nguyên", "float": "số"}


def install(lang: str) -> None:
    """Make argparse speak ``lang`` (it looks up its module-level ``_`` and ``ngettext`` when it
    formats a message, so the parser built after this speaks it too)."""
    if lang == "vi":
        def gettext(message: str) -> str:
            return ARGPARSE_VI.get(message, message)

        def ngettext(singular: str, plural: str, n: int) -> str:
            return gettext(singular if n == 1 else plural)
    else:
        def gettext(message: str) -> str:
            return message

        def ngettext(singular: str, plural: str, n: int) -> str:
            return singular if n == 1 else plural
    argparse._ = gettext
    argparse.ngettext = ngettext


def type_name(name: str, lang: str) -> str:
    return _TYPE_VI.get(name, name) if lang == "vi" else name


def scan(argv: list[str], option: str) -> str | None:
    """The value of ``--option X`` / ``--option=X`` anywhere on the command line (before or after
    the subcommand; the last one wins), before argparse runs."""
    value = None
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == option and i + 1 < len(argv):
            value = argv[i + 1]
        elif arg.startswith(option + "="):
            value = arg.split("=", 1)[1]
    return value


def language(argv: list[str], config_lang: str | None = None) -> str:
    """--lang, else BAOCAO_CHECK_LANG, else the project config, else Vietnamese."""
    for value in (scan(argv, "--lang"), os.environ.get("BAOCAO_CHECK_LANG"), config_lang):
        if value:
            value = value.strip().lower()[:2]
            if value in LANGS:
                return value
    return "vi"


def use_color(choice: str | None, tty: bool) -> bool:
    """--color always|never|auto; with auto, FORCE_COLOR turns colour on and NO_COLOR off
    (https://force-color.org, https://no-color.org), else only on a terminal."""
    if choice == "always":
        return True
    if choice == "never":
        return False
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR", "") not in ("", "0", "false"):
        return True
    return tty
