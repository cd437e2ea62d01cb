"""Quizzes test knowledge, not position: across the library, the right answer must not sit in
one position, nor be the longest option, so often that a participant could guess it."""
from __future__ import annotations

from collections import Counter

from .base import Context

MAX_POSITION_SHARE = 0.45  # of questions with 3 or more answers
MAX_LONGEST_SHARE = 0.5
MIN_QUESTIONS = 12  # below this, shares say little


def check(c: Context) -> None:
    lib = c.lib
    positions: Counter[int] = Counter()
    longest = 0
    count = 0
    first: dict[str, tuple] = {}
    for module in sorted(lib.modules.values(), key=lambda m: m.id):
        for i, question in enumerate(module.quiz):
            if len(question.answers) < 3:
                continue
            count += 1
            positions[question.correct] += 1
            lengths = [len(a) for a in question.answers]
            is_longest = lengths[question.correct - 1] == max(lengths)
            longest += is_longest
            first.setdefault(f"position-{question.correct}", (module.id, i))
            if is_longest:
                first.setdefault("longest", (module.id, i))
    if count < MIN_QUESTIONS:
        return
    position, most = positions.most_common(1)[0]
    if most / count > MAX_POSITION_SHARE:
        module_id, i = first[f"position-{position}"]
        c.add(lib.origin("module", module_id), ("quiz", i, "correct"),
              f"the right answer is option {position} in {most} of {count} questions "
              f"({most / count:.0%}): participants can guess it by position",
              "spread the right answers over the positions", code="quiz-balance")
    if longest / count > MAX_LONGEST_SHARE:
        module_id, i = first["longest"]
        c.add(lib.origin("module", module_id), ("quiz", i, "answers"),
              f"the right answer is the longest option in {longest} of {count} questions "
              f"({longest / count:.0%}): participants can guess it by length",
              "make wrong answers as specific as the right one", code="quiz-balance")
