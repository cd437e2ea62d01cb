"""`curriculum new module ID` and `curriculum new country CODE`: a new file that validates, with
every field explained in YAML comments, and the schema comment line for editors (schema.py).

A new module is added at the end of library.yaml's `sequence:` (edited as text, so the file's
comments and order stay as they are): a module the sequence leaves out would otherwise be placed
last without a word (validate warns about such a module; see checks/library_file.py).
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from babel import Locale

from .errors import CurriculumError
from .library import Library
from .models import SLUG
from .schema import comment
from .write import atomic_write


class ScaffoldError(CurriculumError):
    """The file cannot be made: the id is taken or not an id."""


MODULE = """\
{schema}
# A module: one subject, taught to the audiences and at the levels it names. Every field is
# explained here; docs/authoring.md says more. Replace the sample text with your own, then run
# `curriculum validate` and `curriculum plan -a {audience} -c <country>` to see it in a pack.
id: {id}                               # the file's name without .yaml; lower case and hyphens
title: {title}                         # may use facts: "Reporting in {{{{ country.name }}}}"
summary: >-                            # one or two sentences: what the module is for
  Replace this summary with what participants will be able to do after this module.
# the audiences (ids from audiences/) and levels (countries/levels.yaml) it is for: keep those
audiences: [{audiences}]
levels: [{levels}]
priority: optional                     # core | standard | optional: what gives way to time
# priority: {{default: standard, {audience}: core}}   # or per audience, with a default
prerequisites: []                      # module ids that must come before this one
sensitive: false                       # true: the pack opens it with `content_note:`
# content_note: What the module covers, and that participants may step out.
objectives:                            # what participants will be able to do, one a line
  - Replace this objective with one that participants can show they have met.
  # - text: An objective for one audience only
  #   when: {{audiences: [{audience}]}}
sections:                              # the module's teaching text, in order
  - id: overview                       # unique in the module
    title: Overview
    minutes: 10                        # teaching time; the pack adds up the minutes
    body: |                            # Markdown; no raw HTML, no images
      Replace this text with the module's first section. Write every sentence yourself, cite
      the sources you draw on, and keep paragraphs short: packs are read on phones.
    # when: {{has: [reporting.hotline.exists]}}   # only where a condition holds (audiences,
    #                                              # levels, countries, has, lacks)
    # edition: both                    # both | facilitator | participant
  - id: facilitator-notes
    title: Notes for the facilitator
    kind: note                         # content | note | safeguarding (notes: facilitators only)
    edition: facilitator
    body: |
      Replace this text with how to run the module: timing, questions to expect, and where
      participants can find support.
activities:                            # exercises; `facilitator:` holds the debrief notes
  - id: discussion
    title: Discussion
    kind: discussion                   # scenario | discussion | exercise | role-play | reflection
    minutes: 10
    body: |
      Replace this text with the activity as participants read it.
    facilitator: |
      Replace this text with the debrief: what to draw out, and how to close.
quiz:                                  # questions; `correct` counts from 1
  - id: check-one
    question: Replace this question with one that the module answers.
    answers:
      - The right answer
      - A wrong answer
    correct: 1
    explanation: Replace this with why the right answer is right.
# quiz_minutes: 4                      # default: two minutes a question
sources: [{source}]                    # ids from sources/ of the documents the module draws on
# tools:                               # printable pages: checklist, form or table
#   - id: checklist
#     title: Checklist
#     kind: checklist
#     items: [A step to tick]
"""

COUNTRY = """\
{schema}
# A country profile. Every fact is a mapping with its source, the date it describes and how sure
# we are of it; a fact nobody knows is left out (unknown is never "no"). The level is derived
# from the facts by countries/levels.yaml. docs/authoring.md, section 7, says more.
id: {id}                               # the ISO 3166 code in lower case: the file's name
name: {quoted_name}                    # as a heading prints it
# name_in_text: ...                   # how a sentence names it: "the Philippines"
iso: {iso}                             # the ISO 3166 code in capitals
region: World                          # the UN region, e.g. "Africa (Eastern Africa)": replace it
locales: [{locale}]                    # the packs' languages, first the main one (locales/)
paper: a4                              # a4 | letter: the paper printers there load
#
# A fact:  {{value: ..., source: <id from sources/>, as_of: "2024", confidence: verified}}
#   value       text facts (names, numbers, addresses) are text: quote numbers ("116");
#               yes-or-no facts are true or false (never yes or no), or unknown
#   source      one id, or a list of ids, from sources/ (not needed when unverified)
#   as_of       the date the source describes: "2019", "2019-05", 2019-05-20, "c. 2017",
#               "2006-2012" or undated
#   confidence  verified | reported | unverified (unverified facts never raise the level)
#   note        anything a trainer should know, printed with the fact
#
# languages: {{value: [en], source: ..., as_of: ..., confidence: ...}}    # a list
# internet_use: {{value: "35%", ...}}                                    # text
# reporting:
#   hotline:                           # a national hotline for reports of abuse material
#     exists: {{value: true, ...}}       # true or false
#     name: {{value: ..., ...}}          # text
#     url: {{value: ..., ...}}           # text
#     phone: {{value: "...", ...}}       # text
#     inhope_member: {{value: false, ...}}
#     serves: {{value: members of the public, ...}}   # who may use it, a phrase after "for"
#     takes_reports: {{value: true, ...}}             # it receives reports and passes them on
#     reaches_emergency: {{value: false, ...}}        # it can send emergency help to a child
#   international_portal:              # a reporting portal run from abroad; also serves,
#     exists: {{value: true, ...}}       # takes_reports and reaches_emergency, as above
#     name: {{value: ..., ...}}
#     url: {{value: ..., ...}}
#   helpline:                          # a child helpline; also serves, takes_reports and
#     exists: {{value: true, ...}}       # reaches_emergency, as above
#     name: {{value: ..., ...}}
#     number: {{value: "116", ...}}      # text: quoted
#     hours: {{value: 24 hours, ...}}
#   police:
#     emergency: {{value: "112", ...}}   # the police emergency number, text
#     online_reporting: {{value: ..., ...}}   # the police's online reporting service
#     dedicated_unit: {{value: ..., ...}}     # the unit's name, or false
#   other: {{value: ..., ...}}           # other official routes
#   self_image_removal: {{value: ..., ...}}   # a service that helps a child remove images
# law:
#   csam_law: {{value: true, ...}}       # true, false or partial
#   statute: {{value: ..., ...}}         # the statute, as cited
#   possession_criminalised: {{value: true, ...}}
#   statute_term: {{value: ..., ...}}    # the law's own term, quoted in packs as the law's
# response:
#   icse_connected: {{value: false, ...}}            # connected to INTERPOL's ICSE database
#   national_image_database: {{value: ..., ...}}     # its name, or false
#   offender_prevention: {{value: ..., ...}}         # a service for people at risk of offending
#   statutory_industry_reporting: {{value: false, ...}}
#   national_strategy: {{value: ..., ...}}
# level_override: {{level: developing, reason: ..., provisional: true}}   # set the level by hand
# services:                            # local services printed beside the national routes
#   - {{name: ..., serves: ..., contact: ..., area: ..., source: ..., as_of: "2024",
#      confidence: reported}}
check_before_delivery: []              # what a trainer must confirm before each session
"""


NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "ZZ"}  # Babel names them, but they are not countries
COMMENT_AT = 39  # the column where the scaffolds' explanations start


def _aligned(text: str) -> str:
    """The scaffold with its end-of-line comments in one column, whatever the values' widths."""
    out = []
    for line in text.splitlines(keepends=True):
        match = re.match(r"^(\s*[^\s#].*?)\s{2,}(# .*\n)$", line)
        out.append(match.group(1).ljust(COMMENT_AT - 1) + " " + match.group(2) if match else line)
    return "".join(out)


def _title(ident: str) -> str:
    return ident.replace("-", " ").capitalize()


def add_to_sequence(text: str, ident: str) -> str | None:
    """library.yaml's text with `ident` at the end of its `sequence:`, its comments and layout
    kept; None when the library has no sequence (it orders modules by id)."""
    flow = re.search(r"^sequence:[ \t]*\[([^\]]*)\]", text, re.M)
    if flow:
        inner = flow.group(1)
        items = inner.rstrip()
        joined = f"{items}, {ident}" if items.strip() else ident
        return text[:flow.start(1)] + joined + inner[len(items):] + text[flow.end(1):]
    block = re.search(r"^sequence:[ \t]*(?:#.*)?\n((?:[ \t]*(?:-.*|#.*)?\n)*)", text, re.M)
    if not block:
        return None
    lines = block.group(1).splitlines(keepends=True)
    last = max((i for i, line in enumerate(lines) if line.lstrip().startswith("-")), default=None)
    if last is None:
        return None
    indent = lines[last][: len(lines[last]) - len(lines[last].lstrip())]
    lines.insert(last + 1, f"{indent}- {ident}\n")
    return text[:block.start(1)] + "".join(lines) + text[block.end(1):]


def new_module(lib: Library, ident: str) -> list[Path]:
    """Write modules/<ident>.yaml and add it to library.yaml's sequence; the files written."""
    if not SLUG.match(ident):
        raise ScaffoldError(f"'{ident}' is not a valid module id: use lower-case letters, digits "
                            f"and single hyphens, e.g. 'reporting-routes'")
    path = lib.root / "modules" / f"{ident}.yaml"
    if ident in lib.modules or path.exists() or ("module", ident) in lib.broken:
        raise ScaffoldError(f"a module '{ident}' exists already ({lib.rel(path)}); choose "
                            f"another id")
    if not lib.audiences or not lib.levels:
        raise ScaffoldError("the library has no audiences or no levels yet: a module names "
                            "both; add them first (see docs/authoring.md)")
    audiences = sorted(lib.audiences)
    text = MODULE.format(schema=comment(f"modules/{ident}.yaml"), id=ident, title=_title(ident),
                         audiences=", ".join(audiences), audience=audiences[0],
                         levels=", ".join(level.id for level in lib.levels),
                         source=min(lib.sources) if lib.sources else "")
    written = [path]
    library_file = lib.root / "library.yaml"
    sequence = None
    if lib.meta.sequence and library_file.exists():
        sequence = add_to_sequence(library_file.read_text(encoding="utf-8"), ident)
        if sequence is None:
            raise ScaffoldError("library.yaml's sequence is not a plain list that can be added "
                                f"to; add '{ident}' to it by hand")
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, _aligned(text).encode("utf-8"))
    if sequence is not None:
        atomic_write(library_file, sequence.encode("utf-8"))
        written.append(library_file)
    return written


def new_country(lib: Library, code: str) -> list[Path]:
    """Write countries/<code>.yaml, a profile with no facts yet; the files written."""
    iso = code.upper()
    name = Locale("en").territories.get(iso) if re.fullmatch(r"[A-Z]{2}", iso) else None
    if iso in NOT_COUNTRIES:
        name = None
    if name is None and not re.fullmatch(r"X[A-Z]", iso):  # X-codes: for users to assign
        raise ScaffoldError(f"'{code}' is not an ISO 3166 country code such as 'ke' or 'fr'")
    path = lib.root / "countries" / f"{iso.lower()}.yaml"
    if iso.lower() in lib.countries or path.exists():
        raise ScaffoldError(f"a country '{iso.lower()}' exists already ({lib.rel(path)})")
    text = COUNTRY.format(schema=comment(f"countries/{iso.lower()}.yaml"), id=iso.lower(),
                          iso=iso, name=name or f"Country {iso}",
                          quoted_name=json.dumps(name or f"Country {iso}", ensure_ascii=False),
                          locale=lib.meta.default_locale)
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, _aligned(text).encode("utf-8"))
    return [path]
