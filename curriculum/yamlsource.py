"""Read one YAML file into plain data, with the line and column of every node.

Library files come from many hands, so this reader trusts nothing:
- safe loading only (PyYAML's composer, no Python object tags);
- duplicate keys are errors (PyYAML accepts them silently and keeps the last);
- limits on file size, nesting depth and alias expansion (a "billion laughs" file fails fast);
- YAML 1.1's surprises are off: `no`, `yes`, `on`, `off` stay strings, dates stay strings;
- a file that is not UTF-8, is empty, or holds a tab where indentation belongs gets an error
  at its line and column with a hint.

The result is plain Python data (dicts, lists, str, int, float, bool, None) and a map from each
node's path (a tuple of keys and indices) to its place in the file.
"""
from __future__ import annotations

import typing

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .diagnostics import Collector

MAX_BYTES = 1_000_000
MAX_DEPTH = 40
MAX_NODES = 200_000

Key = tuple  # a path into the data: ("sections", 2, "body")


@dataclass
class Place:
    line: int  # 1-based
    col: int  # 1-based
    style: str | None = None  # for scalars: None (plain), "|", ">", "'", '"'


@dataclass
class Document:
    path: Path
    data: object
    places: dict[Key, Place] = field(default_factory=dict)

    def place(self, key: Key) -> Place:
        """The place of `key`, or of its nearest ancestor that has one."""
        key = tuple(key)
        while key not in self.places and key:
            key = key[:-1]
        return self.places.get(key, Place(1, 1))

    def text_line(self, key: Key, offset: int) -> tuple[int, int]:
        """The file line and column of line `offset` (0-based) inside the scalar at `key`.

        Exact for block scalars (`|`), the style we ask authors to use for bodies; for other
        styles the scalar's first line is the best we can say.
        """
        place = self.place(key)
        if place.style in ("|", ">"):
            return place.line + 1 + offset, place.col
        return place.line, place.col


class _Resolver(yaml.resolver.BaseResolver):
    """YAML 1.2-like implicit types: only true/false are booleans, no dates, no sexagesimals."""


_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"))
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9_]*)$"), list("-+0123456789"))
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?$"), list("-+0123456789."))
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])


class _Composer(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser,
                yaml.composer.Composer, _Resolver):
    def __init__(self, text: str):
        yaml.reader.Reader.__init__(self, text)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        yaml.composer.Composer.__init__(self)
        _Resolver.__init__(self)


class _Stop(Exception):
    def __init__(self, line: int, col: int, message: str, hint: str):
        super().__init__(message)
        self.line, self.col, self.message, self.hint = line, col, message, hint


def _hint_for(problem: str, line_text: str) -> str:
    if "\t" in line_text[: len(line_text) - len(line_text.lstrip())] or "'\\t'" in problem:
        return "YAML indentation must use spaces; replace the tab with spaces"
    if "expected ',' or '}'" in problem or "expected ',' or ']'" in problem:
        return "inside { ... } or [ ... ], quote any value that holds ':', '?', ',' or '#'"
    if "mapping values are not allowed" in problem:
        return "a value containing ': ' must be quoted, or written as a block with |"
    if "could not find expected ':'" in problem or "expected <block end>" in problem:
        return "check the indentation of this line against the lines above it"
    if "found unexpected end of stream" in problem or "flow sequence" in problem \
            or "flow mapping" in problem:
        return "a bracket or quote opened above is never closed"
    return "fix the YAML syntax at this place"


def _decode(raw: bytes) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        raise _Stop(line, col, f"the file is not valid UTF-8 (byte 0x{raw[exc.start]:02x})",
                    "save the file as UTF-8 (most editors offer this under 'Save with encoding')"
                    ) from None


def _convert(node, doc: Document, key: Key, depth: int, budget: list[int], active: set[int]):
    if depth > MAX_DEPTH:
        raise _Stop(node.start_mark.line + 1, node.start_mark.column + 1,
                    f"the data is nested more than {MAX_DEPTH} levels deep",
                    "flatten the structure; library files never need this depth")
    budget[0] -= 1
    if budget[0] < 0:
        raise _Stop(node.start_mark.line + 1, node.start_mark.column + 1,
                    f"the file expands to more than {MAX_NODES} values (aliases repeated too often?)",
                    "do not use anchors and aliases (&name, *name) to repeat large blocks")
    if id(node) in active:
        raise _Stop(node.start_mark.line + 1, node.start_mark.column + 1,
                    "an alias refers to a node that contains it", "remove the recursive alias")
    mark = node.start_mark
    style = getattr(node, "style", None)
    doc.places[key] = Place(mark.line + 1, mark.column + 1, style)
    if isinstance(node, yaml.ScalarNode):
        if node.tag not in _SCALAR_TAGS:
            raise _Stop(mark.line + 1, mark.column + 1, f"the tag {node.tag} is not allowed",
                        "remove the '!' tag; library files hold plain text, numbers and lists")
        try:
            return _SCALAR_TAGS[node.tag](node.value)
        except ValueError:  # an int of more digits than Python converts (4,300)
            raise _Stop(mark.line + 1, mark.column + 1, f"this number has {len(node.value):,} "
                        "digits, too many to be a number", "write a smaller number, or quote "
                        "it to make it text") from None
    active.add(id(node))
    try:
        if isinstance(node, yaml.SequenceNode):
            if node.tag != "tag:yaml.org,2002:seq":
                raise _Stop(mark.line + 1, mark.column + 1, f"the tag {node.tag} is not allowed",
                            "remove the '!' tag")
            return [_convert(item, doc, key + (i,), depth + 1, budget, active)
                    for i, item in enumerate(node.value)]
        if node.tag != "tag:yaml.org,2002:map":
            raise _Stop(mark.line + 1, mark.column + 1, f"the tag {node.tag} is not allowed",
                        "remove the '!' tag")
        out: dict = {}
        first_seen: dict = {}
        for key_node, value_node in node.value:
            kmark = key_node.start_mark
            if not isinstance(key_node, yaml.ScalarNode):
                raise _Stop(kmark.line + 1, kmark.column + 1, "a key must be plain text",
                            "write keys as simple words, e.g. `title:`")
            name = key_node.value
            if name in out:
                raise _Stop(kmark.line + 1, kmark.column + 1,
                            f"duplicate key '{name}' (first at line {first_seen[name]})",
                            "remove one of the two; YAML keeps only the last, silently")
            first_seen[name] = kmark.line + 1
            out[name] = _convert(value_node, doc, key + (name,), depth + 1, budget, active)
            # the key's own place is more useful than the value's for "unknown field" errors
            doc.places[key + (name,)] = Place(kmark.line + 1, kmark.column + 1,
                                              getattr(value_node, "style", None))
            if isinstance(value_node, yaml.ScalarNode) and value_node.style in ("|", ">"):
                doc.places[key + (name,)] = Place(value_node.start_mark.line + 1,
                                                  kmark.column + 1 + 2, value_node.style)
        return out
    finally:
        active.discard(id(node))


def _to_int(text: str) -> int:
    return int(text.replace("_", ""))


def _to_float(text: str) -> float:
    return float(text.replace("_", ""))


_SCALAR_TAGS: dict[str, typing.Callable[[str], object]] = {
    "tag:yaml.org,2002:str": str,
    "tag:yaml.org,2002:int": _to_int,
    "tag:yaml.org,2002:float": _to_float,
    "tag:yaml.org,2002:bool": lambda text: text.lower() == "true",
    "tag:yaml.org,2002:null": lambda text: None,
}


def read(path: Path, problems: Collector) -> Document | None:
    """Read `path` (a file of the library at problems.root); on any problem add it to
    `problems` and return None."""
    from .files import FileProblem, read_bytes

    try:
        raw = read_bytes(path, problems.root or path.parent, MAX_BYTES)
    except FileProblem as exc:
        problems.add(path, 1, 1, exc.message, exc.hint, code="io")
        return None
    return parse(raw, path, problems)


def parse(raw: bytes, path: Path, problems: Collector) -> Document | None:
    doc = Document(path=path, data=None)
    try:
        if len(raw) > MAX_BYTES:
            raise _Stop(1, 1, f"the file is {len(raw):,} bytes, over the limit of {MAX_BYTES:,}",
                        "split it into several files")
        text = _decode(raw)
        if not text.strip() or all(not line.strip() or line.lstrip().startswith("#")
                                   for line in text.splitlines()):
            raise _Stop(1, 1, "the file is empty", "fill it in, or delete it")
        if "\x00" in text:
            offset = text.index("\x00")
            line = text.count("\n", 0, offset) + 1
            raise _Stop(line, offset - text.rfind("\n", 0, offset), "the file holds a NUL byte",
                        "this looks like a binary file; library files are UTF-8 text")
        loader = _Composer(text)
        try:
            try:
                node = loader.get_single_node()
            except RecursionError:
                raise _Stop(1, 1, f"the data is nested more than {MAX_DEPTH} levels deep",
                            "flatten the structure") from None
        finally:
            loader.dispose()
        if node is None:
            raise _Stop(1, 1, "the file is empty", "fill it in, or delete it")
        doc.data = _convert(node, doc, (), 0, [MAX_NODES], set())
    except _Stop as stop:
        problems.add(path, stop.line, stop.col, stop.message, stop.hint, code="yaml")
        return None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        col = mark.column + 1 if mark else 1
        lines = text.splitlines() if "text" in locals() else []
        line_text = lines[line - 1] if 0 < line <= len(lines) else ""
        problem = exc.problem or "invalid YAML"
        context = exc.context or ""
        if "expected a single document" in problem or "but found another document" in problem:
            hint = "a library file holds one document; remove the extra '---'"
        elif "flow" in context and exc.context_mark is not None and \
                exc.context_mark.line != mark.line:
            bracket = "[" if "sequence" in context else "{"
            hint = (f"the {bracket} opened at line {exc.context_mark.line + 1}, column "
                    f"{exc.context_mark.column + 1} is not closed (or a value inside it needs "
                    f"quotes)")
        else:
            hint = _hint_for(problem, line_text)
        if "'\\t'" in problem or "\t" in problem:
            problem = "a tab character where YAML expects spaces"
        problems.add(path, line, col, f"invalid YAML: {problem}", hint, code="yaml")
        return None
    except yaml.YAMLError as exc:  # reader errors: control characters and the like
        mark = getattr(exc, "position", None)
        problems.add(path, 1, 1, f"invalid YAML: {exc}", "remove control characters",
                     code="yaml")
        return None
    return doc
