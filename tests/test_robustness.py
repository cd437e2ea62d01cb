"""Nothing lost: builds write atomically, survive kill -9, take turns, keep going past a failed
variant, and never touch the library."""
from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

pytestmark = pytest.mark.slow

CURRICULUM = str(Path(sys.executable).with_name("curriculum"))


def tree_digest(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def build(mini, out, *extra, wait=True):
    args = [CURRICULUM, "build", "--root", str(mini), "--out", str(out), *extra]
    if wait:
        return subprocess.run(args, capture_output=True, text=True, timeout=300)
    return subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)


def assert_whole(out: Path):
    """Every artefact is complete: PDFs parse, HTML ends, manifests are JSON."""
    for pdf in out.rglob("pack.pdf"):
        assert len(PdfReader(str(pdf)).pages) > 1, pdf
    for html in out.rglob("index.html"):
        assert html.read_text().rstrip().endswith("</html>"), html
    for manifest in out.rglob("manifest.json"):
        json.loads(manifest.read_text())


def test_kill_9_mid_build_leaves_every_artefact_whole(mini, tmp_path):
    out = tmp_path / "out"
    assert build(mini, out, "--jobs", "1").returncode == 0
    before = tree_digest(mini)
    intro = mini / "modules" / "intro.yaml"
    intro.write_text(intro.read_text().replace("What this course is about.", "Changed."))
    proc = build(mini, out, "--jobs", "1", wait=False)
    manifests = list(out.rglob("manifest.json"))
    stamps = {m: m.stat().st_mtime_ns for m in manifests}
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:  # kill as soon as the first pack has been rewritten
        if any(m.stat().st_mtime_ns != stamps[m] for m in manifests):
            break
        time.sleep(0.01)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert_whole(out)
    rewritten = sum(1 for m in manifests if m.stat().st_mtime_ns != stamps[m])
    assert 0 < rewritten < len(manifests), "the kill did not land mid-build"
    assert {k: v for k, v in tree_digest(mini).items() if k != "modules/intro.yaml"} == \
        {k: v for k, v in before.items() if k != "modules/intro.yaml"}
    again = build(mini, out, "--jobs", "2")
    assert again.returncode == 0, again.stderr
    assert not list(out.rglob("*.tmp"))  # the killed build's temporary files are gone
    report = json.loads((out / "report.json").read_text())
    assert report["failed"] == 0 and report["built"] > 0
    assert_whole(out)
    packs = [p for p in out.rglob("index.html") if (p.parent / "manifest.json").exists()]
    assert packs and all("Changed." in p.read_text() for p in packs)


def test_two_builds_at_once_do_not_corrupt_each_other(mini, tmp_path):
    out = tmp_path / "out"
    first = build(mini, out, "-c", "xa", wait=False)
    second = build(mini, out, "-c", "xa", "--force", wait=False)
    results = [p.communicate(timeout=300) for p in (first, second)]
    assert first.returncode == 0 and second.returncode == 0, results
    assert_whole(out)
    json.loads((out / "report.json").read_text())


def test_a_build_waits_for_the_lock(mini, tmp_path):
    import fcntl

    out = tmp_path / "out"
    out.mkdir()
    with open(out / ".lock", "a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        proc = build(mini, out, "-c", "xa", "-a", "parents", "-e", "participant", wait=False)
        time.sleep(2)
        assert proc.poll() is None  # still waiting
        assert not list(out.rglob("pack.pdf"))
        fcntl.flock(held, fcntl.LOCK_UN)
        _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0
    assert "waiting for another build" in err
    assert_whole(out)


def test_one_failing_variant_does_not_stop_the_others(mini, tmp_path):
    page = mini / "templates" / "pack.html.j2"
    page.write_text(page.read_text().replace(
        "<main>", '<main>{% if pack.country.id == "xb" %}{{ no_such_variable }}{% endif %}', 1))
    out = tmp_path / "out"
    result = build(mini, out, "-a", "parents")
    assert result.returncode == 1
    report = json.loads((out / "report.json").read_text())
    failed = {f["variant"] for f in report["failures"]}
    assert failed == {"en/xb/parents/facilitator", "en/xb/parents/participant",
                      "fr/xb/parents/facilitator", "fr/xb/parents/participant"}
    assert "no_such_variable" in report["failures"][0]["error"]
    # both editions for xa: index.html, pack.pdf, route-card.pdf, the light pack (xa records no
    # internet use and is at a low level), and the facilitator's slides
    assert report["built"] == 10
    assert not (out / "en" / "xb").exists()  # a failed variant writes nothing
    assert "failed: en/xb/parents/facilitator" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_render_that_hangs_is_killed_and_reported(mini, tmp_path):
    page = mini / "templates" / "pack.html.j2"
    page.write_text(page.read_text().replace(
        "<main>", '<main>{% set s = "x" * 9999 %}{% for a in s %}{% for b in s %}{% for c in s %}'
                  '{% endfor %}{% endfor %}{% endfor %}', 1))
    out = tmp_path / "out"
    start = time.monotonic()
    result = build(mini, out, "-c", "xa", "-a", "parents", "-e", "participant", "--timeout", "3")
    assert time.monotonic() - start < 60
    assert result.returncode == 1
    report = json.loads((out / "report.json").read_text())
    assert "longer than 3 seconds" in report["failures"][0]["error"]


def test_builds_never_touch_the_library(mini, tmp_path):
    before = tree_digest(mini)
    assert build(mini, tmp_path / "out", "-c", "xa").returncode == 0
    broken = mini / "modules" / "intro.yaml"
    broken.write_text(broken.read_text() + "\nbroken: [unclosed\n")
    middle = tree_digest(mini)
    failed = build(mini, tmp_path / "out", "-c", "xa")
    assert failed.returncode == 1 and "modules/intro.yaml:" in failed.stderr
    assert tree_digest(mini) == middle
    assert {k for k in before} == {k for k in middle}


def test_build_never_deletes_a_hidden_tmp_file_it_did_not_write(mini, tmp_path):
    from curriculum import build, load
    out = tmp_path / "out"
    out.mkdir()
    mine = out / ".my-notes.tmp"
    mine.write_text("a user's own file")
    build(load(mini), out, audiences=["parents"], countries=["xa"], editions=["participant"],
          formats=("html",))
    assert mine.exists()


@pytest.mark.parametrize("inside", [".", "templates", "locales/fr", "modules"])
def test_an_output_inside_the_library_s_own_folders_is_refused(mini, cli, inside):
    result = cli("build", "-a", "parents", "-c", "xa", "-f", "html", "--out", mini / inside,
                 root=mini)
    assert result.code == 1 and "refusing to build into" in result.text
    assert "Traceback" not in result.text


def test_an_unwritable_output_is_a_clear_error(mini, cli, tmp_path):
    import os
    if os.geteuid() == 0:
        out = tmp_path / "file-not-folder"
        out.write_text("x")  # root can write anywhere: a file where the folder should be
        target = out / "packs"
    else:
        out = tmp_path / "ro"
        out.mkdir()
        out.chmod(0o500)
        target = out / "packs"
    result = cli("build", "-a", "parents", "-c", "xa", "-f", "html", "--out", target, root=mini)
    assert result.code == 1 and "cannot write to the output folder" in result.text
    assert "internal error" not in result.text


def test_sigterm_ends_the_renderers_too_and_frees_the_lock(mini, tmp_path):
    import fcntl
    import signal
    page = mini / "templates" / "pack.html.j2"
    page.write_text(page.read_text().replace(
        "<main>", '<main>{% set s = "x" * 9999 %}{% for a in s %}{% for b in s %}{% for c in s %}'
                  '{% endfor %}{% endfor %}{% endfor %}', 1))
    out = tmp_path / "out"
    process = build(mini, out, "-c", "xa", "-a", "parents", "-e", "participant", "--timeout",
                    "120", wait=False)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not list(out.glob("**/.lock")):
        time.sleep(0.2)
    time.sleep(3)  # the renderer is now running
    process.send_signal(signal.SIGTERM)
    process.wait(30)
    with open(out / ".lock", "a+") as handle:  # free at once: no orphaned renderer holds it
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    import subprocess as sp
    left = sp.run(["pgrep", "-f", str(out)], capture_output=True, text=True).stdout.strip()
    assert left == ""
