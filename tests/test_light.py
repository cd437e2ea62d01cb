"""Light packs for countries with few people online, and tagged (PDF/UA) PDFs: real builds of
the bundled library, read back."""
from __future__ import annotations

import json
import re

import pytest
from pypdf import PdfReader

from conftest import REPO


@pytest.fixture(scope="module")
def packs(tmp_path_factory):
    from typer.testing import CliRunner

    from curriculum.cli import app

    out = tmp_path_factory.mktemp("light")
    result = CliRunner().invoke(app, ["build", "-a", "parents", "-c", "et,gb", "-l", "en", "-e",
                                      "participant", "-f", "html,pdf", "--out", str(out),
                                      "--root", str(REPO)])
    assert result.exit_code == 0, result.output
    return out


def test_a_country_with_few_people_online_gets_a_light_pack(packs):
    folder = packs / "en/et/parents/participant"
    light = (folder / "pack.light.html").read_text()
    manifest = json.loads((folder / "manifest.json").read_text())
    assert "21.94%" in manifest["light"]["reason"] and manifest["light"]["file"] == "pack.light.html"
    assert "pack.light.html" in manifest["files"]
    # one file: its stylesheets inside it, the print layout included, nothing to fetch
    assert not re.search(r"<link|<img|<script|src=|url\(", light)
    assert '<style media="print">' in light
    assert manifest["modules"][0]["title"].split("{")[0][:20] in light
    assert len(light.encode()) < 150_000
    report = json.loads((packs / "report.json").read_text())
    assert "en/et/parents/participant/pack.light.html" in {a["path"] for a in report["artefacts"]}


def test_a_country_online_gets_the_full_pack_only(packs):
    folder = packs / "en/gb/parents/participant"
    assert not (folder / "pack.light.html").exists()
    assert json.loads((folder / "manifest.json").read_text())["light"] is None


@pytest.mark.parametrize("country", ["et", "gb"])
def test_pdfs_are_tagged_for_accessibility(packs, country):
    for name in ("pack.pdf", "route-card.pdf"):
        reader = PdfReader(str(packs / f"en/{country}/parents/participant" / name))
        root = reader.trailer["/Root"]
        assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
        assert root["/Lang"] == "en"
        assert reader.metadata.title
    assert PdfReader(str(packs / f"en/{country}/parents/participant/pack.pdf")).outline
