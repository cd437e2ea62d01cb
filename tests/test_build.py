"""The build, end to end on real files: HTML parsed, PDFs read back with a PDF library,
manifests and the report, skipping what has not changed, reproducible bytes."""
from __future__ import annotations

import hashlib
import json
from html.parser import HTMLParser

import pytest
from pypdf import PdfReader

pytestmark = pytest.mark.slow


class Page(HTMLParser):
    """The parts of an HTML pack the tests look at."""

    def __init__(self, text):
        super().__init__()
        self.tags, self.attrs, self.links, self.ids, self.headings = [], [], [], set(), []
        self._in_heading = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append(tag)
        self.attrs.append((tag, attrs))
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and "href" in attrs:
            self.links.append(attrs["href"])
        if tag in ("h2", "h3"):
            self._in_heading = [tag, ""]

    def handle_data(self, data):
        if self._in_heading is not None:
            self._in_heading[1] += data

    def handle_endtag(self, tag):
        if self._in_heading and tag == self._in_heading[0]:
            self.headings.append(" ".join(self._in_heading[1].split()))
            self._in_heading = None

    def first(self, tag):
        return next(attrs for t, attrs in self.attrs if t == tag)


def outline_titles(reader):
    out = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                out.append(item.title)

    walk(reader.outline)
    return out


def pdf_text(reader):
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def built(mini, cli, tmp_path):
    out = tmp_path / "out"
    result = cli("build", "--country", "xa", "--audience", "parents", "--out", out, root=mini)
    assert result.code == 0, result.text
    return out


def test_layout_manifest_and_report(built):
    for edition in ("facilitator", "participant"):
        folder = built / "en" / "xa" / "parents" / edition
        slides = {"slides.pdf", "slides.pptx"} if edition == "facilitator" else set()
        # xa records no internet use and is at a low level: its packs come in a light form too
        assert {p.name for p in folder.iterdir()} == {"index.html", "pack.pdf", "route-card.pdf",
                                                      "manifest.json", "assets",
                                                      "pack.light.html"} | slides
        manifest = json.loads((folder / "manifest.json").read_text())
        assert manifest["variant"] == {"audience": "parents", "country": "xa", "locale": "en",
                                       "edition": edition}
        assert manifest["modules"][0]["id"] == "intro"
        assert "start" in manifest["modules"][0]["sections"]
        assert manifest["sources"] == ["test-doc"]
        assert len(manifest["input_hash"]) == 64
        assert {"index.html", "pack.pdf", "route-card.pdf"} <= set(manifest["files"])
        for name, digest in manifest["files"].items():
            assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest
    report = json.loads((built / "report.json").read_text())
    # two editions x (index.html, pack.light.html, pack.pdf, route-card.pdf), and the
    # facilitator's slides
    assert (report["built"], report["skipped"], report["failed"]) == (10, 0, 0)


def test_pdf_reads_back(built):
    reader = PdfReader(str(built / "en/xa/parents/facilitator/pack.pdf"))
    assert len(reader.pages) >= 5
    meta = reader.metadata
    assert meta.title == "Parents and carers: training pack for Testland A (Facilitator guide)"
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert meta["/CreationDate"].startswith("D:20260115")  # the library's date, not the clock
    titles = outline_titles(reader)
    for title in ("Contents", "Agenda", "Check before delivery", "Introduction for Testland A",
                  "Start", "Sources"):
        assert title in titles
    text = pdf_text(reader)
    assert "Call Test Helpline on 555." in text
    assert "42 things (Tester, March 2025)" in text
    assert "Parents and carers" in reader.pages[0].extract_text()  # the cover
    assert "Testland A" in reader.pages[0].extract_text()
    assert "January 15, 2026" in reader.pages[0].extract_text()
    contents = reader.pages[1].extract_text()
    assert "Introduction for Testland A" in contents and any(c.isdigit() for c in contents)
    headers = [page.extract_text().splitlines()[-2] for page in reader.pages[2:]]
    assert "Test library Introduction for Testland A" in headers  # the running header


def test_participant_edition_is_a_handout(built):
    fac = PdfReader(str(built / "en/xa/parents/facilitator/pack.pdf"))
    par = PdfReader(str(built / "en/xa/parents/participant/pack.pdf"))
    assert len(par.pages) < len(fac.pages)
    text = pdf_text(par)
    for facilitator_only in ("Agenda", "Check before delivery", "Check the numbers",
                             "Facilitator note", "The child comes first", "correct"):
        assert facilitator_only not in text
    assert "Every image is a child who needs help" in text
    assert "What comes first?" in text  # questions without answers


def test_html_pack(built):
    html = (built / "en/xa/parents/facilitator/index.html").read_text()
    page = Page(html)
    assert page.first("html")["lang"] == "en"
    assert any(t == "meta" and a.get("name") == "viewport" for t, a in page.attrs)
    sheets = {a["href"]: a.get("media") for t, a in page.attrs if t == "link"}
    assert sheets == {"assets/base.css": None, "assets/screen.css": "screen",
                      "assets/print.css": "print"}
    for href in sheets:
        assert (built / "en/xa/parents/facilitator" / href).is_file()
    assert "nav" in page.tags
    internal = [h for h in page.links if h.startswith("#")]
    assert "#m-intro" in internal and all(h[1:] in page.ids for h in internal)
    assert "script" not in page.tags and "img" not in page.tags and "iframe" not in page.tags
    assert "Introduction for Testland A" in page.headings


def test_unchanged_packs_are_skipped_and_forced_ones_rebuilt(built, mini, cli):
    result = cli("build", "-c", "xa", "-a", "parents", "--out", built, root=mini)
    report = json.loads((built / "report.json").read_text())
    assert result.code == 0 and (report["built"], report["skipped"]) == (0, 10)
    result = cli("build", "-c", "xa", "-a", "parents", "--out", built, "--force", root=mini)
    report = json.loads((built / "report.json").read_text())
    assert (report["built"], report["skipped"]) == (10, 0)


def test_a_changed_module_is_rebuilt(built, mini, cli):
    intro = mini / "modules" / "intro.yaml"
    intro.write_text(intro.read_text().replace("What this course is about.", "What it covers."))
    cli("build", "-c", "xa", "-a", "parents", "--out", built, root=mini)
    report = json.loads((built / "report.json").read_text())
    # the HTML and the PDF of both editions (and what of the slides shows the summary, in the
    # speaker notes); the route cards do not show the module
    made = {a["path"] for a in report["artefacts"] if a["status"] == "built"}
    assert {f"en/xa/parents/{e}/{n}" for e in ("facilitator", "participant")
            for n in ("index.html", "pack.pdf")} <= made
    assert not [p for p in made if p.endswith("route-card.pdf")]
    assert report["built"] == len(made)
    assert "What it covers." in (built / "en/xa/parents/participant/index.html").read_text()


def test_filters_formats_and_editions(mini, cli, tmp_path):
    out = tmp_path / "out"
    result = cli("build", "-c", "xb", "-l", "fr", "-e", "participant", "-f", "html", "--out", out,
                 root=mini)
    assert result.code == 0, result.text
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert "fr/xb/parents/participant/index.html" in files
    assert not any(f.endswith(".pdf") for f in files)
    assert not any("/facilitator/" in f or f.startswith("en/") for f in files)


def test_same_inputs_give_the_same_bytes(mini, cli, tmp_path):
    digests = []
    for name in ("one", "two"):
        out = tmp_path / name
        assert cli("build", "-c", "xb", "-a", "parents", "-l", "en", "--out", out,
                   root=mini).code == 0
        digests.append({p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
                        for p in sorted(out.rglob("*")) if p.is_file()  # not the bookkeeping: timings, mtimes
                        and p.name not in ("report.json", ".lock", ".stamp.json")})
    assert digests[0] == digests[1]
    assert any(name.endswith("pack.pdf") for name in digests[0])


def test_source_date_epoch_sets_the_stated_date(mini, cli, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14
    out = tmp_path / "out"
    assert cli("build", "-c", "xa", "-a", "parents", "-e", "participant", "-f", "pdf",
               "--out", out, root=mini).code == 0
    reader = PdfReader(str(out / "en/xa/parents/participant/pack.pdf"))
    assert reader.metadata["/CreationDate"].startswith("D:20231114")
