"""Readers: one per input kind, all producing the same document model."""

from __future__ import annotations

import os

from ..errors import InputError
from ..model import Document
from .assemble import assemble
from .docx import read_docx
from .encoding import decode_text
from .text import looks_like_markdown, read_lines

# ".doc" is listed so that a folder's old Word files are reported ("save as .docx"), not skipped
DRAFT_EXTENSIONS = (".docx", ".md", ".markdown", ".txt", ".text", ".doc")
MAX_BYTES = 100 * 1024 * 1024          # any draft file (a DOCX may carry pictures)
MAX_TEXT_BYTES = 10 * 1024 * 1024      # a text or Markdown draft: a province report is a few hundred kB


def detect_format(path: str) -> str:
    ext = os.path.splitext(path)[1].lower()
    if ext in (".docx", ".docm", ".dotx"):
        return "docx"
    if ext in (".md", ".markdown"):
        return "markdown"
    return "text"


def read_bytes(path: str) -> bytes:
    name = os.path.basename(path)
    try:
        size = os.path.getsize(path)
        if size > MAX_BYTES:
            raise InputError("too_large", f"{name} quá lớn ({size // (1024 * 1024)} MB).",
                             f"{name} is too large ({size // (1024 * 1024)} MB).")
        with open(path, "rb") as fh:
            return fh.read()
    except FileNotFoundError:
        raise InputError("not_found", f"Không tìm thấy tệp {path}.", f"File not found: {path}.") from None
    except IsADirectoryError:
        raise InputError("is_directory", f"{path} là thư mục, không phải tệp.",
                         f"{path} is a directory, not a file.") from None
    except PermissionError:
        raise InputError("permission", f"Không có quyền đọc tệp {path}.",
                         f"No permission to read {path}.") from None
    except OSError as exc:
        raise InputError("io_error", f"Không đọc được tệp {path}: {exc.strerror}.",
                         f"Cannot read {path}: {exc.strerror}.") from None


def read_document(path: str, data: bytes | None = None) -> Document:
    """Read a draft (DOCX, Markdown or plain text) into the document model."""
    name = os.path.basename(path)
    if data is None:
        data = read_bytes(path)
    ext = os.path.splitext(path)[1].lower()
    if ext == ".doc":
        raise InputError("legacy_doc",
                         f"{name} là định dạng Word cũ (.doc). Hãy mở bằng Word và lưu lại dưới dạng .docx.",
                         f"{name} is the old Word format (.doc). Open it in Word and save it as .docx.")
    fmt = detect_format(path)
    if fmt == "docx":
        items, pending = read_docx(data, name)
        return assemble(items, path, "docx", pending_changes=pending, real_footnotes=True)
    if len(data) > MAX_TEXT_BYTES:
        raise InputError("too_large",
                         f"{name} quá lớn cho một dự thảo văn bản ({len(data) // (1024 * 1024)} MB; giới hạn "
                         f"{MAX_TEXT_BYTES // (1024 * 1024)} MB). Hãy kiểm tra lại tệp.",
                         f"{name} is too large for a text draft ({len(data) // (1024 * 1024)} MB; the limit is "
                         f"{MAX_TEXT_BYTES // (1024 * 1024)} MB). Check the file.")
    text = decode_text(data, name)
    if fmt == "text" and looks_like_markdown(text):
        fmt = "markdown"
    items = read_lines(text, markdown=(fmt == "markdown"))
    return assemble(items, path, fmt)
