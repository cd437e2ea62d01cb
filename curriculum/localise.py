"""Stage 4, localise: a tailored pack -> the same pack in its locale's language, with the
country's facts and the sourced figures filled into the text.

For each text, the locale's translation is used when it exists and is current: a PO entry with
the text's context whose msgid is the text as it stands now and that is not marked fuzzy. A
translation of an older wording is stale; stale and missing texts fall back to the library's
language, and the pack lists them (`fallbacks`) so that translators know and the HTML can mark
them with their own `lang`.

Then each text's expressions are resolved in the sandbox (templating.py): facts print their
value, `figure("id")` prints the figure with its source and date. What each module used is
recorded, so the pack can list its sources, the country facts with their confidence, and the
facts to check before delivery.
"""
from __future__ import annotations

import datetime as dt
import re

from babel.dates import format_skeleton

from .facts import LABELS, fact_at, is_contact
from .load import Library
from .pack import FactRecord, Pack
from .templating import CountryView, Named, Usage, render


class LocaliseError(Exception):
    def __init__(self, context: str, message: str):
        super().__init__(f"{context}: {message}")
        self.context, self.message = context, message


class Translator:
    """Looks texts up in one locale's catalogue and remembers what fell back."""

    def __init__(self, lib: Library, locale: str):
        self.locale = locale
        self.default = locale == lib.meta.default_locale
        self.messages = lib.translations.get(locale, {})
        self.contexts = {ctx for ctx, _ in self.messages}
        self.fallbacks: list[str] = []

    def text(self, context: str, source: str) -> str:
        if self.default:
            return source
        message = self.messages.get((context, source))
        if message is not None and not message.fuzzy:
            return message.msgstr
        state = "stale" if context in self.contexts else "untranslated"
        if message is not None and message.fuzzy:
            state = "fuzzy"
        self.fallbacks.append(f"{context} ({state})")
        return source

    def lookup(self, context: str, source: str) -> str | None:
        """The current translation, or None; records no fallback."""
        if self.default:
            return source
        message = self.messages.get((context, source))
        return message.msgstr if message is not None and not message.fuzzy else None

    def ui(self, msgid: str) -> str:
        """An interface string; these fall back silently (the status command lists them)."""
        if self.default:
            return msgid
        message = self.messages.get((None, msgid))
        return message.msgstr if message is not None and not message.fuzzy else msgid


def interface_strings(lib: Library, locale: str) -> dict[str, str]:
    if locale == lib.meta.default_locale:
        return {}
    return {msgid: m.msgstr for (ctx, msgid), m in lib.translations.get(locale, {}).items()
            if ctx is None and not m.fuzzy}


def fact_text(tr: "Translator", country_id: str, path: str, value) -> str:
    """A fact's value (or, for `path#note`, its note) in the locale: text values are
    translatable like any other library text; names of bodies usually stay as they are."""
    if isinstance(value, str):
        path, _, part = path.partition("#")
        context = f"country/{country_id}/facts/{path}/{part or 'value'}"
        return tr.lookup(context, value) or value
    return format_value(value, tr.ui)


def format_value(value, ui) -> str:
    if isinstance(value, bool):
        return ui("yes") if value else ui("no")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def format_as_of(as_of: str, locale: str) -> str:
    """'2022-10-20' -> 'October 2022' in the locale; ranges, years and 'c.' dates as written."""
    match = re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?", as_of)
    if not match:
        return as_of
    try:
        day = dt.date(int(match[1]), int(match[2]), 1)
        return format_skeleton("yMMMM", day, locale=locale.replace("-", "_"))
    except Exception:  # an unknown locale or a bad month: the date as written
        return as_of


def figure_text(lib: Library, figure_id: str, tr: Translator) -> str:
    figure = lib.figures[figure_id]
    source = lib.sources[figure.source]
    marks = []
    if figure.estimate:
        marks.append(tr.ui("estimate"))
    if figure.disputed:
        marks.append(tr.ui("disputed"))
    as_of = format_as_of(figure.as_of, tr.locale)
    # a 2012 blog reporting a 1995 count is cited as "c. 1995; Carr, 2012", not "Carr, c. 1995"
    if source.date[:4] in figure.as_of:
        marks.append(f"{source.short}, {as_of}")
    else:
        marks.append(f"{as_of}; {source.short}, {source.date}")
    return f"{tr.text(f'figure/{figure.id}/text', figure.text)} ({'; '.join(marks)})"


def content_context(lib: Library, pack: Pack, tr: Translator, usage: Usage) -> dict:
    country = lib.countries[pack.country.id]
    level = lib.level(pack.country.level)
    audience = lib.audiences[pack.audience.id]

    def figure(ident):
        if ident not in lib.figures:
            raise KeyError(f"unknown figure '{ident}'")
        usage.figures.append(ident)
        return figure_text(lib, ident, tr)

    def source(ident):
        if ident not in lib.sources:
            raise KeyError(f"unknown source '{ident}'")
        usage.figures.append(f"source:{ident}")
        doc = lib.sources[ident]
        return f"{doc.short}, {doc.date}"

    def quote(words):
        # a marked quotation: a statute's wording, or a term named in order to explain it;
        # the terminology linter leaves these alone
        return tr.ui("“{text}”").format(text=words)

    level_name = tr.text(f"level/{level.id}/name", level.name)
    in_text = country.name_in_text or country.name
    name_in_text = tr.lookup(f"country/{country.id}/name_in_text", in_text) \
        or tr.lookup(f"country/{country.id}/name", country.name) or in_text
    return {
        "country": CountryView(country, level.id, level_name, usage,
                               lambda path, value: fact_text(tr, country.id, path, value),
                               name=name_in_text),
        "audience": Named(audience.id, tr.text(f"audience/{audience.id}/name", audience.name)),
        "level": Named(level.id, level_name),
        "edition": pack.variant.edition,
        "locale": pack.variant.locale,
        "figure": figure,
        "source": source,
        "quote": quote,
    }


def _resolve(context: str, text: str, ctx: dict) -> str:
    try:
        return render(text, ctx)
    except Exception as exc:  # any failure of one text fails this variant, with its place
        raise LocaliseError(context, f"{type(exc).__name__}: {exc}") from exc


def localise(lib: Library, pack: Pack) -> Pack:
    tr = Translator(lib, pack.variant.locale)
    pack = pack.model_copy(deep=True)
    all_facts: set[str] = set()
    all_sources: list[str] = []

    # a passage shown in the library's language (no current translation) is filled in in that
    # language too: the country's name, figures, quotation marks
    source_tr = Translator(lib, lib.meta.default_locale)

    def contexts(usage: Usage) -> tuple[dict, dict]:
        return (content_context(lib, pack, tr, usage),
                content_context(lib, pack, source_tr, usage))

    def text(context: str, source: str, ctx: tuple[dict, dict]) -> str:
        translated = tr.text(context, source)
        local, fallback = ctx
        return _resolve(context, translated,
                        local if translated is not source or tr.default else fallback)

    pack_usage = Usage()
    ctx = contexts(pack_usage)
    for part in pack.intro:
        part.title = text(f"{part.context}/title", part.title, ctx)
        part.body = text(f"{part.context}/body", part.body, ctx)
    for module in pack.modules:
        usage = Usage()
        ctx = contexts(usage)
        base = f"module/{module.id}"
        module.title = text(f"{base}/title", module.title, ctx)
        module.summary = text(f"{base}/summary", module.summary, ctx)
        if module.content_note:
            module.content_note = text(f"{base}/content_note", module.content_note, ctx)
        for objective in module.objectives:
            objective.text = text(objective.context, objective.text, ctx)
        for part in module.sections:
            part.title = text(f"{part.context}/title", part.title, ctx)
            part.body = text(f"{part.context}/body", part.body, ctx)
            part.translated = not any(f.startswith(part.context + "/") for f in tr.fallbacks)
        for activity in module.activities:
            activity.title = text(f"{activity.context}/title", activity.title, ctx)
            activity.body = text(f"{activity.context}/body", activity.body, ctx)
            if activity.facilitator:
                activity.facilitator = text(f"{activity.context}/facilitator",
                                            activity.facilitator, ctx)
        for question in module.quiz:
            question.question = text(f"{question.context}/question", question.question, ctx)
            question.answers = [text(f"{question.context}/answers/{i + 1}", a, ctx)
                                for i, a in enumerate(question.answers)]
            if question.explanation:
                question.explanation = text(f"{question.context}/explanation",
                                            question.explanation, ctx)
        figures = sorted({f for f in usage.figures if not f.startswith("source:")})
        cited = [f.removeprefix("source:") for f in usage.figures if f.startswith("source:")]
        module.figures = figures
        module.facts = sorted(usage.facts)
        module.sources = _unique(module.sources + [lib.figures[f].source for f in figures] + cited)
        all_facts |= usage.facts
        all_sources += module.sources
    all_facts |= pack_usage.facts
    all_sources += [lib.figures[f].source for f in pack_usage.figures
                    if not f.startswith("source:")]

    # names the pack shows, in the locale
    country = lib.countries[pack.country.id]
    pack.country.name = tr.text(f"country/{country.id}/name", country.name)
    pack.country.level_name = tr.text(f"level/{pack.country.level}/name", pack.country.level_name)
    pack.audience.name = tr.text(f"audience/{pack.audience.id}/name", pack.audience.name)
    pack.audience.description = tr.text(f"audience/{pack.audience.id}/description",
                                        pack.audience.description)
    if pack.audience.focus:
        pack.audience.focus = tr.text(f"audience/{pack.audience.id}/outline/{pack.country.level}/focus",
                                      pack.audience.focus)
    pack.library = {**pack.library, "name": tr.text("library/name", pack.library["name"])}
    titles = {m.id: m.title for m in pack.modules}
    for item in pack.agenda:
        item.title = titles.get(item.module, tr.ui(item.title)) if item.module else tr.ui(item.title)

    pack.facts = _fact_records(lib, country, sorted(all_facts, key=_fact_order), tr)
    fact_sources = [s for record in pack.facts for s in record.source]
    pack.sources = [lib.sources[s].model_dump(mode="json")
                    for s in _unique(all_sources + fact_sources) if s in lib.sources]
    pack.check_before_delivery = _checks(lib, pack, country, tr)
    pack.fallbacks = _unique(tr.fallbacks)
    pack.strings = interface_strings(lib, pack.variant.locale)
    return pack


def _as_of(as_of: str | None, tr: Translator) -> str:
    if not as_of or as_of == "undated":
        return tr.ui("undated")
    return format_as_of(as_of, tr.locale)


def _fact_order(path: str) -> int:
    return list(LABELS).index(path) if path in LABELS else len(LABELS)


def _fact_records(lib, country, paths, tr) -> list[FactRecord]:
    out = []
    for path in paths:
        fact = fact_at(country, path)
        if fact is None:
            continue
        out.append(FactRecord(
            path=path, label=tr.ui(LABELS.get(path, path)),
            value=fact_text(tr, country.id, path, fact.value) if fact.known else tr.ui("unknown"),
            source=list(fact.source), as_of=fact.as_of, confidence=fact.confidence,
            note=fact_text(tr, country.id, path + "#note", fact.note) if fact.note else None))
    return out


def _checks(lib, pack: Pack, country, tr) -> list[str]:
    items = []
    for record in pack.facts:
        if record.confidence == "unknown":
            items.append(tr.ui("{label}: not known when this pack was built; find it from an "
                               "official source if participants will need it.").format(
                label=record.label))
        elif record.confidence != "verified":
            items.append(tr.ui("{label}: “{value}” (recorded as {confidence}, as of {as_of}); "
                               "confirm it with the official source.").format(
                label=record.label, value=record.value, confidence=tr.ui(record.confidence),
                as_of=_as_of(record.as_of, tr)))
        elif is_contact(record.path):
            items.append(tr.ui("{label}: call or open “{value}” yourself to confirm it still "
                               "works (recorded as of {as_of}).").format(
                label=record.label, value=record.value, as_of=_as_of(record.as_of, tr)))
    for i, item in enumerate(country.check_before_delivery):
        items.append(tr.text(f"country/{country.id}/check/{i + 1}", item))
    for (level_id, index), unknown in zip(pack.country.level_unknown_keys,
                                          pack.country.level_unknowns, strict=True):
        criterion = lib.level(level_id).criteria[index]
        if criterion.label:
            unknown = tr.ui("{level}: {criterion}").format(
                level=tr.text(f"level/{level_id}/name", lib.level(level_id).name),
                criterion=tr.text(f"level/{level_id}/criteria/{index + 1}", criterion.label))
        items.append(tr.ui("The level was derived with this criterion unknown: {criterion}. "
                           "If it is in fact met, packs for a higher level may fit better.")
                     .format(criterion=unknown))
    return _unique(items)


def _unique(items):
    seen, out = set(), []
    for item in items:
        if item not in seen:
            seen.add(item)
            out.append(item)
    return out
