"""The one base class of the exceptions this package raises on purpose, so that callers (the
build, the CLI) catch ours by name and let anything else show as the internal error it is."""
from __future__ import annotations


class CurriculumError(Exception):
    """A problem the package knows how to describe: bad input, a variant that cannot be made,
    an output that cannot be written."""
