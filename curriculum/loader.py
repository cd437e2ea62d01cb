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

from pathlib import Path

from pydantic import ValidationError

from . import po, yamlsource
from .diagnostics import Collector, Problems, is_error
from .library import Library, Message, Origin
from .models import (Audience, Country, Figure, LevelsFile, LibraryMeta, LocaleInfo, Module,
                     Overlay, RulesFile, Source)
from .schema_errors import describe, report_validation
from .suggest import did_you_mean

FOLDERS = ("modules", "audiences", "countries")
RULES_FILE = "terminology.yaml"
OVERLAYS = "overlays"
TEMPLATES = "templates"  # locales/templates/: the template catalogues (.pot), not a locale


def _validate(doc: yamlsource.Document, key: tuple, data, model, problems: Collector):
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        report_validation(exc, Origin(doc, key), model, problems)
        return None


def _yaml_files(folder: Path) -> list[Path]:
    """Every .yaml file under `folder`, whatever it is: links, pipes and folders so named are
    listed too, so that reading them reports what they are (files.py) instead of skipping them."""
    return sorted(p for p in folder.rglob("*") if p.suffix in (".yaml", ".yml")
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
                         f"{describe(doc.data)}", "start with `id: ...` on the first line")
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
            problems.add(path, where.line, where.col, f"unknown field '{name}'",
                         did_you_mean(name, ["documents", "figures"], otherwise=(
                             "a sources file holds `documents:` and `figures:`")))


def _load_locales(lib: Library, problems: Collector) -> None:
    folder = lib.root / "locales"
    if not folder.is_dir():
        return
    for sub in sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")
                      and p.name != TEMPLATES):  # locales/templates/ holds the .pot files
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
    for path in sorted(folder.rglob("*.po")):
        try:
            catalog = po.read(path, root=lib.root)
        except po.PoError as exc:
            problems.add(exc.path, exc.line, exc.col, exc.message, exc.hint)
            continue
        reviewed = po.reviewed(path)
        for message in catalog:
            if not message.id or not isinstance(message.id, str):
                continue
            text = message.string if isinstance(message.string, str) else ""
            if not text:
                continue
            messages[(message.context, message.id)] = Message(
                message.id, text, message.fuzzy, lib.rel(path), message.lineno or 1, reviewed)
    return messages


def _load_overlays(lib: Library, problems: Collector) -> None:
    """overlays/<country>/<module>.yaml: a country's adaptations of shared modules."""
    folder = lib.root / OVERLAYS
    if not folder.is_dir():
        return
    for path in _yaml_files(folder):
        parts = path.relative_to(folder).parts
        if len(parts) != 2:
            problems.add(path, 1, 1, "an overlay file sits at overlays/<country>/<module>.yaml",
                         "move it into the folder of its country, named after its module")
            continue
        doc = yamlsource.read(path, problems)
        if doc is None:
            continue
        overlay = _validate(doc, (), doc.data, Overlay, problems)
        if overlay is None:
            continue
        key = (parts[0], path.stem)
        lib.overlays[key] = overlay
        lib.origins[("overlay", "/".join(key))] = Origin(doc)


def _load_terminology(lib: Library, problems: Collector) -> None:
    """terminology.yaml (the library's language) and locales/<tag>/terminology.yaml (each
    locale's own rules): the linter's rules, loaded and reported like every other file."""
    _load_rules(lib, lib.root / RULES_FILE, lib.meta.default_locale, problems)
    for locale in sorted(lib.locales):
        if locale != lib.meta.default_locale:
            _load_rules(lib, lib.root / "locales" / locale / RULES_FILE, locale, problems)


def _load_rules(lib: Library, path: Path, locale: str, problems: Collector) -> None:
    if not path.exists():
        return
    doc = yamlsource.read(path, problems)
    if doc is None:
        return
    rules = _validate(doc, (), doc.data, RulesFile, problems)
    if rules is None:
        return
    if rules.locale != locale:
        where = doc.place(("locale",))
        problems.add(path, where.line, where.col, f"these rules say locale '{rules.locale}', but "
                     f"they are the rules of '{locale}'", f"write `locale: {locale}`")
    seen: set[str] = set()
    for i, rule in enumerate(rules.rules):
        if rule.id in seen:
            where = doc.place(("rules", i, "id"))
            problems.add(path, where.line, where.col, f"the rule id '{rule.id}' is used twice",
                         "give each rule its own id")
            continue
        seen.add(rule.id)
        if locale == lib.meta.default_locale:
            lib.terminology.append(rule)
        else:
            lib.locale_terminology.setdefault(locale, []).append(rule)
        lib.origins[(f"rule:{locale}", rule.id)] = Origin(doc, ("rules", i))


def read(root: Path | str) -> Library:
    """Read the library at `root`, file by file. Every problem a file has on its own is in
    `lib.diagnostics`; `validate` goes on from there, so that one run reports them all. Raises
    Problems only when there is no library to speak of (no folder, no library.yaml)."""
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
    assert meta is not None  # a library.yaml that failed to load raised just above
    lib = Library(root=root, meta=meta)
    lib.origins[("library", "library")] = origin
    lib.modules = _one_per_file(lib, "modules", "module", Module, problems)
    lib.audiences = _one_per_file(lib, "audiences", "audience", Audience, problems)
    lib.countries = _one_per_file(lib, "countries", "country", Country, problems,
                                  skip=("levels.yaml",))
    _load_levels(lib, problems)
    _load_sources(lib, problems)
    _load_locales(lib, problems)
    _load_terminology(lib, problems)
    _load_overlays(lib, problems)
    lib.diagnostics = tuple(problems.items)
    return lib


def load(root: Path | str) -> Library:
    """Read the library at `root`; raises Problems with every problem found in its files."""
    lib = read(root)
    if any(is_error(d) for d in lib.diagnostics):
        raise Problems(list(lib.diagnostics))
    return lib
