"""Translation files for translators: gettext PO catalogues kept in step with the library.

`update(lib, locale)` writes, under locales/<locale>/:

    interface.po            the pack's own words (templates, labels, checks)
    library.po              library, audience, level, country and figure texts
    modules/<module>.po     one catalogue a module

and `templates(lib)` the template catalogues (locales/templates/*.pot) with `#:` references to
the source file and line, as Sphinx and Weblate expect.

Each entry's msgctxt names the text (texts.py), its msgid is the library's current wording and
its msgstr the translation. Keys are stable: an objective or a quiz answer is keyed by its
text within its module or question, never by its position, so inserting one moves no
translation onto other English.

Updating keeps everything a translator or their tool wrote: the header (Last-Translator,
Language-Team, PO-Revision-Date, X-Generator, Plural-Forms ...), translator comments, flags and
previous msgids. Where the wording changed, the old translation stays, marked fuzzy, with the
old wording as `#| msgid`, so a translator sees exactly what changed; texts that no longer
exist are kept at the end as obsolete entries. Nothing a translator wrote is ever dropped.
polib writes the files (babel's writer breaks a multi-line `#| msgid`).

A catalogue's review state is its header field `X-Translation-Review`: `draft` until a native
speaker has reviewed it (then `reviewed`, or a name and a date). Packs made from a draft say
"translation not yet reviewed".

`status(lib)` counts, per locale and catalogue, what is translated, stale (fuzzy, or written for
an older wording) and untranslated, with the review state.
"""
from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass
from pathlib import Path

import polib
from jinja2.ext import babel_extract

from . import interface
from .errors import CurriculumError
from .files import inside
from .models import LOCALE
from .facts import LABELS
from .library import Library
from .texts import (Text, audience_texts, country_texts, figure_texts, level_texts, library_texts,
                    module_texts, overlay_texts)
from .write import atomic_write

REVIEW = "X-Translation-Review"
TEMPLATES = "templates"  # locales/templates/: the .pot files, not a locale
BRACE = re.compile(r"\{[a-z_][a-z0-9_]*\}")  # a str.format placeholder, as the code passes them


class LocaleError(CurriculumError):
    pass


def start_locale(lib: Library, locale: str) -> Path:
    """locales/<locale>/locale.yaml for a new language, from Babel's data (its own name, its
    English name, its direction): one command starts a translation."""
    from babel import Locale
    from babel.core import UnknownLocaleError

    if not LOCALE.match(locale):
        raise LocaleError(f"'{locale}' is not a locale tag such as 'es', 'pt-BR' or 'zh-Hant'")
    try:
        info = Locale.parse(locale.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        raise LocaleError(f"Babel knows no language '{locale}'; create locales/{locale}/"
                          f"locale.yaml by hand (see docs/translating.md)") from None
    name = (info.display_name or locale).split(" (")[0]
    english = (info.english_name or locale).split(" (")[0]
    direction = "rtl" if info.character_order == "right-to-left" else "ltr"
    path = lib.root / "locales" / locale / "locale.yaml"
    atomic_write(path, (f"id: {locale}\nname: {json.dumps(name[:1].upper() + name[1:], ensure_ascii=False)}\n"
                        f"english_name: {json.dumps(english)}\ndirection: {direction}\n").encode())
    return path


@dataclass(frozen=True)
class Entry:
    context: str | None
    msgid: str
    where: tuple[str, int] | None = None  # the source file and line, for `#:`


def interface_entries(lib: Library) -> list[Entry]:
    seen: dict[str, tuple[str, int] | None] = {}
    for template in sorted(lib.templates.rglob("*.j2")):
        with open(template, "rb") as handle:
            for line, _, message, _ in babel_extract(handle, ["_"], [], {
                    "trim_blocks": "true", "lstrip_blocks": "true"}):
                if isinstance(message, tuple):
                    message = message[0]
                if isinstance(message, str) and message not in seen:
                    seen[message] = (lib.rel(template), line)
    for message in interface.RUNTIME + list(LABELS.values()):
        seen.setdefault(message, None)
    return [Entry(None, message, where) for message, where in seen.items()]


def _entries(lib: Library, kind: str, ident: str, texts: list[Text]) -> list[Entry]:
    origin = lib.origins.get((kind, ident))
    out = []
    for text in texts:
        where = None
        if origin is not None:
            path, line, _ = origin.text_place(text.key, 0)
            where = (lib.rel(path), line)
        out.append(Entry(text.context, text.text, where))
    return out


def catalogues(lib: Library, locale: str | None = None) -> dict[str, list[Entry]]:
    """Catalogue file name (under locales/<locale>/) -> its entries, in a stable order. A
    country's overlays have a catalogue of their own, overlays/<country>.po, in the locales that
    country uses only (all of them when no locale is given)."""
    library = _entries(lib, "library", "library", library_texts(lib.meta))
    for audience in sorted(lib.audiences.values(), key=lambda a: a.id):
        library += _entries(lib, "audience", audience.id, audience_texts(audience))
    for level in lib.levels:
        library += _entries(lib, "level", level.id, level_texts(level))
    for country in sorted(lib.countries.values(), key=lambda c: c.id):
        library += _entries(lib, "country", country.id, country_texts(country))
    for figure in sorted(lib.figures.values(), key=lambda f: f.id):
        library += _entries(lib, "figure", figure.id, figure_texts(figure))
    out = {"interface.po": interface_entries(lib), "library.po": _unique(library)}
    for module in sorted(lib.modules.values(), key=lambda m: m.id):
        out[f"modules/{module.id}.po"] = _unique(
            _entries(lib, "module", module.id, module_texts(module)))
    for (where, module_id), overlay in sorted(lib.overlays.items()):
        if where in lib.countries and (locale is None or locale in lib.countries[where].locales):
            out.setdefault(f"overlays/{where}.po", []).extend(_entries(
                lib, "overlay", f"{where}/{module_id}", overlay_texts(where, module_id, overlay)))
    return out


def _unique(entries: list[Entry]) -> list[Entry]:
    """One entry per (context, msgid): two identical answers of one question are one text."""
    seen: set[tuple[str | None, str]] = set()
    out = []
    for entry in entries:
        if (entry.context, entry.msgid) not in seen:
            seen.add((entry.context, entry.msgid))
            out.append(entry)
    return out


# ---------------------------------------------------------------------------------------------
# writing


def _flags(entry: Entry, kept: list[str]) -> list[str]:
    """The flags an entry carries: the translator's own (fuzzy, no-wrap, ...), and a format flag
    only when it is one. No text is python-format (the code never %-formats one, and a '27%'
    would make msgfmt reject a correct '27 %'); interface strings with {name} placeholders are
    python-brace-format, which msgfmt --check holds the translation to."""
    flags = [f for f in kept if f not in ("python-format", "python-brace-format")]
    if entry.context is None and BRACE.search(entry.msgid):
        flags.append("python-brace-format")
    return flags


def _occurrences(entry: Entry) -> list[tuple[str, str]]:
    return [(entry.where[0], str(entry.where[1]))] if entry.where else []


def _metadata(lib: Library, locale: str, old: polib.POFile | None) -> dict[str, str]:
    """The translator's header as they left it; defaults only where it says nothing."""
    day = f"{lib.meta.date} 00:00+0000"  # the library's date, not the clock: no churn
    defaults = {
        "Project-Id-Version": f"{lib.meta.name} {lib.meta.version}",
        "POT-Creation-Date": day,
        "PO-Revision-Date": day,
        "Language": locale.replace("-", "_"),
        "Last-Translator": "",
        "Language-Team": "",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        REVIEW: "draft",
    }
    kept = dict(old.metadata) if old is not None else {}
    return {**defaults, **kept}


def _read(path: Path) -> polib.POFile | None:
    return polib.pofile(str(path), wrapwidth=0) if path.exists() else None


def _merge(lib: Library, locale: str, entries: list[Entry], old: polib.POFile | None,
           pool: dict[tuple[str | None, str], polib.POEntry]) -> polib.POFile:
    new = polib.POFile(wrapwidth=0, check_for_duplicates=False)
    new.header = old.header if old is not None and old.header else (
        f"Translations of {lib.meta.name} into {locale}.\n"
        f"Edit msgstr only; `curriculum translate update` keeps this file in step with the "
        f"library and keeps your comments, flags and header.")
    new.metadata = _metadata(lib, locale, old)
    current = {(e.msgctxt, e.msgid): e for e in (old or []) if not e.obsolete}
    used: set[tuple[str | None, str]] = set()
    wanted = {(e.context, e.msgid) for e in entries}
    for entry in entries:
        key = (entry.context, entry.msgid)
        same = current.get(key) or pool.get(key)
        if same is not None:
            used.add(key)
            new.append(_copy(same, entry, fuzzy=None))
            continue
        earlier = _earlier(entry, {**pool, **current}, used, wanted)
        if earlier is not None:
            used.add((earlier.msgctxt, earlier.msgid))
            new.append(_copy(earlier, entry, fuzzy=earlier.msgid))
            continue
        new.append(polib.POEntry(msgctxt=entry.context, msgid=entry.msgid, msgstr="",
                                 occurrences=_occurrences(entry), flags=_flags(entry, [])))
    for key, old_entry in current.items():
        if key not in used and key not in wanted and old_entry.msgstr:
            old_entry.obsolete = True
            new.append(old_entry)
    for old_entry in old or []:
        if old_entry.obsolete:
            new.append(old_entry)
    return new


def _earlier(entry: Entry, current: dict, used: set, wanted: set) -> polib.POEntry | None:
    """The translation of this text's earlier wording: the same context, its msgid changed.
    Where a context holds several texts (objectives, answers), the most similar wording."""
    if entry.context is None:
        return None
    candidates = [e for (ctx, msgid), e in current.items()
                  if ctx == entry.context and e.msgstr and (ctx, msgid) not in used
                  and (ctx, msgid) not in wanted]
    if not candidates:
        return None
    best = max(candidates, key=lambda e: difflib.SequenceMatcher(None, e.msgid,
                                                                 entry.msgid).ratio())
    if len(candidates) > 1 and difflib.SequenceMatcher(None, best.msgid,
                                                       entry.msgid).ratio() < 0.6:
        return None  # nothing near enough: better untranslated than on the wrong English
    return best


def _copy(old: polib.POEntry, entry: Entry, fuzzy: str | None) -> polib.POEntry:
    """The old entry under the current text: every comment and flag kept; with `fuzzy` (the
    old wording), marked fuzzy with the old wording as the previous msgid."""
    flags = list(old.flags)
    if fuzzy is not None and "fuzzy" not in flags:
        flags.append("fuzzy")
    previous = fuzzy if fuzzy is not None else old.previous_msgid
    return polib.POEntry(
        msgctxt=entry.context, msgid=entry.msgid, msgstr=old.msgstr,
        tcomment=old.tcomment, comment=old.comment, occurrences=_occurrences(entry),
        flags=_flags(entry, flags),
        previous_msgid=previous if "fuzzy" in flags else None,
        previous_msgctxt=old.previous_msgctxt if "fuzzy" in flags else None)


def _pool(folder: Path) -> dict[tuple[str | None, str], polib.POEntry]:
    """Every translation in the locale's PO files, whichever file it is in."""
    pool: dict[tuple[str | None, str], polib.POEntry] = {}
    for path in sorted(folder.rglob("*.po")):
        for entry in polib.pofile(str(path), wrapwidth=0):
            if entry.msgid and entry.msgstr and not entry.obsolete:
                pool.setdefault((entry.msgctxt, entry.msgid), entry)
    return pool


def _bytes(catalogue: polib.POFile) -> bytes:
    return (str(catalogue).rstrip("\n") + "\n").encode("utf-8")


def update(lib: Library, locale: str, every: bool = False) -> tuple[list[Path], list[Path]]:
    """Create or update the locale's standard PO files: the interface, library and overlay
    catalogues always; a module's catalogue when it exists already or some file of the locale
    translates one of its texts, or when `every` is set or the locale has none yet (a new
    language starts with all of them), so that a locale holds the catalogues someone is
    translating; `translate status` lists the rest.

    Returns (files written, other PO files found): translations in other files are carried
    into the standard ones, and the other files are left alone for the translator to remove.
    """
    folder = lib.root / "locales" / locale
    if folder.exists() and not inside(folder, lib.root):
        raise LocaleError(f"locales/{locale} is a link to a place outside the library; "
                          f"translate update does not write through it")
    pool = _pool(folder)
    begun = {context for context, _ in pool}
    # a locale that has no module catalogue yet is being started: it gets all of them
    every = every or not list((folder / "modules").glob("*.po"))
    names = catalogues(lib, locale)
    written = []
    for name, entries in names.items():
        path = folder / name
        started = path.exists() or any(e.context in begun for e in entries)
        if not every and name.startswith("modules/") and not started:
            continue  # nobody has started this module in this locale
        data = _bytes(_merge(lib, locale, entries, _read(path), pool))
        if not path.exists() or path.read_bytes() != data:
            atomic_write(path, data)
            written.append(path)
    others = [p for p in sorted(folder.rglob("*.po"))
              if p.relative_to(folder).as_posix() not in names]
    return written, others


def templates(lib: Library) -> list[Path]:
    """Write locales/templates/<catalogue>.pot: every entry with an empty msgstr and `#:`."""
    folder = lib.root / "locales" / TEMPLATES
    written = []
    for name, entries in catalogues(lib).items():
        pot = polib.POFile(wrapwidth=0, check_for_duplicates=False)
        pot.header = f"Template catalogue of {lib.meta.name}: start a translation from it."
        pot.metadata = {"Project-Id-Version": f"{lib.meta.name} {lib.meta.version}",
                        "POT-Creation-Date": f"{lib.meta.date} 00:00+0000",
                        "MIME-Version": "1.0", "Content-Type": "text/plain; charset=UTF-8",
                        "Content-Transfer-Encoding": "8bit"}
        for entry in entries:
            pot.append(polib.POEntry(msgctxt=entry.context, msgid=entry.msgid, msgstr="",
                                     occurrences=_occurrences(entry), flags=_flags(entry, [])))
        path = folder / (name[:-3] + ".pot")
        data = _bytes(pot)
        if not path.exists() or path.read_bytes() != data:
            atomic_write(path, data)
            written.append(path)
    return written


@dataclass
class Status:
    locale: str
    catalogue: str
    translated: int
    stale: int
    untranslated: int
    review: str = "draft"

    @property
    def total(self) -> int:
        return self.translated + self.stale + self.untranslated


def review_state(path: Path) -> str:
    """A catalogue's review state from its header: 'draft' unless it says otherwise."""
    if not path.exists():
        return "missing"
    return (polib.pofile(str(path)).metadata.get(REVIEW) or "draft").strip()


def status(lib: Library, locales: list[str] | None = None) -> list[Status]:
    rows = []
    for locale in sorted(locales or lib.locales):
        if locale == lib.meta.default_locale:
            continue
        messages = lib.translations.get(locale, {})
        contexts = {ctx for ctx, _ in messages}
        folder = lib.root / "locales" / locale
        for name, entries in catalogues(lib, locale).items():
            row = Status(locale, name, 0, 0, 0, review_state(folder / name))
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
