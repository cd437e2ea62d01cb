"""The loaded library as one value: every model that was read, and where each was read from.

`loader.load` makes it; every later stage takes it as its first argument and none changes it.
It is the project's one configuration object (as Jinja's Environment is): passed down, never
global.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import yamlsource
from .diagnostics import Diagnostic
from .models import (Audience, Country, Figure, Level, LibraryMeta, LocaleInfo, Module, Overlay,
                     Rule, Source)


@dataclass(frozen=True)
class Origin:
    """Where an entity was read from: its file and its key inside that file."""

    doc: yamlsource.Document
    key: tuple = ()

    def place(self, *key) -> tuple[str, int, int]:
        place = self.doc.place(self.key + tuple(key))
        return str(self.doc.path), place.line, place.col

    def text_place(self, key: tuple, offset: int) -> tuple[str, int, int]:
        line, col = self.doc.text_line(self.key + tuple(key), offset)
        return str(self.doc.path), line, col

    def style(self, key: tuple) -> str | None:
        """The YAML scalar style of the value at `key` ('|', '>', quotes or None)."""
        return self.doc.place(self.key + tuple(key)).style


@dataclass(frozen=True)
class Message:
    """One translated string from a PO file."""

    msgid: str
    msgstr: str
    fuzzy: bool
    path: str
    line: int
    reviewed: bool = False  # the catalogue says a native speaker reviewed it

    @property
    def current(self) -> bool:
        """Usable in a pack: translated and not marked fuzzy (the one home of that rule)."""
        return bool(self.msgstr) and not self.fuzzy


# locale -> (msgctxt, msgid) -> Message; msgctxt None holds the interface strings
Catalogue = dict[tuple[str | None, str], Message]


@dataclass
class Library:
    root: Path
    meta: LibraryMeta
    modules: dict[str, Module] = field(default_factory=dict)
    audiences: dict[str, Audience] = field(default_factory=dict)
    levels: list[Level] = field(default_factory=list)
    countries: dict[str, Country] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    figures: dict[str, Figure] = field(default_factory=dict)
    locales: dict[str, LocaleInfo] = field(default_factory=dict)
    translations: dict[str, Catalogue] = field(default_factory=dict)
    # (country, module) -> how that country adapts the module (overlays/<country>/<module>.yaml)
    overlays: dict[tuple[str, str], Overlay] = field(default_factory=dict)
    terminology: list[Rule] = field(default_factory=list)  # for the library's own language
    locale_terminology: dict[str, list[Rule]] = field(default_factory=dict)  # for the others
    origins: dict[tuple[str, str], Origin] = field(default_factory=dict)
    broken: set[tuple[str, str]] = field(default_factory=set)  # files that failed to load
    # what loading found that does not stop a build (warnings); validate() reports them again,
    # and never adds to this
    diagnostics: tuple[Diagnostic, ...] = ()

    @property
    def templates(self) -> Path:
        return self.root / "templates"

    @property
    def level_ids(self) -> list[str]:
        return [level.id for level in self.levels]

    def level(self, level_id: str) -> Level:
        return next(level for level in self.levels if level.id == level_id)

    def origin(self, kind: str, ident: str) -> Origin:
        return self.origins[(kind, ident)]

    def rel(self, path: Path | str) -> str:
        try:
            return Path(path).resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return str(path)
