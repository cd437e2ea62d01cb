"""Slides: a localised facilitator pack -> a 16:9 slide deck, as PDF (WeasyPrint) and as PPTX
(python-pptx), for trainers to teach from and to adapt in PowerPoint or LibreOffice.

The deck is plain data first (`deck`: a list of `Slide`), so that both files show the same
slides in the same order:

- a title slide (the course, the country, the library's version and date);
- for each module: its title and objectives; one slide a content section, showing the section's
  `key_points` (modules/*.yaml), or when it has none its first sentence or two (a long section's
  points run onto "continued" slides); one slide an activity, with the facilitator's notes as
  speaker notes; its questions, never their answers or explanations;
- the route card: the country's routes for help and reports (routes.py), as the card words them.

Speaker notes (PPTX) carry the section's whole text, the module's facilitator notes and the
activity's running notes, so that the deck is something to teach from.

The PDF goes through render.py's machinery (the confined URL fetcher, the script fonts, the
missing-glyph check, the build date), one slide a page; templates/slides.html.j2 lays it out.
The PPTX's dates (core properties, zip entries) are the build date too: the same pack gives the
same bytes.
"""
from __future__ import annotations

import datetime as dt
import html as entities
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from .. import interface as ui
from ..markup import to_html
from ..page import environment
from ..pack import Pack, PackModule
from ..render import build_date, format_date, render_html, render_pdf
from ..zips import reproducible_zip

TEMPLATE = "slides.html.j2"
ROUTES_TEMPLATE = "routes.html.j2"

# what fits on one slide at the deck's type sizes (checked by eye on rendered pages): bullets,
# and characters of text (a CJK character counts twice: it is about twice as wide)
MAX_BULLETS = 6
MAX_CHARS = 480
MAX_BULLET = 230  # a longer paragraph is cut into sentences
BIG_TYPE = 260  # a slide with at most this much text prints larger
FALLBACK_CHARS = 220  # a section without key points: its first sentence or two, up to this

# PPTX: 16:9 at PowerPoint's own widescreen size (13.333 x 7.5 in)
SLIDE_WIDTH, SLIDE_HEIGHT = 12192000, 6858000
_EMU_PER_PT = 12700


@dataclass(frozen=True)
class Slide:
    kind: str  # title, module, section, activity, questions, routes
    title: str
    subtitle: str = ""
    bullets: tuple[str, ...] = ()
    aside: str = ""  # a short line under the bullets: a module's content note
    notes: str = ""  # speaker notes (PPTX)
    numbered: bool = False

    def dir(self, text: str) -> str:
        """The direction `text` reads in: an English fallback in an Arabic deck reads ltr."""
        return direction(text)

    @property
    def big(self) -> bool:
        """Little text: the slide prints it larger."""
        return (self.kind != "routes" and len(self.bullets) <= 4
                and sum(_width(b) for b in self.bullets) <= BIG_TYPE)


@dataclass(frozen=True)
class Slides:
    pdf: bytes
    pptx: bytes
    deck: tuple[Slide, ...] = ()
    warnings: tuple[str, ...] = field(default=())  # what WeasyPrint had to say


# ---------------------------------------------------------------------------------------------
# text


class _Blocks(HTMLParser):
    """The text of each paragraph, list item, heading and table row of rendered Markdown."""

    BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "blockquote", "pre"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._text: list[str] = []

    def _flush(self):
        text = " ".join("".join(self._text).split())
        if text:
            self.blocks.append(text)
        self._text = []

    def handle_starttag(self, tag, attrs):
        if tag in self.BLOCKS or tag in ("ul", "ol", "br", "table"):
            self._flush()
        elif tag in ("td", "th"):
            self._text.append(" ")

    def handle_endtag(self, tag):
        if tag in self.BLOCKS:
            self._flush()
        elif tag in ("td", "th"):
            self._text.append(" · ")

    def handle_data(self, data):
        self._text.append(data)


def direction(text: str) -> str:
    """'rtl' or 'ltr', from the first strongly directional character of `text`."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "ltr"


def blocks(markdown: str) -> list[str]:
    """A Markdown text as plain blocks of text (paragraphs, list items, table rows)."""
    parser = _Blocks()
    parser.feed(to_html(markdown or ""))
    parser.close()
    parser._flush()
    return [b.strip(" ·") for b in parser.blocks if b.strip(" ·")]


def plain(markdown: str) -> str:
    return "\n".join(blocks(markdown))


_SENTENCE = re.compile(r"(?<=[.!?؟])\s+|(?<=[。！？])")


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(text) if s.strip()]


def _width(text: str) -> int:
    """Roughly how wide a text prints, in Latin characters."""
    return sum(2 if "\u2e80" <= c <= "\u9fff" or "\uac00" <= c <= "\ud7af" or
               "\uff00" <= c <= "\uffef" else 1 for c in text)


def _shorten(text: str, limit: int) -> str:
    if _width(text) <= limit:
        return text
    cut, size = [], 0
    for char in text:
        size += _width(char)
        if size > limit - 1:
            break
        cut.append(char)
    head = "".join(cut)
    if " " in head[len(head) // 2:]:
        head = head[:head.rindex(" ")]
    return head.rstrip(" ,;:") + "…"


def _lines(markdown: str) -> list[str]:
    """A text as bullets no longer than MAX_BULLET: its blocks, long ones cut at sentences."""
    out = []
    for block in blocks(markdown):
        if _width(block) <= MAX_BULLET:
            out.append(block)
            continue
        line = ""
        for sentence in sentences(block):
            if line and _width(line) + 1 + _width(sentence) > MAX_BULLET:
                out.append(line)
                line = ""
            line = f"{line} {sentence}".strip() if line else sentence
        if line:
            out.append(line)
    return [_shorten(line, MAX_BULLET * 3 // 2) for line in out]


def first_sentences(markdown: str, limit: int = FALLBACK_CHARS) -> str:
    """The first sentence or two of a text (as many as fit in `limit`), for a section whose
    module marks no key points."""
    text = " ".join(blocks(markdown)[:2])
    picked = ""
    for sentence in sentences(text):
        if picked and _width(picked) + 1 + _width(sentence) > limit:
            break
        picked = f"{picked} {sentence}".strip() if picked else sentence
        if _width(picked) >= limit // 2:
            break
    return _shorten(picked, limit)


def _pages(kind: str, title: str, bullets: list[str], gettext, **extra) -> list[Slide]:
    """One slide, or several when the bullets do not fit on one: the later ones 'continued'."""
    chunks: list[list[str]] = [[]]
    most = MAX_CHARS * 4 // 3 if kind == "routes" else MAX_CHARS  # the routes print smaller
    room = most - _width(extra.get("aside", "")) // 2  # so does the aside
    for bullet in bullets:
        chunk = chunks[-1]
        if chunk and (len(chunk) >= MAX_BULLETS
                      or sum(map(_width, chunk)) + _width(bullet) > room):
            chunks.append([])
            room = most
        chunks[-1].append(bullet)
    out = []
    for i, chunk in enumerate(chunks):
        name = title if i == 0 else gettext(ui.SLIDES_CONTINUED, title=title)
        out.append(Slide(kind=kind, title=name, bullets=tuple(chunk),
                         **(extra if i == 0 else {**extra, "aside": ""})))
    return out


# ---------------------------------------------------------------------------------------------
# the deck


def _gettext(pack: Pack):
    def gettext(msgid: str, **values) -> str:
        text = pack.strings.get(msgid, msgid)
        return text.format(**values) if values else text
    return gettext


def _module_slides(pack: Pack, module: PackModule, gettext) -> list[Slide]:
    notes = [plain(module.summary)]
    notes += [f"{s.title}\n{plain(s.body)}" for s in module.sections if s.kind != "content"]
    out = _pages("module", module.title, [o.text for o in module.objectives], gettext,
                 subtitle=gettext(ui.SLIDES_OBJECTIVES) if module.objectives else "",
                 aside=" ".join(blocks(module.content_note or "")),
                 notes="\n\n".join(n for n in notes if n))
    for section in module.sections:
        if section.kind != "content":
            continue  # the facilitator's notes: in the speaker notes of the module's slide
        points = list(section.key_points) or [first_sentences(section.body)]
        out += _pages("section", section.title, [p for p in points if p], gettext,
                      notes=plain(section.body))
    for activity in module.activities:
        out += _pages("activity", activity.title, _lines(activity.body), gettext,
                      subtitle=gettext(ui.SLIDES_ACTIVITY, kind=gettext(activity.kind),
                                       minutes=activity.minutes),
                      notes=plain(activity.facilitator or ""))
    questions = pack.questions(module)
    if questions:  # the questions only: their answers and explanations stay in the guide
        out += _pages("questions", module.title, [q.question for q in questions], gettext,
                      subtitle=gettext(ui.SLIDES_QUESTIONS), numbered=True)
    return out


def _route_lines(pack: Pack, templates: Path, gettext) -> list[str]:
    """Each route as one line, labelled as the route card labels it (templates/routes.html.j2)."""
    macros = environment(str(templates)).get_template(ROUTES_TEMPLATE).make_module(
        {"_": gettext})
    out = []
    for route in pack.routes:
        label = entities.unescape(str(macros.label(route.kind))).strip()  # type: ignore[attr-defined]
        if route.status == "recorded":
            parts = [p for p in (route.name, route.phone, route.url)
                     if p and (p == route.name or p not in (route.name or ""))]
            if not (route.phone or route.url) and route.kind in (
                    "police-emergency", "hotline", "portal", "helpline"):
                parts.append(gettext(ui.SLIDES_ROUTE_NO_CONTACT))
            what = ", ".join(dict.fromkeys(parts))
            if route.check:
                what = gettext(ui.CHECK_OPERATES, route=what)
        elif route.status == "absent":
            what = gettext(ui.SLIDES_ROUTE_NONE)
        else:
            what = gettext(ui.SLIDES_ROUTE_NOT_RECORDED)
        out.append(_shorten(f"{label}: {what}", MAX_BULLET))
    return out


def deck(pack: Pack, templates: Path) -> list[Slide]:
    """The slides of `pack`, in teaching order."""
    gettext = _gettext(pack)
    date = format_date(build_date(pack), pack.variant.locale)
    course = pack.audience.course_name or pack.audience.name
    slides = [Slide(kind="title", title=course, subtitle=pack.country.name,
                    bullets=(gettext(ui.SLIDES_VERSION, library=pack.library.name,
                                     version=pack.library.version, date=date),))]
    for module in pack.modules:
        slides += _module_slides(pack, module, gettext)
    slides += _pages("routes", gettext(ui.SLIDES_ROUTES), _route_lines(pack, templates, gettext),
                     gettext, subtitle=gettext(ui.SLIDES_ROUTES_INTRO, date=date))
    return slides


# ---------------------------------------------------------------------------------------------
# PDF


def slides_html(pack: Pack, slides: list[Slide], templates: Path) -> str:
    return render_html(pack, templates, TEMPLATE, slides=slides)


# ---------------------------------------------------------------------------------------------
# PPTX

PPTX_SIZES = {"title": 40, "subtitle": 22, "body": 24, "big": 30, "aside": 16, "routes": 21}


def _widescreen(prs) -> None:
    """16:9, with the master's and layouts' placeholders stretched to the new width, so that a
    slide a trainer adds later is laid out as these are."""
    scale = SLIDE_WIDTH / prs.slide_width
    prs.slide_width, prs.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
    for shapes in [prs.slide_master.shapes, *[layout.shapes for layout in prs.slide_layouts]]:
        for shape in shapes:
            if shape.left is not None and shape.width is not None:
                shape.left, shape.width = int(shape.left * scale), int(shape.width * scale)


def _paragraphs(frame, lines: list[str], size: int, *, bullets: bool = True,
                numbered: bool = False) -> None:
    from pptx.util import Pt

    for i, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if i == 0 and not frame.paragraphs[0].text else \
            frame.add_paragraph()
        run = paragraph.add_run()
        run.text = f"{i + 1}. {line}" if numbered else line
        run.font.size = Pt(size)
        properties = paragraph._p.get_or_add_pPr()
        if direction(line) == "rtl":
            properties.set("rtl", "1")
            properties.set("algn", "r")
        if not bullets or numbered:
            properties.insert(0, properties.makeelement(
                "{http://schemas.openxmlformats.org/drawingml/2006/main}buNone", {}))
            properties.set("marL", "0")
            properties.set("indent", "0")


def _place(shape, left: float, top: float, width: float, height: float) -> None:
    """Position in inches on the 13.333 x 7.5 in slide."""
    from pptx.util import Inches

    shape.left, shape.top = Inches(left), Inches(top)
    shape.width, shape.height = Inches(width), Inches(height)


def render_pptx(pack: Pack, slides: list[Slide]) -> bytes:
    from pptx import Presentation
    from pptx.util import Pt

    prs = Presentation()
    _widescreen(prs)
    for item in slides:
        if item.kind == "title":
            slide = prs.slides.add_slide(prs.slide_layouts[0])
            title, body = slide.shapes.title, slide.placeholders[1]
            _place(title, 0.9, 1.6, 11.5, 2.0)
            _place(body, 0.9, 3.8, 11.5, 2.2)
            lines = [item.subtitle, *item.bullets]
            _paragraphs(body.text_frame, lines, PPTX_SIZES["subtitle"], bullets=False)
        else:
            slide = prs.slides.add_slide(prs.slide_layouts[1])
            title, body = slide.shapes.title, slide.placeholders[1]
            _place(title, 0.6, 0.35, 12.1, 1.25)
            _place(body, 0.6, 1.7, 12.1, 5.4)
            frame = body.text_frame
            if item.subtitle:
                _paragraphs(frame, [item.subtitle], PPTX_SIZES["subtitle"], bullets=False)
            size = "big" if item.big else "routes" if item.kind == "routes" else "body"
            _paragraphs(frame, list(item.bullets), PPTX_SIZES[size],
                        numbered=item.numbered)
            if item.aside:
                _paragraphs(frame, [item.aside], PPTX_SIZES["aside"], bullets=False)
        title.text = item.title
        for paragraph in title.text_frame.paragraphs:
            for run in paragraph.runs:
                run.font.size = Pt(PPTX_SIZES["title"] if item.kind == "title" else 32)
            if direction(item.title) == "rtl":
                paragraph._p.get_or_add_pPr().set("rtl", "1")
        if item.notes:
            slide.notes_slide.notes_text_frame.text = item.notes
    day = build_date(pack).replace(tzinfo=None)
    props = prs.core_properties
    props.title = pack.audience.course_name or pack.audience.name
    props.subject = pack.country.name
    props.author = props.last_modified_by = pack.library.name
    props.language = pack.variant.locale
    props.created = props.modified = day
    props.last_printed = dt.datetime(2000, 1, 1)  # python-pptx's default template's own
    props.revision = 1
    buffer = io.BytesIO()
    prs.save(buffer)
    # python-pptx dates every zip entry with the clock: the same entries again, dated the day
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as archive:
        entries = [(info.filename, archive.read(info)) for info in archive.infolist()]
    return reproducible_zip(entries, build_date(pack))


# ---------------------------------------------------------------------------------------------


def render_slides(pack: Pack, templates: Path) -> Slides:
    """The slide deck of a localised (facilitator) pack, as PDF and PPTX bytes."""
    slides = deck(pack, templates)
    notes: list[str] = []
    pdf = render_pdf(pack, slides_html(pack, slides, templates), templates, notes)
    return Slides(pdf=pdf, pptx=render_pptx(pack, slides), deck=tuple(slides),
                  warnings=tuple(notes))
