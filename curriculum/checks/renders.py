"""Every module text renders for every country, audience and locale it can reach: a fact the
profile does not know must be guarded (`when: {has: [...]}` or `{% if country.x.y.known %}`),
never printed blank. One finding per text and fact, naming the countries."""
from __future__ import annotations

from collections import defaultdict
from typing import Any

from .. import templating
from ..catalogue import Translator
from ..conditions import when_miss
from ..context import Scope, content_context
from ..library import Origin
from ..levels import derive
from ..models import Module, When
from ..texts import module_texts
from .base import Context
from .translations import BadTranslations


def check(c: Context, bad_translations: BadTranslations = frozenset()) -> None:
    lib = c.lib
    if not lib.levels or not lib.audiences:
        return
    failures: dict[tuple, list[str]] = defaultdict(list)
    origins: dict[tuple, Origin] = {}
    contexts: dict[tuple, tuple[Translator, dict]] = {}

    def context_for(country_id: str, audience: str, level: str, locale: str):
        key = (country_id, audience, locale)
        if key not in contexts:
            tr = Translator(lib, locale)
            scope = Scope(audience=audience, country=country_id, level=level,
                          edition="facilitator", locale=locale)
            contexts[key] = (tr, content_context(lib, scope, tr, templating.Usage()))
        return contexts[key]

    derived = {country.id: derive(lib.levels, country).level for country in lib.countries.values()}
    for module in lib.modules.values():
        origin = lib.origin("module", module.id)
        texts = [t for t in module_texts(module) if t.templated and "{" in t.text]
        guards = _guards(module)
        for country in lib.countries.values():
            level = derived[country.id]
            if level not in module.levels or level not in lib.level_ids:
                continue
            locales = [lib.meta.default_locale] + [
                loc for loc in country.locales
                if loc != lib.meta.default_locale and loc in lib.locales]
            for audience in module.audiences:
                if audience not in lib.audiences:
                    continue
                for locale in locales:
                    tr, env = context_for(country.id, audience, level, locale)
                    for text in texts:
                        if when_miss(guards.get(text.key[:2]), audience, level, country):
                            continue
                        if (locale, text.context) in bad_translations:
                            continue
                        value = tr.text(text.context, text.text)
                        try:
                            templating.render(value, env)
                        except templating.UnknownFact as exc:
                            line = templating.template_line(exc) or 1
                            key = (module.id, text.key, line, exc.path,
                                   locale if value is not text.text else "")
                            origins[key] = origin
                            failures[key].append(country.name)
                        except Exception as exc:  # noqa: BLE001 - any failure is a finding
                            line = templating.template_line(exc) or 1
                            path, fline, col = origin.text_place(text.key, line - 1)
                            c.problems.add(path, fline, col, f"this text fails to render for "
                                           f"{country.name}: {type(exc).__name__}: {exc}",
                                           "fix the expression on this line", code="template")
    _report_unknown_facts(c, failures, origins)


def _report_unknown_facts(c: Context, failures: dict[tuple, list[str]],
                          origins: dict[tuple, Origin]) -> None:
    """One finding per text, line and fact, naming the countries where it is unknown."""
    for key, names in sorted(failures.items(), key=lambda kv: str(kv[0])):
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


def _guards(module: Module) -> dict[tuple, When | None]:
    """The `when:` that governs each text of a module, by the text's key prefix."""
    out: dict[tuple, When | None] = {}
    for field in ("sections", "activities", "quiz", "objectives", "tools"):
        for i, item in enumerate(getattr(module, field)):
            out[(field, i)] = item.when
    return out
