"""GIFT, Moodle's plain-text question format: a pack's quiz questions -> a .gift file.

One question a block, blocks separated by blank lines:

    ::module-id/question-id::[html]<p>Question?</p>{
    =right answer#why
    ~wrong answer#why
    }

- The texts are the pack's own Markdown rendered by markup.py (raw HTML off, links checked), so
  what Moodle shows is what the pack prints, and as inert; `[html]` tells Moodle so.
- GIFT's special characters `~ = # { } :` and the backslash are escaped with a backslash
  wherever they occur in a text; a line break is written `\\n`, so that no text ever holds the
  blank line that would end its question.
- The explanation of a question is the feedback of each of its answers: whoever answers, right
  or wrong, reads why.
- `$CATEGORY:` lines put each module's questions in a category of its own under the pack's
  (Moodle: Import, "Get category from file").
"""
from __future__ import annotations

from ..markup import inline_html, to_html
from ..pack import Pack, PackModule, PackQuestion

SPECIAL = "\\~=#{}:"  # the backslash first: the escapes themselves must not be escaped again


def escape(text: str) -> str:
    """`text` safe anywhere in a GIFT question: specials escaped, line breaks as \\n."""
    for char in SPECIAL:
        text = text.replace(char, "\\" + char)
    return text.replace("\r\n", "\n").replace("\n", "\\n")


def _html(markdown: str, block: bool = False) -> str:
    return (to_html(markdown) if block else inline_html(markdown)).strip()


def question(module: PackModule, item: PackQuestion) -> str:
    """One question block (no trailing blank line). `item` must carry its answer (`correct`)."""
    if item.correct is None:
        raise ValueError(f"{item.context}: the question has no answer key")
    feedback = f"#{escape(_html(item.explanation, block=True))}" if item.explanation else ""
    answers = [f"{'=' if i == item.correct else '~'}{escape(_html(answer))}{feedback}"
               for i, answer in enumerate(item.answers, start=1)]
    title = escape(f"{module.id}/{item.id}")
    return "\n".join([f"::{title}::[html]{escape(_html(item.question))} {{", *answers, "}"])


def category(pack_name: str, module: PackModule | None = None) -> str:
    return f"$CATEGORY: $course$/top/{pack_name}" + (f"/{module.id}" if module else "")


def _header(pack: Pack, pack_name: str, module: PackModule | None = None) -> list[str]:
    what = f"{pack.audience.name}, {pack.country.name} ({pack.variant.locale})"
    lines = [f"// {pack.library.name} {pack.library.version}: {what}",
             f"// made by `curriculum export gift` from the pack {pack.variant.slug}; "
             f"edit the library, not this file"]
    if module:
        lines.append(f"// module: {module.title}")
    return [" ".join(line.splitlines()) for line in lines]


def module_file(pack: Pack, pack_name: str, module: PackModule) -> str:
    """One module's questions, in the module's category; empty when it has none."""
    asked = pack.questions(module)
    if not asked:
        return ""
    blocks = ["\n".join(_header(pack, pack_name, module)), category(pack_name, module),
              *[question(module, q) for q in asked]]
    return "\n\n".join(blocks) + "\n"


def pack_file(pack: Pack, pack_name: str) -> str:
    """Every module's questions, each module in its category; empty when the pack has none."""
    blocks: list[str] = []
    for module in pack.modules:
        asked = pack.questions(module)
        if asked:
            blocks += [f"// module: {' '.join(module.title.splitlines())}",
                       category(pack_name, module), *[question(module, q) for q in asked]]
    if not blocks:
        return ""
    return "\n\n".join(["\n".join(_header(pack, pack_name)), *blocks]) + "\n"


def files(pack: Pack, pack_name: str, per: str = "pack") -> dict[str, bytes]:
    """The GIFT files of one pack, by name: `<pack_name>.gift`, or with per="module",
    `<pack_name>/<module-id>.gift` for each module that asks questions."""
    if per == "module":
        out = {f"{pack_name}/{m.id}.gift": module_file(pack, pack_name, m) for m in pack.modules}
    else:
        out = {f"{pack_name}.gift": pack_file(pack, pack_name)}
    return {name: text.encode("utf-8") for name, text in out.items() if text}
