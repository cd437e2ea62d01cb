"""Words that harm: every text against the rules of terminology.yaml (drawn from the Luxembourg
Terminology Guidelines). Each finding gives the place, the reason and the preferred term.

Exempt: a marked quotation, `{{ quote("...") }}` (a statute's own wording, or a term named in
order to explain why it is not used), and country facts, which record what a statute or a body
says in its own words.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..library import Origin
from ..models import Rule
from ..texts import (Text, audience_texts, country_texts, figure_texts, level_texts,
                     library_texts, module_texts)
from .base import Context

QUOTE = re.compile(r"""\{\{-?\s*quote\(\s*(?:"[^"\n]*"|'[^'\n]*')\s*\)\s*-?\}\}""")


def pattern(rule: Rule) -> re.Pattern:
    return _compile(tuple(rule.avoid), rule.case_sensitive)


@lru_cache(maxsize=512)
def _compile(avoid: tuple[str, ...], case_sensitive: bool) -> re.Pattern:
    terms = sorted(avoid, key=len, reverse=True)
    body = "|".join(re.escape(t).replace(r"\ ", r"[\s\-]+") for t in terms)
    flags = 0 if case_sensitive else re.IGNORECASE
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", flags)


def _blank_quotes(text: str) -> str:
    """Replace marked quotations by spaces, keeping every other character's place."""
    return QUOTE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


def _scan(c: Context, origin: Origin, text: Text) -> None:
    value = _blank_quotes(text.text)
    for offset, line in enumerate(value.splitlines() or [value]):
        for rule in c.lib.terminology:
            for match in pattern(rule).finditer(line):
                path, fline, col = origin.text_place(text.key, offset)
                if text.markdown and origin.style(text.key) in ("|", ">"):
                    col = col + match.start()
                c.problems.add(path, fline, col, f"'{match.group(0)}': {rule.why}",
                               f"say '{rule.prefer}' instead; to quote a statute, or to name the "
                               f"term in order to explain it, write {{{{ quote(\"...\") }}}}",
                               code=f"term:{rule.id}")


def _scan_translations(c: Context, locale: str, rules: list[Rule]) -> None:
    """A locale's translations against its own rules, at their PO lines. Country facts are
    exempt here too."""
    for (context, _), message in sorted(c.lib.translations.get(locale, {}).items(),
                                        key=lambda kv: (kv[1].path, kv[1].line)):
        if context is None or "/facts/" in context or not message.current:
            continue
        value = _blank_quotes(message.msgstr)
        for rule in rules:
            for match in pattern(rule).finditer(value):
                c.problems.add(message.path, message.line, 1,
                               f"'{match.group(0)}' ({locale}, in {context}): {rule.why}",
                               f"say '{rule.prefer}' instead; to quote a statute, write "
                               f"{{{{ quote(\"...\") }}}}", code=f"term:{locale}:{rule.id}")


def check(c: Context) -> None:
    lib = c.lib
    for locale, rules in sorted(lib.locale_terminology.items()):
        _scan_translations(c, locale, rules)
    targets: list[tuple[Origin, list[Text]]] = [
        (lib.origin("library", "library"), library_texts(lib.meta))]
    targets += [(lib.origin("module", m.id), module_texts(m)) for m in lib.modules.values()]
    targets += [(lib.origin("audience", a.id), audience_texts(a)) for a in lib.audiences.values()]
    targets += [(lib.origin("level", lv.id), level_texts(lv)) for lv in lib.levels]
    targets += [(lib.origin("country", co.id), [t for t in country_texts(co)
                                                if t.key[0] != "name" and "/facts/" not in t.context])
                for co in lib.countries.values()]
    targets += [(lib.origin("figure", f.id), figure_texts(f)) for f in lib.figures.values()]
    for origin, texts in targets:
        for text in texts:
            _scan(c, origin, text)
