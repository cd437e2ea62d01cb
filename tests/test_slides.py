"""Slide decks (formats/slides.py): a facilitator pack as a 16:9 PDF and PPTX, read back with
pypdf and python-pptx; key points in the modules, the fallback for sections without them, no
quiz answer anywhere in a deck, the same bytes twice, and LibreOffice opening the PPTX."""
from __future__ import annotations

import io
import os
import shutil
import subprocess
import time
import zipfile
from pathlib import Path

import pytest
from pptx import Presentation
from pypdf import PdfReader

import curriculum
from conftest import REPO
from curriculum.formats.slides import (SLIDE_HEIGHT, SLIDE_WIDTH, blocks, deck, first_sentences,
                                       render_slides)
from curriculum.localise import localise
from curriculum.pack import Variant
from curriculum.render import build_date
from curriculum.tailor import tailor
from curriculum.texts import module_texts

TEMPLATES = REPO / "templates"
VARIANTS = {"ke-en": ("parents", "ke", "en"), "eg-ar": ("parents", "eg", "ar")}


@pytest.fixture(scope="module")
def lib():
    return curriculum.load(REPO)


def _pack(lib, audience, country, locale):
    return localise(lib, tailor(lib, Variant(audience=audience, country=country, locale=locale,
                                             edition="facilitator")))


@pytest.fixture(scope="module")
def decks(lib):
    out = {}
    for name, (audience, country, locale) in VARIANTS.items():
        pack = _pack(lib, audience, country, locale)
        out[name] = (pack, render_slides(pack, TEMPLATES))
    return out


def _pptx_text(data: bytes, notes: bool = True) -> tuple[Presentation, str]:
    prs = Presentation(io.BytesIO(data))
    parts = []
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
        if notes and slide.has_notes_slide:
            parts.append(slide.notes_slide.notes_text_frame.text)
    return prs, "\n".join(parts)


@pytest.mark.parametrize("name", VARIANTS)
def test_the_pdf_is_16_9_one_page_a_slide(decks, name):
    _, slides = decks[name]
    reader = PdfReader(io.BytesIO(slides.pdf))
    box = reader.pages[0].mediabox
    assert abs(float(box.width) / float(box.height) - 16 / 9) < 0.01
    assert len(reader.pages) == len(slides.deck) >= 5
    text = reader.pages[0].extract_text()
    assert slides.deck[0].title.split()[0] in text


@pytest.mark.parametrize("name", VARIANTS)
def test_the_pptx_reads_back_16_9_with_its_text(decks, name):
    pack, slides = decks[name]
    prs, text = _pptx_text(slides.pptx, notes=False)
    assert (prs.slide_width, prs.slide_height) == (SLIDE_WIDTH, SLIDE_HEIGHT)
    assert prs.slide_width * 9 == prs.slide_height * 16
    assert len(prs.slides) == len(slides.deck) >= 5
    assert len(text) >= 300
    assert pack.modules[0].title in text and pack.country.name in text
    for slide in prs.slides:  # the title and the bullets are placeholders a trainer can edit
        assert slide.shapes.title is not None and slide.shapes.title.text


def test_every_slide_keeps_inside_its_placeholders(decks):
    _, slides = decks["ke-en"]
    prs = Presentation(io.BytesIO(slides.pptx))
    for slide in prs.slides:
        for shape in slide.placeholders:
            assert 0 <= shape.left and shape.left + shape.width <= prs.slide_width
            assert 0 <= shape.top and shape.top + shape.height <= prs.slide_height


def test_the_deck_has_the_pack_s_parts(decks):
    pack, slides = decks["ke-en"]
    kinds = [s.kind for s in slides.deck]
    assert kinds[0] == "title" and kinds[-1] == "routes"
    assert {"module", "section", "activity", "questions"} <= set(kinds)
    assert kinds.count("module") >= len(pack.modules)  # a module's title and objectives
    objectives = [o.text for m in pack.modules for o in m.objectives]
    bullets = [b for s in slides.deck for b in s.bullets]
    assert set(objectives) <= set(bullets)
    # the route card's routes, labelled as the card labels them
    routes = " ".join(b for s in slides.deck if s.kind == "routes" for b in s.bullets)
    assert "Child helpline:" in routes and "116" in routes
    # the facilitator's running notes of an activity are its speaker notes
    activity = next(a for m in pack.modules for a in m.activities if a.facilitator)
    slide = next(s for s in slides.deck if s.kind == "activity" and s.title == activity.title)
    assert blocks(activity.facilitator or "")[0] in slide.notes


def test_sections_show_their_key_points_or_their_opening(decks):
    pack, slides = decks["ke-en"]
    by_title = {s.title: s for s in slides.deck if s.kind == "section"}
    marked = [s for m in pack.modules for s in m.sections if s.key_points]
    assert marked, "the bundled modules mark key points"
    for section in marked:
        assert set(section.key_points) <= set(by_title[section.title].bullets) | {
            b for s in slides.deck for b in s.bullets}
    # a section without key points: its first sentence or two
    body = "Children tell the adults who cope. Ask with interest, not suspicion. Stay calm.\n"
    assert first_sentences(body, limit=60) == "Children tell the adults who cope."
    assert first_sentences("**Short.** " + "word " * 200).startswith("Short.")
    assert len(first_sentences("word " * 400)) <= 221


def test_every_module_marks_key_points_on_its_main_sections(lib):
    for module in lib.modules.values():
        points = [s.key_points for s in module.sections if s.kind == "content"]
        assert sum(1 for p in points if p) >= 1, module.id
        assert all(2 <= len(p) <= 4 for p in points if p), module.id
        assert all(len(point) <= 120 for p in points for point in p), module.id
        contexts = {t.context for t in module_texts(module)}
        assert any(c.endswith("/key_points") for c in contexts), module.id


@pytest.mark.parametrize("name", VARIANTS)
def test_no_quiz_answer_is_in_the_slides(decks, lib, name):
    pack, slides = decks[name]
    _, text = _pptx_text(slides.pptx)
    pdf = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(
        io.BytesIO(slides.pdf)).pages)
    asked = [q for m in pack.modules for q in pack.questions(m)]
    assert asked and all(q.correct for q in asked)  # a facilitator pack carries the answers
    for question in asked:
        assert question.question in text
        right = question.answers[question.correct - 1]
        assert right not in text and " ".join(right.split()) not in pdf
        for line in blocks(question.explanation or ""):
            assert line[:60] not in text, (question.id, line)
            assert " ".join(line[:60].split()) not in pdf


def test_the_same_pack_gives_the_same_bytes(lib, decks, monkeypatch):
    pack, first = decks["ke-en"]
    again = render_slides(_pack(lib, *VARIANTS["ke-en"]), TEMPLATES)
    assert again.pdf == first.pdf and again.pptx == first.pptx
    with zipfile.ZipFile(io.BytesIO(first.pptx)) as archive:
        names = archive.namelist()
        assert names[0] == "[Content_Types].xml"
        day = build_date(pack)
        assert {i.date_time for i in archive.infolist()} == {
            (day.year, day.month, day.day, day.hour, day.minute, day.second)}
    props = Presentation(io.BytesIO(first.pptx)).core_properties
    assert props.created.date() == build_date(pack).date() == props.modified.date()
    assert props.last_modified_by == pack.library.name
    # SOURCE_DATE_EPOCH dates them instead
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764547200")  # 2025-12-01
    dated = render_slides(_pack(lib, *VARIANTS["ke-en"]), TEMPLATES)
    with zipfile.ZipFile(io.BytesIO(dated.pptx)) as archive:
        assert {i.date_time for i in archive.infolist()} == {(2025, 12, 1, 0, 0, 0)}


def test_an_arabic_deck_reads_right_to_left(decks):
    pack, slides = decks["eg-ar"]
    assert pack.direction == "rtl"
    prs = Presentation(io.BytesIO(slides.pptx))
    xml = prs.slides[0].shapes.title.text_frame._txBody.xml
    assert 'rtl="1"' in xml
    # an English fallback in an Arabic deck keeps its own direction
    english = next(s for s in slides.deck if any(b.isascii() for b in s.bullets))
    assert english.dir(next(b for b in english.bullets if b.isascii())) == "ltr"


def test_libreoffice_converts_the_pptx(decks, tmp_path):
    soffice = shutil.which("soffice")
    if soffice is None:
        if os.environ.get("CI") == "true":
            pytest.fail("LibreOffice (soffice) is not installed on CI")
        pytest.skip("LibreOffice (soffice) is not installed")
    _, slides = decks["ke-en"]
    source = tmp_path / "slides.pptx"
    source.write_bytes(slides.pptx)
    profile = (tmp_path / "profile").as_uri()
    start = time.monotonic()
    result = subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless",
                             "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                            capture_output=True, text=True, timeout=180)
    seconds = time.monotonic() - start
    converted = Path(tmp_path / "slides.pdf")
    assert result.returncode == 0 and converted.exists(), result.stderr
    reader = PdfReader(converted)
    assert len(reader.pages) == len(slides.deck), f"{seconds:.1f} s"
    box = reader.pages[0].mediabox
    assert abs(float(box.width) / float(box.height) - 16 / 9) < 0.01
