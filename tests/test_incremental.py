"""Incremental builds: an artefact is made when, and only when, what it is made of changed.

Real builds of the small test library (real WeasyPrint PDFs); the timing goals live in bench/.
"""
from __future__ import annotations

import errno
import hashlib
import json
from pathlib import Path

import pytest
import yaml

from curriculum import write
from curriculum.pool import Pool


def report(out: Path) -> dict:
    return json.loads((out / "report.json").read_text())


def statuses(out: Path) -> dict[str, str]:
    return {a["path"]: a["status"] for a in report(out)["artefacts"]}


def built(out: Path) -> set[str]:
    return {p for p, s in statuses(out).items() if s == "built"}


def digests(out: Path) -> dict[str, str]:
    return {p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(out.rglob("*")) if p.is_file() and ".cache" not in p.parts
            and p.name not in ("report.json", ".lock", ".stamp.json")}


@pytest.fixture
def first(mini, cli, tmp_path):
    out = tmp_path / "out"
    result = cli("build", "-c", "xa", "--out", out, "--keep-html", root=mini)
    assert result.code == 0, result.text
    return out


def add_section(mini: Path, audience: str) -> None:
    path = mini / "modules" / "intro.yaml"
    data = yaml.safe_load(path.read_text())
    data["sections"].append({"id": "extra", "title": "A short word", "minutes": 1,
                             "when": {"audiences": [audience]},
                             "body": "Keep talking with your child about their life online."})
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))


def test_a_section_for_one_audience_rebuilds_that_audience_only(first, mini, cli):
    before = digests(first)
    add_section(mini, "parents")
    assert cli("build", "-c", "xa", "--out", first, "--keep-html", root=mini).code == 0
    rebuilt = built(first)
    assert {f"en/xa/parents/{e}/{name}" for e in ("facilitator", "participant")
            for name in ("index.html", "pack.pdf")} <= rebuilt
    assert all(p.startswith("en/xa/parents/") for p in rebuilt)
    assert not [p for p in rebuilt if p.endswith("route-card.pdf")]
    after = digests(first)
    police = [p for p in before if "/law-enforcement/" in p and not p.endswith("manifest.json")]
    assert police and all(before[p] == after[p] for p in police)  # byte for byte


def test_nothing_changed_is_said_and_costs_nothing(first, mini, cli):
    result = cli("build", "-c", "xa", "--out", first, "--keep-html", root=mini)
    assert result.code == 0 and "nothing changed since the last build" in result.text
    assert report(first)["unchanged"] is True and not built(first)
    # other options are another build: the long way, still exact
    result = cli("build", "-c", "xa", "--out", first, root=mini)
    assert result.code == 0 and "nothing changed" not in result.text and not built(first)
    # a touched pack is checked again, not trusted
    pdf = first / "en/xa/parents/participant/pack.pdf"
    pdf.write_bytes(pdf.read_bytes() + b"\n")
    result = cli("build", "-c", "xa", "--out", first, root=mini)
    assert built(first) == {"en/xa/parents/participant/pack.pdf"}


def test_keep_html_keeps_what_weasyprint_read(first):
    folder = first / "en/xa/parents/participant"
    printed = (folder / "pack.print.html").read_text()
    assert "@font-face" in printed and printed.rstrip().endswith("</html>")
    assert (folder / "index.html").read_text() != printed
    assert "pack.print.html" in json.loads((folder / "manifest.json").read_text())["files"]


def test_a_shared_cache_fills_a_fresh_output_without_rendering(mini, cli, tmp_path):
    cache = tmp_path / "ci-cache"
    one, two = tmp_path / "one", tmp_path / "two"
    args = ("build", "-c", "xa", "-a", "parents", "-f", "pdf", "--cache", cache)
    assert cli(*args, "--out", one, root=mini).code == 0
    assert not (one / ".cache").exists() and any(cache.iterdir())
    assert cli(*args, "--out", two, root=mini).code == 0
    pdfs = [a for a in report(two)["artefacts"] if a["format"] == "pdf"]
    assert pdfs and all(a.get("cached") for a in pdfs)
    assert digests(one) == digests(two)


def test_a_deleted_country_loses_its_packs_and_the_report_says_so(mini, cli, tmp_path):
    out = tmp_path / "out"
    assert cli("build", "-f", "html", "--out", out, root=mini).code == 0
    assert (out / "en/xb").is_dir()
    (mini / "countries" / "xb.yaml").unlink()
    for overlay in (mini / "overlays").glob("xb") if (mini / "overlays").exists() else ():
        overlay.rename(mini / "xb-overlays")
    result = cli("build", "-a", "parents", "-f", "html", "--out", out, root=mini)
    assert result.code == 0 and (out / "en/xb").is_dir()  # a filtered build removes nothing
    result = cli("build", "-f", "html", "--out", out, root=mini)
    assert result.code == 0, result.text
    assert not (out / "en/xb").exists() and not (out / "fr/xb").exists()
    removed = {a["path"] for a in report(out)["artefacts"] if a["status"] == "removed"}
    assert "en/xb/parents/participant/index.html" in removed


def test_an_html_build_keeps_the_pdf_of_an_earlier_build(first, mini, cli):
    pdf = first / "en/xa/parents/participant/pack.pdf"
    data = pdf.read_bytes()
    add_section(mini, "parents")
    assert cli("build", "-c", "xa", "-f", "html", "--out", first, root=mini).code == 0
    assert pdf.read_bytes() == data  # not ours to delete: only not vouched for any more
    manifest = json.loads((pdf.parent / "manifest.json").read_text())
    assert "pack.pdf" not in manifest["files"]


def test_a_pack_is_replaced_whole_or_not_at_all(first, mini, cli, monkeypatch):
    folder = first / "en/xa/parents/participant"
    before = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    (folder / "my-notes.txt").write_text("the trainer's own file")
    add_section(mini, "parents")
    real, calls = write._flushed, []

    def disk_full_at_the_pdf(path, data):
        calls.append(path.name)
        if path.name == "pack.pdf" and "participant" in str(path.parent.name):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(path, data)

    monkeypatch.setattr(write, "_flushed", disk_full_at_the_pdf)
    result = cli("build", "-c", "xa", "-a", "parents", "-e", "participant", "--out", first,
                 "--jobs", "1", root=mini)
    assert result.code == 1 and "No space left" in result.text and "Traceback" not in result.text
    after = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    assert after == {**before, "my-notes.txt": b"the trainer's own file"}  # the old pack, whole
    assert not [p for p in folder.parent.iterdir() if p.name.startswith(".curriculum-")]
    monkeypatch.undo()
    assert cli("build", "-c", "xa", "-a", "parents", "-e", "participant", "--out", first,
               root=mini).code == 0
    assert (folder / "my-notes.txt").read_text() == "the trainer's own file"
    assert "A short word" in (folder / "index.html").read_text()


def test_a_worker_that_runs_out_of_memory_fails_alone():
    def work(task):
        if task == "greedy":
            return len(bytearray(8 * 2**30))  # 8 GB, over what is allowed below
        return task

    results = {}
    Pool(work, jobs=1, timeout=60, address_mb=3072).run(
        ["a", "greedy", "b"], lambda done: results.update({done.task: done}))
    assert results["a"].ok and results["b"].ok and results["b"].value == "b"
    assert not results["greedy"].ok and "more than 3072 MB" in results["greedy"].value


def test_workers_are_replaced_when_they_grow(tmp_path):
    def work(task):
        import os
        return os.getpid()

    results = []
    Pool(work, jobs=1, timeout=60, recycle_mb=0).run(list(range(3)), results.append)
    assert [r.ok for r in results] == [True] * 3
    assert len({r.value for r in results}) == 3  # each task in a fresh worker
