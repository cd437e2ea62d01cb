"""Stage 1, load: the library's files -> a `Library` of typed models, with the place of every node.

A library is a folder (the repository root for the bundled one; `--root DIR` for any other):

    library.yaml            name, version, version date, default locale, pack-level parts
    modules/*.yaml          one module a file (sub-folders allowed)
    audiences/*.yaml        one audience a file
    countries/*.yaml        one country profile a file; countries/levels.yaml defines the levels
    sources/*.yaml          cited documents and the figures taken from them
    locales/<tag>/          locale.yaml, and gettext PO files with translations
    templates/              the pack's Jinja2 templates, CSS and assets

Loading checks each file on its own (syntax, fields, types); cross-references between files are
validate.py's job. Every problem is collected, none stops the others from being found.
"""
from __future__ import annotations

import difflib
import io
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.pofile import PoFileError, read_po
from pydantic import BaseModel, ValidationError

from . import yamlsource
from .diagnostics import Collector, Problems
from .models import (Audience, Country, Figure, LevelsFile, LibraryMeta, LocaleInfo, Module, Source,
                     Level)

FOLDERS = ("modules", "audiences", "countries")


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


@dataclass(frozen=True)
class Message:
    """One translated string from a PO file."""

    msgid: str
    msgstr: str
    fuzzy: bool
    path: str
    line: int


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
    # locale -> (msgctxt, msgid) -> Message; msgctxt None holds the interface strings
    translations: dict[str, dict[tuple[str | None, str], Message]] = field(default_factory=dict)
    origins: dict[tuple[str, str], Origin] = field(default_factory=dict)
    broken: set[tuple[str, str]] = field(default_factory=set)  # files that failed to load
    problems: Collector | None = None  # what loading found; validate() adds to it

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


# ---------------------------------------------------------------------------------------------
# pydantic errors -> diagnostics


def _fields_at(model: type[BaseModel], loc: tuple) -> list[str]:
    """The field names the model expects at `loc`, for "did you mean" hints."""
    annotation: object = model
    for part in loc:
        annotation = _unwrap(annotation)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            info = annotation.model_fields.get(part) or next(
                (f for f in annotation.model_fields.values() if f.alias == part), None)
            if info is None:
                return []
            annotation = info.annotation
        elif typing.get_origin(annotation) in (list, dict):
            annotation = typing.get_args(annotation)[-1]
        else:
            return []
    annotation = _unwrap(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [f.alias or name for name, f in annotation.model_fields.items()]
    return []


def _unwrap(annotation):
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            models = [a for a in args if isinstance(a, type) and issubclass(a, BaseModel)]
            annotation = models[0] if models else (args[0] if len(args) == 1 else annotation)
            if not models and len(args) != 1:
                return annotation
        else:
            return annotation


def _data_path(data, loc: tuple) -> tuple:
    """pydantic's error location without its own markers (union members such as 'str' or
    'list[str]', validator names): only the keys and indices that exist in the data."""
    out = []
    for part in loc:
        if isinstance(data, dict) and part in data:
            out.append(part)
            data = data[part]
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            out.append(part)
            data = data[part]
        elif isinstance(data, dict) and isinstance(part, str) and part.isidentifier() \
                and not part[:1].isupper() and part not in ("str", "int", "float", "bool"):
            out.append(part)  # a missing field: named, though it is not in the data
            data = None
    return tuple(out)


_TYPE_WORDS = {
    "string_type": "text", "int_type": "a whole number", "bool_type": "true or false",
    "list_type": "a list", "dict_type": "a mapping of fields", "model_type": "a mapping of fields",
    "float_type": "a number", "int_parsing": "a whole number",
}


def _describe(value) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"'{str(value).lower()}'"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text '{value[:40]}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _field_name(loc: tuple) -> str:
    names = [str(p) for p in loc if isinstance(p, str)]
    return names[-1] if names else "value"


def report_validation(exc: ValidationError, origin: Origin, model: type[BaseModel],
                      problems: Collector) -> None:
    seen = set()
    data = origin.doc.data
    for part in origin.key:
        data = data[part]
    for error in exc.errors():
        kind = error["type"]
        if kind in ("union_tag_invalid",):
            continue
        loc = _data_path(data, error["loc"])
        path, line, col = origin.place(*loc)
        name = _field_name(loc)
        if kind == "extra_forbidden":
            expected = _fields_at(model, loc[:-1])
            close = difflib.get_close_matches(str(loc[-1]), expected, n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'?" if close else (
                f"the fields here are: {', '.join(expected)}" if expected else "remove it")
            if not close and (" " in str(loc[-1]) or error.get("input") is None):
                hint = ("if this is part of a value, put the whole value in quotes: inside "
                        "{ ... } a comma starts a new field")
            message, hint = f"unknown field '{loc[-1]}'", hint
        elif kind == "missing":
            message = f"missing required field '{name}'"
            hint = f"add `{name}:` here"
        elif kind in _TYPE_WORDS:
            message = f"'{name}' should be {_TYPE_WORDS[kind]}, not {_describe(error.get('input'))}"
            hint = "quote text that looks like a number or true/false" if kind == "string_type" \
                else "check the value's type"
        elif kind == "literal_error":
            message = f"'{name}' {error['msg'].replace('Input should be', 'should be')}"
            hint = "use one of the listed values"
        elif kind in ("too_short", "too_long"):
            message = f"'{name}': {error['msg'].replace('List', 'the list').replace('Value', 'the value')}"
            hint = "check the number of items or the length of the text"
        elif kind in ("greater_than_equal", "less_than_equal"):
            message = f"'{name}' {error['msg'].replace('Input should be', 'should be')}"
            hint = "check the number"
        elif kind == "string_pattern_mismatch":
            message = f"'{name}' has the wrong form ({_describe(error.get('input'))})"
            hint = f"it should match {error.get('ctx', {}).get('pattern', 'the documented form')}"
        elif kind == "value_error":
            message = error["msg"].removeprefix("Value error, ")
            hint = "see docs/authoring.md"
            if "; " in message:
                message, hint = message.split("; ", 1)
        else:
            message = f"'{name}': {error['msg']}"
            hint = "see docs/authoring.md"
        if (line, message) in seen:
            continue
        seen.add((line, message))
        problems.add(path, line, col, message, hint, code="schema")


# ---------------------------------------------------------------------------------------------
# files


def _validate(doc: yamlsource.Document, key: tuple, data, model, problems: Collector):
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        report_validation(exc, Origin(doc, key), model, problems)
        return None


def _yaml_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file()
                  and not any(part.startswith(".") for part in p.relative_to(folder).parts))


def _one_per_file(lib: Library, folder: str, kind: str, model, problems: Collector,
                  skip: tuple[str, ...] = ()) -> dict:
    out: dict = {}
    for path in _yaml_files(lib.root / folder):
        if path.name in skip:
            continue
        doc = yamlsource.read(path, problems)
        if doc is None:
            lib.broken.add((kind, path.stem))
            continue
        if not isinstance(doc.data, dict):
            article = "an" if kind[0] in "aeiou" else "a"
            problems.add(path, 1, 1, f"{article} {kind} file holds a mapping of fields, not "
                         f"{_describe(doc.data)}", "start with `id: ...` on the first line")
            lib.broken.add((kind, path.stem))
            continue
        item = _validate(doc, (), doc.data, model, problems)
        if item is None:
            lib.broken.add((kind, path.stem))
            if isinstance(doc.data.get("id"), str):
                lib.broken.add((kind, doc.data["id"]))
            continue
        if item.id != path.stem:
            where = doc.place(("id",))
            problems.add(path, where.line, where.col,
                         f"the {kind} id '{item.id}' does not match the file name '{path.name}'",
                         f"rename the file to {item.id}{path.suffix} or change the id")
        if item.id in out:
            first = lib.origins[(kind, item.id)].doc.path
            problems.add(path, 1, 1, f"the {kind} id '{item.id}' is used twice",
                         f"it is also the id in {lib.rel(first)}; ids must be unique")
            continue
        out[item.id] = item
        lib.origins[(kind, item.id)] = Origin(doc)
    return out


def _load_levels(lib: Library, problems: Collector) -> None:
    path = lib.root / "countries" / "levels.yaml"
    if not path.exists():
        problems.add(path, 1, 1, "the levels file is missing",
                     "create countries/levels.yaml listing the infrastructure levels and their "
                     "criteria (see docs/authoring.md)")
        return
    doc = yamlsource.read(path, problems)
    if doc is None:
        return
    levels = _validate(doc, (), doc.data, LevelsFile, problems)
    if levels is None:
        return
    for i, level in enumerate(levels.levels):
        if (("level", level.id)) in lib.origins:
            where = doc.place(("levels", i, "id"))
            problems.add(path, where.line, where.col, f"the level id '{level.id}' is used twice",
                         "give each level its own id")
            continue
        lib.levels.append(level)
        lib.origins[("level", level.id)] = Origin(doc, ("levels", i))


def _load_sources(lib: Library, problems: Collector) -> None:
    for path in _yaml_files(lib.root / "sources"):
        doc = yamlsource.read(path, problems)
        if doc is None:
            lib.broken.add(("sources-file", path.stem))
            continue
        if not isinstance(doc.data, dict):
            problems.add(path, 1, 1, "a sources file holds `documents:` and/or `figures:`",
                         "see docs/authoring.md")
            continue
        # validate item by item, so one bad entry does not hide the rest
        for key, model, kind, into in (("documents", Source, "source", lib.sources),
                                       ("figures", Figure, "figure", lib.figures)):
            items = doc.data.get(key, [])
            if not isinstance(items, list):
                where = doc.place((key,))
                problems.add(path, where.line, where.col, f"'{key}' should be a list",
                             "write each entry as a `- id: ...` item")
                continue
            for i, raw in enumerate(items):
                item = _validate(doc, (key, i), raw, model, problems)
                if item is None:
                    if isinstance(raw, dict) and isinstance(raw.get("id"), str):
                        lib.broken.add((kind, raw["id"]))
                    continue
                if item.id in into:
                    where = doc.place((key, i, "id"))
                    first = lib.origins[(kind, item.id)].place("id")
                    problems.add(path, where.line, where.col, f"the {kind} id '{item.id}' is used twice",
                                 f"it is also at {lib.rel(first[0])}:{first[1]}; ids must be unique")
                    continue
                into[item.id] = item
                lib.origins[(kind, item.id)] = Origin(doc, (key, i))
        extra = set(doc.data) - {"documents", "figures"}
        for name in sorted(extra):
            where = doc.place((name,))
            close = difflib.get_close_matches(name, ["documents", "figures"], n=1)
            problems.add(path, where.line, where.col, f"unknown field '{name}'",
                         f"did you mean '{close[0]}'?" if close else
                         "a sources file holds `documents:` and `figures:`")


def _load_locales(lib: Library, problems: Collector) -> None:
    folder = lib.root / "locales"
    if not folder.is_dir():
        return
    for sub in sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")):
        info_path = sub / "locale.yaml"
        if not info_path.exists():
            problems.add(info_path, 1, 1, f"the locale folder '{sub.name}' has no locale.yaml",
                         "add locale.yaml with id, name, english_name and direction")
            continue
        doc = yamlsource.read(info_path, problems)
        if doc is None:
            lib.broken.add(("locale", sub.name))
            continue
        info = _validate(doc, (), doc.data, LocaleInfo, problems)
        if info is None:
            lib.broken.add(("locale", sub.name))
            continue
        if info.id != sub.name:
            where = doc.place(("id",))
            problems.add(info_path, where.line, where.col,
                         f"the locale id '{info.id}' does not match its folder '{sub.name}'",
                         f"rename the folder to locales/{info.id} or change the id")
        lib.locales[info.id] = info
        lib.origins[("locale", info.id)] = Origin(doc)
        lib.translations[info.id] = _read_catalogs(lib, sub, problems)


def _read_catalogs(lib: Library, folder: Path, problems: Collector) -> dict:
    messages: dict = {}
    for po in sorted(folder.rglob("*.po")):
        raw = po.read_bytes()
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            before = raw[: exc.start]
            problems.add(po, before.count(b"\n") + 1, exc.start - before.rfind(b"\n"),
                         "the PO file is not valid UTF-8", "save it as UTF-8")
            continue
        try:
            catalog = read_po(io.BytesIO(raw), abort_invalid=True, charset="utf-8")
        except PoFileError as exc:
            problems.add(po, exc.lineno + 1, 1, f"invalid PO file: {str(exc).rsplit(' on ', 1)[0]}",
                         "check the quoting of msgid/msgstr on this line")
            continue
        except (ValueError, LookupError) as exc:  # babel's errors for malformed headers
            problems.add(po, 1, 1, f"invalid PO file: {exc}", "check the file's header entry")
            continue
        for message in catalog:
            if not message.id or not isinstance(message.id, str):
                continue
            text = message.string if isinstance(message.string, str) else ""
            if not text:
                continue
            messages[(message.context, message.id)] = Message(
                message.id, text, message.fuzzy, lib.rel(po), message.lineno or 1)
    return messages


def load(root: Path) -> Library:
    """Read the library at `root`. Raises Problems with every problem found."""
    root = Path(root)
    problems = Collector(root)
    if not root.is_dir():
        problems.add(root, 1, 1, "the library folder does not exist",
                     "run the command in a library folder, or name one with --root DIR")
        problems.raise_if_errors()
    meta_path = root / "library.yaml"
    meta = None
    if not meta_path.exists():
        problems.add(meta_path, 1, 1, "this folder holds no library.yaml, so it is not a library",
                     "run the command in the library's folder, or name it with --root DIR")
    else:
        doc = yamlsource.read(meta_path, problems)
        if doc is not None:
            meta = _validate(doc, (), doc.data, LibraryMeta, problems)
            if meta is not None:
                origin = Origin(doc)
    for folder in FOLDERS:
        if not (root / folder).is_dir():
            problems.add(root / folder, 1, 1, f"the folder '{folder}/' is missing",
                         f"create {folder}/ in the library (see docs/authoring.md)")
    if meta is None or not all((root / folder).is_dir() for folder in FOLDERS):
        problems.raise_if_errors()  # without these there is nothing sensible to check
    lib = Library(root=root, meta=meta)
    lib.origins[("library", "library")] = origin
    lib.modules = _one_per_file(lib, "modules", "module", Module, problems)
    lib.audiences = _one_per_file(lib, "audiences", "audience", Audience, problems)
    lib.countries = _one_per_file(lib, "countries", "country", Country, problems,
                                  skip=("levels.yaml",))
    _load_levels(lib, problems)
    _load_sources(lib, problems)
    _load_locales(lib, problems)
    lib.problems = problems  # validate() continues with the same collector
    return lib


def load_or_raise(root: Path) -> Library:
    lib = load(root)
    if lib.problems.errors:
        raise Problems(lib.problems.items)
    return lib
