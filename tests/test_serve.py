"""`curriculum serve`: the real command in a subprocess, on a free port, against a copy of the
small test library; pages fetched with urllib, edits made to the copy's files."""
from __future__ import annotations

import http.client
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import MINI, REPO
from curriculum.serve import Preview, Target, library_filter

WAIT = 15.0  # seconds a rebuild may take to reach the browser


class Page(HTMLParser):
    """What a test needs of a served page: its text, and its scripts' attributes."""

    def __init__(self, html: str):
        super().__init__()
        self.scripts: list[dict] = []
        self.text: list[str] = []
        self.classes: set[str] = set()
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            self.scripts.append(attrs)
        self.classes.update((attrs.get("class") or "").split())

    def handle_data(self, data):
        self.text.append(data)

    @property
    def all_text(self) -> str:
        return " ".join(" ".join(self.text).split())

    @property
    def build(self) -> str:
        (script,) = self.scripts
        return script["data-build"]


class Server:
    def __init__(self, root: Path):
        self.root = root
        self.lines: list[str] = []
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "curriculum", "serve", "-a", "parents", "-c", "xa",
             "--port", "0", "--root", str(root)],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            text=True, cwd=root,
            # a test run started in the background ignores SIGINT; the server must not
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
        threading.Thread(target=self._read, daemon=True).start()
        self.url = self.wait_for_line(r"serving (http://\S+)", 60).group(1)

    def _read(self):
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))

    def wait_for_line(self, pattern: str, timeout: float = WAIT) -> re.Match:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in list(self.lines):
                if match := re.search(pattern, line):
                    return match
            time.sleep(0.05)
        raise AssertionError(f"no line matching {pattern!r} in:\n" + "\n".join(self.lines))

    def get(self, path: str = "/") -> str:
        with urllib.request.urlopen(self.url.rstrip("/") + path, timeout=WAIT) as response:
            return response.read().decode("utf-8")

    def page(self) -> Page:
        return Page(self.get("/"))

    def status(self, raw_path: str) -> int:
        """The status of a request for `raw_path` exactly as written (no client clean-up)."""
        host, port = self.url.removeprefix("http://").rstrip("/").rsplit(":", 1)
        connection = http.client.HTTPConnection(host, int(port), timeout=WAIT)
        try:
            connection.putrequest("GET", raw_path, skip_accept_encoding=True)
            connection.endheaders()
            response = connection.getresponse()
            response.read()
            return response.status
        finally:
            connection.close()

    def edit_and_wait(self, edit) -> Page:
        """Listen for the next build as the page's script does, edit, and return the new page
        once the server announces it."""
        seen = self.page().build
        with urllib.request.urlopen(f"{self.url}__reload?build={seen}", timeout=WAIT) as events:
            assert events.headers["Content-Type"] == "text/event-stream"
            edit()
            deadline = time.monotonic() + WAIT
            while time.monotonic() < deadline:
                line = events.readline().decode()
                if line == "event: build\n":
                    new = events.readline().decode().removeprefix("data: ").strip()
                    break
            else:
                raise AssertionError("no build event within the wait")
        page = self.page()
        assert page.build == new != seen
        return page


@pytest.fixture(scope="module")
def library(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("serve") / "lib"
    shutil.copytree(MINI, root)
    shutil.copytree(REPO / "templates", root / "templates")
    return root


@pytest.fixture(scope="module")
def server(library):
    running = Server(library)
    yield running
    if running.proc.poll() is None:
        running.proc.kill()
        running.proc.wait()


INTRO = "modules/intro.yaml"


def test_it_serves_the_pack_on_localhost_with_the_reload_script(server, library):
    assert server.url.startswith("http://127.0.0.1:")
    page = server.page()
    assert "Introduction for Testland A" in page.all_text
    assert [s["src"] for s in page.scripts] == ["/__reload.js"]
    assert 'new EventSource("/__reload?build="' in server.get("/__reload.js")
    assert server.get("/assets/base.css") == (library / "templates/assets/base.css").read_text()
    assert server.get("/index.html") == server.get("/")


def test_the_served_page_is_the_built_pack_plus_the_script_alone(server, library, cli, tmp_path):
    built = cli("build", "-a", "parents", "-c", "xa", "-l", "en", "-e", "facilitator", "-f", "html",
                "--out", tmp_path, root=library)
    assert built.code == 0, built.text
    index = (tmp_path / "en/xa/parents/facilitator/index.html").read_text()
    assert "<script" not in index and "__reload" not in index
    served = server.get("/")
    tag = re.search(r'<script src="/__reload.js" data-build="[^"]+"></script>\n', served)
    assert tag and served.replace(tag.group(0), "") == index


def test_an_edited_title_is_served_after_the_build_event(server, library):
    path = library / INTRO
    before = path.read_text()
    edited = before.replace("title: Introduction for", "title: Welcome to the course in", 1)
    assert edited != before
    page = server.edit_and_wait(lambda: path.write_text(edited))
    assert "Welcome to the course in Testland A" in page.all_text
    assert "Introduction for Testland A" not in page.all_text
    server.wait_for_line(rf"{INTRO} changed: built en/xa/parents/facilitator")


def test_a_broken_module_shows_its_problems_in_the_page_escaped(server, library):
    path = library / INTRO
    good = path.read_text()
    broken = good.replace("audiences: [parents, law-enforcement]",
                          'audiences: [parents, "<script>alert(1)</script>"]', 1)
    assert broken != good
    page = server.edit_and_wait(lambda: path.write_text(broken))
    assert "serve-problems" in page.classes
    assert [s["src"] for s in page.scripts] == ["/__reload.js"]  # the alert stays text
    assert re.search(rf"{INTRO}:4:\d+: '<script>alert\(1\)</script>' is not a valid id",
                     page.all_text), page.all_text
    assert "Introduction" not in page.all_text  # not the earlier pack, passed off as current
    server.wait_for_line(rf"^{INTRO}:4:\d+: '<script>")  # and the terminal says it too
    server.wait_for_line("not built: 1 problem")

    page = server.edit_and_wait(lambda: path.write_text(broken + "sections: [\n"))
    assert re.search(rf"{INTRO}:\d+:\d+: invalid YAML", page.all_text), page.all_text

    page = server.edit_and_wait(lambda: path.write_text(good))
    assert "serve-problems" not in page.classes
    assert "Welcome to the course in Testland A" in page.all_text


@pytest.mark.parametrize("path", ["/../pyproject.toml", "/modules/intro.yaml", "/library.yaml",
                                  "/assets/", "/assets", "/assets/../library.yaml",
                                  "/%2e%2e/library.yaml", "/assets/%2e%2e/library.yaml",
                                  "/templates/pack.html.j2", "/templates/assets/base.css",
                                  "//etc/passwd", "/index.html/", "/__reload.js/x"])
def test_nothing_outside_the_pack_is_served(server, path):
    assert server.status(path) == 404


def test_ctrl_c_stops_the_server_cleanly(server):
    server.proc.send_signal(signal.SIGINT)
    assert server.proc.wait(timeout=WAIT) == 0
    server.wait_for_line("^stopped$")
    assert not any("Traceback" in line for line in server.lines), server.lines
    with pytest.raises(urllib.error.URLError):
        server.get("/")


# ---------------------------------------------------------------------------------------------
# in-process: the pieces the server is made of


def test_an_unknown_audience_is_a_wrong_command_line(mini, cli):
    result = cli("serve", "-a", "parent", "-c", "xa", "--port", "0", root=mini)
    assert result.code == 2
    assert "unknown audience 'parent'; did you mean 'parents'?" in result.text


def test_a_build_that_changes_nothing_keeps_its_id(mini):
    preview = Preview(mini, Target("parents", "xa"))
    first = preview.rebuild()
    assert first.ok and preview.rebuild().id == first.id
    intro = mini / INTRO
    intro.write_text(intro.read_text().replace("title: Introduction", "title: Opening", 1))
    assert preview.rebuild().id != first.id


def test_the_watcher_sees_only_what_the_loader_reads(mini):
    from watchfiles import Change

    wanted = library_filter(mini)
    for name in (INTRO, "library.yaml", "terminology.yaml", "templates/assets/base.css",
                 "locales/fr/module-intro.po", "countries/xa.yaml", "overlays/xa/intro.yaml",
                 "modules"):
        assert wanted(Change.modified, str(mini.resolve() / name)), name
    for name in ("build/en/xa/parents/facilitator/index.html", "notes.txt", ".git/index",
                 "modules/.intro.yaml.swp", "modules/intro.yaml~", "README.md",
                 "modules/.hidden/x.yaml"):
        assert not wanted(Change.modified, str(mini.resolve() / name)), name
