"""The library's vocabulary as typed models: what a module, audience, level, country, source and
figure may hold. Loading (load.py) checks each file against these models; nothing here reads
files or knows about other files (cross-references are validate.py's business).

Every model forbids unknown fields, so a misspelt key is an error with a "did you mean", and is
strict about types, so `minutes: "ten"` is an error rather than a silent zero.
"""
from __future__ import annotations

import re
import types
import typing
from typing import Annotated, ClassVar, Literal, Union

from pydantic import (AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema,
                      field_validator, model_validator)

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LOCALE = re.compile(r"^[a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-[A-Z]{2})?$")  # en, pt-BR, zh-Hant
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# "2019", "2019-05", "2019-05-20", "c. 2017", "2006-2012", "2016/2019", or "undated"
_D = r"\d{4}(?:-\d{2}(?:-\d{2})?)?"
AS_OF = re.compile(rf"^(?:(?:c\. )?{_D}(?:\s*[–/-]\s*{_D})?|undated)$")
FACT_PATH = re.compile(r"^[a-z_]+(?:\.[a-z_]+)*$")

UNKNOWN = "unknown"


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


def unwrap(annotation):
    """A field's annotation without Annotated[...] and Optional: the model (or type) inside.
    The one walker over the models' annotations (facts.py and schema_errors.py use it)."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            models = [a for a in args if isinstance(a, type) and issubclass(a, BaseModel)]
            annotation = models[0] if models else (args[0] if len(args) == 1 else annotation)
            if not models and len(args) != 1:
                return annotation
        else:
            return annotation


def model_in(annotation) -> type[BaseModel] | None:
    """The pydantic model a field holds (directly or as Optional), or None."""
    inner = unwrap(annotation)
    return inner if isinstance(inner, type) and issubclass(inner, BaseModel) else None


def real_date(value: str) -> str:
    """Every date written in `value` exists: no 2026-02-30, no month 13."""
    import datetime as dt

    for year, month, day in re.findall(r"(?<!\d)(\d{4})-(\d{2})(?:-(\d{2}))?(?!\d)", value):
        try:
            dt.date(int(year), int(month), int(day or 1))
        except ValueError:
            raise ValueError(f"'{value}' names a date that does not exist; check the month "
                             f"and the day") from None
    return value


def _slug(value: str) -> str:
    if not SLUG.match(value):
        raise ValueError(f"'{value}' is not a valid id: use lower-case letters, digits and "
                         f"single hyphens, e.g. 'reporting-routes'")
    return value


def _locale(value: str) -> str:
    if not LOCALE.match(value):
        raise ValueError(f"'{value}' is not a locale tag: use a language code such as 'en', "
                         f"'fr', 'pt-BR' or 'zh-Hant'")
    return value


def _as_list(value):
    return [value] if isinstance(value, str) else value


def _text_item(value):
    return {"text": value} if isinstance(value, str) else value


# The JSON Schemas (schema.py) describe a file as written: the validators' own checks are given
# to editors as patterns, and the shorthands the validators accept as the input they take.
Slug = Annotated[str, BeforeValidator(lambda v: _slug(v) if isinstance(v, str) else v),
                 WithJsonSchema({"type": "string", "pattern": SLUG.pattern})]
LocaleTag = Annotated[str, BeforeValidator(lambda v: _locale(v) if isinstance(v, str) else v),
                      WithJsonSchema({"type": "string", "pattern": LOCALE.pattern})]
# A date as written: our reader keeps `as_of: 2022-05-20` as text, YAML 1.1 tools (PyYAML's
# safe_load, some editors) read it as a date, so the schema asks for text or a date, not a type.
AsOf = Annotated[str, WithJsonSchema({
    "description": "the date the source describes: '2019', '2019-05', '2019-05-20', 'c. 2017', "
                   "'2006-2012' or 'undated'",
    "pattern": AS_OF.pattern, "not": {"type": ["number", "boolean", "array", "object", "null"]}})]
Sources = Annotated[list[Slug], BeforeValidator(_as_list, json_schema_input_type=Slug | list[Slug])]
Body = Annotated[str, Field(min_length=1, max_length=50_000)]  # Markdown, possibly long
Line = Annotated[str, Field(min_length=1, max_length=300)]
Minutes = Annotated[int, Field(ge=0, le=600)]
CourseMinutes = Annotated[int, Field(ge=15, le=6000)]


class When(Model):
    """A condition on the variant. Every list given must match (and within a list, any item)."""

    audiences: list[Slug] | None = None
    levels: list[Slug] | None = None
    countries: list[Slug] | None = None
    has: list[str] | None = None  # fact paths that must be known and true-ish
    lacks: list[str] | None = None  # fact paths that must be unknown, false or absent

    @field_validator("has", "lacks")
    @classmethod
    def _paths(cls, paths):
        for path in paths or []:
            if not FACT_PATH.match(path):
                raise ValueError(f"'{path}' is not a fact path such as 'reporting.hotline.name'")
        return paths


Edition = Literal["both", "facilitator", "participant"]
Priority = Literal["core", "standard", "optional"]


class Section(Model):
    id: Slug
    title: Line
    body: Body
    minutes: Minutes = 0
    when: When | None = None
    edition: Edition = "both"
    kind: Literal["content", "note", "safeguarding"] = "content"
    # what a slide shows of the section: a few short lines in the section's own words
    key_points: Annotated[list[Line], Field(max_length=6)] = []

    @model_validator(mode="after")
    def _notes_are_for_facilitators(self):
        if self.kind in ("note", "safeguarding") and self.edition != "facilitator":
            raise ValueError(f"a section of kind '{self.kind}' is for the facilitator edition; "
                             f"add `edition: facilitator`")
        return self


class Objective(Model):
    text: Line
    when: When | None = None


class Activity(Model):
    id: Slug
    title: Line
    kind: Literal["scenario", "discussion", "exercise", "role-play", "reflection"]
    minutes: Minutes
    body: Body  # what participants see
    facilitator: Body | None = None  # running notes and debrief, facilitator edition only
    when: When | None = None


class Question(Model):
    id: Slug
    question: Line
    answers: Annotated[list[Line], Field(min_length=2, max_length=6)]
    correct: int  # the number of the right answer, counting from 1
    explanation: Body
    when: When | None = None

    @model_validator(mode="after")
    def _correct_in_range(self):
        if not 1 <= self.correct <= len(self.answers):
            raise ValueError(f"correct is {self.correct} but there are {len(self.answers)} "
                             f"answers; give the number of the right answer, counting from 1")
        return self


class Tool(Model):
    """A printable page that the module's text refers to: a checklist to tick, a form with
    lines to write on, or a table with rows to fill in. Printed one a page at the end of the
    facilitator guide (and in the handout with `edition: both` or `participant`), and linked
    from the module."""

    id: Slug
    title: Line
    kind: Literal["checklist", "form", "table"]
    intro: Body | None = None  # Markdown: what the page is for and how to use it
    items: list[Line] = []  # checklist: the steps; form: the questions; table: first cells
    columns: list[Line] = []  # table: the column headings (two to seven)
    rows: Annotated[int, Field(ge=0, le=30)] | None = None  # table: empty rows (default 12,
    # or 0 after items); form: lines under each item (default 2)
    fields: list[Line] = []  # short labels with a line each at the foot: "Case reference"
    when: When | None = None
    edition: Edition = "facilitator"

    @model_validator(mode="after")
    def _shape(self):
        if self.kind == "table":
            if not 2 <= len(self.columns) <= 7:
                raise ValueError("a table needs `columns:`, two to seven headings")
        else:
            if self.columns:
                raise ValueError(f"a {self.kind} has `items:`, not `columns:`")
            if not self.items:
                raise ValueError(f"a {self.kind} needs `items:`, the lines it asks about")
        return self


class Module(Model):
    id: Slug
    title: Line
    summary: Body
    audiences: Annotated[list[Slug], Field(min_length=1)]
    levels: Annotated[list[Slug], Field(min_length=1)]
    # what gives way to the time budget: one value, or per audience with a `default`
    priority: Priority | dict[str, Priority] = "standard"
    prerequisites: list[Slug] = []
    sensitive: bool = False
    content_note: Body | None = None
    objectives: Annotated[list[Annotated[Objective, BeforeValidator(
        _text_item, json_schema_input_type=Line | Objective)]], Field(min_length=1)]
    sections: Annotated[list[Section], Field(min_length=1)]
    activities: list[Activity] = []
    quiz: list[Question] = []
    quiz_minutes: Minutes | None = None  # default: two minutes a question
    sources: list[Slug] = []
    tools: list[Tool] = []  # printable pages the text refers to

    def priority_for(self, audience: str) -> str:
        if isinstance(self.priority, str):
            return self.priority
        return self.priority.get(audience, self.priority.get("default", "standard"))

    @model_validator(mode="after")
    def _content_note_when_sensitive(self):
        if self.sensitive and not self.content_note:
            raise ValueError("a sensitive module needs a content_note that tells participants "
                             "what the module covers and that they may step out")
        return self


class OverlaySection(Section):
    """A section a country's overlay adds (after a section, or at the end) or puts in place of
    an upstream section (`replaces:`, with `upstream:` the first words of the text it was
    written against, so that validate can say when upstream changes it)."""

    after: Slug | None = None
    replaces: Slug | None = None
    upstream: Line | None = None

    @model_validator(mode="after")
    def _one_place(self):
        if self.after and self.replaces:
            raise ValueError("an overlay section is either `after:` a section or `replaces:` "
                             "one, not both")
        if self.replaces and not self.upstream:
            raise ValueError("a replacing section needs `upstream:`, the first words of the "
                             "section it replaces as you read it; validate then tells you when "
                             "that section changes")
        return self


class Overlay(Model):
    """overlays/<country>/<module>.yaml: how one country (or one organisation there) adapts a
    shared module without editing it."""

    by: Line  # who supplied it: the country team or the organisation
    sections: list[OverlaySection] = []
    activities: list[Activity] = []


class Service(Model):
    """A local service a country profile records, printed beside the national routes."""

    name: Line
    serves: Line  # who it is for
    contact: Line  # how to reach it, as printed
    area: Line | None = None  # where it works, when not the whole country
    source: Sources = []
    as_of: AsOf
    confidence: Literal["verified", "reported", "unverified"]
    note: Body | None = None

    @field_validator("as_of")
    @classmethod
    def _as_of(cls, value):
        if not AS_OF.match(value):
            raise ValueError(f"as_of '{value}' is not a date such as '2019', '2019-05' or "
                             f"'undated'")
        return real_date(value)

    @model_validator(mode="after")
    def _sourced(self):
        if self.confidence != "unverified" and not self.source:
            raise ValueError("a service needs a `source:` (an id from sources/), unless it is "
                             "recorded as unverified")
        return self


class LevelOutline(Model):
    minutes: CourseMinutes | None = None
    focus: Body
    # the sections ("module-id/section-id") that keep what the focus promises; validate checks
    # that every pack at this level holds them
    keeps: list[Annotated[str, Field(pattern=r"^[a-z0-9-]+/[a-z0-9-]+$")]] = []


class Schedule(Model):
    """The shape of a course day (times as "HH:MM"), as data: the library sets it, an audience
    or a course changes what it needs to. timetable.DayRules checks the whole."""

    start: str | None = None
    end: str | None = None
    lunch_earliest: str | None = None  # lunch starts within [lunch_earliest, lunch_latest]
    lunch_latest: str | None = None
    lunch_minutes: Annotated[int, Field(ge=1, le=180)] | None = None
    break_minutes: Annotated[int, Field(ge=1, le=60)] | None = None
    max_teaching: Annotated[int, Field(ge=15, le=240)] | None = None  # between two breaks
    min_last_day: Annotated[int, Field(ge=0, le=600)] | None = None
    opening_minutes: Annotated[int, Field(ge=0, le=120)] | None = None
    closing_minutes: Annotated[int, Field(ge=0, le=120)] | None = None
    knowledge_check: Annotated[int, Field(ge=0, le=20)] | None = None  # questions, at each end
    # whether each module ends with its quiz; a short course may leave the questions to the
    # knowledge check at its opening and closing
    module_quizzes: bool | None = None

    # what the course uses beside the day's shape (timetable.DayRules holds the rest)
    COURSE_KEYS: ClassVar[tuple[str, ...]] = ("knowledge_check", "module_quizzes")

    def over(self, base: dict) -> dict:
        """`base` with the values this schedule sets."""
        return {**base, **self.model_dump(exclude_none=True)}


def merge_schedules(layers: "list[Schedule | None]") -> tuple[dict, dict]:
    """(the day's shape, the course settings) from the library's schedule, then an audience's,
    then a course's: each later one changes what it sets."""
    values: dict = {}
    for layer in layers:
        if layer is not None:
            values = layer.over(values)
    course = {key: values.pop(key) for key in Schedule.COURSE_KEYS if key in values}
    return values, {"knowledge_check": 5, "module_quizzes": True, **course}


class Course(Model):
    """One course for an audience, when an audience has more than one (for example a one-day
    first-response course and a multi-day specialist course for the police)."""

    id: Slug
    name: Line
    description: Body
    minutes: CourseMinutes  # default length
    outline: dict[Slug, LevelOutline] = {}  # length and focus per level
    modules: list[Slug] | None = None  # only these modules (and their prerequisites)
    schedule: Schedule | None = None


class Audience(Model):
    id: Slug
    name: Line
    description: Body
    needs: Annotated[list[Line], Field(min_length=1)]
    minutes: CourseMinutes  # default course length
    outline: dict[Slug, LevelOutline] = {}
    schedule: Schedule | None = None
    courses: list[Course] = []  # none: the audience is one course

    def course(self, course_id: str | None) -> Course | None:
        return next((c for c in self.courses if c.id == course_id), None)


class Condition(Model):
    """One criterion of a level: a fact equal to a value (`is:`), a fact present with a value
    that is not false or 'none' (`present: true`), or any of several (`any:`)."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, populate_by_name=True)

    fact: str | None = None
    is_: bool | str | None = Field(default=None, alias="is")
    present: bool | None = None
    any: list[Condition] | None = None
    label: Line | None = None

    @model_validator(mode="after")
    def _one_kind(self):
        if (self.fact is None) == (self.any is None):
            raise ValueError("a criterion has either `fact:` (with `is:` or `present:`) or `any:`")
        if self.fact is not None:
            if not FACT_PATH.match(self.fact):
                raise ValueError(f"'{self.fact}' is not a fact path such as 'law.csam_law'")
            if (self.is_ is None) == (self.present is None):
                raise ValueError("a fact criterion needs exactly one of `is:` or `present:`")
        return self


class Level(Model):
    id: Slug
    name: Line
    summary: Body
    emphasis: Body
    criteria: list[Condition] = []


class LevelsFile(Model):
    levels: Annotated[list[Level], Field(min_length=1)]


FactValue = Union[bool, int, float, str, list[str]]


class Fact(Model):
    value: FactValue
    source: Sources = []
    as_of: AsOf | None = None
    confidence: Literal["verified", "reported", "unverified", "unknown"]
    note: Body | None = None

    @field_validator("as_of")
    @classmethod
    def _as_of(cls, value):
        if value is not None and not AS_OF.match(value):
            raise ValueError(f"as_of '{value}' is not a date such as '2019', '2019-05', "
                             f"'2019-05-20', 'c. 2017', '2006-2012' or 'undated'")
        return real_date(value) if value is not None else value

    @model_validator(mode="after")
    def _sourced_unless_unknown(self):
        if self.value == UNKNOWN:
            if self.confidence != "unknown":
                raise ValueError("a fact whose value is unknown has `confidence: unknown`")
        else:
            if self.confidence == "unknown":
                raise ValueError("a fact with a value is verified, reported or unverified; "
                                 "write `value: unknown` if nobody knows")
            if self.confidence != "unverified" and not self.source:
                raise ValueError("a fact needs a `source:` (an id from sources/)")
            if self.as_of is None:
                raise ValueError("a fact needs `as_of:` (the date it describes, or 'undated')")
        return self

    @property
    def known(self) -> bool:
        return self.value != UNKNOWN


# YAML 1.1 reads these as booleans; our reader (yamlsource.py) keeps them as text, so in a fact
# that is true or false they are a trap: `exists: {value: yes}` would never meet `is: true`.
YAML11_BOOLEANS = frozenset({"yes", "no", "on", "off", "y", "n"})
_YAML11_BOOLEAN_PATTERN = r"^\s*(?:[Yy](?:[Ee][Ss])?|[Nn][Oo]?|[Oo](?:[Nn]|[Ff][Ff]))\s*$"  # for editors


def _flag_value(value):
    if isinstance(value, str) and value.strip().lower() in YAML11_BOOLEANS:
        meant = "true" if value.strip().lower() in ("yes", "on", "y") else "false"
        raise ValueError(f"'value' is the text '{value}', but this fact is true or false; "
                         f"write `value: {meant}` or `value: unknown`: only true and false "
                         f"are booleans in this library")
    return value


class TextFact(Fact):
    """A fact that is printed as written: a name, a number to call, an address, a phrase. A
    number or true/false is quoted (`value: "116"`), so that it reads as the text it is."""

    value: str


class FlagFact(Fact):
    """A fact that says yes or no: `true` or `false`, `unknown`, or a word that qualifies it
    ("partial"), or the name of the thing when there is one (`dedicated_unit`). Never `yes` or
    `no`, which YAML 1.1 tools read as booleans and this library reads as text."""

    value: Annotated[bool | str, BeforeValidator(_flag_value), WithJsonSchema({"anyOf": [
        {"type": "boolean"}, {"type": "string", "not": {"pattern": _YAML11_BOOLEAN_PATTERN}}]})
    ]


OptFact = Fact | None
OptText = TextFact | None
OptFlag = FlagFact | None


class Route(Model):
    """What every reporting route may say about itself, beside its name and contact: who may
    use it, whether it takes reports, and whether it reaches emergency services. Packs word each
    route from these, and say nothing a profile does not record."""

    serves: OptText = None  # who may use it, as a phrase: "children and young people up to 19"
    takes_reports: OptFlag = None  # true when it receives reports of abuse material or of abuse
    reaches_emergency: OptFlag = None  # true when it can send emergency help to a child


class Hotline(Route):
    exists: OptFlag = None
    name: OptText = None
    url: OptText = None
    phone: OptText = None
    inhope_member: OptFlag = None


class Portal(Route):
    exists: OptFlag = None
    name: OptText = None
    url: OptText = None


class Helpline(Route):
    exists: OptFlag = None
    name: OptText = None
    number: OptText = None
    hours: OptText = None


class Police(Model):
    emergency: OptText = None
    online_reporting: OptFlag = None
    dedicated_unit: OptFlag = None


class Reporting(Model):
    hotline: Hotline = Hotline()
    international_portal: Portal = Portal()
    helpline: Helpline = Helpline()
    police: Police = Police()
    other: OptFlag = None  # other official routes, e.g. a government removal service
    self_image_removal: OptFlag = None  # a service that helps a child remove images of themselves


class Law(Model):
    csam_law: OptFlag = None
    statute: OptText = None
    possession_criminalised: OptFlag = None
    statute_term: OptText = None


class Response(Model):
    icse_connected: OptFlag = None
    national_image_database: OptFlag = None
    offender_prevention: OptFlag = None
    statutory_industry_reporting: OptFlag = None
    national_strategy: OptFlag = None


class LevelOverride(Model):
    level: Slug
    reason: Body
    provisional: bool = False  # the level is a best guess until a fact is confirmed: packs say so


class Country(Model):
    id: Slug
    name: Line
    name_in_text: Line | None = None  # how a sentence names it, e.g. "the United Kingdom"
    iso: Annotated[str, Field(pattern=r"^[A-Z]{2}$")]
    region: Line
    locales: Annotated[list[LocaleTag], Field(min_length=1)]
    languages: OptFact = None
    internet_use: OptText = None
    reporting: Reporting = Reporting()
    law: Law = Law()
    response: Response = Response()
    level_override: LevelOverride | None = None
    paper: Literal["a4", "letter"] = "a4"  # the paper size printers there load
    services: list[Service] = []  # local services, printed beside the national routes
    check_before_delivery: list[Annotated[str, Field(min_length=1, max_length=1000)]] = []

    @model_validator(mode="after")
    def _iso_matches_id(self):
        if self.iso.lower() != self.id:
            raise ValueError(f"the id '{self.id}' should be the ISO code '{self.iso}' in "
                             f"lower case, and the file named {self.iso.lower()}.yaml")
        return self


class Source(Model):
    id: Slug
    title: Line
    author: Line
    date: Annotated[str, Field(min_length=4, max_length=100)]
    short: Line  # how a citation names it, e.g. "Carr / NCH"
    url: Annotated[str, Field(pattern=r"^https?://\S+$")] | None = None
    kind: Literal["report", "article", "blog", "news", "statute", "court", "webpage",
                  "guidelines", "database", "press-release", "dataset"] = "webpage"
    note: Body | None = None


class Figure(Model):
    id: Slug
    text: Line  # the figure as it reads inside a sentence, e.g. "53 countries"
    source: Slug
    as_of: AsOf
    caveat: Body | None = None
    estimate: bool = False
    disputed: bool = False
    historical: bool = False  # quoted for history; exempt from the age check

    @field_validator("as_of")
    @classmethod
    def _as_of(cls, value):
        if not AS_OF.match(value) or value == "undated":
            raise ValueError(f"as_of '{value}' is not a date such as '2012' or '2018-06'")
        return real_date(value)

    @model_validator(mode="after")
    def _caveat_when_unsure(self):
        if (self.estimate or self.disputed) and not self.caveat:
            raise ValueError("an estimate or disputed figure needs a `caveat:` saying why")
        return self


class LocaleInfo(Model):
    id: LocaleTag
    name: Line  # the language's own name, e.g. "Français"
    english_name: Line
    direction: Literal["ltr", "rtl"] = "ltr"


class LibraryMeta(Model):
    name: Line
    version: Annotated[str, Field(pattern=r"^\d+\.\d+(\.\d+)?$")]
    date: Annotated[str, Field(pattern=ISO_DATE.pattern), AfterValidator(real_date)]
    default_locale: LocaleTag = "en"
    publisher: Line | None = None
    licence: Line | None = None
    figure_max_age_years: Annotated[int, Field(ge=1, le=50)] = 5
    sequence: list[Slug] = []  # the course order of modules; prerequisites still come first
    intro: list[Section] = []  # pack-level parts: about this pack, safeguarding, support
    schedule: Schedule = Schedule()  # the course day; audiences and courses may change it
    opening: list[Section] = []  # what the course opens with (welcome, ground rules)
    closing: list[Section] = []  # what it closes with (questions, action planning)
    evaluation: list[Line] = []  # the evaluation form's questions


class Rule(Model):
    """A terminology rule (terminology.yaml): terms to avoid, the preferred term, and why."""

    id: Slug
    avoid: Annotated[list[Line], Field(min_length=1)]
    prefer: Line
    why: Body
    case_sensitive: bool = False
    source: Line | None = None


class RulesFile(Model):
    locale: LocaleTag = "en"
    rules: list[Rule]
