"""Stage 5, render: a localised pack -> one HTML document (plus its assets) and a PDF.

Markdown becomes HTML through markup.py (raw HTML off, links checked, no images); the library's
Jinja2 templates (templates/pack.html.j2) lay out the pack; WeasyPrint prints the same document
with the print stylesheet: cover, contents with page numbers, running header, page numbers,
bookmarks, title and language in the PDF metadata. Beside it, the one-page take-home route card
(templates/route-card.html.j2): the country's routes for help and reports, printed the same way.

WeasyPrint's default URL fetcher reads any file and any network address it is pointed at. Ours
serves only files under the library's templates/assets folder and refuses everything else,
loudly, so nothing outside the project can be read into a pack. The PDF's dates and identifier
come from the library's version date (or SOURCE_DATE_EPOCH) and the pack's content, never the
clock, so the same inputs give the same bytes.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import logging
import mimetypes
import os
import warnings
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname


from . import fonts, page
from .files import inside
from .errors import CurriculumError
from .dates import source_date_epoch
from .pack import Pack
from .page import PAGE_TEMPLATE

CARD_TEMPLATE = "route-card.html.j2"
ASSETS = "assets"


@dataclass(frozen=True)
class Rendered:
    html: str
    assets: dict[str, bytes]  # relative path under the pack folder -> content
    pdf: bytes | None
    warnings: tuple[str, ...] = ()  # what WeasyPrint had to say
    route_card: bytes | None = None  # the one-page route card, whenever the PDF is made


def build_date(pack: Pack) -> dt.datetime:
    """The date a pack states: SOURCE_DATE_EPOCH if set, else the library's version date."""
    return source_date_epoch() or \
        dt.datetime.fromisoformat(pack.library.date).replace(tzinfo=dt.timezone.utc)


def format_date(day: dt.datetime, locale: str) -> str:
    from babel.core import UnknownLocaleError
    from babel.dates import format_date as babel_format
    try:
        return babel_format(day.date(), format="long", locale=locale.replace("-", "_"))
    except (UnknownLocaleError, ValueError):  # a locale Babel does not know: the ISO date
        return day.date().isoformat()


def language_name(language: str, locale: str) -> str:
    """The name of `language` in `locale` ("en" in "fr" -> "anglais"), from Babel's data."""
    from babel import Locale
    from babel.core import UnknownLocaleError
    try:
        return Locale.parse(locale.replace("-", "_")).languages.get(language.split("-")[0],
                                                                     language)
    except (UnknownLocaleError, ValueError):
        return language


def assets(templates: Path) -> dict[str, bytes]:
    folder = templates / ASSETS
    out = {}
    for path in sorted(folder.rglob("*")):
        # an asset that links outside the templates is never copied into a pack
        if path.is_file() and not path.name.startswith(".") and inside(path, templates):
            out[f"{ASSETS}/{path.relative_to(folder).as_posix()}"] = path.read_bytes()
    return out


def render_html(pack: Pack, templates: Path, template: str = PAGE_TEMPLATE, **values) -> str:
    env = page.environment(str(templates))
    strings = pack.strings

    def gettext(msgid: str, **values) -> str:
        text = strings.get(msgid, msgid)
        return text.format(**values) if values else text

    day = build_date(pack)
    page_template = env.get_template(template)
    return page_template.render(
        pack=pack, _=gettext, date=format_date(day, pack.variant.locale),
        iso_date=day.date().isoformat(),
        fallbacks={f.context if f.source is None else f"{f.context}|{f.source}"
                   for f in pack.fallbacks},
        default_locale=pack.library.default_locale,
        default_language=language_name(pack.library.default_locale, pack.variant.locale),
        **values)


# ---------------------------------------------------------------------------------------------
# PDF


class MissingGlyphs(CurriculumError):
    """A pack holds characters that no installed font can draw: it would print tofu boxes."""


def confined_fetcher(root: Path, also: tuple[Path, ...] = ()):
    """A WeasyPrint URL fetcher that reads only regular files under `root` (and the files
    named in `also`: the script fonts)."""
    from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

    allowed = root.resolve()
    extra = {path.resolve() for path in also}

    class ConfinedFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            parts = urlsplit(url)
            if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
                raise FatalURLFetchingError(f"refused to fetch {url[:80]}: a pack may read only "
                                            f"the library's own assets")
            path = Path(url2pathname(parts.path)).resolve()
            if path in extra and path.is_file():
                return URLFetcherResponse(url, body=path.read_bytes(),
                                          headers={"Content-Type": "font/sfnt"})
            if not path.is_relative_to(allowed) or not path.is_file():
                raise FatalURLFetchingError(f"refused to read {path}: it is outside "
                                            f"{allowed}")
            kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": kind})

    return ConfinedFetcher(allowed_protocols=("file",), allow_redirects=False,
                           fail_on_errors=True, timeout=1)


@contextlib.contextmanager
def _source_date(day: dt.datetime):
    """fontTools stamps the fonts it subsets with the time, unless SOURCE_DATE_EPOCH is set."""
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(day.timestamp()))
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


class _Warnings(logging.Handler):
    """Collects WeasyPrint's warnings for the build report, instead of printing them."""

    IGNORED = ("HarfBuzz-Subset",)  # fontTools subsets instead: slower, same result

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        message = record.getMessage()
        if not any(text in message for text in self.IGNORED) and message not in self.messages:
            self.messages.append(message)


def _text_of(html: str) -> str:
    """The characters a pack prints: its HTML without tags, entities resolved."""
    import html as entities
    import re

    body = html.split("<body", 1)[-1]
    return entities.unescape(re.sub(r"<[^>]*>", " ", body))


PDF_OPTIONS = {"pdf_variant": "pdf/ua-1", "uncompressed_pdf": False}  # tagged: PDF/UA


def print_html(html: str) -> str:
    """The exact document WeasyPrint renders: the pack's HTML with the script fonts declared in
    its head (kept as pack.print.html by `build --keep-html`)."""
    style = f"<style>{fonts.font_face_css()}</style>"
    head = html.find("</head>")
    return html[:head] + style + html[head:] if head >= 0 else style + html


def render_pdf(pack: Pack, html: str, templates: Path, warnings_out: list | None = None, *,
               pages: int | None = None, denser: tuple[str, ...] = ()) -> bytes:
    """The PDF of `html`. With `pages`, the first of `html` and its `denser` versions (the same
    content, laid out tighter) that fits in that many pages, else the densest."""
    missing = fonts.missing_glyphs(_text_of(html))
    if missing:
        raise MissingGlyphs(f"no installed font draws {len(missing)} character(s) of this pack, "
                            f"e.g. {', '.join(missing[:3])}: install a font for the script "
                            f"(see docs/translating.md)")
    return render_print_html(pack, [print_html(v) for v in (html, *denser)], templates,
                             warnings_out, pages=pages)


def render_print_html(pack: Pack, versions: list[str], templates: Path,
                      warnings_out: list | None = None, *, pages: int | None = None) -> bytes:
    """WeasyPrint over documents made by print_html: the first version that fits in `pages`
    (all of them, when `pages` is None: the first), else the last."""
    import weasyprint

    fetcher = confined_fetcher(templates / ASSETS, fonts.font_files())
    logger = logging.getLogger("weasyprint")
    handler = _Warnings()
    logger.addHandler(handler)
    propagate, logger.propagate = logger.propagate, False
    try:
        with _source_date(build_date(pack)), warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=".*HarfBuzz-Subset.*")
            for i, version in enumerate(versions):
                # the pack links assets/..., so the base is the templates folder; only assets/
                # (and the script fonts) may be read
                document = weasyprint.HTML(string=version,
                                           base_url=templates.resolve().as_uri() + "/",
                                           url_fetcher=fetcher)
                identifier = hashlib.sha256(version.encode()).hexdigest()[:32].encode()
                laid_out = document.render()
                if pages is None or len(laid_out.pages) <= pages or i == len(versions) - 1:
                    pdf = laid_out.write_pdf(pdf_identifier=identifier, **PDF_OPTIONS)
                    break
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate
    if warnings_out is not None:
        warnings_out.extend(handler.messages)
    return pdf


CARD_DENSITIES = ("", "compact", "tight")  # the route card's layouts, roomiest first


def route_card_html(pack: Pack, templates: Path) -> list[str]:
    """The route card's HTML in each of its layouts, roomiest first."""
    return [render_html(pack, templates, CARD_TEMPLATE, density=density)
            for density in CARD_DENSITIES]


def render_route_card(pack: Pack, templates: Path, warnings_out: list | None = None) -> bytes:
    """The one-page route card, with the same confined fetcher and fixed dates as the pack: in
    the roomiest layout that fits on one page."""
    versions = route_card_html(pack, templates)
    return render_pdf(pack, versions[0], templates, warnings_out, pages=1,
                      denser=tuple(versions[1:]))


def render(pack: Pack, templates: Path, formats: tuple[str, ...] = ("html", "pdf")) -> Rendered:
    html = render_html(pack, templates)
    notes: list[str] = []
    pdf = card = None
    if "pdf" in formats:
        pdf = render_pdf(pack, html, templates, notes)
        card = render_route_card(pack, templates, notes)
    return Rendered(html=html, assets=assets(templates) if "html" in formats else {}, pdf=pdf,
                    warnings=tuple(notes), route_card=card)
