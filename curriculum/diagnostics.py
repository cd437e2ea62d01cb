"""Problems in a user's files, as values.

Every stage returns or raises diagnostics instead of printing: a diagnostic names the place
(path, line, column), what is wrong, and how to fix it. One place (`format_*` below) turns them
into text for a terminal, JSON for tools, or annotations for CI.
"""
from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Literal

from .errors import CurriculumError

Severity = Literal["error", "warning"]


def valid_utf8(text: str) -> str:
    """A file name's bytes that are not UTF-8 (surrogate escapes) shown as \\x.. escapes."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def printable(text: str) -> str:
    """`text` safe to print on one line: bytes that are not UTF-8 (in a file name) and control
    characters (a newline in a file name) are shown escaped, so no output can be forged."""
    text = valid_utf8(text)
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii")
                   for c in text)


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str
    line: int
    col: int
    message: str
    hint: str = ""
    code: str = "error"
    severity: Severity = field(default="error", compare=False)

    def text(self) -> str:
        place = f"{printable(self.path)}:{self.line}:{self.col}"
        tail = f" (hint: {printable(self.hint)})" if self.hint else ""
        label = "" if self.severity == "error" else f"{self.severity}: "
        return f"{place}: {label}{printable(self.message)}{tail}"


class Problems(CurriculumError):
    """Raised by a stage that cannot go on; carries every diagnostic found so far."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = sorted(set(diagnostics))
        super().__init__("\n".join(d.text() for d in self.diagnostics))


class Collector:
    """Gathers diagnostics so that a stage reports all problems at once."""

    def __init__(self, root: Path | None = None):
        self.root = root
        self.items: list[Diagnostic] = []

    def rel(self, path: Path | str) -> str:
        """The path as the user named it, from the library's root: a link keeps its own name."""
        path = Path(path)
        if self.root is not None:
            for mine, root in ((Path(os.path.abspath(path)), Path(os.path.abspath(self.root))),
                               (path.resolve(), self.root.resolve())):
                try:
                    return mine.relative_to(root).as_posix()
                except ValueError:
                    continue
        return path.as_posix()

    def add(self, path: Path | str, line: int, col: int, message: str, hint: str = "",
            code: str = "error", severity: Severity = "error") -> None:
        self.items.append(Diagnostic(valid_utf8(self.rel(path)), max(line, 1), max(col, 1),
                                     message, hint, code, severity))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if is_error(d)]

    def raise_if_errors(self) -> None:
        if self.errors:
            raise Problems(self.items)


def is_error(diagnostic: Diagnostic) -> bool:
    return diagnostic.severity == "error"


def summary(items: list[Diagnostic]) -> str:
    """"2 errors, 1 warning in 2 files"."""
    errors = sum(1 for d in items if is_error(d))
    warnings = len(items) - errors
    files = len({d.path for d in items})
    return (f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)} "
            f"in {files} file{'s' * (files != 1)}")


def format_text(diagnostics: list[Diagnostic]) -> str:
    return "\n".join(d.text() for d in sorted(set(diagnostics)))


def format_json(diagnostics: list[Diagnostic]) -> str:
    return json.dumps([asdict(d) for d in sorted(set(diagnostics))], indent=2, ensure_ascii=False)


def format_github(diagnostics: list[Diagnostic]) -> str:
    """GitHub Actions workflow commands, so CI shows each problem on its line."""
    lines = []
    for d in sorted(set(diagnostics)):
        kind = "error" if d.severity == "error" else "warning"
        message = d.message + (f" (hint: {d.hint})" if d.hint else "")
        message = message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        lines.append(f"::{kind} file={_property(d.path)},line={d.line},col={d.col},"
                     f"title={_property(d.code)}::{message}")
    return "\n".join(lines)


def _property(value: str) -> str:
    """A workflow command's property value: GitHub's escapes, so a file name cannot end the
    command early or start another."""
    return (value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
            .replace(":", "%3A").replace(",", "%2C"))


FORMATTERS = {"text": format_text, "json": format_json, "github": format_github}
