"""What module text sees when it is filled in: the country's facts, figures with their source
and date, citations and quotations, in one locale.

Shared by localisation (which fills every text of a pack) and validation (which fills every
text for every country it can reach, to find unguarded unknown facts before any build); it
sits below both, so neither imports the other.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from babel.core import UnknownLocaleError
from babel.dates import format_skeleton

from . import interface as ui
from .catalogue import Translator
from .facts import fact_at
from .library import Library
from .models import Fact
from .templating import CountryView, Named, Usage
from .texts import ctx


@dataclass(frozen=True)
class Scope:
    """The little of a variant that module text may depend on."""

    audience: str
    country: str
    level: str
    edition: str
    locale: str


# routes that a pack names; one whose record is unverified or old is printed with a caution
ROUTE_NAMES = ("reporting.hotline.name", "reporting.international_portal.name",
               "reporting.helpline.name", "reporting.police.dedicated_unit",
               "reporting.self_image_removal", "response.offender_prevention")


def route_caution(fact: Fact, library_date: str, max_age_years: int) -> bool:
    """Whether a route's record is too weak to print as settled: unverified, or resting on a
    source older than the library's figure age limit."""
    if fact.confidence == "unverified":
        return True
    if not fact.as_of or fact.as_of == "undated":
        return fact.confidence != "verified"
    years = [int(y) for y in re.findall(r"\d{4}", fact.as_of)]
    return bool(years) and int(library_date[:4]) - max(years) > max_age_years


def fact_text(tr: Translator, country_id: str, path: str, value) -> str:
    """A fact's value (or, for `path#note`, its note) in the locale: text values are
    translatable like any other library text; names of bodies usually stay as they are."""
    if isinstance(value, str):
        path, _, part = path.partition("#")
        return tr.lookup(ctx.fact(country_id, path, part or "value"), value) or value
    return format_value(value, tr.ui)


def format_value(value, translate_ui) -> str:
    if isinstance(value, bool):
        return translate_ui(ui.YES) if value else translate_ui(ui.NO)
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
    except (ValueError, UnknownLocaleError):  # a bad month, or a locale Babel does not know
        return as_of


def figure_text(lib: Library, figure_id: str, tr: Translator) -> str:
    figure = lib.figures[figure_id]
    source = lib.sources[figure.source]
    marks = []
    if figure.estimate:
        marks.append(tr.ui(ui.ESTIMATE))
    if figure.disputed:
        marks.append(tr.ui(ui.DISPUTED))
    as_of = format_as_of(figure.as_of, tr.locale)
    # a 2012 blog reporting a 1995 count is cited as "c. 1995; Carr, 2012", not "Carr, c. 1995"
    if source.date[:4] in figure.as_of:
        marks.append(f"{source.short}, {as_of}")
    else:
        marks.append(f"{as_of}; {source.short}, {source.date}")
    return f"{tr.text(ctx.figure(figure.id, 'text'), figure.text)} ({'; '.join(marks)})"


def content_context(lib: Library, scope: Scope, tr: Translator, usage: Usage) -> dict:
    country = lib.countries[scope.country]
    level = lib.level(scope.level)
    audience = lib.audiences[scope.audience]

    def figure(ident):
        if ident not in lib.figures:
            raise KeyError(f"unknown figure '{ident}'")
        usage.figures.append(ident)
        return figure_text(lib, ident, tr)

    def source(ident):
        if ident not in lib.sources:
            raise KeyError(f"unknown source '{ident}'")
        usage.sources.append(ident)
        doc = lib.sources[ident]
        return f"{doc.short}, {doc.date}"

    def quote(words):
        # a marked quotation: a statute's wording, or a term named in order to explain it;
        # the terminology linter leaves these alone
        return tr.ui(ui.QUOTATION).format(text=words)

    level_name = tr.text(ctx.level(level.id, "name"), level.name)
    in_text = country.name_in_text or country.name
    name_in_text = tr.lookup(ctx.country(country.id, "name_in_text"), in_text) \
        or tr.lookup(ctx.country(country.id, "name"), country.name) or in_text
    def shown(path: str, value) -> str:
        text = fact_text(tr, country.id, path, value)
        fact = fact_at(country, path)
        if path in ROUTE_NAMES and fact is not None and \
                route_caution(fact, lib.meta.date, lib.meta.figure_max_age_years):
            text = tr.ui(ui.CHECK_OPERATES).format(route=text)
        return text

    return {
        "country": CountryView(country, level.id, level_name, usage, shown, name=name_in_text),
        "audience": Named(audience.id, tr.text(ctx.audience(audience.id, "name"), audience.name)),
        "level": Named(level.id, level_name),
        "edition": scope.edition,
        "locale": scope.locale,
        "figure": figure,
        "source": source,
        "quote": quote,
    }
