"""Translation files for translators: gettext PO catalogues kept in step with the library.

`update(lib, locale)` writes, under locales/<locale>/:

    interface.po            the pack's own words (templates, labels, checks)
    library.po              library, audience, level, country and figure texts
    modules/<module>.po     one catalogue a module

Each entry's msgctxt names the text (texts.py), its msgid is the library's current wording and
its msgstr the translation. Updating keeps every translation whose msgid still matches; where
the wording changed, it keeps the old translation marked fuzzy, with the old wording as
`#| msgid`, so a translator sees exactly what changed; texts that no longer exist are kept at
the end as obsolete entries. Nothing a translator wrote is ever dropped.

`status(lib)` counts, per locale and catalogue, what is translated, stale (fuzzy, or written for
an older wording) and untranslated.
"""
from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import write_po
from jinja2.ext import babel_extract

from . import interface, po
from .facts import LABELS
from .library import Library
from .texts import (audience_texts, country_texts, figure_texts, level_texts, library_texts,
                    module_texts)
from .write import atomic_write


@dataclass(frozen=True)
class Entry:
    context: str | None
    msgid: str


def interface_entries(lib: Library) -> list[Entry]:
    seen: list[str] = []
    for template in sorted(lib.templates.rglob("*.j2")):
        with open(template, "rb") as handle:
            for _, _, message, _ in babel_extract(handle, ["_"], [], {
                    "trim_blocks": "true", "lstrip_blocks": "true"}):
                if isinstance(message, tuple):
                    message = message[0]
                if isinstance(message, str) and message not in seen:
                    seen.append(message)
    for message in interface.RUNTIME + list(LABELS.values()):
        if message not in seen:
            seen.append(message)
    return [Entry(None, message) for message in seen]


def catalogues(lib: Library) -> dict[str, list[Entry]]:
    """Catalogue file name (under locales/<locale>/) -> its entries, in a stable order."""
    library = [t for t in library_texts(lib.meta)]
    for audience in sorted(lib.audiences.values(), key=lambda a: a.id):
        library += audience_texts(audience)
    for level in lib.levels:
        library += level_texts(level)
    for country in sorted(lib.countries.values(), key=lambda c: c.id):
        library += country_texts(country)
    for figure in sorted(lib.figures.values(), key=lambda f: f.id):
        library += figure_texts(figure)
    out = {"interface.po": interface_entries(lib),
           "library.po": [Entry(t.context, t.text) for t in library]}
    for module in sorted(lib.modules.values(), key=lambda m: m.id):
        out[f"modules/{module.id}.po"] = [Entry(t.context, t.text) for t in module_texts(module)]
    return out


def _read(path: Path, locale: str) -> Catalog:
    return po.read(path, locale) if path.exists() else po.empty(locale)


def _merge(old: Catalog, entries: list[Entry], locale: str, lib: Library) -> Catalog:
    # dates from the library, not the clock, so that an unchanged library rewrites nothing
    day = dt.datetime.fromisoformat(lib.meta.date).replace(tzinfo=dt.timezone.utc)
    new = Catalog(locale=po.babel_locale(locale), project=lib.meta.name,
                  version=lib.meta.version, fuzzy=False, creation_date=day, revision_date=day,
                  header_comment=f"# Translations of {lib.meta.name} into {locale}.\n"
                                 f"# Edit msgstr only; `curriculum translate update` keeps this "
                                 f"file in step with the library.")
    by_context: dict[str | None, Message] = {}
    for message in old:
        if message.id:
            by_context.setdefault(message.context, message)
    used: set[tuple[str | None, object]] = set()
    for entry in entries:
        same = old.get(entry.msgid, context=entry.context)
        if same is not None and same.string:
            new.add(entry.msgid, same.string, context=entry.context, flags=same.flags,
                    previous_id=same.previous_id if same.fuzzy else ())
            used.add((entry.context, entry.msgid))
            continue
        earlier = by_context.get(entry.context) if entry.context else None
        if earlier is not None and earlier.string and earlier.id != entry.msgid:
            new.add(entry.msgid, earlier.string, context=entry.context, flags={"fuzzy"},
                    previous_id=earlier.id)
            used.add((earlier.context, earlier.id))
            continue
        new.add(entry.msgid, "", context=entry.context)
    wanted = {e.context for e in entries}
    for message in old:
        if message.id and message.string and (message.context, message.id) not in used \
                and (message.context in wanted or message.context is None and None in wanted):
            new.obsolete[(message.id, message.context)] = message  # type: ignore[index]
    return new


def _pool(folder: Path, locale: str) -> Catalog:
    """Every translation in the locale's PO files, whichever file it is in."""
    pool = po.empty(locale)
    for path in sorted(folder.rglob("*.po")):
        for message in _read(path, locale):
            if message.id and message.string and pool.get(message.id, message.context) is None:
                pool.add(message.id, message.string, context=message.context,
                         flags=message.flags)
    return pool


def update(lib: Library, locale: str) -> tuple[list[Path], list[Path]]:
    """Create or update the locale's standard PO files.

    Returns (files written, other PO files found): translations in other files are carried
    into the standard ones, and the other files are left alone for the translator to remove.
    """
    folder = lib.root / "locales" / locale
    pool = _pool(folder, locale)
    names = catalogues(lib)
    written = []
    for name, entries in names.items():
        path = folder / name
        old = _read(path, locale)
        for message in pool:  # translations kept in some other file of the locale
            if message.id and old.get(message.id, message.context) is None:
                old.add(message.id, message.string, context=message.context,
                        flags=message.flags)
        merged = _merge(old, entries, locale, lib)
        buffer = io.BytesIO()
        write_po(buffer, merged, width=0, include_previous=True, omit_header=False,
                 sort_output=False)
        data = buffer.getvalue()
        if not path.exists() or path.read_bytes() != data:
            atomic_write(path, data)
            written.append(path)
    others = [p for p in sorted(folder.rglob("*.po"))
              if p.relative_to(folder).as_posix() not in names]
    return written, others


@dataclass
class Status:
    locale: str
    catalogue: str
    translated: int
    stale: int
    untranslated: int

    @property
    def total(self) -> int:
        return self.translated + self.stale + self.untranslated


def status(lib: Library, locales: list[str] | None = None) -> list[Status]:
    rows = []
    for locale in sorted(locales or lib.locales):
        if locale == lib.meta.default_locale:
            continue
        messages = lib.translations.get(locale, {})
        contexts = {ctx for ctx, _ in messages}
        for name, entries in catalogues(lib).items():
            row = Status(locale, name, 0, 0, 0)
            for entry in entries:
                message = messages.get((entry.context, entry.msgid))
                if message is not None and message.current:
                    row.translated += 1
                elif message is not None or (entry.context is not None and
                                             entry.context in contexts):
                    row.stale += 1
                else:
                    row.untranslated += 1
            rows.append(row)
    return rows
