"""What every check works with: the library, the collector of findings, and the few ways a
check reports a place (a reference, a fact path, a `when:`)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from ..diagnostics import Collector, Severity
from ..facts import fact_paths
from ..library import Library, Origin
from ..models import When
from ..suggest import did_you_mean


@dataclass
class Context:
    lib: Library
    problems: Collector

    def add(self, origin: Origin, key: tuple, message: str, hint: str, code: str = "ref",
            severity: Severity = "error") -> None:
        path, line, col = origin.place(*key)
        self.problems.add(path, line, col, message, hint, code=code, severity=severity)

    def ref(self, origin: Origin, key: tuple, kind: str, ident: str, known: Iterable[str]) -> None:
        """An id that must name something the library holds (or a file that failed to load,
        which was reported already)."""
        known = list(known)
        if ident in known or (kind, ident) in self.lib.broken:
            return
        self.add(origin, key, f"unknown {kind} '{ident}'", did_you_mean(ident, known))

    def fact_path(self, origin: Origin, key: tuple, path: str) -> None:
        if path not in fact_paths():
            self.add(origin, key, f"unknown fact '{path}'", did_you_mean(path, fact_paths()))

    def when(self, origin: Origin, key: tuple, when: When | None) -> None:
        if when is None:
            return
        lib = self.lib
        for i, a in enumerate(when.audiences or []):
            self.ref(origin, key + ("when", "audiences", i), "audience", a, lib.audiences)
        for i, level in enumerate(when.levels or []):
            self.ref(origin, key + ("when", "levels", i), "level", level, lib.level_ids)
        for i, c in enumerate(when.countries or []):
            self.ref(origin, key + ("when", "countries", i), "country", c, lib.countries)
        for field in ("has", "lacks"):
            for i, path in enumerate(getattr(when, field) or []):
                self.fact_path(origin, key + ("when", field, i), path)
