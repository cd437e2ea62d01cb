"""Figures (sources/*.yaml) older than `figure_max_age_years` before the library's date, unless
marked `historical: true` (quoted to show how things were)."""
from __future__ import annotations

import re

from .base import Context


def check(c: Context) -> None:
    lib = c.lib
    year = int(lib.meta.date[:4])
    limit = lib.meta.figure_max_age_years
    for figure in lib.figures.values():
        found = re.findall(r"\d{4}", figure.as_of)
        if not found or figure.historical:
            continue
        age = year - int(found[-1])
        if age > limit:
            c.add(lib.origin("figure", figure.id), ("as_of",),
                  f"the figure '{figure.id}' is {age} years old (as of {figure.as_of}); readers "
                  f"may take it for today's",
                  "find a newer figure, or mark it `historical: true` and present it as how "
                  "things were", code="old-figure")
