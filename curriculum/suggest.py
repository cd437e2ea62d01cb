"""One "did you mean": the closest known name to a misspelt one, for every hint that offers it."""
from __future__ import annotations

import difflib
from collections.abc import Iterable


def closest(word: str, options: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The known name nearest to `word`, or None when nothing is near enough."""
    found = difflib.get_close_matches(word, list(options), n=1, cutoff=cutoff)
    return found[0] if found else None


def known_list(options: Iterable[str], limit: int = 12) -> str:
    names = sorted(options)
    return ", ".join(names[:limit]) + (" ..." if len(names) > limit else "")


def did_you_mean(word: str, options: Iterable[str], cutoff: float = 0.6,
                 otherwise: str | None = None) -> str:
    """"did you mean 'x'?", or else `otherwise` (by default the known names)."""
    options = list(options)
    near = closest(word, options, cutoff)
    if near is not None:
        return f"did you mean '{near}'?"
    return otherwise if otherwise is not None else f"known: {known_list(options)}"
