"""`--strict` on validate and build: warnings (terminology findings included) are errors, as with
`mkdocs --strict` and `sphinx -W`; the same finding gets the same verdict in validate, lint and
build, and a strict build fails before it writes anything."""
from __future__ import annotations

import re
import shutil

import pytest

from conftest import REPO

SLIP = " This module also covers child pornography."


@pytest.fixture
def slipped(mini):
    """The small test library, with the bundled terminology rules, whose first module's summary
    uses a term to avoid (as the bundled library's would: tests/test_docs.py runs
    `curriculum validate --strict` on the bundled library itself)."""
    shutil.copyfile(REPO / "terminology.yaml", mini / "terminology.yaml")
    path = sorted((mini / "modules").rglob("*.yaml"))[0]
    text = path.read_text(encoding="utf-8")
    summary = re.search(r"^summary: .*$", text, re.M)
    assert summary is not None
    path.write_text(text[:summary.end()] + SLIP + text[summary.end():], encoding="utf-8")
    return mini


def test_a_warning_passes_validate_and_fails_it_strictly(slipped, cli):
    plain = cli("validate", root=slipped)
    assert plain.code == 0, plain.text
    assert "warning: 'child pornography'" in plain.out and "1 warning" in plain.out
    strict = cli("validate", "--strict", root=slipped)
    assert strict.code == 1, strict.text
    assert "'child pornography'" in strict.out and "warning:" not in strict.out
    assert "1 error, 0 warnings" in strict.out
    assert cli("lint", root=slipped).code == 1  # the linter's verdict, the same


def test_build_shows_the_warning_and_fails_strictly_before_writing(slipped, cli, tmp_path):
    out = tmp_path / "strict"
    strict = cli("build", "--strict", "-a", "parents", "-c", "xa", "-f", "html", "--out", out,
                 root=slipped)
    assert strict.code == 1, strict.text
    assert "'child pornography'" in strict.err and "validate --strict" in strict.err
    assert not out.exists()  # nothing written, not even the lock
    plain = cli("build", "-a", "parents", "-c", "xa", "-f", "html", "--out", tmp_path / "plain",
                root=slipped)
    assert plain.code == 0, plain.text
    assert "warning: 'child pornography'" in plain.err
    assert list((tmp_path / "plain").rglob("index.html"))
