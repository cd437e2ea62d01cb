"""PO files are read as strictly as gettext reads them: each case below is one that
`msgfmt --check` rejects, and we reject it too, at its line. A UTF-8 BOM is accepted."""
from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from curriculum import Problems, load

HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
CASES = {
    "duplicate": (HEADER + 'msgid "Contents"\nmsgstr "A"\n\nmsgid "Contents"\nmsgstr "B"\n', 8),
    "text-after-quote": (HEADER + 'msgid "Contents" extra\nmsgstr "A"\n', 5),
    "orphan-msgstr": (HEADER + 'msgstr "A"\n', 5),
    "unterminated": (HEADER + 'msgid "Contents\nmsgstr "A"\n', 5),
    "doubled-msgctxt": (HEADER + 'msgctxt "a"\nmsgctxt "b"\nmsgid "Contents"\nmsgstr "A"\n', 6),
    "no-msgstr": (HEADER + 'msgid "Contents"\n', 5),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_what_msgfmt_rejects_is_rejected_at_its_line(mini, case):
    text, line = CASES[case]
    po = mini / "locales" / "fr" / "broken.po"
    po.write_text(text)
    with pytest.raises(Problems) as caught:
        load(mini)
    places = [(d.path, d.line) for d in caught.value.diagnostics]
    assert ("locales/fr/broken.po", line) in places, (case, caught.value.diagnostics)


@pytest.mark.parametrize("case", sorted(CASES))
def test_msgfmt_agrees(tmp_path, case):
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        assert os.environ.get("CI") != "true", "CI installs gettext (msgfmt)"
        pytest.skip("gettext's msgfmt is not installed")
    po = tmp_path / "x.po"
    po.write_text(CASES[case][0])
    result = subprocess.run([msgfmt, "--check", "-o", os.devnull, str(po)], capture_output=True)
    assert result.returncode != 0, case


def test_a_bom_is_accepted(mini):
    po = mini / "locales" / "fr" / "modules.po"
    po.write_bytes(b"\xef\xbb\xbf" + po.read_bytes())
    lib = load(mini)
    assert lib.translations["fr"]


def test_every_shipped_catalogue_passes_msgfmt_check():
    from conftest import REPO
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        assert os.environ.get("CI") != "true", "CI installs gettext (msgfmt)"
        pytest.skip("gettext's msgfmt is not installed")
    files = sorted((REPO / "locales").rglob("*.po"))
    assert files
    for po in files:
        result = subprocess.run([msgfmt, "--check", "-o", os.devnull, str(po)],
                                capture_output=True, text=True)
        assert result.returncode == 0, f"{po}: {result.stderr[-500:]}"
