"""Printable pages (a module's `tools:`): the shape a file may give them, the variants they reach
(`when:` and `edition:`, as for sections), their translation, and the pages they print on."""
from __future__ import annotations

from io import BytesIO

import pytest
from pydantic import ValidationError
from pypdf import PdfReader

import curriculum
from curriculum.models import Tool
from curriculum.pack import Variant
from curriculum.render import render_html, render_pdf


@pytest.mark.parametrize("data, message", [
    ({"kind": "table", "items": ["a"]}, "columns"),
    ({"kind": "table", "columns": ["only one"]}, "columns"),
    ({"kind": "checklist", "columns": ["a", "b"], "items": ["x"]}, "not `columns:`"),
    ({"kind": "form"}, "items"),
    ({"kind": "checklist", "items": ["x"], "colour": "red"}, "colour"),
])
def test_a_tool_has_the_shape_of_its_kind(data, message):
    with pytest.raises(ValidationError, match=message):
        Tool.model_validate({"id": "t", "title": "T", **data})


def test_tools_follow_when_and_edition(mini):
    lib = curriculum.load(mini)

    def tools(audience, edition):
        pack = curriculum.plan(lib, Variant(audience=audience, country="xa", locale="en",
                                            edition=edition))
        return pack, [t.id for m in pack.modules for t in m.tools]

    pack, found = tools("parents", "facilitator")
    assert found == ["sheet"]
    assert any(e.id == "intro/police-table" and e.kind == "tool" and e.code == "audience"
               for e in pack.excluded)
    assert tools("law-enforcement", "facilitator")[1] == ["sheet", "police-table"]
    pack, found = tools("parents", "participant")
    assert found == [] and any(e.id == "intro/sheet" and e.code == "edition"
                               for e in pack.excluded)
    sheet = curriculum.plan(lib, Variant(audience="parents", country="xa", locale="en",
                                         edition="facilitator")).modules[0].tools[0]
    assert sheet.intro.strip() == "For a case in Testland A."  # filled in like any text
    assert sheet.context == "module/intro/tools/sheet" and sheet.rows == 0  # a checklist


def test_a_tool_prints_on_a_page_of_its_own_linked_from_its_module(mini):
    lib = curriculum.load(mini)
    pack = curriculum.plan(lib, Variant(audience="law-enforcement", country="xa", locale="en",
                                        edition="facilitator"))
    html = render_html(pack, lib.templates)
    assert 'href="#tool-intro--sheet"' in html and 'id="tool-intro--sheet"' in html
    reader = PdfReader(BytesIO(render_pdf(pack, html, lib.templates)))
    pages = [page.extract_text() for page in reader.pages]
    sheet = next(i for i, text in enumerate(pages) if "Test sheet\nFor a case in" in text)
    table = next(i for i, text in enumerate(pages) if "Police table" in text.split("\n")[:4])
    assert table == sheet + 1 == len(pages) - 1
    assert f"Test sheet (page {sheet + 1})" in "\n".join(pages[:sheet])  # the module's link


@pytest.mark.slow
def test_the_facilitator_guide_ends_with_the_tools_one_a_page(bundled):
    for country, paper in (("gb", (595, 842)), ("us", (612, 792))):
        pack = curriculum.plan(bundled, Variant(audience="law-enforcement", country=country,
                                                locale="en", edition="facilitator",
                                                course="specialist"))
        titles = [t.title for m in pack.modules for t in m.tools]
        assert titles == ["First-response checklist", "Triage sheet",
                          "Joint protocol, on one page"]
        reader = PdfReader(BytesIO(render_pdf(pack, render_html(pack, bundled.templates),
                                              bundled.templates)))
        tail = [" ".join(page.extract_text().split()) for page in reader.pages[-len(titles):]]
        for title, text in zip(titles, tail, strict=True):
            assert title in text, (country, title)
        assert "Case reference" in tail[0] and "Where the answer came from" in tail[1]
        assert "Who is told, and how fast" in tail[2]
        box = reader.pages[-1].mediabox
        assert (round(float(box.width)), round(float(box.height))) == paper
    participant = curriculum.plan(bundled, Variant(audience="law-enforcement", country="gb",
                                                   locale="en", edition="participant",
                                                   course="specialist"))
    assert not any(m.tools for m in participant.modules)
