"""library.yaml: the default locale exists, the sequence names each module once (and, when there
is a sequence, every module: one left out would be placed last without a word), intro parts have
their own ids and sound conditions."""
from __future__ import annotations

from .base import Context


def check(c: Context) -> None:
    lib = c.lib
    origin = lib.origin("library", "library")
    if lib.meta.default_locale not in lib.locales:
        c.add(origin, ("default_locale",), f"the default locale '{lib.meta.default_locale}' "
              f"has no folder locales/{lib.meta.default_locale}/", "create it with a locale.yaml")
    seen = set()
    for i, ident in enumerate(lib.meta.sequence):
        c.ref(origin, ("sequence", i), "module", ident, lib.modules)
        if ident in seen:
            c.add(origin, ("sequence", i), f"'{ident}' is listed twice in the sequence",
                  "list each module once")
        seen.add(ident)
    missing = sorted(set(lib.modules) - seen)
    if lib.meta.sequence and missing:
        c.add(origin, ("sequence",), f"the sequence leaves out {', '.join(map(repr, missing))}, "
              f"which would be placed last", f"add {'them' if len(missing) > 1 else 'it'} to "
              f"`sequence:` where {'they belong' if len(missing) > 1 else 'it belongs'} in the "
              f"course", code="sequence", severity="warning")
    ids = set()
    for i, section in enumerate(lib.meta.intro):
        if section.id in ids:
            c.add(origin, ("intro", i, "id"), f"the part id '{section.id}' is used twice",
                  "give each part its own id")
        ids.add(section.id)
        c.when(origin, ("intro", i), section.when)
