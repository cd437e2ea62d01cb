"""Translations of module texts compile and name the same things as the English, reported at
their PO line. Returns the translations that failed, so that the render check does not render
(and report) them a second time."""
from __future__ import annotations

from ..texts import module_texts
from .base import Context
from .texts import check_text

BadTranslations = frozenset[tuple[str, str]]  # (locale, msgctxt)


def check(c: Context) -> BadTranslations:
    lib = c.lib
    index = {}
    for module in lib.modules.values():
        for text in module_texts(module):
            index[(text.context, text.text)] = (module, text)
    bad: set[tuple[str, str]] = set()
    for locale, messages in lib.translations.items():
        if locale == lib.meta.default_locale:
            continue
        for (context, msgid), message in messages.items():
            if context is None or (context, msgid) not in index:
                continue  # stale: falls back, and `curriculum translate status` lists it
            module, text = index[(context, msgid)]
            if not check_text(c, lib.origin("module", module.id), text, message.msgstr,
                              where=(message.path, message.line)):
                bad.add((locale, context))
    return frozenset(bad)
