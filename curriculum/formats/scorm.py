"""SCORM 1.2, for learning platforms such as Moodle: a localised pack -> one zip, one SCO.

What is in the zip, and why:

- `imsmanifest.xml` at its root (the SCORM 1.2 Content Aggregation Model: IMS Content
  Packaging 1.1.2, `imscp_rootv1p1p2`, with ADL's `adlcp_rootv1p2` extensions): metadata
  `ADL SCORM` 1.2, one organization, one item, one resource of `adlcp:scormtype="sco"` whose
  `href` is the launch page, and every other file of the zip listed as a `<file>` of it.
- `index.html` and `assets/`: the pack exactly as `curriculum build` writes its HTML
  (render.render, HTML only).
- `quiz.html` (the launch page) and `scorm.js`: the pack in a frame, then the pack's
  knowledge check (the questions a course opens and closes with; a pack with none asks its
  module quizzes). The script finds the platform's API (ADL's findAPI: up window.parent, then
  window.opener), calls LMSInitialize, and on "Check my answers" reports cmi.core.score.raw,
  .min and .max (a percentage) and cmi.core.lesson_status, passed or failed against the
  mastery score (the platform's cmi.student_data.mastery_score, which it takes from the
  manifest's adlcp:masteryscore, MASTERY), then LMSCommit; LMSFinish when the page goes. A pack
  without questions is "completed" once opened.
- The answers are in the page, as in any self-marked SCORM quiz: the knowledge check helps a
  learner, it is not an examination.

The bytes are the same for the same pack: entries sorted, each stamped with the pack's build
date (render.build_date: the library's date or SOURCE_DATE_EPOCH), fixed permissions.
"""
from __future__ import annotations

import datetime as dt
import html
import json
import re
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape, quoteattr

from .. import interface as ui
from ..markup import inline_html, to_html
from ..pack import Pack, PackQuestion
from ..render import build_date, render
from ..zips import reproducible_zip

MANIFEST = "imsmanifest.xml"
LAUNCH = "quiz.html"
SCRIPT = "scorm.js"
MASTERY = 75  # percent: 3 of 4 questions, 4 of 5
SCHEMAS = ("http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd "
           "http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd")


def quiz_questions(pack: Pack) -> list[PackQuestion]:
    """What the SCO asks: the knowledge check, or when the pack has none, its module quizzes."""
    if pack.knowledge_check:
        return list(pack.knowledge_check)
    return [q for m in pack.modules for q in pack.questions(m)]


def _gettext(pack: Pack):
    def _(msgid: str, **values) -> str:
        text = pack.strings.get(msgid, msgid)
        return text.format(**values) if values else text
    return _


def title(pack: Pack) -> str:
    _ = _gettext(pack)
    edition = _("Facilitator guide") if pack.variant.edition == "facilitator" \
        else _("Participant handout")
    name = _("{audience}: training pack for {country}", audience=pack.audience.name,
             country=pack.country.name_in_text)
    return f"{name} ({edition})"


def identifier(pack: Pack) -> str:
    """An XML ID (NCName) naming the package, from the variant's ids."""
    return "curriculum-" + re.sub(r"[^A-Za-z0-9._-]", "-", pack.variant.slug.replace("/", "-"))


def manifest(pack: Pack, files: list[str]) -> str:
    """imsmanifest.xml: one organization, one item, one SCO listing every file of the zip."""
    ident = identifier(pack)
    name = xml_escape(title(pack))
    listed = "\n".join(f"      <file href={quoteattr(path)}/>" for path in sorted(files))
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier={quoteattr(ident)} version="1.0"
    xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
    xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    xsi:schemaLocation="{SCHEMAS}">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>1.2</schemaversion>
  </metadata>
  <organizations default="{ident}-org">
    <organization identifier="{ident}-org">
      <title>{name}</title>
      <item identifier="{ident}-item" identifierref="{ident}-sco" isvisible="true">
        <title>{name}</title>
        <adlcp:masteryscore>{MASTERY}</adlcp:masteryscore>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="{ident}-sco" type="webcontent" adlcp:scormtype="sco" href="{LAUNCH}">
{listed}
    </resource>
  </resources>
</manifest>
"""


def _json_for_script(value) -> str:
    """JSON that cannot end the <script> element it sits in."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def quiz_page(pack: Pack) -> str:
    """The launch page: the pack in a frame, the questions, the script that reports them."""
    _ = _gettext(pack)
    asked = quiz_questions(pack)
    esc = html.escape
    items = []
    for n, q in enumerate(asked, start=1):
        answers = "\n".join(
            f'        <li><label><input type="radio" name="q{n}" value="{i}"> '
            f'{inline_html(answer)}</label></li>' for i, answer in enumerate(q.answers, start=1))
        why = f'\n        <div class="explanation">{to_html(q.explanation)}</div>' \
            if q.explanation else ""
        items.append(f"""    <li class="question" id="q{n}">
      <fieldset>
        <legend>{inline_html(q.question)}</legend>
        <ol class="answers">
{answers}
        </ol>
      </fieldset>
      <div class="feedback" hidden>
        <p class="verdict"></p>{why}
      </div>
    </li>""")
    data = {
        "correct": [q.correct for q in asked],
        "mastery": MASTERY,
        "strings": {key: _(getattr(ui, name)) for key, name in (
            ("unanswered", "SCORM_UNANSWERED"), ("result", "SCORM_RESULT"),
            ("passed", "SCORM_PASSED"), ("failed", "SCORM_FAILED"), ("right", "SCORM_RIGHT"),
            ("wrong", "SCORM_WRONG"), ("noLms", "SCORM_NO_LMS"))},
    }
    if asked:
        check = f"""<section class="knowledge-check" id="knowledge-check">
  <h2>{esc(_("Knowledge check"))}</h2>
  <form id="quiz">
  <ol class="questions">
{chr(10).join(items)}
  </ol>
  <p><button type="submit">{esc(_(ui.SCORM_SUBMIT))}</button></p>
  <p id="result" role="status" aria-live="polite"></p>
  </form>
</section>"""
        intro = _(ui.SCORM_INTRO)
    else:
        check, intro = "", _(ui.SCORM_COMPLETED)
    return f"""<!DOCTYPE html>
<html lang="{esc(pack.variant.locale)}" dir="{esc(pack.direction)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title(pack))}</title>
<meta name="generator" content="curriculum">
<link rel="stylesheet" href="assets/base.css">
<link rel="stylesheet" href="assets/screen.css" media="screen">
<style>
.scorm-pack {{ width: 100%; height: 70vh; border: 1px solid #888; }}
.knowledge-check fieldset {{ border: 0; padding: 0; margin: 0; }}
.knowledge-check .answers {{ list-style: upper-alpha; }}
.feedback {{ margin: .5em 0 1em; padding: .5em 1em; border-left: 4px solid #888; }}
.feedback.right {{ border-color: #2a7a2a; }}
.feedback.wrong {{ border-color: #a33; }}
</style>
</head>
<body class="scorm">
<main>
<h1>{esc(title(pack))}</h1>
<p>{esc(intro)}</p>
<iframe class="scorm-pack" src="index.html" title="{esc(_(ui.SCORM_PACK))}"></iframe>
{check}
<p id="lms-status" hidden></p>
</main>
<script type="application/json" id="quiz-data">{_json_for_script(data)}</script>
<script src="{SCRIPT}"></script>
</body>
</html>
"""


# The SCO's runtime, SCORM 1.2 (ADL's API discovery; the cmi.core data model).
SCORM_JS = r"""/* made by `curriculum export scorm`: reports the knowledge check to the platform */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("quiz-data").textContent);

  // ADL's findAPI: the platform's API object sits on this window or one of its parents
  function findAPI(win) {
    var tries = 0;
    while (win.API == null && win.parent != null && win.parent != win) {
      tries += 1;
      if (tries > 500) { return null; }
      win = win.parent;
    }
    return win.API || null;
  }
  function getAPI() {
    var api = null;
    try { api = findAPI(window); } catch (e) { api = null; }
    if (api == null && window.opener != null && typeof window.opener != "undefined") {
      try { api = findAPI(window.opener); } catch (e) { api = null; }
    }
    return api;
  }

  var api = getAPI();
  var started = false, finished = false, opened = new Date();
  if (api != null) { started = String(api.LMSInitialize("")) === "true"; }
  if (!started) {
    var note = document.getElementById("lms-status");
    note.textContent = data.strings.noLms;
    note.hidden = false;
  }
  function get(name) { return started ? String(api.LMSGetValue(name)) : ""; }
  function set(name, value) { if (started) { api.LMSSetValue(name, String(value)); } }
  function commit() { if (started) { api.LMSCommit(""); } }

  var mastery = parseFloat(get("cmi.student_data.mastery_score"));
  if (isNaN(mastery)) { mastery = data.mastery; }
  var status = get("cmi.core.lesson_status");
  if (data.correct.length === 0) {
    set("cmi.core.lesson_status", "completed");
    commit();
  } else if (status === "" || status === "not attempted") {
    set("cmi.core.lesson_status", "incomplete");
    commit();
  }

  function chosen(n) {
    var picked = document.querySelector('input[name="q' + n + '"]:checked');
    return picked ? parseInt(picked.value, 10) : null;
  }
  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (all, key) {
      return key in values ? String(values[key]) : all;
    });
  }

  var form = document.getElementById("quiz");
  if (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var result = document.getElementById("result"), total = data.correct.length, right = 0;
      var answers = [];
      for (var n = 1; n <= total; n += 1) { answers.push(chosen(n)); }
      if (answers.indexOf(null) >= 0) { result.textContent = data.strings.unanswered; return; }
      for (var i = 0; i < total; i += 1) {
        var ok = answers[i] === data.correct[i];
        if (ok) { right += 1; }
        var box = document.querySelector("#q" + (i + 1) + " .feedback");
        box.className = "feedback " + (ok ? "right" : "wrong");
        box.querySelector(".verdict").textContent = ok ? data.strings.right : data.strings.wrong;
        box.hidden = false;
      }
      var percent = Math.round(100 * right / total), passed = percent >= mastery;
      if (started) {
        api.LMSSetValue("cmi.core.score.raw", String(percent));
        api.LMSSetValue("cmi.core.score.min", "0");
        api.LMSSetValue("cmi.core.score.max", "100");
        api.LMSSetValue("cmi.core.lesson_status", passed ? "passed" : "failed");
        api.LMSCommit("");
      }
      result.textContent = fill(data.strings.result, {right: right, total: total, percent: percent})
        + " " + (passed ? data.strings.passed : data.strings.failed);
    });
  }

  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function finish() {
    if (!started || finished) { return; }
    finished = true;
    var seconds = Math.round((new Date() - opened) / 1000);
    set("cmi.core.session_time", pad(Math.floor(seconds / 3600)) + ":" +
        pad(Math.floor(seconds / 60) % 60) + ":" + pad(seconds % 60));
    set("cmi.core.exit", "");
    api.LMSCommit("");
    api.LMSFinish("");
  }
  window.addEventListener("pagehide", finish);
  window.addEventListener("beforeunload", finish);
}());
"""


def _zip(files: dict[str, bytes], day: dt.datetime) -> bytes:
    """A zip of `files` whose bytes depend on nothing else: sorted, dated `day`, mode 644."""
    return reproducible_zip(((name, files[name]) for name in sorted(files)), day)


def package(pack: Pack, templates: Path) -> bytes:
    """The SCORM 1.2 zip of `pack`, whose questions carry their answers (`correct`)."""
    missing = [q.context for q in quiz_questions(pack) if q.correct is None]
    if missing:
        raise ValueError(f"{missing[0]}: the question has no answer key")
    rendered = render(pack, templates, ("html",))
    files = {"index.html": rendered.html.encode("utf-8"), **rendered.assets,
             LAUNCH: quiz_page(pack).encode("utf-8"), SCRIPT: SCORM_JS.encode("utf-8")}
    files[MANIFEST] = manifest(pack, list(files)).encode("utf-8")
    return _zip(files, build_date(pack))
