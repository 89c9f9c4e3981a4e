"""Decoding text files, and recognising the legacy Vietnamese encodings.

UTF-8 (with or without BOM), UTF-16 (BOM or NUL pattern) and Windows-1258
are decoded. A UTF-8 file with a few bad bytes (one stray byte, a file cut
mid-character by a partial sync) stays UTF-8: the bad bytes become U+FFFD and
their count is returned, for the report to say so; only text with no more valid
UTF-8 letters than bad bytes is taken for Windows-1258. Zero-width spaces are
dropped (they would hide a heading's number at a line start). Text typed in the TCVN3 (ABC) or VNI encodings decodes to
letters like "ViÖt Nam" or "Vieät Nam": it is recognised and refused with a
clear message instead of being checked as garbage. The same test applies to
DOCX text typed with .VnTime or VNI-Times fonts.
"""

from __future__ import annotations

import unicodedata

import re

from ..errors import InputError

_LETTER_RE = re.compile(r"[^\W\d_]")

# Characters that TCVN3 text shows when read as Latin-1/Unicode ("c¸c", "®¬n", "ViÖt").
_TCVN3_SIGNS = set("¸µ¶·¹®§¨©ª«¬ÝÞÖ×ÐÑ¢£¤¥¦")
# Modifier characters of VNI ("caùc", "ñöôïc"); none is a Vietnamese letter.
_VNI_SIGNS = set("ñøöïäûåëÑØÏÄÛÅË")
# Letters only Unicode Vietnamese text has.
_VIET_ONLY = set("ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹđĐơưăƠƯĂ"
                 "ẠẢẤẦẨẪẬẮẰẲẴẶẸẺẼẾỀỂỄỆỈỊỌỎỐỒỔỖỘỚỜỞỠỢỤỦỨỪỬỮỰỲỴỶỸ")


_TCVN3_RE = re.compile("[" + re.escape("".join(sorted(_TCVN3_SIGNS))) + "]")
_VNI_RE = re.compile("[" + re.escape("".join(sorted(_VNI_SIGNS))) + "]")
_VIET_RE = re.compile("[" + "".join(sorted(_VIET_ONLY)) + "]")


def legacy_encoding(text: str) -> str | None:
    """'tcvn3', 'vni' or None for a text already decoded to str."""
    sample = text[:200_000]
    tcvn = len(_TCVN3_RE.findall(sample))
    vni = len(_VNI_RE.findall(sample))
    if max(tcvn, vni) < 5:
        return None
    viet = len(_VIET_RE.findall(sample))
    if viet >= max(tcvn, vni) / 4:
        return None   # real Vietnamese letters dominate: Unicode text
    letters = len(_LETTER_RE.findall(sample))
    best, count = ("tcvn3", tcvn) if tcvn >= vni else ("vni", vni)
    # Legacy text has many signs and (almost) none of the letters real Vietnamese needs.
    if letters and count >= 5 and count / letters > 0.01 and viet < count / 4:
        return best
    return None


def legacy_error(kind: str, what: str) -> InputError:
    name = "TCVN3 (ABC)" if kind == "tcvn3" else "VNI"
    return InputError(
        "legacy_encoding",
        f"{what} được gõ bằng bảng mã cũ {name}, không phải Unicode. Hãy chuyển sang Unicode "
        f"(ví dụ: Unikey > Công cụ chuyển mã, nguồn {name}, đích Unicode) rồi kiểm tra lại.",
        f"{what} is typed in the legacy {name} encoding, not Unicode. Convert it to Unicode "
        f"(e.g. Unikey's converter, source {name}, target Unicode) and check again.",
    )


# invisible characters that Word and web pages leave in text: zero-width space, word joiner, BOM
ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u2060\ufeff"))


def decode_text(data: bytes, name: str = "Tệp") -> str:
    """Decode the bytes of a text or Markdown draft; raises InputError when impossible."""
    return decode_text_counted(data, name)[0]


def _mostly_utf8(data: bytes) -> int | None:
    """The number of bad bytes when ``data`` is UTF-8 with a few of them, else None."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.decode("utf-8", errors="ignore").count("\ufffd")
    multibyte = sum(1 for ch in text if ord(ch) > 0x7F and ch != "\ufffd")
    return bad if multibyte > bad else None


def decode_text_counted(data: bytes, name: str = "Tệp") -> tuple[str, int]:
    """(text, bytes replaced by U+FFFD) for a text or Markdown draft; InputError when impossible."""
    replaced = 0
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise InputError("empty", f"{name} rỗng, không có nội dung để kiểm tra.",
                         f"{name} is empty: nothing to check.")
    text: str | None = None
    if data.startswith(b"\xef\xbb\xbf"):
        text = data[3:].decode("utf-8", errors="strict") if _utf8_ok(data[3:]) else None
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError("bad_encoding", f"{name} bắt đầu như văn bản UTF-16 nhưng dữ liệu hỏng (cắt cụt?).",
                             f"{name} starts as UTF-16 text but its data is damaged (truncated?).") from None
    else:
        head = data[:4000]
        if head.count(b"\x00") > len(head) // 4:
            # UTF-16 without BOM: NULs in every other byte.
            even_nuls = head[0::2].count(b"\x00")
            odd_nuls = head[1::2].count(b"\x00")
            text = data.decode("utf-16-be" if even_nuls > odd_nuls else "utf-16-le", errors="replace")
        elif _utf8_ok(data):
            text = data.decode("utf-8")
    if text is None:
        body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
        bad = _mostly_utf8(body) if b"\x00" not in body[:4000] else None
        if bad is not None:
            text, replaced = body.decode("utf-8", errors="replace"), bad
    if text is None:
        if b"\x00" in data[:4000]:
            raise InputError("binary", f"{name} không phải văn bản (dữ liệu nhị phân).",
                             f"{name} is not text (binary data).")
        text = data.decode("cp1258", errors="replace")
    if "\x00" in text[:4000]:
        raise InputError("binary", f"{name} không phải văn bản (dữ liệu nhị phân).",
                         f"{name} is not text (binary data).")
    kind = legacy_encoding(text)
    if kind:
        raise legacy_error(kind, name)
    text = unicodedata.normalize("NFC", text).translate(ZERO_WIDTH)
    return text.replace("\r\n", "\n").replace("\r", "\n"), replaced


def _utf8_ok(data: bytes) -> bool:
    try:
        data.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False
