"""Fonts for every script a pack may hold, as dependencies like any other.

DejaVu (on every machine we support) draws Latin, Greek and Cyrillic. The other scripts come
from font wheels on PyPI, installed with the project (see pyproject.toml): Noto Sans Arabic,
Noto Sans CJK TC (Traditional Chinese, as Taiwan writes it), Noto Sans Khmer and Noto Sans
Ethiopic (Amharic). render.py declares them to WeasyPrint with @font-face, and its URL fetcher
may read exactly these files; WeasyPrint embeds only the glyphs a pack uses.

`missing_glyphs` finds characters that no font here can draw, so that a pack that would print
a tofu box fails instead (a font's cmap is read once, with fontTools).
"""
from __future__ import annotations

import importlib.util
import unicodedata
from functools import lru_cache
from pathlib import Path

# (CSS family, package, file pattern inside the package)
SCRIPT_FONTS = (
    ("Noto Sans Arabic", "fontpkg_noto_sans_arabic", "files/*.ttf"),
    ("Noto Sans CJK TC", "cvttf_NotoSansCJK_Regular", "*.otf"),
    ("Noto Sans Khmer", "fontpkg_noto_sans_khmer", "files/*.ttf"),
    ("Noto Sans Ethiopic", "justmytype_intl_africa", "fonts/ofl/notosansethiopic/*.ttf"),
)
SYSTEM_FONTS = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"),
)


@lru_cache(maxsize=1)
def script_fonts() -> tuple[tuple[str, Path], ...]:
    """(family, file) of every script font installed."""
    out = []
    for family, package, pattern in SCRIPT_FONTS:
        spec = importlib.util.find_spec(package)
        if spec is None or not spec.submodule_search_locations:
            continue
        for folder in spec.submodule_search_locations:
            files = sorted(Path(folder).glob(pattern))
            if files:
                out.append((family, files[0].resolve()))
                break
    return tuple(out)


def font_files() -> tuple[Path, ...]:
    return tuple(path for _, path in script_fonts())


def font_face_css() -> str:
    """@font-face rules for the script fonts (file URLs the confined fetcher allows)."""
    return "\n".join(f'@font-face {{ font-family: "{family}"; src: url("{path.as_uri()}"); }}'
                     for family, path in script_fonts())


@lru_cache(maxsize=16)
def _cmap(path: Path) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    font = TTFont(str(path), lazy=True, fontNumber=0)
    try:
        return frozenset(font.getBestCmap() or {})
    finally:
        font.close()


@lru_cache(maxsize=1)
def _coverage() -> frozenset[int]:
    covered: set[int] = set()
    for path in (*[p for p in SYSTEM_FONTS if p.exists()], *font_files()):
        covered |= _cmap(path)
    return frozenset(covered)


def missing_glyphs(text: str) -> list[str]:
    """Characters of `text` that no installed font draws, as 'X (U+XXXX NAME)'."""
    covered = _coverage()
    missing = []
    for char in sorted(set(text)):
        code = ord(char)
        if code in covered or char.isspace() or unicodedata.category(char) in ("Cc", "Cf", "Zs"):
            continue
        missing.append(f"{char} (U+{code:04X} {unicodedata.name(char, 'unnamed')})")
    return missing
