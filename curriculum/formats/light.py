"""Light packs: for a country where few people are online, the pack also comes as one small,
self-contained HTML file (`pack.light.html`) that travels by email or messaging app and prints
from any phone or shared computer: its stylesheets inside it (print layout included), no
assets, fonts or images to fetch, nothing that needs a connection once it has arrived.

A country gets one when its profile records internet use below LOW_INTERNET_USE per cent, or
does not record it and sits at one of the lower levels (LOW_LEVELS): a light file costs little,
a missing one can cost the training. The manifest says which packs have one and why.
"""
from __future__ import annotations

import re
from pathlib import Path

from ..models import Country

LIGHT_FILE = "pack.light.html"
LOW_INTERNET_USE = 50.0  # per cent of people using the internet
LOW_LEVELS = ("foundational", "developing")
_PERCENT = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*%")
_STYLESHEET = re.compile(r'<link rel="stylesheet" href="(assets/[A-Za-z0-9._-]+\.css)"'
                         r'(?: media="([a-z]+)")?>')


def light_reason(country: Country, level: str) -> str | None:
    """Why a country's packs come in a light form too, or None when they need not."""
    fact = country.internet_use
    if fact is None or not fact.known:
        if level in LOW_LEVELS:
            return f"internet use is not recorded, and the country is at the {level} level"
        return None
    match = _PERCENT.match(str(fact.value))
    if match is None:
        return None  # recorded in words we cannot compare: the full pack only
    share = float(match.group(1).replace(",", "."))
    if share >= LOW_INTERNET_USE:
        return None
    return f"internet use is {fact.value} ({fact.as_of}), below {LOW_INTERNET_USE:g}%"


def light_html(html: str, templates: Path) -> str:
    """The pack's HTML with its stylesheets inlined: one file, nothing to fetch."""
    def inline(match: re.Match) -> str:
        path = templates / match.group(1)
        css = path.read_text(encoding="utf-8") if path.is_file() else ""
        media = f' media="{match.group(2)}"' if match.group(2) else ""
        css = css.replace("</", "<\\/")  # a stylesheet never closes its <style> early
        return f"<style{media}>{css}</style>"

    return _STYLESHEET.sub(inline, html)
