"""build/index.html: every pack in the output folder, from the manifests on disk."""
from __future__ import annotations

import json
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import MINI, REPO
from curriculum.formats.site import write_index


class Page(HTMLParser):
    """The links and the table rows (cell texts) of the index page."""

    def __init__(self, text: str):
        super().__init__()
        self.links: list[str] = []
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.links.append(dict(attrs)["href"])
        elif tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def pack_folders(out: Path) -> set[str]:
    return {m.parent.relative_to(out).as_posix() for m in out.rglob("manifest.json")}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Two packs of the test library, in both formats, built once for the module."""
    from typer.testing import CliRunner

    from curriculum.cli import app

    base = tmp_path_factory.mktemp("site")
    shutil.copytree(MINI, base / "lib")
    shutil.copytree(REPO / "templates", base / "lib" / "templates")
    out = base / "out"
    result = CliRunner().invoke(app, ["build", "-a", "parents", "-c", "xa", "--out", str(out),
                                      "--root", str(base / "lib")])
    assert result.exit_code == 0, result.output
    return out


def test_the_index_lists_every_pack_with_links_to_its_files(built):
    page = Page((built / "index.html").read_text(encoding="utf-8"))
    folders = pack_folders(built)
    assert folders == {"en/xa/parents/facilitator", "en/xa/parents/participant"}
    linked = {href.rsplit("/", 1)[0] for href in page.links}
    assert linked == folders
    for folder in folders:
        for name in ("index.html", "pack.pdf", "route-card.pdf"):
            assert f"{folder}/{name}" in page.links
            assert (built / folder / name).is_file()
    head, *rows = page.rows
    assert head[:7] == ["Audience", "Country", "Language", "Edition", "Formats", "Level", "Date"]
    assert len(rows) == len(folders)
    manifest = json.loads((built / "en/xa/parents/participant/manifest.json").read_text())
    row = next(r for r in rows if r[-1].endswith("en/xa/parents/participant"))
    assert row[:7] == ["parents", "xa", "en", "participant", "html, pdf", manifest["level"],
                       manifest["library"]["date"]]


def test_the_index_is_deterministic_and_not_a_file_of_any_pack(built, cli):
    first = (built / "index.html").read_bytes()
    assert write_index(built).read_bytes() == first
    for manifest in built.rglob("manifest.json"):  # no pack vouches for the front page
        listed = {(manifest.parent / name).resolve() for name in json.loads(
            manifest.read_text())["files"]}
        assert (built / "index.html").resolve() not in listed
    lib = built.parent / "lib"  # the same build again: everything skipped, the same page
    result = cli("build", "-a", "parents", "-c", "xa", "--out", built, root=lib)
    assert result.code == 0, result.text
    assert (built / "index.html").read_bytes() == first


def test_filtered_builds_add_to_the_index_and_removed_packs_leave_it(mini, cli, tmp_path):
    out = tmp_path / "out"
    assert cli("build", "-c", "xa", "-f", "html", "--out", out, root=mini).code == 0
    assert cli("build", "-c", "xb", "-e", "participant", "-f", "html", "--out", out,
               root=mini).code == 0
    page = Page((out / "index.html").read_text())
    assert {h.rsplit("/", 1)[0] for h in page.links} == pack_folders(out)
    assert any(h.startswith("en/xa/") for h in page.links)  # an earlier build's packs stay
    assert any(h.startswith("fr/xb/") for h in page.links)
    assert all(h.endswith("/index.html") for h in page.links)  # html only: no PDF links
    # a full build after a country is deleted removes its packs, from the folder and the page
    (mini / "countries" / "xb.yaml").unlink()
    result = cli("build", "-f", "html", "--out", out, root=mini)
    assert result.code == 0, result.text
    assert (out / "index.html").is_file()  # the stale-pack removal left the page alone
    page = Page((out / "index.html").read_text())
    assert not any("/xb/" in h for h in page.links)
    assert {h.rsplit("/", 1)[0] for h in page.links} == pack_folders(out) != set()


def test_values_from_manifests_are_escaped_and_foreign_manifests_ignored(tmp_path):
    out = tmp_path / "out"
    folder = out / "en/xa/parents/participant"
    folder.mkdir(parents=True)
    (folder / "manifest.json").write_text(json.dumps({
        "variant": {"audience": "parents", "country": "xa", "locale": "en",
                    "edition": "participant"},
        "level": "<script>alert(1)</script>", "library": {"date": "2026-01-01"},
        "files": {"index.html": "0"}}))
    stray = out / "elsewhere"  # a manifest whose variant names another folder: not a pack
    stray.mkdir()
    (stray / "manifest.json").write_text((folder / "manifest.json").read_text())
    (out / "broken").mkdir()
    (out / "broken" / "manifest.json").write_text("{not json")
    text = write_index(out).read_text()
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert Page(text).links == ["en/xa/parents/participant/index.html"]


def test_an_empty_output_folder_gets_a_page_that_says_so(tmp_path):
    text = write_index(tmp_path).read_text()
    assert "No packs are built here yet" in text and not Page(text).links
