"""Prerequisites have no cycle. Iterative, so a chain of thousands of modules is no problem."""
from __future__ import annotations

from .base import Context


def check(c: Context) -> None:
    lib = c.lib
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    reported: set[frozenset] = set()
    for start in sorted(lib.modules):
        if start in state:
            continue
        trail = [start]
        state[start] = 1
        stack = [iter(lib.modules[start].prerequisites)]
        while stack:
            ident = trail[-1]
            p = next(stack[-1], None)
            if p is None:
                state[ident] = 2
                trail.pop()
                stack.pop()
                continue
            if p not in lib.modules or p == ident:
                continue
            if state.get(p) == 1:
                cycle = trail[trail.index(p):] + [p]
                key = frozenset(cycle)
                if key not in reported:
                    reported.add(key)
                    index = lib.modules[ident].prerequisites.index(p)
                    c.add(lib.origin("module", ident), ("prerequisites", index),
                          f"prerequisite cycle: {' -> '.join(cycle)}",
                          "a module cannot (even indirectly) require itself; remove one of "
                          "these prerequisites")
            elif p not in state:
                state[p] = 1
                trail.append(p)
                stack.append(iter(lib.modules[p].prerequisites))
