"""The preview: one variant's HTML pack, served to a browser, made again whenever the library
changes.

    watch the library -> load -> validate -> tailor -> localise -> render_html -> in memory

Every build runs the same stages as `curriculum build` does for one variant's HTML, in this
process, and keeps the page and its assets in memory: nothing is written anywhere. A build that
finds problems (validation errors, a render error) is not hidden behind the last good page: the
page becomes an error page listing every problem as `path:line:col: message`, escaped, and the
terminal says the same. The next good build replaces it.

The server (the standard library's ThreadingHTTPServer, on 127.0.0.1 unless told otherwise)
answers only:

    /  and /index.html     the page, with one <script src="/__reload.js"> added
    /assets/...            the assets the render produced, by their exact names
    /__reload.js           the script: it listens on /__reload and reloads the page
    /__reload?build=ID     Server-Sent Events: one `build` event once a build other than ID is
                           the current one

and 404 for everything else: it never opens a file for a request, so no path can reach
outside the pack. The reload script is added to the served response only; a built pack never
has it. The watcher is watchfiles (Rust's notify: inotify here), filtered to the files the
loader reads (stamp.LIBRARY_FILES and LIBRARY_FOLDERS).
"""
from __future__ import annotations

import contextlib
import html as entities
import mimetypes
import secrets
import signal
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from .diagnostics import Problems, is_error
from .errors import CurriculumError
from .library import Library
from .loader import read as read_library
from .localise import localise
from .pack import Variant
from .render import assets, render_html
from .stamp import LIBRARY_FILES, LIBRARY_FOLDERS
from .suggest import did_you_mean
from .tailor import tailor
from .validator import validate

RELOAD = "/__reload"
RELOAD_SCRIPT = "/__reload.js"
KEEP_ALIVE = 10.0  # seconds between the comments that keep an idle event stream open
# what the page and the error page may load: their own assets, the reload script, inline
# styles (the pack sets its paper size in a <style>), nothing else
POLICY = "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " \
         "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

SCRIPT = """\
// curriculum serve: reload this page when the library has been built again
(function () {
  var build = document.currentScript.dataset.build;
  var events = new EventSource("/__reload?build=" + encodeURIComponent(build));
  events.addEventListener("build", function () { events.close(); location.reload(); });
})();
"""


class UnknownChoice(CurriculumError):
    """The command line names an audience, country or locale the library does not have."""

    def __init__(self, option: str, message: str):
        super().__init__(message)
        self.option = option


@dataclass(frozen=True)
class Target:
    """The variant to preview; `locale` None means the country's first."""
    audience: str
    country: str
    locale: str | None = None
    edition: str = "facilitator"
    course: str | None = None


@dataclass(frozen=True)
class Build:
    """One build: the page (the pack, or the error page), its assets, and its problems."""
    id: str
    html: str
    assets: dict[str, bytes] = field(default_factory=dict)
    problems: tuple[str, ...] = ()  # each as path:line:col: message; none: a good build
    warnings: int = 0
    seconds: float = 0.0
    unknown: UnknownChoice | None = None  # the command line named something the library lacks
    title: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems


# ---------------------------------------------------------------------------------------------
# one build, in memory


def _variant(lib: Library, target: Target) -> Variant:
    for option, value, known in (("--audience", target.audience, lib.audiences),
                                 ("--country", target.country, lib.countries)):
        if value not in known:
            kind = option.removeprefix("--")
            raise UnknownChoice(option, f"unknown {kind} '{value}'; {did_you_mean(value, known)}")
    courses = [course.id for course in lib.audiences[target.audience].courses]
    if target.course is not None and target.course not in courses:
        others = did_you_mean(target.course, courses,
                              otherwise=None if courses else "it has no courses")
        raise UnknownChoice("--course", f"the audience '{target.audience}' has no course "
                                        f"'{target.course}'; {others}")
    locale = target.locale or lib.countries[target.country].locales[0]
    if locale not in lib.locales:
        raise UnknownChoice("--locale", f"unknown locale '{locale}'; "
                                        f"{did_you_mean(locale, lib.locales)}")
    return Variant.model_validate({"audience": target.audience, "country": target.country,
                                   "locale": locale, "edition": target.edition,
                                   "course": target.course})


def _place_of(exc: BaseException, lib: Library) -> str:
    """`path:line:1: ` of the deepest frame in the library's templates, where a render failed
    there (Jinja puts template lines in the traceback), else nothing."""
    templates = lib.templates.resolve()
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        path = Path(frame.filename)
        if path.is_absolute() and path.resolve().is_relative_to(templates):
            return f"{lib.rel(path)}:{frame.lineno or 1}:1: "
    return ""


def build_page(root: Path, target: Target, build_id: str = "") -> Build:
    """Load, validate, tailor, localise and render the target's HTML: a Build holding the page
    and its assets, or an error page listing every problem."""
    started = time.monotonic()

    def failed(problems: list[str], unknown: UnknownChoice | None = None,
               warnings: int = 0) -> Build:
        return Build(build_id, error_page(problems), problems=tuple(problems),
                     warnings=warnings, seconds=time.monotonic() - started, unknown=unknown,
                     title="problems")

    try:
        lib = read_library(root)
    except Problems as problems:
        return failed([d.text() for d in problems.diagnostics])
    items = validate(lib)
    errors = [d.text() for d in items if is_error(d)]
    warnings = len(items) - len(errors)
    if errors:
        return failed(errors, warnings=warnings)
    try:
        variant = _variant(lib, target)
    except UnknownChoice as exc:
        return failed([f"{exc.option}: {exc}"], exc)
    try:
        pack = localise(lib, tailor(lib, variant))
        page = render_html(pack, lib.templates)
        files = assets(lib.templates)
    except Problems as problems:
        return failed([d.text() for d in problems.diagnostics], warnings=warnings)
    except Exception as exc:  # a render error is the page's news, not the end of the preview
        kind = "" if isinstance(exc, CurriculumError) else "render error: "
        return failed([f"{_place_of(exc, lib)}{kind}{type(exc).__name__}: {exc}"],
                      warnings=warnings)
    return Build(build_id, page, files, warnings=warnings, seconds=time.monotonic() - started,
                 title=variant.slug)


def error_page(problems: Iterable[str]) -> str:
    """A page listing the problems, escaped: what the browser shows instead of the pack."""
    problems = list(problems)
    count = f"{len(problems)} problem{'s' * (len(problems) != 1)}"
    items = "\n".join(f"<li><code>{entities.escape(p)}</code></li>" for p in problems)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>curriculum serve: {count}</title>
<style>
body {{ font-family: sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; }}
h1 {{ color: #a00; font-size: 1.4rem; }}
li {{ margin: .4rem 0; }}
code {{ white-space: pre-wrap; word-break: break-word; }}
</style>
</head>
<body class="serve-problems">
<h1>The pack was not built: {count}</h1>
<p>This is not the pack: the library as it is now cannot be built, so the preview shows its
problems instead of an earlier version. Fix them and save; this page reloads by itself.</p>
<ul class="problems">
{items}
</ul>
</body>
</html>
"""


def served_html(build: Build) -> str:
    """The page as served: the build's HTML with the reload script before </body>."""
    tag = f'<script src="{RELOAD_SCRIPT}" data-build="{entities.escape(build.id)}"></script>\n'
    at = build.html.rfind("</body>")
    return build.html[:at] + tag + build.html[at:] if at >= 0 else build.html + tag


# ---------------------------------------------------------------------------------------------
# the current build, shared between the watcher and the request threads


class Preview:
    """The current build of the target, made again by `rebuild`; request threads wait on it."""

    def __init__(self, root: Path, target: Target):
        self.root, self.target = Path(root), target
        self._token = secrets.token_hex(4)  # a reloaded server never passes for the old one
        self._count = 0
        self._changed = threading.Condition()
        self._stopping = False
        self.current: Build = Build("", error_page(["not built yet"]))

    def rebuild(self) -> Build:
        """Build again; a build that serves the very bytes of the current one keeps its id, so
        that a file touched but not changed reloads nothing."""
        build = build_page(self.root, self.target, f"{self._token}-{self._count + 1}")
        with self._changed:
            same = (build.html, build.assets, build.problems) == \
                (self.current.html, self.current.assets, self.current.problems)
            if same:
                build = replace(build, id=self.current.id)
            else:
                self._count += 1
                self._changed.notify_all()
            self.current = build
        return build

    def wait_for_other(self, build_id: str, timeout: float) -> Build | None:
        """The current build once it is not `build_id` (None after `timeout`, or on stop)."""
        with self._changed:
            self._changed.wait_for(lambda: self._stopping or self.current.id != build_id,
                                   timeout)
            return None if self._stopping or self.current.id == build_id else self.current

    def stop(self) -> None:
        with self._changed:
            self._stopping = True
            self._changed.notify_all()

    @property
    def stopping(self) -> bool:
        return self._stopping


def handler_for(preview: Preview) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "curriculum-serve"
        sys_version = ""

        def do_HEAD(self) -> None:
            self._answer(head=True)

        def do_GET(self) -> None:
            self._answer(head=False)

        def _answer(self, head: bool) -> None:
            parts = urlsplit(self.path)
            path = unquote(parts.path)
            build = preview.current
            if path == RELOAD and not head:
                return self._events(parse_qs(parts.query).get("build", [""])[0])
            if path in ("/", "/index.html"):
                body = served_html(build).encode("utf-8")
                kind = "text/html; charset=utf-8"
            elif path == RELOAD_SCRIPT:
                body, kind = SCRIPT.encode(), "text/javascript; charset=utf-8"
            elif path.startswith("/") and path[1:] in build.assets:
                body = build.assets[path[1:]]
                kind = mimetypes.guess_type(path)[0] or "application/octet-stream"
            else:
                return self._send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain", head)
            self._send(HTTPStatus.OK, body, kind, head)

        def _send(self, status: HTTPStatus, body: bytes, kind: str, head: bool) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self._common_headers()
            self.end_headers()
            if not head:
                self.wfile.write(body)

        def _common_headers(self) -> None:
            self.send_header("Cache-Control", "no-store")
            self.send_header("Content-Security-Policy", POLICY)
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Referrer-Policy", "no-referrer")

        def _events(self, seen: str) -> None:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "text/event-stream")
            self._common_headers()
            self.end_headers()
            try:
                self.wfile.write(b"retry: 1000\n\n")
                self.wfile.flush()
                while not preview.stopping:
                    other = preview.wait_for_other(seen, KEEP_ALIVE)
                    if other is not None:
                        self.wfile.write(f"event: build\ndata: {other.id}\n\n".encode())
                        self.wfile.flush()
                        return
                    self.wfile.write(b": waiting\n\n")  # a closed tab shows here, and ends us
                    self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                return

        def log_message(self, format, *args) -> None:  # noqa: A002 (the base class's name)
            pass  # one line a request would drown what the terminal is for: the builds

    return Handler


def listen(preview: Preview, host: str, port: int) -> ThreadingHTTPServer:
    """The server bound to host:port (port 0: any free one), not yet answering."""
    try:
        server = ThreadingHTTPServer((host, port), handler_for(preview))
    except OSError as exc:
        raise CurriculumError(f"cannot listen on {host}:{port}: {exc.strerror or exc}; choose "
                              f"another port with --port (or --port 0 for any free one)") from None
    server.daemon_threads = True
    return server


# ---------------------------------------------------------------------------------------------
# watching


def library_filter(root: Path) -> Callable[[object, str], bool]:
    """watchfiles' filter for the files the loader reads, less editors' temporary files."""
    from watchfiles import DefaultFilter

    root = root.resolve()
    editors = DefaultFilter()

    def wanted(change, path: str) -> bool:
        try:
            parts = Path(path).relative_to(root).parts
        except ValueError:
            return False
        if not parts or any(part.startswith(".") for part in parts):
            return False
        if not (parts[0] in LIBRARY_FOLDERS or (len(parts) == 1 and parts[0] in LIBRARY_FILES)):
            return False
        return editors(change, path)

    return wanted


def _report(build: Build, say: Callable[[str], None], why: str) -> None:
    if build.ok:
        warned = f"; {build.warnings} warning(s): run `curriculum validate`" \
            if build.warnings else ""
        say(f"{why}built {build.title} in {build.seconds:.1f} s{warned}")
    else:
        for problem in build.problems:
            say(problem)
        say(f"{why}not built: {len(build.problems)} problem(s), shown in the page")


@contextlib.contextmanager
def _interrupt_on_sigterm() -> Iterator[None]:
    """SIGTERM (a service manager, `kill`) stops the preview as Ctrl-C does."""
    def interrupt(signum, frame):
        raise KeyboardInterrupt

    main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, interrupt) if main else None
    try:
        yield
    finally:
        if main:
            signal.signal(signal.SIGTERM, previous)


def run(root: Path, target: Target, *, host: str = "127.0.0.1", port: int = 8000,
        say: Callable[[str], None] = print) -> None:
    """Serve the target's preview at host:port until Ctrl-C (or SIGTERM), building it again on
    every change to the library. Raises UnknownChoice when the first build finds the library
    sound but without the audience, country, locale or course asked for."""
    from watchfiles import watch

    root = Path(root).resolve()
    preview = Preview(root, target)
    server = answering = None
    with _interrupt_on_sigterm():
        try:
            first = preview.rebuild()
            if first.unknown is not None:
                raise first.unknown
            _report(first, say, "")
            server = listen(preview, host, port)
            answering = threading.Thread(target=server.serve_forever, name="curriculum-serve",
                                         daemon=True)
            answering.start()
            bound, bound_port = str(server.server_address[0]), server.server_address[1]
            say(f"serving http://{f'[{bound}]' if ':' in bound else bound}:{bound_port}/ "
                f"(Ctrl-C to stop)")
            for changes in watch(root, watch_filter=library_filter(root), raise_interrupt=True):
                names = sorted({Path(path).relative_to(root).as_posix() for _, path in changes})
                shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more"
                                                if len(names) > 3 else "")
                before = preview.current.id
                build = preview.rebuild()
                if build.id == before:
                    say(f"{shown} changed: the page is as it was")
                else:
                    _report(build, say, f"{shown} changed: ")
        except KeyboardInterrupt:
            say("stopped")
        finally:
            preview.stop()
            if server is not None:
                server.shutdown()
                server.server_close()
            if answering is not None:
                answering.join(timeout=5)
