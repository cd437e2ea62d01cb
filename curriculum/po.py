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


_KEYWORD = re.compile(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+(".*)$')
_STRING = re.compile(r'^"((?:[^"\\]|\\.)*)"\s*$')


def check_syntax(text: str, path: Path) -> None:
    """Read a PO file as strictly as `msgfmt --check` does, raising PoError at the first line
    it would reject: a string not closed, text after a closing quote, a keyword out of order
    (an orphan msgstr, a doubled msgctxt), an entry defined twice."""
    seen: dict[tuple[str | None, str], int] = {}
    state = "start"  # what the last keyword was
    context: str | None = None
    msgid: str | None = None
    entry_line = 0

    def finish():
        if msgid is not None and state not in ("msgid", "msgid_plural", "msgctxt"):
            key = (context, msgid)
            if key in seen:
                raise PoError(path, entry_line, 1, f"this entry is defined twice (first at line "
                              f"{seen[key]})", "keep one of the two entries")
            seen.setdefault(key, entry_line)

    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):  # comments, and obsolete entries (#~)
            continue
        match = _KEYWORD.match(line)
        if match:
            keyword, rest = match.group(1), match.group(2)
            if not _STRING.match(rest):
                raise PoError(path, number, 1, "a string here is not closed, or has text after "
                              "its closing quote", 'write the text as "...", escaping " as \\"')
            value = _STRING.match(rest).group(1)  # type: ignore[union-attr]
            if keyword == "msgctxt":
                if state == "msgctxt":
                    raise PoError(path, number, 1, "a second msgctxt for the same entry",
                                  "keep one msgctxt before the msgid")
                finish()
                context, msgid, state, entry_line = value, None, "msgctxt", number
            elif keyword == "msgid":
                if state == "msgid":
                    raise PoError(path, number, 1, "a msgid with no msgstr before the next one",
                                  'add msgstr "" after the msgid')
                if state != "msgctxt":
                    finish()
                    context, entry_line = None, number
                msgid, state = value, "msgid"
            elif keyword == "msgid_plural":
                if state != "msgid":
                    raise PoError(path, number, 1, "msgid_plural must follow a msgid", "")
                state = "msgid_plural"
            else:
                plural = keyword != "msgstr"  # msgstr[n]
                allowed = ("msgid_plural", "msgstr[]") if plural else ("msgid",)
                if state not in allowed:
                    raise PoError(path, number, 1, "a msgstr with no msgid before it",
                                  "add the msgid, or remove this msgstr")
                state = "msgstr[]" if plural else "msgstr"
            continue
        if _STRING.match(line):
            if state == "start":
                raise PoError(path, number, 1, "a string outside any entry", "remove it")
            if state == "msgid" and msgid is not None:
                msgid += _STRING.match(line).group(1)  # type: ignore[union-attr]
            elif state == "msgctxt" and context is not None:
                context += _STRING.match(line).group(1)  # type: ignore[union-attr]
            continue
        raise PoError(path, number, 1, "this line is not part of a PO entry (a string not "
                      "closed on the line above, or text after a closing quote)",
                      'each line is a comment, a keyword with its "string", or a "string"')
    if state in ("msgid", "msgid_plural", "msgctxt"):
        raise PoError(path, entry_line, 1, "the last entry has no msgstr", 'add msgstr ""')
    finish()


MAX_BYTES = 5_000_000


def read(path: Path, locale: str | None = None, root: Path | None = None) -> Catalog:
    """Parse one PO file strictly (UTF-8, gettext's syntax, no invalid entries); with `root`,
    a file that is not a regular file inside the library is refused first (files.py)."""
    from .files import FileProblem, read_bytes

    try:
        raw = read_bytes(path, root or path.parent, MAX_BYTES)
    except FileProblem as exc:
        raise PoError(path, 1, 1, exc.message, exc.hint) from None
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        raise PoError(path, before.count(b"\n") + 1, exc.start - before.rfind(b"\n"),
                      "the PO file is not valid UTF-8", "save it as UTF-8") from None
    check_syntax(raw.decode("utf-8").removeprefix("\ufeff"), path)
    try:
        return read_po(io.BytesIO(raw.removeprefix(b"\xef\xbb\xbf")),
                       locale=babel_locale(locale) if locale else None,
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
