"""The printed packs, read back as a trainer would: a handout short enough for a community hall,
no page that holds a paragraph alone, the paper of the country."""
from __future__ import annotations

from io import BytesIO

import pytest
from pypdf import PdfReader

import curriculum
from curriculum.pack import Variant
from curriculum.render import render_html, render_pdf

pytestmark = pytest.mark.slow


def printed(lib, audience: str, country: str, edition: str) -> PdfReader:
    pack = curriculum.plan(lib, Variant(audience=audience, country=country,
                                        locale=lib.countries[country].locales[0],
                                        edition=edition))
    return PdfReader(BytesIO(render_pdf(pack, render_html(pack, lib.templates), lib.templates)))


def test_the_ethiopia_parents_handout_fits_twelve_pages(bundled):
    reader = printed(bundled, "parents", "et", "participant")
    assert len(reader.pages) <= 12
    text = "\n".join(page.extract_text() for page in reader.pages)
    # a 90-minute session asks its questions in the knowledge check (module_quizzes: false)
    for kept in ("Knowledge check", "Learning objectives", "Country facts used in this pack",
                 "Sources"):
        assert kept in text  # nothing taught is dropped to make it fit
    assert "Contents" in reader.pages[0].extract_text()  # the contents share the cover


def test_the_front_matter_does_not_put_a_paragraph_on_a_page(bundled):
    reader = printed(bundled, "parents", "gb", "facilitator")
    intro = [i for i, page in enumerate(reader.pages)
             if "About this pack" in page.extract_text().splitlines()[:3]]
    assert intro and "The words we use" in reader.pages[intro[0]].extract_text()


@pytest.mark.parametrize("country, size", [("us", (612, 792)), ("gb", (595, 842))])
def test_the_paper_follows_the_country(bundled, country, size):
    reader = printed(bundled, "journalists", country, "participant")
    assert {(round(float(p.mediabox.width)), round(float(p.mediabox.height)))
            for p in reader.pages} == {size}
