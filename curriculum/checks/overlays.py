"""A country's overlays are checked like modules: they name a country and a module that exist,
their sections go where they say (after or in place of a section of that module), their texts
pass the text checks (and render for that country: checks/renders.py renders them with the
module texts, within the same budget); and when upstream changes a section that an
overlay replaces, validate says so, so the country can review its version."""
from __future__ import annotations

import re

from ..texts import overlay_texts
from .base import Context
from .texts import check_text


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def check(c: Context) -> None:
    lib = c.lib
    for (country_id, module_id), overlay in sorted(lib.overlays.items()):
        origin = lib.origin("overlay", f"{country_id}/{module_id}")
        if country_id not in lib.countries:
            c.add(origin, (), f"the overlay's folder names no country: '{country_id}'",
                  "put it under overlays/<iso code>/", code="overlay")
            continue
        module = lib.modules.get(module_id)
        if module is None:
            c.add(origin, (), f"the overlay's file names no module: '{module_id}'",
                  "name the file after the module it adapts", code="overlay")
            continue
        upstream = {s.id: s for s in module.sections}
        ids = set(upstream)
        for i, section in enumerate(overlay.sections):
            key = ("sections", i)
            for field in ("after", "replaces"):
                target = getattr(section, field)
                if target and target not in upstream:
                    c.ref(origin, key + (field,), "section", target, upstream)
            if section.id in ids and section.replaces != section.id:
                c.add(origin, key + ("id",), f"the section id '{section.id}' is already used "
                      f"in '{module_id}'", "give the overlay's section its own id, or say "
                      "`replaces:` it", code="overlay")
            ids.add(section.id)
            c.when(origin, key, section.when)
            replaced = upstream.get(section.replaces or "")
            if replaced is not None and section.upstream and \
                    not _words(replaced.body).startswith(_words(section.upstream)):
                c.add(origin, key + ("upstream",), f"upstream changed the section "
                      f"'{replaced.id}' that this overlay replaces", "read the new version in "
                      f"modules/{module_id}.yaml, update yours, and set `upstream:` to its first "
                      "words", code="overlay-upstream", severity="warning")
        texts = overlay_texts(country_id, module_id, overlay)
        for text in texts:
            check_text(c, origin, text)
