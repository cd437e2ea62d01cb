"""Run one check on a (mutated) copy of the small test library."""
from __future__ import annotations

from pathlib import Path

from curriculum.checks.base import Context
from curriculum.diagnostics import Collector
from curriculum.loader import read


def edit(root: Path, name: str, old: str, new: str) -> None:
    path = root / name
    text = path.read_text()
    assert old in text, f"{old!r} not in {name}"
    path.write_text(text.replace(old, new, 1))


def run(root: Path, check, *args) -> list:
    lib = read(root)
    c = Context(lib, Collector(lib.root))
    check(c, *args)
    return [d.text() for d in c.problems.items]
