"""The one reader of gettext PO files, for loading (translations in packs) and for
`curriculum translate` (keeping catalogues in step). A file that cannot be read is a `PoError`
with its place, never a half-read catalogue.
"""
from __future__ import annotations

import io
import re
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, read_po

from .errors import CurriculumError


class PoError(CurriculumError):
    def __init__(self, path: Path, line: int, col: int, message: str, hint: str):
        super().__init__(f"{path}:{line}:{col}: {message}")
        self.path, self.line, self.col, self.message, self.hint = path, line, col, message, hint


def babel_locale(locale: str) -> str:
    return locale.replace("-", "_")


def read(path: Path, locale: str | None = None) -> Catalog:
    """Parse one PO file strictly (UTF-8, no invalid entries)."""
    raw = path.read_bytes()
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        raise PoError(path, before.count(b"\n") + 1, exc.start - before.rfind(b"\n"),
                      "the PO file is not valid UTF-8", "save it as UTF-8") from None
    try:
        return read_po(io.BytesIO(raw), locale=babel_locale(locale) if locale else None,
                       abort_invalid=True, charset="utf-8")
    except PoFileError as exc:
        raise PoError(path, exc.lineno + 1, 1,
                      f"invalid PO file: {str(exc).rsplit(' on ', 1)[0]}",
                      "check the quoting of msgid/msgstr on this line") from None
    except (ValueError, LookupError) as exc:  # babel's errors for malformed headers
        raise PoError(path, 1, 1, f"invalid PO file: {exc}",
                      "check the file's header entry") from None


REVIEW_HEADER = re.compile(r'^"X-Translation-Review:\s*([^"\\]*)', re.MULTILINE)


def reviewed(path: Path) -> bool:
    """Whether the catalogue's header says a native speaker reviewed it (X-Translation-Review:
    anything but 'draft'); a catalogue that says nothing is a draft."""
    head = path.read_bytes()[:4000].decode("utf-8", "replace")
    match = REVIEW_HEADER.search(head)
    if match is None:
        return False
    return match.group(1).strip().lower() not in ("", "draft")


def empty(locale: str) -> Catalog:
    return Catalog(locale=babel_locale(locale))
