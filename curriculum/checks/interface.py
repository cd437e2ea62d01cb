"""What only a build would find otherwise: the pack template compiles (and exists), and each
interface translation uses only the placeholders the code passes, plainly: `{name}`, never an
attribute, an index or a format spec (which could print internals or a 30 MB page)."""
from __future__ import annotations

import re

from jinja2 import TemplateNotFound, TemplateSyntaxError

from ..page import PAGE_TEMPLATE, environment
from .base import Context

PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def _placeholders(text: str) -> list[str]:
    # "{{" and "}}" are literal braces in str.format
    return PLACEHOLDER.findall(text.replace("{{", "").replace("}}", ""))


def check(c: Context) -> None:
    lib = c.lib
    try:
        environment(str(lib.templates)).get_template(PAGE_TEMPLATE)
    except TemplateNotFound:
        c.problems.add(lib.templates / PAGE_TEMPLATE, 1, 1, "the pack template is missing",
                       "restore templates/pack.html.j2", code="template")
    except TemplateSyntaxError as exc:
        c.problems.add(exc.filename or lib.templates / PAGE_TEMPLATE, exc.lineno or 1, 1,
                       f"template syntax error: {exc.message}",
                       "check the {{ }} and {% %} around this line", code="template")
    for locale, messages in sorted(lib.translations.items()):
        for (context, msgid), message in messages.items():
            if context is not None:
                continue
            allowed = {p for p in _placeholders(msgid)}
            for name in _placeholders(message.msgstr):
                if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
                    what = f"'{{{name}}}' is not a plain placeholder"
                    hint = "write placeholders as {name}, without attributes or formats"
                elif name not in allowed:
                    what = f"'{{{name}}}' is not a placeholder of this text"
                    hint = f"use only {', '.join('{' + a + '}' for a in sorted(allowed)) or 'none'}"
                else:
                    continue
                c.problems.add(message.path, message.line, 1,
                               f"{what} (in the {locale} translation of '{msgid[:50]}')", hint,
                               code="placeholder")


