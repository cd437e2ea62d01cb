"""Markdown: module text -> HTML fragments, with everything active switched off.

- raw HTML is off (markdown-it's `commonmark` preset passes it through by default);
- links may only point to http, https and mailto addresses, or to a `#fragment` in the pack;
  markdown-it's own check lets relative paths such as `../../x` through, so ours replaces it;
- images are never rendered (training material shows no imagery): their alt text is kept;
- headings inside a body are shifted below the section's own heading.

`problems()` reports the same rules as findings for `curriculum validate`, so an author learns
of a dropped link or image at its line instead of finding it missing from the pack.
"""
from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt

ALLOWED_SCHEMES = ("http://", "https://", "mailto:")
HEADING_SHIFT = 3  # pack h1, module h2, section h3: a "#" in a body becomes h4


def link_allowed(url: str) -> bool:
    url = url.strip()
    lowered = url.lower()
    if lowered.startswith("#"):
        return len(url) > 1 and all(c.isalnum() or c in "-_." for c in url[1:])
    return lowered.startswith(ALLOWED_SCHEMES) and len(url) > len("mailto:") \
        and not any(c.isspace() or c in "<>\"'`\\" for c in url)


def _image_as_text(self, tokens, idx, options, env):
    token = tokens[idx]
    alt = self.renderInline(token.children or [], options, env) if token.children else ""
    return f'<span class="image-omitted">{alt}</span>' if alt else ""


def _heading_open(self, tokens, idx, options, env):
    token = tokens[idx]
    level = min(6, int(token.tag[1]) + HEADING_SHIFT)
    return f"<h{level}>"


def _heading_close(self, tokens, idx, options, env):
    level = min(6, int(tokens[idx].tag[1]) + HEADING_SHIFT)
    return f"</h{level}>\n"


def _link_open(self, tokens, idx, options, env):
    token = tokens[idx]
    href = token.attrGet("href") or ""
    if not href.startswith("#"):
        token.attrSet("rel", "noopener noreferrer")
    return self.renderToken(tokens, idx, options, env)


@lru_cache(maxsize=1)
def _renderer() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.validateLink = link_allowed  # type: ignore[method-assign]
    md.add_render_rule("image", _image_as_text)
    md.add_render_rule("heading_open", _heading_open)
    md.add_render_rule("heading_close", _heading_close)
    md.add_render_rule("link_open", _link_open)
    return md


@lru_cache(maxsize=1)
def _inspector() -> MarkdownIt:
    """A parser that sees raw HTML and every link, to report what the renderer will drop."""
    md = MarkdownIt("commonmark", {"html": True})
    md.enable(["table", "strikethrough"])
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    return md


def to_html(text: str) -> str:
    return _renderer().render(text)


def inline_html(text: str) -> str:
    """For one-line texts (titles, quiz answers): no paragraph wrapper."""
    return _renderer().renderInline(text)


def problems(text: str) -> list[tuple[int, int, str, str]]:
    """(line offset from 0, column, message, hint) for what the renderer would drop or refuse."""
    out = []
    lines = text.splitlines()
    for token in _inspector().parse(text):
        line = token.map[0] if token.map else 0
        if token.type == "html_block":
            snippet = token.content.strip().splitlines()[0][:40] if token.content.strip() else ""
            out.append((line, 1, f"raw HTML is not allowed in module text ({snippet})",
                        "write it in Markdown; HTML is shown as plain text in the pack"))
        if token.type == "fence" and token.map and token.map[1] >= len(lines):
            last = lines[-1].strip() if lines else ""
            if not last.startswith(token.markup) or len(lines) - 1 == token.map[0]:
                out.append((line, 1, "a code block opened here is never closed",
                            f"close it with a line holding {token.markup}"))
        for child in token.children or []:
            if child.type == "html_inline":
                out.append((*_where(lines, line, child.content),
                            f"raw HTML is not allowed in module text ({child.content[:40]})",
                            "write it in Markdown; HTML is shown as plain text in the pack"))
            elif child.type == "image":
                out.append((*_where(lines, line, "!["), "images are not allowed in module text",
                            "training packs show no imagery; describe the point in words"))
            elif child.type == "link_open":
                href = str(child.attrGet("href") or "")
                if not link_allowed(href):
                    out.append((*_where(lines, line, href or "]("),
                                f"a link to '{href[:60]}' is not allowed",
                                "links may point only to http://, https:// or mailto: "
                                "addresses, or to a #section of the pack"))
    return out


def _where(lines: list[str], start: int, needle: str) -> tuple[int, int]:
    """(line offset, column) of `needle` on or after line `start` of a block: best effort."""
    for i in range(start, min(len(lines), start + 200)):
        pos = lines[i].find(needle)
        if pos >= 0:
            return i, pos + 1
    return start, 1
