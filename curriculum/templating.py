"""Content templating: module text may name country facts and figures, and nothing else.

Module text is Markdown with Jinja expressions, e.g. `Call {{ country.reporting.helpline.number }}`
or `{{ figure("icse-countries-2018") }}`. It comes from many hands, so it runs in Jinja's
immutable sandbox with:
- undefined names as errors (StrictUndefined): a misspelt fact is never blank output;
- a fact that the profile does not know raises `UnknownFact` instead of printing "unknown";
- no loader (no include, import or extends), no globals but the ones given here;
- a size budget on every value it makes: repetition, powers and products of numbers, joins,
  widths and paddings are refused before they are computed when their result would be larger
  than a pack could print (`MAX_OUTPUT`), and the output is counted as it is produced;
- a wall-clock deadline per render (the sandbox limits what code can reach, not how long it
  runs); validation gives each text one deadline in total (checks/renders.py).
"""
from __future__ import annotations

import contextlib
import ctypes
import functools
import re
import signal
import string
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice

from jinja2 import Environment, StrictUndefined, nodes
from jinja2.compiler import CodeGenerator
from jinja2.exceptions import SecurityError
from jinja2.nodes import EvalContext
from jinja2.runtime import Context as RuntimeContext
from jinja2.sandbox import ImmutableSandboxedEnvironment

from .errors import CurriculumError
from .facts import PLAIN_FIELDS, fact_at, fact_paths, group_paths, present
from .models import Country, Fact
from .suggest import closest

MAX_OUTPUT = 200_000  # characters of one rendered text
PYTHON_REPR = re.compile(r"<[^\n]{1,300}? at 0x[0-9a-fA-F]{4,}>")  # "<... object at 0x7f...>"
MAX_REPEAT = 10_000  # items produced by `*`
RENDER_SECONDS = 5.0

TOP_LEVEL_NAMES = ("country", "audience", "level", "edition", "locale", "figure", "source",
                   "quote")
FUNCTIONS = ("figure", "source", "quote")


class UnknownFact(CurriculumError):
    def __init__(self, path: str):
        super().__init__(path)
        self.path = path


class RenderTimeout(CurriculumError):
    pass


class TooLarge(SecurityError):
    """A value larger than a pack could print: refused before it is made."""

    def __init__(self, what: str):
        super().__init__(f"{what} would be larger than a text may be (more than "
                         f"{MAX_OUTPUT:,} characters)")


MAX_INT_BITS = 10_000  # a number of about 3,000 digits; Python prints no more than 4,300
SEQUENCES = (str, bytes, list, tuple)


def size(value, limit: int = MAX_OUTPUT) -> int:
    """About how many characters `value` prints as, counted only until it passes `limit`
    (a list holding the same big list many times is never walked in full)."""
    total, stack = 0, [value]
    while stack and total <= limit:
        v = stack.pop()
        if isinstance(v, (str, bytes)):
            total += len(v)
        elif isinstance(v, bool) or v is None:
            total += 5
        elif isinstance(v, int):
            total += v.bit_length() // 3 + 1
        elif isinstance(v, (list, tuple, set, frozenset, dict)):
            total += 2 + 2 * len(v)
            items = v.items() if isinstance(v, dict) else v
            stack.extend(islice(items, max(0, limit - total + 1)))
        else:
            total += 16  # numbers, facts, names: small, and bounded by the profile
    return total


def _bounded(value, what: str = "this value"):
    if size(value) > MAX_OUTPUT:
        raise TooLarge(what)
    return value


def _count(value) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


# %-formatting: a width or precision, given inline or as `*` (taken from the arguments)
PRINTF = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d*))?[hlL]?([a-zA-Z%])")
FORMAT_SPEC = re.compile(r"(?:.?[<>=^])?[-+ ]?z?#?0?(\d*)[,_]?(?:\.(\d*))?[a-zA-Z%]?")


def _printf_size(fmt: str, args) -> int:
    total = len(fmt) + size(args)
    for width, precision, _ in PRINTF.findall(fmt):
        if "*" in (width, precision):
            raise SecurityError("a `*` width in %-formatting is not allowed; write the width")
        total += int(width or 0) + int(precision or 0)
    return total


def _format_size(fmt: str, args, kwargs) -> int:
    total = len(fmt) + size(args) + size(kwargs)
    for _, name, spec, _ in string.Formatter().parse(fmt):
        if spec and ("{" in spec or "}" in spec):
            raise SecurityError("a format spec may not hold another {field}")
        match = FORMAT_SPEC.fullmatch(spec or "")
        if match:
            total += int(match.group(1) or 0) + int(match.group(2) or 0)
        elif spec:
            total += len(spec)
    return total


def _method_size(name: str, self, args, kwargs) -> int:
    """The size of what a str (or bytes) method returns, from its arguments, before it runs."""
    n = len(self)
    first = args[0] if args else None
    if name in ("center", "ljust", "rjust", "zfill"):
        return max(n, _count(first))
    if name == "expandtabs":
        tab = args[0] if args else kwargs.get("tabsize", 8)
        return n + self.count("\t" if isinstance(self, str) else b"\t") * _count(tab)
    if name == "replace" and len(args) >= 2 and isinstance(args[1], (str, bytes)):
        hits = self.count(args[0]) if args[0] else n + 1
        return n + hits * len(args[1])
    if name == "join":
        items = list(islice(first, MAX_REPEAT + 1)) if first is not None else []
        if len(items) > MAX_REPEAT:
            raise TooLarge("this join")
        return size(items) + n * len(items)
    if name in ("format", "format_map") and isinstance(self, str):
        return _format_size(self, args, kwargs)
    return 0


def _filter_size(name: str, args, kwargs) -> int:
    """The size of what a filter returns, for the filters that can return much more than they
    are given (the others return about what they take, and what they take is bounded)."""
    value = args[0] if args else None
    rest = args[1:]
    if name == "center":
        return max(size(value), _count(rest[0] if rest else kwargs.get("width", 80)))
    if name == "indent":
        width = rest[0] if rest else kwargs.get("width", 4)
        pad = len(width) if isinstance(width, str) else _count(width)
        return size(value) + (str(value).count("\n") + 1) * pad
    if name == "wordwrap":
        width = _count(rest[0] if rest else kwargs.get("width", 79)) or 1
        wrap = rest[2] if len(rest) > 2 else kwargs.get("wrapstring") or "\n"
        return size(value) * (1 + len(wrap) // width + 1)
    if name == "replace" and isinstance(value, str) and len(rest) >= 2:
        old, new = str(rest[0]), str(rest[1])
        return len(value) + (value.count(old) if old else len(value) + 1) * len(new)
    if name == "join":
        items = list(islice(value, MAX_REPEAT + 1)) if value is not None else []
        if len(items) > MAX_REPEAT:
            raise TooLarge("this join")
        joiner = rest[0] if rest else kwargs.get("d", "")
        return size(items) + len(items) * size(joiner)
    if name == "format" and isinstance(value, str):
        return _printf_size(value, (rest, kwargs))
    if name in ("batch", "slice"):
        return max(size(value), _count(rest[0] if rest else 0))
    return 0


# what Jinja hands some filters before the template's data
_PLUMBING = (EvalContext, RuntimeContext, Environment)


def _guard_filter(name: str, fn):
    @functools.wraps(fn)
    def guarded(*args, **kwargs):
        data = [a for a in args if not isinstance(a, _PLUMBING)]
        for value in (*data, *kwargs.values()):
            _bounded(value, f"the value given to |{name}")
        if _filter_size(name, data, kwargs) > MAX_OUTPUT:
            raise TooLarge(f"the result of |{name}")
        result = fn(*args, **kwargs)
        if isinstance(result, SEQUENCES):
            _bounded(result, f"the result of |{name}")
        return result
    return guarded


class _BoundedConcat(CodeGenerator):
    """`a ~ b` joins through the environment, so that joining is bounded like `+`."""

    def visit_Concat(self, node, frame):
        self.write("environment.concat((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


_emitted = threading.local()  # characters printed by the render under way, macros included


class _ContentEnvironment(ImmutableSandboxedEnvironment):
    """The sandbox, with a size budget on what text can make (see the module docstring)."""

    code_generator_class = _BoundedConcat
    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def call_binop(self, context, operator, left, right):
        if operator == "**":
            if isinstance(left, int) and _count(right) > 0 and \
                    max(left.bit_length(), 1) * right > MAX_INT_BITS:
                raise TooLarge("this power")
        elif operator == "*":
            for seq, count in ((left, right), (right, left)):
                if isinstance(seq, SEQUENCES) and _count(count) > 0 and (
                        count * max(len(seq), 1) > MAX_REPEAT
                        or count * size(seq) > MAX_OUTPUT):
                    raise TooLarge("this repetition")
            if isinstance(left, int) and isinstance(right, int) and \
                    left.bit_length() + right.bit_length() > MAX_INT_BITS:
                raise TooLarge("this product")
        elif operator == "+":
            if isinstance(left, SEQUENCES) and size(left) + size(right) > MAX_OUTPUT:
                raise TooLarge("this sum")
        elif operator == "%" and isinstance(left, (str, bytes)):
            if _printf_size(str(left), right) > MAX_OUTPUT:
                raise TooLarge("this %-formatting")
        return super().call_binop(context, operator, left, right)

    def concat(self, values) -> str:
        if sum(size(v) for v in values) > MAX_OUTPUT:
            raise TooLarge("this join (~)")
        return "".join(map(str, values))

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 - as Jinja names them
        for value in (*args, *kwargs.values()):
            _bounded(value, "an argument of this call")
        method = getattr(__obj, "__wrapped__", __obj)  # the sandbox wraps str.format
        owner = getattr(method, "__self__", None)
        if isinstance(owner, (str, bytes)) and \
                _method_size(getattr(method, "__name__", ""), owner, args, kwargs) > MAX_OUTPUT:
            raise TooLarge(f"the result of .{method.__name__}()")
        result = super().call(__context, __obj, *args, **kwargs)
        if isinstance(result, SEQUENCES):
            _bounded(result, "the result of this call")
        return result


def _finalize(value):
    # every printed value counts, inside macros and blocks too: a loop of them stops early
    total = getattr(_emitted, "total", 0) + size(value)
    _emitted.total = total
    if total > MAX_OUTPUT:
        raise TooLarge("this text's output")
    return value


ENV = _ContentEnvironment(undefined=StrictUndefined, autoescape=False, finalize=_finalize,
                          keep_trailing_newline=True, loader=None, cache_size=0)
ENV.globals.clear()
del ENV.filters["random"]  # the same library must print the same pack every time
for _name, _fn in list(ENV.filters.items()):
    ENV.filters[_name] = _guard_filter(_name, _fn)


@lru_cache(maxsize=8192)
def compile_text(text: str):
    """Compile once per distinct text; raises jinja2.TemplateSyntaxError with .lineno."""
    return ENV.from_string(text)


def parse(text: str):
    return ENV.parse(text)


# ---------------------------------------------------------------------------------------------
# what module text sees


@dataclass
class Usage:
    """What one render used, so the pack can cite it."""

    facts: set[str] = field(default_factory=set)  # fact paths
    figures: list[str] = field(default_factory=list)  # figure ids, from figure("id")
    sources: list[str] = field(default_factory=list)  # document ids, from source("id")


class FactView:
    """A fact as module text sees it: prints its value, tests true when present."""

    __slots__ = ("_fact", "_path", "_usage", "_fmt")

    def __init__(self, fact: Fact | None, path: str, usage: Usage, fmt):
        self._fact, self._path, self._usage, self._fmt = fact, path, usage, fmt

    def _known(self) -> Fact:
        self._usage.facts.add(self._path)
        if self._fact is None or not self._fact.known:
            raise UnknownFact(self._path)
        return self._fact

    def __str__(self) -> str:
        return self._fmt(self._path, self._known().value)

    def __bool__(self) -> bool:
        self._usage.facts.add(self._path)
        return present(self._fact)

    @property
    def known(self) -> bool:
        self._usage.facts.add(self._path)
        return self._fact is not None and self._fact.known

    @property
    def value(self):
        return self._known().value

    @property
    def as_of(self):
        return self._known().as_of

    @property
    def confidence(self):
        return self._known().confidence

    @property
    def note(self):
        note = self._known().note
        return self._fmt(self._path + "#note", note) if note else ""


class GroupView:
    __slots__ = ("_country", "_prefix", "_usage", "_fmt")

    def __init__(self, country, prefix, usage, fmt):
        self._country, self._prefix, self._usage, self._fmt = country, prefix, usage, fmt

    def __getattr__(self, name):
        path = f"{self._prefix}.{name}" if self._prefix else name
        if path in fact_paths():
            return FactView(fact_at(self._country, path), path, self._usage, self._fmt)
        if path in group_paths():
            return GroupView(self._country, path, self._usage, self._fmt)
        raise AttributeError(name)

    def __str__(self):
        raise TypeError(f"country.{self._prefix} is a group of facts; name one of its facts")


class CountryView(GroupView):
    __slots__ = ("level", "level_name", "name")

    def __init__(self, country: Country, level: str, level_name: str, usage: Usage, fmt,
                 name: str | None = None):
        super().__init__(country, "", usage, fmt)
        self.level, self.level_name = level, level_name
        # the name as a sentence uses it ("the United Kingdom"), in the pack's language
        self.name = name or country.name_in_text or country.name

    def __getattr__(self, name):
        if name in PLAIN_FIELDS:
            return getattr(self._country, name)
        return super().__getattr__(name)

    def __str__(self):
        return self.name


@dataclass(frozen=True)
class Named:
    id: str
    name: str

    def __str__(self):
        return self.name


@contextlib.contextmanager
def deadline(seconds: float | None = None):
    """Interrupt Python code that runs longer than `seconds`, on any thread.

    On the main thread a SIGALRM timer interrupts the render. Signals reach only the main
    thread, so elsewhere a timer thread raises RenderTimeout in the rendering thread
    (PyThreadState_SetAsyncExc), which Python delivers between two bytecodes: a template loop
    is interrupted as surely as on the main thread.
    """
    seconds = RENDER_SECONDS if seconds is None else seconds
    if threading.current_thread() is threading.main_thread():
        with _alarm(seconds):
            yield
        return
    with _async_timeout(seconds):
        yield


@contextlib.contextmanager
def _alarm(seconds: float):
    def expire(signum, frame):
        raise RenderTimeout(f"rendering took longer than {seconds:g} seconds")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class _ThreadTimeout(RenderTimeout):
    def __init__(self, *args):
        super().__init__(*(args or ("rendering took longer than its deadline",)))


@contextlib.contextmanager
def _async_timeout(seconds: float):
    target = ctypes.c_ulong(threading.get_ident())
    state = {"armed": True, "fired": False}
    lock = threading.Lock()

    def expire():
        with lock:
            if state["armed"]:
                state["fired"] = True
                ctypes.pythonapi.PyThreadState_SetAsyncExc(target, ctypes.py_object(_ThreadTimeout))

    timer = threading.Timer(seconds, expire)
    timer.daemon = True
    timer.start()
    try:
        yield
    except _ThreadTimeout:
        raise RenderTimeout(f"rendering took longer than {seconds:g} seconds") from None
    finally:
        with lock:
            state["armed"] = False
            timer.cancel()
            if state["fired"]:  # delivered after the block ended: clear it from this thread
                ctypes.pythonapi.PyThreadState_SetAsyncExc(target, None)


def render(text: str, context: dict, seconds: float | None = None) -> str:
    """Render one text within `seconds` (RENDER_SECONDS by default); raises TemplateError,
    UnknownFact, SecurityError (TooLarge among them) or RenderTimeout."""
    if "{" not in text:  # most text holds no expression: skip the template machinery
        return text
    template = compile_text(text)
    chunks: list[str] = []
    total = 0
    _emitted.total = 0
    with deadline(seconds):
        for chunk in template.generate(context):  # counted as it comes, never joined first
            total += len(chunk)
            if total > MAX_OUTPUT:
                raise TooLarge("this text's output")
            chunks.append(chunk)
    out = "".join(chunks)
    leak = PYTHON_REPR.search(out)
    if leak:  # internals, and bytes that differ from one build to the next
        raise SecurityError(f"this text prints a Python object ({leak.group(0)[:60]}), not a "
                            f"value")
    return out


def template_line(exc: BaseException) -> int | None:
    """The template line where a render error happened, from Jinja's rewritten traceback."""
    line = getattr(exc, "lineno", None)
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


# ---------------------------------------------------------------------------------------------
# static checks: which names a text uses, without rendering it


@dataclass(frozen=True)
class NameUse:
    path: str  # e.g. "country.reporting.hotline.name"
    line: int  # 1-based line inside the text


def names_used(text: str) -> tuple[list[NameUse], list[tuple[str | None, int]],
                                   list[tuple[str | None, int]]]:
    """(attribute chains from top-level names, figure ids, source ids) used by `text`.

    Raises TemplateSyntaxError. Chains are read as far as they are static (`a.b.c`).
    """
    tree = parse(text)
    chains: list[NameUse] = []
    figures: list[tuple[str | None, int]] = []
    sources: list[tuple[str | None, int]] = []
    assigned: set[str] = set()
    for node in tree.find_all((nodes.Assign, nodes.For, nodes.Macro, nodes.With)):
        for target in node.find_all(nodes.Name):
            if target.ctx in ("store", "param"):
                assigned.add(target.name)
    consumed: set[int] = set()
    for node in tree.find_all((nodes.Getattr, nodes.Name, nodes.Call)):
        if isinstance(node, nodes.Call) and isinstance(node.node, nodes.Name) \
                and node.node.name == "quote":
            consumed.add(id(node.node))
            continue
        if isinstance(node, nodes.Call) and isinstance(node.node, nodes.Name) \
                and node.node.name in ("figure", "source"):
            consumed.add(id(node.node))
            into = figures if node.node.name == "figure" else sources
            arg = node.args[0] if node.args else None
            ident = arg.value if isinstance(arg, nodes.Const) and isinstance(arg.value, str) \
                else None
            into.append((ident, node.lineno))
            continue
        if isinstance(node, nodes.Getattr) and id(node) not in consumed:
            parts = []
            cursor: nodes.Expr = node
            while isinstance(cursor, nodes.Getattr):
                consumed.add(id(cursor))
                parts.append(cursor.attr)
                cursor = cursor.node
            if isinstance(cursor, nodes.Name) and cursor.ctx == "load":
                consumed.add(id(cursor))
                chains.append(NameUse(".".join([cursor.name] + parts[::-1]), node.lineno))
        elif isinstance(node, nodes.Name) and node.ctx == "load" and id(node) not in consumed:
            if node.name not in assigned:
                chains.append(NameUse(node.name, node.lineno))
    return [c for c in chains if c.path.split(".")[0] not in assigned], figures, sources


FACT_ATTRIBUTES = ("value", "known", "as_of", "confidence", "note")
NAMED_ATTRIBUTES = ("id", "name")


def check_name(path: str) -> str | None:
    """None when `path` is a name module text may use, else what is wrong with it."""
    parts = path.split(".")
    head = parts[0]
    if head not in TOP_LEVEL_NAMES:
        return f"unknown name '{head}'"
    if head in FUNCTIONS:
        return f"'{head}' is a function: write {head}(\"id\")"
    if head in ("edition", "locale"):
        return None if len(parts) == 1 else f"'{head}' has no attribute '{parts[1]}'"
    if head in ("audience", "level"):
        if len(parts) == 1 or (len(parts) == 2 and parts[1] in NAMED_ATTRIBUTES):
            return None
        return f"'{head}' has only the attributes id and name"
    rest = parts[1:]
    if not rest:
        return None
    if len(rest) == 1 and rest[0] in PLAIN_FIELDS + ("level", "level_name"):
        return None
    for i in range(len(rest), 0, -1):
        candidate = ".".join(rest[:i])
        if candidate in fact_paths():
            extra = rest[i:]
            if not extra or (len(extra) == 1 and extra[0] in FACT_ATTRIBUTES):
                return None
            return f"'country.{candidate}' is a fact; it has no '{extra[0]}'"
        if candidate in group_paths():
            if i == len(rest):
                return None  # a group, e.g. in {% if %}; printing it is caught when rendered
            continue
    return f"country has no fact '{'.'.join(rest)}'"


def suggest(path: str) -> str:
    known = ["country." + p for p in fact_paths()] + ["country." + p for p in PLAIN_FIELDS] + \
        ["country.level", "country.level_name", "audience.name", "level.name", "edition", "locale"]
    near = closest(path, known, cutoff=0.7)
    if near:
        return f"did you mean '{near}'?"
    return "module text may use country facts (see docs/authoring.md), audience, level, " \
           "edition, locale, figure(\"id\"), source(\"id\") and quote(\"words\")"
