"""Exports for learning platforms: a SCORM 1.2 package Moodle can import and launch, and GIFT
question files that a third-party parser (pygiftparser) reads back, escapes and all."""
from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from html.parser import HTMLParser

import pytest
from pygiftparser import parser as gp

from curriculum.export import export, with_answers
from curriculum.formats import gift, scorm
from curriculum.localise import localise
from curriculum.pack import PackModule, PackQuestion, Variant
from curriculum.tailor import tailor

CP = "{http://www.imsproject.org/xsd/imscp_rootv1p1p2}"
ADLCP = "{http://www.adlnet.org/xsd/adlcp_rootv1p2}"
KE = dict(audiences=["parents"], countries=["ke"], locales=["en"])


@pytest.fixture(scope="module")
def scorm_zip(bundled, tmp_path_factory):
    out = tmp_path_factory.mktemp("scorm")
    report = export(bundled, "scorm", out, **KE)
    assert not report.failed and report.files == ["parents-ke-en-participant.zip"]
    return zipfile.ZipFile(out / report.files[0])


@pytest.fixture(scope="module")
def participant(bundled):
    variant = Variant(audience="parents", country="ke", locale="en", edition="participant")
    return with_answers(bundled, localise(bundled, tailor(bundled, variant)))


def _manifest(archive: zipfile.ZipFile) -> ET.Element:
    return ET.fromstring(archive.read("imsmanifest.xml"))


# --- SCORM -----------------------------------------------------------------------------------


def test_the_manifest_is_at_the_root_and_says_scorm_1_2(scorm_zip):
    assert "imsmanifest.xml" in scorm_zip.namelist()  # at the root, not in a folder
    root = _manifest(scorm_zip)
    assert root.tag == f"{CP}manifest"
    assert root.findtext(f"{CP}metadata/{CP}schema") == "ADL SCORM"
    assert root.findtext(f"{CP}metadata/{CP}schemaversion") == "1.2"
    assert len(root.findall(f"{CP}organizations/{CP}organization")) == 1


def test_every_file_of_the_zip_is_listed_and_every_listed_file_is_there(scorm_zip):
    resources = _manifest(scorm_zip).findall(f"{CP}resources/{CP}resource")
    listed = [f.get("href") for r in resources for f in r.findall(f"{CP}file")]
    members = [n for n in scorm_zip.namelist() if n != "imsmanifest.xml"]
    assert sorted(listed) == sorted(members) and len(set(listed)) == len(listed)
    assert {"index.html", "quiz.html", "scorm.js", "assets/base.css"} <= set(members)


def test_moodle_would_find_and_launch_one_sco(scorm_zip):
    """What Moodle's SCORM 1.2 importer (mod/scorm/datamodels/scormlib.php) does: read
    imsmanifest.xml at the root, take the default organization's items, follow each item's
    identifierref to its resource, and launch the resource's href when its adlcp:scormtype is
    sco. Identifiers must be XML IDs (NCNames)."""
    root = _manifest(scorm_zip)
    organizations = root.find(f"{CP}organizations")
    default = organizations.get("default")
    organization = next(o for o in organizations if o.get("identifier") == default)
    items = organization.findall(f"{CP}item")
    assert len(items) == 1 and items[0].findtext(f"{CP}title")
    resources = {r.get("identifier"): r for r in root.iter(f"{CP}resource")}
    sco = resources[items[0].get("identifierref")]
    assert sco.get(f"{ADLCP}scormtype") == "sco" and sco.get("type") == "webcontent"
    launch = sco.get("href")
    assert launch == "quiz.html" and launch in scorm_zip.namelist()
    assert items[0].findtext(f"{ADLCP}masteryscore") == str(scorm.MASTERY)
    for element in root.iter():
        ident = element.get("identifier")
        assert ident is None or re.fullmatch(r"[A-Za-z_][\w.-]*", ident), ident


def test_the_pack_inside_is_the_html_the_build_makes(scorm_zip, participant, bundled):
    from curriculum.render import render

    assert scorm_zip.read("index.html").decode() == render(participant, bundled.templates,
                                                           ("html",)).html


class _Questions(HTMLParser):
    def __init__(self):
        super().__init__()
        self.questions, self.radios, self.scripts = 0, {}, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "li" and attrs.get("class") == "question":
            self.questions += 1
        if tag == "input" and attrs.get("type") == "radio":
            self.radios.setdefault(attrs["name"], []).append(attrs["value"])
        if tag == "script":
            self.scripts.append(attrs)


def test_the_quiz_page_asks_the_knowledge_check_and_reports_the_score(scorm_zip, participant):
    page = _Questions()
    page.feed(scorm_zip.read("quiz.html").decode())
    asked = participant.knowledge_check
    assert page.questions == len(asked) >= 3
    assert [len(v) for v in page.radios.values()] == [len(q.answers) for q in asked]
    assert {"src": "scorm.js"} in page.scripts
    data = json.loads(re.search(r'id="quiz-data">(.*?)</script>',
                                scorm_zip.read("quiz.html").decode(), re.S).group(1))
    assert data["correct"] == [q.correct for q in asked] and None not in data["correct"]
    script = scorm_zip.read("scorm.js").decode()
    for call in ('LMSInitialize("")', 'LMSSetValue("cmi.core.score.raw"',
                 'LMSSetValue("cmi.core.score.min"', 'LMSSetValue("cmi.core.score.max"',
                 'LMSSetValue("cmi.core.lesson_status"', 'LMSCommit("")', 'LMSFinish("")',
                 "win.parent", "window.opener"):
        assert call in script, call


NODE_HARNESS = r"""
const vm = require("vm"), fs = require("fs");
const [path, dataText, chosenText] = process.argv.slice(2);
const script = fs.readFileSync(path, "utf8");
const chosen = JSON.parse(chosenText), calls = [];
const API = {
  LMSInitialize: (a) => { calls.push(["LMSInitialize", a]); return "true"; },
  LMSGetValue: (k) => {
    calls.push(["LMSGetValue", k]);
    return k === "cmi.core.lesson_status" ? "not attempted" : "";
  },
  LMSSetValue: (k, v) => { calls.push(["LMSSetValue", k, v]); return "true"; },
  LMSCommit: (a) => { calls.push(["LMSCommit", a]); return "true"; },
  LMSFinish: (a) => { calls.push(["LMSFinish", a]); return "true"; },
};
const top = {API: API}; top.parent = top;
const frame = {parent: top};  // Moodle's player: the SCO in a frame below the API's window
let submit = null; const listeners = {};
const el = () => ({textContent: "", hidden: true, className: "", querySelector: () => el()});
const result = el();
const document = {
  getElementById: (id) => id === "quiz-data" ? {textContent: dataText}
    : id === "quiz" ? {addEventListener: (e, f) => { submit = f; }}
    : id === "result" ? result : el(),
  querySelector: (sel) => {
    const m = /^input\[name="q(\d+)"\]:checked$/.exec(sel);
    if (m) { const v = chosen[Number(m[1]) - 1]; return v == null ? null : {value: String(v)}; }
    return el();
  },
};
const window = {parent: frame, opener: null, addEventListener: (e, f) => { listeners[e] = f; }};
vm.runInNewContext(script, {window, document});
submit({preventDefault: () => {}});
listeners.pagehide();
console.log(JSON.stringify({calls, result: result.textContent}));
"""


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js to run the SCO's script")
@pytest.mark.parametrize("right", [True, False])
def test_the_script_finds_the_api_and_reports_to_it(scorm_zip, participant, tmp_path, right):
    """The SCO's script, run by Node against a fake platform two windows up."""
    script = tmp_path / "scorm.js"
    script.write_bytes(scorm_zip.read("scorm.js"))
    data = re.search(r'id="quiz-data">(.*?)</script>', scorm_zip.read("quiz.html").decode(),
                     re.S).group(1)
    correct = [q.correct for q in participant.knowledge_check]
    chosen = correct if right else [c % 2 + 1 for c in correct]  # every one wrong
    (tmp_path / "harness.js").write_text(NODE_HARNESS)
    run = subprocess.run(["node", str(tmp_path / "harness.js"), str(script), data,
                          json.dumps(chosen)], capture_output=True, text=True, timeout=30)
    assert run.returncode == 0, run.stderr
    outcome = json.loads(run.stdout)
    calls = [tuple(c) for c in outcome["calls"]]
    sets = {c[1]: c[2] for c in calls if c[0] == "LMSSetValue"}
    assert calls[0] == ("LMSInitialize", "")
    assert sets["cmi.core.score.raw"] == ("100" if right else "0")
    assert sets["cmi.core.score.min"] == "0" and sets["cmi.core.score.max"] == "100"
    assert sets["cmi.core.lesson_status"] == ("passed" if right else "failed")
    assert calls[-1] == ("LMSFinish", "") and ("LMSCommit", "") in calls
    assert f"{len(correct) if right else 0} of {len(correct)}" in outcome["result"]


def test_the_zip_has_the_same_bytes_every_time_and_the_build_date(bundled, tmp_path,
                                                                  monkeypatch, participant):
    first = scorm.package(participant, bundled.templates)
    assert scorm.package(participant, bundled.templates) == first
    names = zipfile.ZipFile(io.BytesIO(first)).namelist()
    assert names == sorted(names)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764547200")  # 2025-12-01
    dated = zipfile.ZipFile(io.BytesIO(scorm.package(participant, bundled.templates)))
    assert {i.date_time for i in dated.infolist()} == {(2025, 12, 1, 0, 0, 0)}


def test_a_participant_pack_s_quiz_takes_its_answers_from_the_facilitator_edition(bundled):
    variant = Variant(audience="parents", country="sn", locale="fr", edition="participant")
    bare = localise(bundled, tailor(bundled, variant))
    assert bare.knowledge_check and all(q.correct is None for q in bare.knowledge_check)
    answered = with_answers(bundled, bare)
    guide = localise(bundled, tailor(bundled, variant.model_copy(
        update={"edition": "facilitator"})))
    assert [(q.question, q.correct, q.explanation) for q in answered.knowledge_check] == \
        [(q.question, q.correct, q.explanation) for q in guide.knowledge_check]
    with pytest.raises(ValueError, match="no answer key"):
        scorm.package(bare, bundled.templates)


# --- GIFT ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def gift_out(bundled, tmp_path_factory):
    out = tmp_path_factory.mktemp("gift")
    packs = export(bundled, "gift", out / "packs", audiences=["social-workers"],
                   countries=["ke"], locales=["en"])
    modules = export(bundled, "gift", out / "modules", audiences=["social-workers"],
                     countries=["ke"], locales=["en"], per="module")
    assert not packs.failed and not modules.failed
    return packs, modules


def _parse(path):
    with open(path, encoding="utf-8") as handle:
        return gp.parseFile(handle)


def test_pygiftparser_reads_every_question_of_a_pack(gift_out, bundled):
    packs, _ = gift_out
    assert packs.files == ["social-workers-ke-en-participant.gift"]
    path = packs.out / packs.files[0]
    text = path.read_text(encoding="utf-8")
    blocks = [b for b in text.split("\n\n") if b.startswith("::")]
    questions = _parse(path)
    pack = localise(bundled, tailor(bundled, Variant(audience="social-workers", country="ke",
                                                     locale="en", edition="participant")))
    expected = [q for m in pack.modules for q in pack.questions(m)]
    assert len(questions) == len(blocks) == len(expected) > 3
    assert all(q.valid for q in questions)
    for parsed, question in zip(questions, expected):
        fractions = [a.fraction for a in parsed.answers.answers]
        assert len(fractions) == len(question.answers) and fractions.count(100) == 1


def test_per_module_files_hold_the_same_questions(gift_out):
    packs, modules = gift_out
    assert all(re.fullmatch(r"social-workers-ke-en-participant/[a-z0-9-]+\.gift", f)
               for f in modules.files) and len(modules.files) > 1
    per_module = [q.title for f in modules.files for q in _parse(modules.out / f)]
    whole = [q.title for q in _parse(packs.out / packs.files[0])]
    assert sorted(per_module) == sorted(whole)


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) == "n" else m.group(1), text)


def _moodle_read(block: str) -> tuple[str, list[tuple[str, str, str]]]:
    """A question block read as Moodle's qformat_gift reads it: escapes first put aside
    (escapedchar_pre), then the braces found, answers split on = and ~, feedback on #, and
    the escapes restored (escapedchar_post). Returns (text, [(sign, answer, feedback)])."""
    marks = {"\\\\": "\x00", "\\~": "\x01", "\\=": "\x02", "\\#": "\x03", "\\{": "\x04",
             "\\}": "\x05", "\\:": "\x06", "\\n": "\x07"}
    back = {"\x00": "\\", "\x01": "~", "\x02": "=", "\x03": "#", "\x04": "{", "\x05": "}",
            "\x06": ":", "\x07": "\n"}
    for escaped, mark in marks.items():
        block = block.replace(escaped, mark)
    head, _, rest = block.partition("{")
    inside = rest[:rest.rindex("}")]
    text = re.sub(r"^::.*?::(\[html\])?", "", head).strip()
    answers = [(m.group(1), *m.group(2).partition("#")[::2])
               for m in re.finditer(r"([=~])([^=~]*)", inside)]

    def restore(value: str) -> str:
        return "".join(back.get(c, c) for c in value).strip()
    return restore(text), [(sign, restore(a), restore(f)) for sign, a, f in answers]


SPECIALS = "~ = # { } : \\"


def test_every_special_character_is_escaped_and_read_back():
    module = PackModule(id="m", context="module/m", title="M", summary="", priority="core",
                        minutes=0, why="")
    question = PackQuestion(
        id="q", context="module/m/quiz/q", question=f"Which of {SPECIALS} are special?",
        answers=["all: ~ = # and \\", "none = nothing ~ really", "only #"], correct=1,
        explanation="Each needs a backslash.\n\nSo does a colon: yes, and = too.")
    block = gift.question(module, question)
    assert "\n\n" not in block  # a blank line would end the question
    parsed = gp.parseFile(io.StringIO(block + "\n"))
    assert len(parsed) == 1 and parsed[0].valid and parsed[0].title == "m/q"
    assert parsed[0].markup == "html"
    assert _unescape(parsed[0].text) == f"Which of {SPECIALS} are special?"
    answers = parsed[0].answers.answers
    assert [_unescape(a.answer) for a in answers] == question.answers
    assert [a.fraction for a in answers] == [100, 0, 0]
    assert _unescape(answers[0].feedback) == \
        "<p>Each needs a backslash.</p>\n<p>So does a colon: yes, and = too.</p>"


def test_braces_in_answers_and_feedback_are_escaped_as_moodle_reads_them():
    """pygiftparser stops at the first "}" after the opening brace, escaped or not; Moodle
    puts escapes aside first, so every special character may be anywhere."""
    module = PackModule(id="m", context="module/m", title="M", summary="", priority="core",
                        minutes=0, why="")
    question = PackQuestion(
        id="q", context="module/m/quiz/q", question=f"Which of {SPECIALS} are special?",
        answers=[f"every one of {SPECIALS}", "{none}"], correct=2,
        explanation=f"In GIFT, {SPECIALS} all are.")
    text, answers = _moodle_read(gift.question(module, question))
    assert text == f"Which of {SPECIALS} are special?"
    assert [(sign, answer) for sign, answer, _ in answers] == \
        [("~", f"every one of {SPECIALS}"), ("=", "{none}")]
    assert {feedback for _, _, feedback in answers} == {f"<p>In GIFT, {SPECIALS} all are.</p>"}
    assert gift.escape("{x}") == "\\{x\\}" and gift.escape("a\\b:") == "a\\\\b\\:"


def test_the_commands_export_into_the_folder_named(mini, cli, tmp_path):
    scorm_run = cli("export", "scorm", "-a", "parents", "--out", tmp_path / "s", root=mini)
    assert scorm_run.code == 0, scorm_run.text
    zips = sorted(p.name for p in (tmp_path / "s").glob("*.zip"))
    assert zips and all(z.endswith("-participant.zip") for z in zips)
    gift_run = cli("export", "gift", "-a", "parents", "-e", "facilitator", "--per", "module",
                   "--out", tmp_path / "g", root=mini)
    assert gift_run.code == 0, gift_run.text
    files = sorted((tmp_path / "g").rglob("*.gift"))
    assert files and all(q.valid for f in files for q in _parse(f))
    wrong = cli("export", "gift", "-a", "nobody", "--out", tmp_path / "x", root=mini)
    assert wrong.code == 2 and "unknown audience" in wrong.text
