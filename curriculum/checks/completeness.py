"""What every bundled module carries: an activity, a quiz, sources, a facilitator note,
safeguarding guidance when sensitive, and content for every audience and level it names."""
from __future__ import annotations

from ..conditions import when_miss
from ..models import Module
from .base import Context


def _module(c: Context, module: Module) -> None:
    origin = c.lib.origin("module", module.id)

    def finding(key, message, hint):
        c.add(origin, key, message, hint, code="completeness")

    if not module.activities:
        finding(("sections",), f"the module '{module.id}' has no activity",
                "add a composite scenario or a discussion under `activities:`")
    if not module.quiz:
        finding(("sections",), f"the module '{module.id}' has no quiz",
                "add questions with explanations under `quiz:`")
    if not module.sources:
        finding(("id",), f"the module '{module.id}' cites no sources", "list them under `sources:`")
    if not any(s.kind == "note" for s in module.sections):
        finding(("sections",), f"the module '{module.id}' has no facilitator note",
                "add a section with `kind: note` and `edition: facilitator`")
    if module.sensitive and not any(s.kind == "safeguarding" for s in module.sections):
        finding(("sensitive",), f"the sensitive module '{module.id}' has no safeguarding "
                "guidance for the facilitator",
                "add a section with `kind: safeguarding` (opt-out, debrief, support)")
    for audience in module.audiences:
        for level in module.levels:
            # could a content section hold for this audience and level, in some country?
            if not any(s.kind == "content" and when_miss(s.when, audience, level) is None
                       for s in module.sections):
                finding(("audiences",), f"no content section of '{module.id}' is written for "
                        f"{audience} at level {level}",
                        "add a section for them, or remove the audience or level")


def check(c: Context) -> None:
    for module in c.lib.modules.values():
        _module(c, module)
