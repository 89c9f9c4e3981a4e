"""``python -m baocao_check.web.password FILE``: ask for a password twice and write its hash to FILE
(for ``baocao-check serve --host 0.0.0.0 --password-file FILE``)."""

from __future__ import annotations

import getpass
import sys

from .security import make_password_file


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        sys.stderr.write("dùng / usage: python -m baocao_check.web.password FILE\n")
        return 2
    first = getpass.getpass("Mật khẩu / password: ")
    if len(first) < 8:
        sys.stderr.write("Mật khẩu cần ít nhất 8 ký tự / at least 8 characters.\n")
        return 2
    if getpass.getpass("Nhập lại / again: ") != first:
        sys.stderr.write("Hai lần nhập không khớp / the two entries differ.\n")
        return 2
    make_password_file(argv[0], first)
    sys.stdout.write(f"Đã ghi mật khẩu đã băm vào {argv[0]} / wrote the password hash to {argv[0]}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
