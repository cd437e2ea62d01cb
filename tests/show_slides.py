"""Write a pack's slide deck to look at, until the build writes slides.pdf and slides.pptx
itself: `python tests/show_slides.py parents ke en /tmp/slides` (audience, country, locale,
output folder; the facilitator edition) writes slides.pdf and slides.pptx there."""
from __future__ import annotations

import sys
from pathlib import Path

import curriculum
from curriculum.formats.slides import render_slides
from curriculum.localise import localise
from curriculum.pack import Variant
from curriculum.tailor import tailor

ROOT = Path(__file__).resolve().parent.parent


def main(audience: str, country: str, locale: str, out: str) -> None:
    lib = curriculum.load(ROOT)
    variant = Variant(audience=audience, country=country, locale=locale, edition="facilitator")
    slides = render_slides(localise(lib, tailor(lib, variant)), ROOT / "templates")
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "slides.pdf").write_bytes(slides.pdf)
    (folder / "slides.pptx").write_bytes(slides.pptx)
    print(f"{len(slides.deck)} slides: {folder / 'slides.pdf'}, {folder / 'slides.pptx'}")
    for line in slides.warnings:
        print(f"warning: {line}")


if __name__ == "__main__":
    main(*sys.argv[1:5])
