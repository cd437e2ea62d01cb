"""curriculum: tailored training packs on child sexual abuse material online.

The public surface is small; the CLI and the tests use the same functions:

    lib = curriculum.load(root)          # stage 1: files -> typed models (raises Problems)
    curriculum.validate(lib)             # stage 2: cross-references and texts -> diagnostics
    pack = curriculum.plan(lib, variant) # stages 3-4: tailor and localise one variant
    curriculum.build(lib, out, ...)      # stages 3-6 for the whole (filtered) matrix
"""
from .version import __version__  # noqa: E402

from .diagnostics import Diagnostic, Problems  # noqa: E402
from .load import Library, load_or_raise as load  # noqa: E402
from .validate import validate  # noqa: E402
from .pack import Pack, Variant  # noqa: E402


def plan(lib, variant, minutes=None):
    """Tailor and localise one variant: the pack as plain data, before rendering."""
    from .localise import localise
    from .tailor import tailor

    return localise(lib, tailor(lib, variant, minutes=minutes))


def build(lib, out, **options):
    from .build import build as _build

    return _build(lib, out, **options)


__all__ = ["Diagnostic", "Library", "Pack", "Problems", "Variant", "build", "load", "plan",
           "validate", "__version__"]
