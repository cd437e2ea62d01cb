"""Every text a pack shows renders for every country, audience and locale it can reach: module
texts, a country's overlays, and the library's own parts (intro, opening, closing). A fact the
profile does not know must be guarded (`when: {has: [...]}` or `{% if country.x.y.known %}`),
never printed blank. One finding per text and fact, naming the countries.

A text renders many times here (once per country, audience and locale), so each text has one
deadline in all, not one per render: a slow text, or one that makes too large a value, is
reported once, at its line, and not rendered again (`Renders`)."""
from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from jinja2.exceptions import SecurityError

from .. import templating
from ..catalogue import Translator
from ..conditions import when_miss
from ..context import Scope, content_context
from ..library import Origin
from ..levels import derive
from ..models import Country, Module, Section, When
from ..texts import Text, library_texts, module_texts, overlay_texts
from .base import Context
from .translations import BadTranslations

# failures that say the text itself is too costly, whatever it is rendered for
COSTLY = (templating.RenderTimeout, templating.TooLarge, MemoryError, RecursionError)


@dataclass
class Renders:
    """Renders texts within one deadline per text, in total (`templating.RENDER_SECONDS`).

    Keyed by the text as rendered (the source or its translation): a text that ran out of time
    or space fails once and is skipped from then on, and a slow text that does finish spends
    its one budget however many countries, audiences and locales it is rendered for."""

    spent: dict[str, float] = field(default_factory=dict)
    stopped: set[str] = field(default_factory=set)

    def render(self, value: str, env: dict) -> BaseException | None:
        """None when `value` rendered, else what it raised; a stopped text is not rendered."""
        if value in self.stopped:
            return None
        budget = templating.RENDER_SECONDS - self.spent.get(value, 0.0)
        start = time.monotonic()
        try:
            if budget <= 0:
                raise templating.RenderTimeout("rendering took longer than "
                                               f"{templating.RENDER_SECONDS:g} seconds")
            templating.render(value, env, seconds=budget)
        except COSTLY as exc:
            self.stopped.add(value)
            return exc
        except Exception as exc:  # noqa: BLE001 - any failure is a finding
            return exc
        finally:
            self.spent[value] = self.spent.get(value, 0.0) + time.monotonic() - start
        return None


@dataclass(frozen=True)
class Group:
    """Texts of one file that are shown together, and what decides where they appear."""

    origin: Origin
    texts: list[Text]
    guards: dict[tuple, Section | Any]  # by the text's key prefix: the item with its `when:`
    audiences: list[str]
    levels: Iterable[str] | None  # None: every level


def check(c: Context, bad_translations: BadTranslations = frozenset()) -> None:
    lib = c.lib
    if not lib.levels or not lib.audiences:
        return
    failures: dict[tuple, list[str]] = defaultdict(list)
    origins: dict[tuple, Origin] = {}
    contexts: dict[tuple, dict] = {}
    renders = Renders()
    derived = {country.id: derive(lib.levels, country).level for country in lib.countries.values()}

    def context_for(country: Country, audience: str, level: str, locale: str, edition: str):
        key = (country.id, audience, locale, edition)
        if key not in contexts:
            scope = Scope(audience=audience, country=country.id, level=level, edition=edition,
                          locale=locale)
            contexts[key] = content_context(lib, scope, Translator(lib, locale),
                                            templating.Usage())
        return contexts[key]

    translators: dict[str, Translator] = {}

    def render(index: int, group: Group, country: Country) -> None:
        level = derived[country.id]
        if level not in lib.level_ids or (group.levels is not None and level not in group.levels):
            return
        locales = [lib.meta.default_locale] + [
            loc for loc in country.locales if loc != lib.meta.default_locale and loc in lib.locales]
        for audience in group.audiences:
            for locale in locales:
                tr = None
                if locale != lib.meta.default_locale:
                    if locale not in translators:
                        translators[locale] = Translator(lib, locale)
                    tr = translators[locale]
                for text in group.texts:
                    item = group.guards.get(text.key[:2])
                    when: When | None = getattr(item, "when", None)
                    if when_miss(when, audience, level, country) or \
                            (locale, text.context) in bad_translations:
                        continue
                    value = tr.lookup(text.context, text.text) if tr else None
                    value = value or text.text
                    edition = getattr(item, "edition", "both")
                    env = context_for(country, audience, level, locale,
                                      edition if edition != "both" else "facilitator")
                    exc = renders.render(value, env)
                    if exc is None:
                        continue
                    line = templating.template_line(exc) or 1
                    translated = locale if value is not text.text else ""
                    if isinstance(exc, templating.UnknownFact):
                        key = (index, text.key, line, exc.path, translated)
                        origins[key] = group.origin
                        failures[key].append(country.name)
                    else:
                        _report_failure(c, group.origin, text, line, exc, country, translated)

    for index, (group, countries) in enumerate(_groups(lib)):
        for country in countries:
            render(index, group, country)
    _report_unknown_facts(c, failures, origins)


def _groups(lib) -> Iterable[tuple[Group, list[Country]]]:
    """Every group of templated texts, with the countries whose packs may show it."""
    countries = list(lib.countries.values())
    audiences = list(lib.audiences)

    def templated(texts: list[Text]) -> list[Text]:
        return [t for t in texts if t.templated and "{" in t.text]

    meta = lib.meta
    parts = {(group, i): s for group in ("intro", "opening", "closing")
             for i, s in enumerate(getattr(meta, group))}
    yield Group(lib.origin("library", "library"), templated(library_texts(meta)), parts,
                audiences, None), countries
    for module in lib.modules.values():
        yield Group(lib.origin("module", module.id), templated(module_texts(module)),
                    _guards(module), [a for a in module.audiences if a in lib.audiences],
                    module.levels), countries
    for (country_id, module_id), overlay in sorted(lib.overlays.items()):
        module = lib.modules.get(module_id)
        if country_id not in lib.countries or module is None:
            continue  # reported by the overlays check
        guards: dict[tuple, Any] = {("sections", i): s for i, s in enumerate(overlay.sections)}
        guards.update({("activities", i): a for i, a in enumerate(overlay.activities)})
        yield Group(lib.origin("overlay", f"{country_id}/{module_id}"),
                    templated(overlay_texts(country_id, module_id, overlay)), guards,
                    [a for a in module.audiences if a in lib.audiences], None), \
            [lib.countries[country_id]]


def _report_failure(c: Context, origin: Origin, text: Text, line: int, exc: BaseException,
                    country: Country, locale: str) -> None:
    path, fline, col = origin.text_place(text.key, line - 1)
    where = f" (in the {locale} translation)" if locale else ""
    if isinstance(exc, templating.RenderTimeout):
        message = (f"this text takes longer than {templating.RENDER_SECONDS:g} seconds to "
                   f"render{where} (in all, for the countries, audiences and languages it is "
                   f"checked for)")
        hint = "a text should render in milliseconds: take out the loops that repeat so often"
    elif isinstance(exc, (SecurityError, MemoryError, RecursionError)) and \
            isinstance(exc, COSTLY):
        message = f"this text makes too large a value{where}: {exc or type(exc).__name__}"
        hint = "write the text out instead of computing it"
    else:
        message = (f"this text fails to render for {country.name}{where}: "
                   f"{type(exc).__name__}: {exc}")
        hint = "fix the expression on this line"
    c.problems.add(path, fline, col, message, hint, code="template")


def _report_unknown_facts(c: Context, failures: dict[tuple, list[str]],
                          origins: dict[tuple, Origin]) -> None:
    """One finding per text, line and fact, naming the countries where it is unknown."""
    for key, names in sorted(failures.items(), key=lambda kv: str(kv[0][1:])):
        _, text_key, line, fact, locale = key
        fpath, fline, col = origins[key].text_place(text_key, line - 1)
        source_line = _text_line(origins[key], text_key, line - 1)
        if f"country.{fact}" in source_line:
            col += source_line.index(f"country.{fact}")
        unique = sorted(set(names))
        who = ", ".join(unique[:4]) + (f" and {len(unique) - 4} more" if len(unique) > 4 else "")
        where = f" (in the {locale} translation)" if locale else ""
        c.problems.add(fpath, fline, col,
                       f"country.{fact} is unknown for {who}, where this text is used{where}",
                       f"guard it with `when: {{has: [{fact}]}}` on the section, or "
                       f"{{% if country.{fact}.known %}} ... {{% endif %}}", code="fact")


def _text_line(origin: Origin, key: tuple, offset: int) -> str:
    """Line `offset` of the text at `key`, without the block's indentation."""
    node: Any = origin.doc.data
    for part in origin.key + tuple(key):
        node = node[part]
    lines = str(node).splitlines()
    return lines[offset] if 0 <= offset < len(lines) else ""


def _guards(module: Module) -> dict[tuple, Any]:
    """The item (section, activity, ...) whose `when:` governs each text, by key prefix."""
    out: dict[tuple, Any] = {}
    for name in ("sections", "activities", "quiz", "objectives", "tools"):
        for i, item in enumerate(getattr(module, name)):
            out[(name, i)] = item
    return out
