"""A real browser for the HTML packs: Debian's Chromium driven by Playwright, and axe-core.

Used by tests/test_browser.py, and on its own to check every pack of a build with axe-core:

    .venv/bin/python tests/browser.py build/

prints the packs checked and the violations by impact, and exits 1 when any is serious or
critical. Playwright's own browser download is never used: the browser is the `chromium` on
PATH (or $CHROMIUM). axe-core comes from npm: $AXE_CORE_JS names its axe.min.js, or .ci/run
installs it into .ci/node_modules (`npm install --no-save --prefix .ci axe-core@4`).
"""
from __future__ import annotations

import collections
import json
import os
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
IMPACTS = ("critical", "serious", "moderate", "minor")
BLOCKING = ("critical", "serious")


def chromium() -> str | None:
    return os.environ.get("CHROMIUM") or shutil.which("chromium")


def axe_script() -> Path | None:
    """axe.min.js: $AXE_CORE_JS, or where .ci/run (or a developer) installed it with npm."""
    if os.environ.get("AXE_CORE_JS"):
        return Path(os.environ["AXE_CORE_JS"])
    for base in (REPO / ".ci", REPO):
        candidate = base / "node_modules" / "axe-core" / "axe.min.js"
        if candidate.is_file():
            return candidate
    return None


def launch(playwright):
    return playwright.chromium.launch(executable_path=chromium())


def run_axe(page, axe_js: str) -> list[dict]:
    """axe-core's violations on the loaded page (WCAG 2.x A and AA and best practices)."""
    page.add_script_tag(content=axe_js)
    return page.evaluate("""() => axe.run(document, {resultTypes: ["violations"]}).then(r =>
        r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                nodes: v.nodes.map(n => n.target.join(" "))})))""")


def pack_pages(out: Path) -> list[Path]:
    """Every built HTML pack under a build folder: each folder whose manifest lists index.html."""
    pages = []
    for manifest in sorted(out.rglob("manifest.json")):
        try:
            files = json.loads(manifest.read_text(encoding="utf-8")).get("files", {})
        except (OSError, ValueError):
            continue
        if "index.html" in files:
            pages.append(manifest.parent / "index.html")
    return pages


def main(argv: list[str]) -> int:
    from playwright.sync_api import sync_playwright

    if len(argv) != 1:
        print("usage: python tests/browser.py BUILD_FOLDER", file=sys.stderr)
        return 2
    out = Path(argv[0])
    axe = axe_script()
    if not chromium() or axe is None:
        print("needs chromium on PATH and axe-core (AXE_CORE_JS, or npm install --no-save "
              "--prefix .ci axe-core@4)", file=sys.stderr)
        return 2
    axe_js = axe.read_text(encoding="utf-8")
    pages = pack_pages(out)
    by_impact: collections.Counter[str] = collections.Counter()
    by_rule: collections.Counter[tuple[str, str]] = collections.Counter()
    blocking = []
    with sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        for path in pages:
            page.goto(path.resolve().as_uri())
            for violation in run_axe(page, axe_js):
                impact = violation["impact"] or "minor"
                by_impact[impact] += len(violation["nodes"])
                by_rule[(impact, violation["id"])] += len(violation["nodes"])
                if impact in BLOCKING:
                    blocking.append(f"{path.parent.relative_to(out)}: {violation['id']} "
                                    f"({impact}) {violation['nodes'][:3]}")
        browser.close()
    print(f"packs checked: {len(pages)}")
    print("violations (elements) by impact: " +
          ", ".join(f"{impact} {by_impact[impact]}" for impact in IMPACTS))
    for (impact, rule), count in sorted(by_rule.items()):
        print(f"  {impact}: {rule} on {count} elements")
    for line in blocking[:20]:
        print(line)
    return 1 if blocking or not pages else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
