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
from typing import Annotated, Literal, Union

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LOCALE = re.compile(r"^[a-z]{2,3}(?:-[A-Z]{2})?$")
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


def _slug(value: str) -> str:
    if not SLUG.match(value):
        raise ValueError(f"'{value}' is not a valid id: use lower-case letters, digits and "
                         f"single hyphens, e.g. 'reporting-routes'")
    return value


def _locale(value: str) -> str:
    if not LOCALE.match(value):
        raise ValueError(f"'{value}' is not a locale tag: use a language code such as 'en', "
                         f"'fr' or 'pt-BR'")
    return value


def _as_list(value):
    return [value] if isinstance(value, str) else value


def _text_item(value):
    return {"text": value} if isinstance(value, str) else value


Slug = Annotated[str, BeforeValidator(lambda v: _slug(v) if isinstance(v, str) else v)]
LocaleTag = Annotated[str, BeforeValidator(lambda v: _locale(v) if isinstance(v, str) else v)]
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
    objectives: Annotated[list[Annotated[Objective, BeforeValidator(_text_item)]],
                          Field(min_length=1)]
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


class LevelOutline(Model):
    minutes: CourseMinutes | None = None
    focus: Body


class Audience(Model):
    id: Slug
    name: Line
    description: Body
    needs: Annotated[list[Line], Field(min_length=1)]
    minutes: CourseMinutes  # default course length
    day_minutes: Annotated[int, Field(ge=60, le=600)] = 360  # teaching time in one day
    outline: dict[Slug, LevelOutline] = {}


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
    source: Annotated[list[Slug], BeforeValidator(_as_list)] = []
    as_of: str | None = None
    confidence: Literal["verified", "reported", "unverified", "unknown"]
    note: Body | None = None

    @field_validator("as_of")
    @classmethod
    def _as_of(cls, value):
        if value is not None and not AS_OF.match(value):
            raise ValueError(f"as_of '{value}' is not a date such as '2019', '2019-05', "
                             f"'2019-05-20', 'c. 2017', '2006-2012' or 'undated'")
        return value

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


OptFact = Fact | None


class Route(Model):
    """What every reporting route may say about itself, beside its name and contact: who may
    use it, whether it takes reports, and whether it reaches emergency services. Packs word each
    route from these, and say nothing a profile does not record."""

    serves: OptFact = None  # who may use it, as a phrase: "children and young people up to 19"
    takes_reports: OptFact = None  # true when it receives reports of abuse material or of abuse
    reaches_emergency: OptFact = None  # true when it can send emergency help to a child


class Hotline(Route):
    exists: OptFact = None
    name: OptFact = None
    url: OptFact = None
    phone: OptFact = None
    inhope_member: OptFact = None


class Portal(Route):
    exists: OptFact = None
    name: OptFact = None
    url: OptFact = None


class Helpline(Route):
    exists: OptFact = None
    name: OptFact = None
    number: OptFact = None
    hours: OptFact = None


class Police(Model):
    emergency: OptFact = None
    online_reporting: OptFact = None
    dedicated_unit: OptFact = None


class Reporting(Model):
    hotline: Hotline = Hotline()
    international_portal: Portal = Portal()
    helpline: Helpline = Helpline()
    police: Police = Police()
    other: OptFact = None  # other official routes, e.g. a government removal service


class Law(Model):
    csam_law: OptFact = None
    statute: OptFact = None
    possession_criminalised: OptFact = None
    statute_term: OptFact = None


class Response(Model):
    icse_connected: OptFact = None
    national_image_database: OptFact = None
    offender_prevention: OptFact = None
    statutory_industry_reporting: OptFact = None
    national_strategy: OptFact = None


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
    internet_use: OptFact = None
    reporting: Reporting = Reporting()
    law: Law = Law()
    response: Response = Response()
    level_override: LevelOverride | None = None
    paper: Literal["a4", "letter"] = "a4"  # the paper size printers there load
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
    as_of: str
    caveat: Body | None = None
    estimate: bool = False
    disputed: bool = False
    historical: bool = False  # quoted for history; exempt from the age check

    @field_validator("as_of")
    @classmethod
    def _as_of(cls, value):
        if not AS_OF.match(value) or value == "undated":
            raise ValueError(f"as_of '{value}' is not a date such as '2012' or '2018-06'")
        return value

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
    date: Annotated[str, Field(pattern=ISO_DATE.pattern)]
    default_locale: LocaleTag = "en"
    publisher: Line | None = None
    licence: Line | None = None
    figure_max_age_years: Annotated[int, Field(ge=1, le=50)] = 5
    sequence: list[Slug] = []  # the course order of modules; prerequisites still come first
    intro: list[Section] = []  # pack-level parts: about this pack, safeguarding, support


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
