"""HTML packs in a real browser: Debian's Chromium driven by Playwright, checked with axe-core.

Skipped when chromium, Playwright or axe-core is missing, except in CI (CI=true), where a
missing tool fails the run: .ci/run installs them. See tests/browser.py for where each is found.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

import browser as tools
from curriculum import build

PHONE = {"width": 375, "height": 800}
DESKTOP = {"width": 1280, "height": 900}
# one pack per audience x edition x script (Latin, Arabic right to left, Chinese): (country,
# locale); and the packs the layout checks open
SCRIPTS = {"latin": ("ke", "en"), "arabic": ("eg", "ar"), "han": ("tw", "zh-Hant")}
LAYOUT = ["en/ke/parents/participant", "en/ke/parents/facilitator",
          "en/gb/law-enforcement/specialist/facilitator", "ar/eg/parents/facilitator",
          "zh-Hant/tw/parents/participant"]


def need(what: str, present: object) -> None:
    if present:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what} is missing, and CI=true: .ci/run installs it")
    pytest.skip(f"{what} is missing")


@pytest.fixture(scope="module")
def packs(bundled, tmp_path_factory) -> Path:
    """The HTML of every audience's packs for Kenya (en), Egypt (ar) and Taiwan (zh-Hant), and
    the law-enforcement packs for the United Kingdom."""
    out = tmp_path_factory.mktemp("browser")
    for country, locale in [*SCRIPTS.values(), ("gb", "en")]:
        audiences = ["law-enforcement"] if country == "gb" else None
        report = build(bundled, out, countries=[country], locales=[locale],
                       audiences=audiences, formats=["html"], jobs=2)
        assert not report.failed, report.failed
    return out


@pytest.fixture(scope="module")
def chromium():
    need("chromium", tools.chromium())
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    need("playwright (pip install -e '.[test]')", sync_playwright)
    with sync_playwright() as playwright:
        browser = tools.launch(playwright)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def axe_js() -> str:
    path = tools.axe_script()
    need("axe-core (npm install --no-save --prefix .ci axe-core@4, or AXE_CORE_JS)",
         path and path.is_file())
    assert path is not None
    return path.read_text(encoding="utf-8")


def open_pack(chromium, packs: Path, slug: str, viewport=DESKTOP):
    page = chromium.new_page(viewport=viewport)
    page.goto((packs / slug / "index.html").as_uri())
    return page


@pytest.mark.parametrize("slug", LAYOUT)
def test_every_in_page_link_has_its_target(chromium, packs, slug):
    page = open_pack(chromium, packs, slug)
    missing = page.evaluate("""() => [...document.querySelectorAll('a[href^="#"]')]
        .map(a => a.getAttribute('href'))
        .filter(h => !document.getElementById(decodeURIComponent(h.slice(1))))""")
    count = page.locator('a[href^="#"]').count()
    page.close()
    assert count > 20 and missing == []


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_contents_scroll_to_each_part_and_leave_it_in_view(chromium, packs, viewport):
    page = open_pack(chromium, packs, "en/ke/parents/facilitator", viewport)
    links = page.locator("nav.contents a")
    assert links.count() > 8
    for index in (1, links.count() // 2, links.count() - 2):
        link = links.nth(index)
        href = link.get_attribute("href")
        link.click()
        page.wait_for_function("h => location.hash === h", arg=href)
        seen = page.evaluate("""h => { const target = document.getElementById(h.slice(1));
            const box = target.getBoundingClientRect();
            const hit = document.elementFromPoint(box.left + 4, Math.max(box.top, 0) + 4);
            return {top: box.top, scrolled: scrollY, covered: !(hit && target.contains(hit))}; }""",
                             href)
        assert seen["scrolled"] > 0 and abs(seen["top"]) < 4, (href, seen)
        assert not seen["covered"], (href, seen)  # nothing sticky hides the part scrolled to
    page.close()


@pytest.mark.parametrize("slug", LAYOUT)
def test_a_phone_never_scrolls_the_page_sideways(chromium, packs, slug):
    page = open_pack(chromium, packs, slug, PHONE)
    widths = page.evaluate("""() => ({page: document.documentElement.scrollWidth,
        view: innerWidth,
        boxes: [...document.querySelectorAll('.table-scroll')].map(
            e => ({scroll: e.scrollWidth, client: e.clientWidth,
                   overflow: getComputedStyle(e).overflowX}))})""")
    page.close()
    assert widths["page"] <= widths["view"], widths
    if "facilitator" in slug:  # the five-column facts table scrolls in its own box
        assert widths["boxes"] and all(b["overflow"] == "auto" for b in widths["boxes"])
        if not slug.startswith("ar/"):
            assert any(b["scroll"] > b["client"] for b in widths["boxes"]), widths


def test_a_desktop_shows_the_facts_table_whole(chromium, packs):
    page = open_pack(chromium, packs, "en/ke/parents/facilitator", DESKTOP)
    sizes = page.evaluate("""() => { const box = document.querySelector('.table-scroll');
        return {page: document.documentElement.scrollWidth, view: innerWidth,
                body: document.body.clientWidth, scroll: box.scrollWidth, client: box.clientWidth,
                columns: box.querySelectorAll('thead th').length}; }""")
    page.close()
    assert sizes["page"] <= sizes["view"] and sizes["scroll"] <= sizes["client"], sizes
    assert sizes["columns"] == 5 and sizes["body"] < sizes["view"]  # one readable column


def test_printing_uses_the_print_stylesheet(chromium, packs):
    page = open_pack(chromium, packs, "en/ke/parents/facilitator", DESKTOP)
    probe = """() => ({routes: getComputedStyle(document.getElementById('routes')).display,
        bodyWidth: getComputedStyle(document.body).maxWidth,
        fontSize: getComputedStyle(document.documentElement).fontSize,
        contentsBreak: getComputedStyle(document.querySelector('nav.contents')).breakAfter})"""
    screen = page.evaluate(probe)
    page.emulate_media(media="print")
    printed = page.evaluate(probe)
    page.close()
    # the routes section is screen-only (print has route-card.pdf beside the pack); print
    # drops the screen's column width, sets 10pt type and ends the contents' page
    assert screen["routes"] != "none" and printed["routes"] == "none"
    assert screen["bodyWidth"] != "none" and printed["bodyWidth"] == "none"
    assert printed["fontSize"] != screen["fontSize"]
    assert printed["contentsBreak"] == "page" and screen["contentsBreak"] != "page"


def axe_slugs(packs: Path) -> list[str]:
    """The first pack of each audience x edition x script among those built."""
    chosen: dict[tuple[str, str, str], str] = {}
    for path in tools.pack_pages(packs):
        slug = path.parent.relative_to(packs).as_posix()
        locale, country, audience, *_, edition = slug.split("/")
        script = next((s for s, place in SCRIPTS.items() if place == (country, locale)), None)
        if script:
            chosen.setdefault((audience, edition, script), slug)
    return sorted(chosen.values())


def test_axe_finds_nothing_serious_on_any_audience_edition_or_script(chromium, packs, axe_js):
    slugs = axe_slugs(packs)
    assert len(slugs) == 5 * 2 * len(SCRIPTS)
    page = chromium.new_page(viewport=DESKTOP)
    found = {}
    for slug in slugs:
        page.goto((packs / slug / "index.html").as_uri())
        bad = [v for v in tools.run_axe(page, axe_js) if v["impact"] in tools.BLOCKING]
        if bad:
            found[slug] = [(v["id"], v["impact"], v["nodes"][:3]) for v in bad]
    page.close()
    assert not found, found


def test_axe_finds_nothing_serious_at_a_phones_width(chromium, packs, axe_js):
    # at 375 px the facts table overflows its box: a scrolling box must be reachable by keyboard
    page = open_pack(chromium, packs, "en/gb/law-enforcement/specialist/facilitator", PHONE)
    bad = [v for v in tools.run_axe(page, axe_js) if v["impact"] in tools.BLOCKING]
    page.close()
    assert not bad, bad


def test_axe_sees_a_violation_when_there_is_one(chromium, packs, axe_js):
    """The check can fail: a pack whose text colour is made unreadable is caught."""
    page = open_pack(chromium, packs, "en/ke/parents/participant")
    page.add_style_tag(content="p { color: #eeeeee !important; }")
    ids = {v["id"] for v in tools.run_axe(page, axe_js) if v["impact"] in tools.BLOCKING}
    page.close()
    assert "color-contrast" in ids


def test_the_build_index_opens_and_links_every_pack(chromium, packs, axe_js):
    page = chromium.new_page(viewport=PHONE)
    page.goto((packs / "index.html").as_uri())
    hrefs = page.evaluate("() => [...document.querySelectorAll('a')].map(a => a.href)")
    wide = page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    bad = [v for v in tools.run_axe(page, axe_js) if v["impact"] in tools.BLOCKING]
    page.close()
    assert {Path(h.removeprefix("file://")).parent for h in hrefs} == \
        {p.parent for p in tools.pack_pages(packs)}
    assert wide and not bad, bad
