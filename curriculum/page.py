"""The library's page templates (templates/*.j2) as one Jinja environment: sandboxed, strict
about undefined names, autoescaping, with the Markdown filters. The renderer fills them;
validation compiles them first, so a broken template fails `curriculum validate`, not a build."""
from __future__ import annotations

from functools import lru_cache

from jinja2 import FileSystemLoader, StrictUndefined, select_autoescape
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from . import markup

PAGE_TEMPLATE = "pack.html.j2"


@lru_cache(maxsize=8)
def environment(templates: str) -> ImmutableSandboxedEnvironment:
    env = ImmutableSandboxedEnvironment(
        loader=FileSystemLoader(templates), undefined=StrictUndefined,
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True, lstrip_blocks=True)
    env.filters["md"] = lambda text: Markup(markup.to_html(text or ""))
    env.filters["mdi"] = lambda text: Markup(markup.inline_html(text or ""))
    return env
