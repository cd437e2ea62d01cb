"""Untrusted content stays inert: YAML, Markdown, content templates, WeasyPrint's fetcher and
output paths."""
from __future__ import annotations

import re
import time

import shutil

import pytest
from jinja2.exceptions import SecurityError

from curriculum import markup, templating
from curriculum.diagnostics import Collector
from curriculum.render import confined_fetcher, render_pdf
from curriculum.write import WriteError, pack_folder, write_pack
from curriculum import yamlsource


# -- YAML ---------------------------------------------------------------------------------------

def test_yaml_never_constructs_python_objects(tmp_path):
    problems = Collector(tmp_path)
    doc = yamlsource.parse(b"a: !!python/object/apply:os.system ['touch pwned']\n",
                           tmp_path / "x.yaml", problems)
    assert doc is None and "is not allowed" in problems.items[0].message
    assert not (tmp_path / "pwned").exists()


def test_yaml_1_1_surprises_are_off(tmp_path):
    doc = yamlsource.parse(b"a: no\nb: yes\nc: 2019-05-20\nd: 0o17\ne: true\nf: 1_000\n",
                           tmp_path / "x.yaml", Collector(tmp_path))
    assert doc.data == {"a": "no", "b": "yes", "c": "2019-05-20", "d": "0o17", "e": True,
                        "f": 1000}


def test_billion_laughs_fails_fast(tmp_path):
    lines = ['a0: &a0 ["x","x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 12):
        prev = f"*a{i - 1}"
        lines.append(f"a{i}: &a{i} [{', '.join([prev] * 10)}]")
    problems = Collector(tmp_path)
    start = time.monotonic()
    doc = yamlsource.parse("\n".join(lines).encode(), tmp_path / "x.yaml", problems)
    assert doc is None and time.monotonic() - start < 2
    assert "expands to more than" in problems.items[0].message


def test_oversized_file_is_refused(tmp_path):
    problems = Collector(tmp_path)
    assert yamlsource.parse(b"a: " + b"x" * (yamlsource.MAX_BYTES + 1), tmp_path / "x.yaml",
                            problems) is None
    assert "over the limit" in problems.items[0].message


# -- Markdown -----------------------------------------------------------------------------------

@pytest.mark.parametrize("source, forbidden", [
    ("<script>alert(1)</script>", "<script"),
    ("<img src=x onerror=alert(1)>", "<img"),
    ("[x](javascript:alert(1))", "href=\"javascript"),
    ("[x](JaVaScRiPt:alert(1))", "href=\"JaVaScRiPt"),
    ("[x](data:text/html;base64,PHNjcmlwdD4=)", "href=\"data:"),
    ("[x](file:///etc/passwd)", "href=\"file:"),
    ("[x](../../../etc/passwd)", "href=\"../"),
    ("<javascript:alert(1)>", "href=\"javascript"),
    ("![x](https://example.org/a.png)", "<img"),
    ("![x](file:///etc/passwd)", "<img"),
])
def test_markdown_keeps_nothing_active(source, forbidden):
    assert forbidden not in markup.to_html(source)


def test_markdown_keeps_safe_links():
    html = markup.to_html("[a](https://example.org) [b](mailto:x@example.org) [c](#m-intro)")
    assert 'href="https://example.org"' in html and 'href="mailto:x@example.org"' in html
    assert 'href="#m-intro"' in html


# -- content templating -------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "{{ ''.__class__.__mro__ }}",
    "{{ country.__class__ }}",
    "{{ cycler.__init__.__globals__ }}",
    "{{ 'a' * 100000000 }}",
    "{{ 2 ** 100000 }}",
])
def test_sandbox_blocks_internals_and_huge_values(text):
    from jinja2.exceptions import TemplateError
    with pytest.raises((SecurityError, TemplateError)):
        templating.render(text, {"country": object()})


def test_a_render_that_runs_too_long_is_stopped(monkeypatch):
    monkeypatch.setattr(templating, "RENDER_SECONDS", 0.3)
    text = ('{% set s = "x" * 9999 %}{% for a in s %}{% for b in s %}{% for c in s %}'
            '{% endfor %}{% endfor %}{% endfor %}')
    start = time.monotonic()
    with pytest.raises(templating.RenderTimeout):
        templating.render(text, {})
    assert time.monotonic() - start < 3


def test_validate_reports_sandbox_escapes_at_their_line(mini, cli):
    module = mini / "modules" / "intro.yaml"
    module.write_text(module.read_text().replace(
        "Every image is a child who needs help.",
        "Every image is a child who needs help. {{ country.__class__.__mro__ }}"))
    result = cli("validate", root=mini)
    assert result.code == 1
    assert "modules/intro.yaml:" in result.text and "__class__" in result.text
    assert "Traceback" not in result.text


# -- WeasyPrint ---------------------------------------------------------------------------------

@pytest.mark.parametrize("url", [
    "file:///etc/passwd",
    "http://127.0.0.1:9/x.css",
    "https://example.org/x.css",
    "ftp://example.org/x",
    "data:text/plain,hello",
])
def test_fetcher_refuses_everything_outside_the_assets(url, mini):
    from weasyprint.urls import FatalURLFetchingError
    fetcher = confined_fetcher(mini / "templates" / "assets")
    with pytest.raises(FatalURLFetchingError):
        fetcher(url)


def test_fetcher_refuses_paths_that_climb_out(mini):
    from weasyprint.urls import FatalURLFetchingError
    assets = mini / "templates" / "assets"
    (mini / "secret.txt").write_text("secret")
    fetcher = confined_fetcher(assets)
    with pytest.raises(FatalURLFetchingError):
        fetcher((assets / ".." / ".." / "secret.txt").as_uri())
    (assets / "link.css").symlink_to(mini / "secret.txt")
    with pytest.raises(FatalURLFetchingError):
        fetcher((assets / "link.css").as_uri())
    assert fetcher((assets / "base.css").as_uri()).read().startswith(b"/*")


@pytest.mark.parametrize("tag", [
    '<link rel="attachment" href="file:///etc/passwd">',
    '<link rel="stylesheet" href="file:///etc/passwd">',
    '<img src="file:///etc/passwd">',
    '<img src="http://127.0.0.1:9/x.png">',
    '<link rel="stylesheet" href="../../../../../etc/passwd">',
])
def test_nothing_outside_the_project_is_read_into_a_pdf(tag, mini):
    """A template (or anything else) that points outside the assets stops the render."""
    from curriculum import load, plan
    from curriculum.pack import Variant
    from weasyprint.urls import FatalURLFetchingError

    pack = plan(load(mini), Variant(audience="parents", country="xa", locale="en",
                                    edition="participant"))
    html = f"<html lang=en><head><title>t</title>{tag}</head><body><p>x</p></body></html>"
    with pytest.raises(FatalURLFetchingError):
        render_pdf(pack, html, mini / "templates")


# -- output paths -------------------------------------------------------------------------------

@pytest.mark.parametrize("slug", ["../x", "en/../../x", "/etc/x", "en/xa/../../../../x", ""])
def test_pack_folders_stay_inside_the_output(tmp_path, slug):
    with pytest.raises(WriteError):
        pack_folder(tmp_path / "out", slug)


def test_pack_files_stay_inside_their_folder(tmp_path):
    folder = tmp_path / "out" / "en" / "xa" / "parents" / "participant"
    with pytest.raises(WriteError):
        write_pack(folder, {"../../../../escape.txt": b"x"}, {})
    assert not (tmp_path / "escape.txt").exists()


# -- files that are not what they seem (round two) --------------------------------------------

def _validate(cli, root):
    result = cli("validate", root=root)
    assert "Traceback" not in result.text
    return result


def test_a_module_linking_outside_the_library_is_refused_unread(mini, cli, tmp_path):
    secret = tmp_path / "secret.yaml"
    secret.write_text("id: secret\ntitle: do-not-echo-this\n")
    (mini / "modules" / "secret.yaml").symlink_to(secret)
    result = _validate(cli, mini)
    assert result.code == 1
    assert "modules/secret.yaml:1:1: this is a link to a place outside the library" in result.text
    assert "do-not-echo-this" not in result.text


@pytest.mark.parametrize("where", ["countries/xc.yaml", "locales/fr/modules.po",
                                   "countries/levels.yaml"])
def test_a_profile_or_po_file_linking_outside_is_refused_unread(mini, cli, tmp_path, where):
    secret = tmp_path / "secret.txt"
    original = mini / where
    secret.write_text((original.read_text() if original.exists() else
                       (mini / "countries" / "xa.yaml").read_text().replace("id: xa", "id: xc"))
                      + "\n# do-not-echo-this\n")
    original.unlink(missing_ok=True)
    original.symlink_to(secret)
    result = _validate(cli, mini)
    assert result.code == 1
    assert f"{where}:1:1: this is a link to a place outside the library" in result.text
    assert "do-not-echo-this" not in result.text


def test_a_file_under_a_linked_folder_is_refused(mini, cli, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    shutil.move(mini / "countries", elsewhere)
    (mini / "countries").symlink_to(elsewhere, target_is_directory=True)
    result = _validate(cli, mini)
    assert result.code == 1 and "outside the library" in result.text


def test_an_asset_linking_outside_is_not_copied(mini, cli, tmp_path):
    secret = tmp_path / "secret.css"
    secret.write_text("/* do-not-copy-this */")
    (mini / "templates" / "assets" / "extra.css").symlink_to(secret)
    out = tmp_path / "out"
    cli("build", "-a", "parents", "-c", "xa", "-e", "participant", "-f", "html", "--out", out,
        root=mini)
    copied = [p for p in out.rglob("*") if p.is_file() and b"do-not-copy-this" in p.read_bytes()]
    assert copied == []


def test_a_locale_folder_linking_outside_is_refused(mini, cli, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(mini / "locales" / "fr", elsewhere)
    shutil.rmtree(mini / "locales" / "fr")
    (mini / "locales" / "fr").symlink_to(elsewhere, target_is_directory=True)
    result = _validate(cli, mini)
    assert result.code == 1 and "outside the library" in result.text


@pytest.mark.parametrize("kind", ["fifo", "folder", "dangling", "device"])
def test_special_files_give_a_clean_error_at_once(mini, cli, kind):
    import os
    target = mini / "modules" / "odd.yaml"
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "folder":
        target.mkdir()
    elif kind == "device":
        target.symlink_to("/dev/zero")  # read in full, it never ends
    else:
        target.symlink_to(mini / "modules" / "nowhere.yaml")
    start = time.monotonic()
    result = _validate(cli, mini)
    assert time.monotonic() - start < 30
    assert result.code == 1 and "modules/odd.yaml:1:1:" in result.text
    assert {"fifo": "a pipe", "folder": "a folder", "dangling": "a link to nothing",
            "device": "outside the library"}[kind] in result.text


def test_translate_update_does_not_write_through_a_link(mini, cli, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(mini / "locales" / "fr", elsewhere)
    before = sorted(p.name for p in elsewhere.rglob("*"))
    shutil.rmtree(mini / "locales" / "fr")
    (mini / "locales" / "fr").symlink_to(elsewhere, target_is_directory=True)
    cli("translate", "update", "--locale", "fr", root=mini)
    assert sorted(p.name for p in elsewhere.rglob("*")) == before


def test_a_file_name_cannot_forge_output(mini, cli):
    import json
    odd = mini / "modules" / "evil\n::error file=x::forged.yaml"
    odd.write_text("id: [unclosed\n")
    github = cli("validate", "--format", "github", root=mini)
    assert not any(line.startswith("::error file=x") for line in github.out.splitlines())
    text = cli("validate", root=mini)
    assert "evil\\n::error" in text.out and "\n::error file=x" not in text.out
    data = json.loads(cli("validate", "--format", "json", root=mini).out)
    assert any("evil" in d["path"] for d in data)


def test_control_characters_and_bytes_in_names_cannot_forge_output(mini, cli):
    import json
    import os
    (mini / "modules" / "clear\x1b[2J\rscreen.yaml").write_text("id: [unclosed\n")
    os.close(os.open(os.fsencode(mini / "modules") + b"/bad-\xff.yaml", os.O_CREAT | os.O_WRONLY))
    text = cli("validate", root=mini)
    assert "\x1b" not in text.out and "\r" not in text.out
    printed = [line for line in text.out.splitlines() if re.match(r"^\S.*:\d+:\d+: ", line)]
    summary = re.search(r"(\d+) errors?, (\d+) warnings?", text.out)
    assert summary and int(summary.group(1)) + int(summary.group(2)) == len(printed), text.out
    raw = cli("validate", "--format", "json", root=mini).out_bytes
    data = json.loads(raw.decode("utf-8"))  # strict: valid UTF-8 whatever the names
    assert len([d for d in data if "clear" in d["path"] or "bad-" in d["path"]]) >= 2


def test_a_value_that_prints_a_python_object_is_an_error():
    from jinja2.exceptions import SecurityError

    class Thing:
        pass

    with pytest.raises(SecurityError, match="prints a Python object"):
        templating.render("{{ thing }}", {"thing": Thing()})


def test_dates_that_do_not_exist_are_refused(mini, cli):
    meta = mini / "library.yaml"
    meta.write_text(meta.read_text().replace('date: "2026-01-15"', 'date: "2026-02-30"'))
    result = cli("validate", root=mini)
    assert result.code == 1 and "library.yaml:5:1: '2026-02-30' names a date that does not exist" \
        in result.text


def test_a_manifest_we_did_not_write_is_rebuilt_not_an_error(mini, tmp_path):
    from curriculum import build, load
    out = tmp_path / "out"
    folder = out / "en" / "xa" / "parents" / "participant"
    folder.mkdir(parents=True)
    (folder / "manifest.json").write_text('["not", "ours"]')
    report = build(load(mini), out, audiences=["parents"], countries=["xa"],
                   editions=["participant"], formats=("html",))
    assert not report.failed and (folder / "index.html").exists()


def test_an_out_of_range_source_date_epoch_is_named(mini, cli, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "99999999999999999")
    result = cli("validate", root=mini)
    assert result.code == 1 and "SOURCE_DATE_EPOCH:1:1: SOURCE_DATE_EPOCH is" in result.text
    assert "Traceback" not in result.text


# -- content templating: time and memory budgets (round two) ------------------------------------

# Each would make a value of a gigabyte or more without the budget; each is refused before it
# is made. Measured with tracemalloc: a check made after the value was built would not do.
VALUE_BOMBS = [
    "{{ 'x' * 10**9 }}",
    "{{ 'ab' * 99999 * 99999 }}",
    "{{ [0] * 10**9 }}",
    "{{ (10**64) ** 64 }}",
    "{% set a = 10**3000 %}{% set b = a * a %}{% set c = b * b %}{{ c * c }}",
    "{{ '%1000000000d' % 1 }}",
    "{{ '%.1000000000f' % 1 }}",
    "{{ '%*d' % (1000000000, 1) }}",
    "{{ '{:>1000000000}'.format(1) }}",
    "{{ '{0:{1}}'.format(1, 1000000000) }}",
    "{{ 'x'.ljust(1000000000) }}",
    "{{ 'x'.zfill(1000000000) }}",
    "{{ '\t'.expandtabs(1000000000) }}",
    "{{ 'x'|center(1000000000) }}",
    "{{ 'x'|indent(1000000000, true) }}",
    "{{ '%1000000000s'|format('x') }}",
    "{{ [1]|batch(1000000000, 'x')|list }}",
    "{% set s = 'x' * 10000 %}{{ s|replace('x', s) }}",
    "{% set s = 'x' * 10000 %}{{ s.replace('x', s) }}",
    "{% set s = 'x' * 10000 %}{{ ([s] * 10000)|join }}",
    "{% set s = 'x' * 10000 %}{% set a = [s, s, s, s, s, s, s, s, s, s] %}"
    "{% set b = [a, a, a, a, a, a, a, a, a, a] %}{% set c = [b, b, b, b, b, b, b, b, b, b] %}"
    "{% set d = [c, c, c, c, c, c, c, c, c, c] %}{{ d|join }}",
    "{% set s = 'x' * 10000 %}{% set a = [s, s, s, s, s, s, s, s, s, s] %}"
    "{% set b = [a, a, a, a, a, a, a, a, a, a] %}{% set c = [b, b, b, b, b, b, b, b, b, b] %}"
    "{% set d = [c, c, c, c, c, c, c, c, c, c] %}{{ d }}",
    "{% set s = 'x' * 10000 %}{% set a = s ~ s ~ s ~ s ~ s ~ s ~ s ~ s ~ s ~ s %}"
    "{% set b = a ~ a ~ a ~ a ~ a ~ a ~ a ~ a ~ a ~ a %}{% set c = b ~ b ~ b ~ b ~ b ~ b ~ b %}"
    "{{ c ~ c ~ c ~ c ~ c ~ c ~ c ~ c }}",
    "{% set s = 'x' * 10000 %}{% set a = s + s + s + s + s + s + s + s + s + s %}"
    "{% set b = a + a + a + a + a + a + a + a + a + a %}{% set c = b + b + b + b + b + b %}"
    "{{ c + c + c + c + c + c + c + c }}",
    "{% macro twice(s, n) %}{{ twice(s ~ s, n - 1) if n else s }}{% endmacro %}"
    "{{ twice('x', 40) }}",
    "{% set s = 'x' * 10000 %}{% for a in s %}{% for b in s %}{{ s }}{% endfor %}{% endfor %}",
    "{% set s = 'x' * 10000 %}{% macro m() %}{% for a in s %}{{ s }}{% endfor %}{% endmacro %}"
    "{{ m()|length }}",
]


@pytest.mark.parametrize("text", VALUE_BOMBS)
def test_no_text_can_make_a_huge_value(text):
    import tracemalloc
    tracemalloc.start()
    try:
        with pytest.raises(SecurityError):
            templating.render(text, {})
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 20_000_000, f"{peak:,} bytes"


@pytest.mark.parametrize("text, expected", [
    ("{{ '-' * 20 }}", "-" * 20),
    ("{{ 2 ** 10 }} {{ 6 * 7 }} {{ 'a' + 'b' }} {{ 'a' ~ 1 }}", "1024 42 ab a1"),
    ("{{ '%5.2f' % 3.14159 }}|{{ '{:>4}'.format(7) }}|{{ '%d%%'|format(5) }}", " 3.14|   7|5%"),
    ("{{ 'A,B'.split(',')|join(' and ')|lower }}", "a and b"),
    ("{{ 'x'|center(5) }}|{{ 'a b'|replace(' ', '-') }}", "  x  |a-b"),
])
def test_ordinary_expressions_still_work(text, expected):
    assert templating.render(text, {}) == expected


def test_random_is_not_offered(mini, cli):
    """The same library prints the same pack: no filter draws at random."""
    from jinja2 import TemplateAssertionError
    with pytest.raises(TemplateAssertionError):
        templating.render("{{ [1, 2]|random }}", {})


def _mini_validate(root):
    from curriculum import load, validate
    start = time.monotonic()
    found = [d for d in validate(load(root)) if d.severity == "error"]
    return found, time.monotonic() - start


@pytest.mark.parametrize("loop", [
    # never ends: stopped by its deadline
    '{% set s = "x" * 9999 %}{% for a in s %}{% for b in s %}{% for c in s %}{% endfor %}'
    '{% endfor %}{% endfor %}',
    # ends in about a third of a second, but renders once per country, audience and language
    '{% set s = "x" * 2600 %}{% for a in s %}{% for b in s %}{% endfor %}{% endfor %}',
])
def test_a_slow_text_costs_its_deadline_once(mini, monkeypatch, loop):
    """A text renders for 2 countries x 2 audiences x their languages (6 times in mini): it
    gets one deadline in all, and one finding, at its line."""
    _, baseline = _mini_validate(mini)
    seconds = 0.6
    monkeypatch.setattr(templating, "RENDER_SECONDS", seconds)
    module = mini / "modules" / "intro.yaml"
    module.write_text(module.read_text().replace(
        "      Every image is a child who needs help.",
        f"      Every image is a child who needs help.\n      {loop}"))
    found, took = _mini_validate(mini)
    assert took < baseline + 2 * seconds, f"{took:.2f}s (validate alone: {baseline:.2f}s)"
    slow = [d.text() for d in found if "seconds to render" in d.message]
    assert len(slow) <= 1, slow
    if slow:  # a loaded machine may finish the second loop six times in 0.6 s: then no finding
        assert slow[0].startswith(f"{module.relative_to(mini)}:17:7: ") or \
            f"{module}:17:7: " in slow[0], slow[0]


def test_a_text_that_never_ends_is_reported_once_at_its_line(mini, cli, monkeypatch):
    monkeypatch.setattr(templating, "RENDER_SECONDS", 0.3)
    module = mini / "modules" / "intro.yaml"
    module.write_text(module.read_text().replace(
        "      Every image is a child who needs help.",
        '      Every image is a child who needs help.\n      {% set s = "x" * 9999 %}'
        '{% for a in s %}{% for b in s %}{% for c in s %}{% endfor %}{% endfor %}{% endfor %}'))
    result = cli("validate", root=mini)
    assert result.code == 1 and "Traceback" not in result.text
    lines = [line for line in result.out.splitlines() if "seconds to render" in line]
    assert len(lines) == 1 and lines[0].startswith("modules/intro.yaml:17:"), result.out


def test_a_huge_value_is_a_finding_at_its_line(mini, cli):
    module = mini / "modules" / "intro.yaml"
    module.write_text(module.read_text().replace(
        "      Every image is a child who needs help.",
        "      Every image is a child who needs help.\n      {{ 'ab' * 99999 * 99999 }}"))
    result = cli("validate", root=mini)
    assert result.code == 1 and "Traceback" not in result.text
    assert "MemoryError" not in result.text
    lines = [line for line in result.out.splitlines() if "too large a value" in line]
    assert len(lines) == 1 and lines[0].startswith("modules/intro.yaml:17:"), result.out
