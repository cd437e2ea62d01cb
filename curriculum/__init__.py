"""curriculum: tailored training packs on child sexual abuse material online.

The public surface is small; the CLI and the tests use the same functions:

    lib = curriculum.load(root)          # stage 1: files -> typed models (raises Problems)
    curriculum.validate(lib)             # stage 2: cross-references and texts -> diagnostics
    pack = curriculum.plan(lib, variant) # stages 3-4: tailor and localise one variant
    curriculum.build(lib, out, ...)      # stages 3-6 for the whole (filtered) matrix

No public name is the name of a submodule (the stages live in loader.py, validator.py,
tailor.py, localise.py, render.py, write.py and builder.py), so importing one never replaces
a function here.
"""
from __future__ import annotations

from .builder import Report, build
from .diagnostics import Diagnostic, Problems
from .errors import CurriculumError
from .library import Library
from .loader import load
from .pack import Pack, Variant
from .tailor import Selection
from .validator import validate
from .version import __version__


def plan(lib: Library, variant: Variant, minutes: int | None = None,
         selection: Selection | None = None) -> Pack:
    """Tailor and localise one variant: the pack as plain data, before rendering."""
    from .localise import localise
    from .tailor import tailor

    return localise(lib, tailor(lib, variant, minutes=minutes, selection=selection))


__all__ = ["CurriculumError", "Diagnostic", "Library", "Pack", "Problems", "Report", "Selection",
           "Variant",
           "build", "load", "plan", "validate", "__version__"]
