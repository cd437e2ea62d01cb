"""A pack: one variant assembled, as plain data.

tailor.py makes it (what is in, in what order, for how long, and why), localise.py turns its
texts into the locale's language with the country's facts filled in, render.py makes HTML and
PDF from it, write.py stores it with a manifest. Every stage can dump it as JSON.
"""
from __future__ import annotations

import hashlib
import json
import typing
from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict

from .models import Source

Edition = Literal["facilitator", "participant"]
EDITIONS: tuple[Edition, ...] = typing.get_args(Edition)  # the one list of editions


class Data(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Translatable(Data):
    """A piece of a pack whose texts localise.py translates: each field named in TEXTS is
    looked up under `context` + its suffix (a list field's items share the context, keyed by
    their text, as objectives are). A new translatable
    field is one entry here (and its listing in texts.py, which a test holds to this)."""

    TEXTS: ClassVar[dict[str, str]] = {}
    context: str  # the translation context prefix, e.g. module/reporting-routes/sections/intro


class Variant(Data):
    audience: str
    country: str
    locale: str
    edition: Edition
    course: str | None = None  # for an audience with several courses

    @property
    def slug(self) -> str:
        who = f"{self.audience}/{self.course}" if self.course else self.audience
        return f"{self.locale}/{self.country}/{who}/{self.edition}"


class Part(Translatable):
    """A titled block of text: a section, or a pack-level part such as safeguarding guidance."""

    TEXTS = {"title": "/title", "body": "/body", "key_points": "/key_points"}
    id: str
    title: str
    body: str  # Markdown (after localise: facts filled in)
    key_points: list[str] = []  # what its slide shows (formats/slides.py)
    minutes: int = 0
    kind: str = "content"
    edition: str = "both"
    overlay: str | None = None  # who supplied it, when a country's overlay did


class PackActivity(Translatable):
    TEXTS = {"title": "/title", "body": "/body", "facilitator": "/facilitator"}
    id: str
    title: str
    kind: str
    minutes: int
    body: str
    facilitator: str | None = None


class PackQuestion(Translatable):
    TEXTS = {"question": "/question", "answers": "/answers", "explanation": "/explanation"}
    id: str
    question: str
    answers: list[str]
    correct: int | None = None  # facilitator edition only
    explanation: str | None = None  # facilitator edition only


class PackObjective(Translatable):
    TEXTS = {"text": ""}
    text: str
    source: str = ""  # the text in the library's language: with the context, its key


class PackTool(Translatable):
    """A printable page of a module (models.Tool), as the pack prints it."""

    TEXTS = {"title": "/title", "intro": "/intro", "items": "/items", "columns": "/columns",
             "fields": "/fields"}
    id: str
    title: str
    kind: str
    intro: str | None = None
    items: list[str] = []
    columns: list[str] = []
    rows: int = 0  # table: empty rows; form: lines under each item
    fields: list[str] = []
    edition: str = "facilitator"


class PackModule(Translatable):
    TEXTS = {"title": "/title", "summary": "/summary", "content_note": "/content_note"}
    id: str
    title: str
    summary: str
    priority: str
    minutes: int
    why: str  # why the module is in this pack
    content_note: str | None = None
    objectives: list[PackObjective] = []
    sections: list[Part] = []
    activities: list[PackActivity] = []
    quiz: list[PackQuestion] = []
    quiz_minutes: int = 0
    tools: list[PackTool] = []  # printable pages, at the end of the pack
    sources: list[str] = []  # cited document ids, the module's own and its figures'
    figures: list[str] = []  # figure ids used in the text (filled by localise)
    facts: list[str] = []  # country fact paths used in the text (filled by localise)


ExcludedKind = Literal["module", "section", "activity", "question", "tool"]
ExcludedCode = Literal["audience", "level", "country", "fact", "edition", "time", "prerequisite",
                       "empty", "chosen"]


class Excluded(Data):
    id: str  # a module id, or module/section for a section
    kind: ExcludedKind
    code: ExcludedCode
    reason: str


class AgendaItem(Data):
    day: int
    start: str  # "09:00"
    end: str
    kind: Literal["opening", "module", "break", "lunch", "closing"]
    module: str | None = None
    title: str
    minutes: int
    part: int = 1  # a module split over a break is in several parts: 1, 2, ...
    parts: int = 1


class FactRecord(Data):
    path: str
    label: str
    value: str
    source: list[str]
    as_of: str | None
    confidence: str
    note: str | None = None


class PackService(Data):
    """A local service, beside the national routes, with its record."""

    name: str
    serves: str
    contact: str
    area: str | None = None
    source: list[str] = []
    as_of: str
    confidence: str
    note: str | None = None


class CheckItem(Data):
    """One item of the facilitator's work list before delivery."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    text: str
    kind: Literal["confirm", "find"] = "confirm"  # confirm what is printed, or find what is not
    sources: tuple[str, ...] = ()  # ids of the documents to check it against (Pack.sources)


class PackCountry(Data):
    id: str
    name: str
    name_in_text: str = ""  # as a sentence names it: "the United Kingdom"
    iso: str
    region: str
    level: str
    level_name: str
    derived_level: str
    override_reason: str | None = None
    level_provisional: bool = False
    level_unknowns: list[str] = []  # "level: criterion", in the library's language
    level_unknown_keys: list[tuple[str, int]] = []
    paper: Literal["a4", "letter"] = "a4"  # the paper size the pack prints on


RouteKind = Literal["police-emergency", "hotline", "portal", "helpline", "police-online",
                   "police-unit", "other", "prevention"]


class PackRoute(Data):
    """One of the country's routes for help and reports, as the route card prints it (filled by
    localise through routes.py). Values are the profile's facts in the locale; None where the
    profile does not record them."""

    kind: RouteKind
    status: Literal["recorded", "absent", "unknown"]  # absent: the profile records there is none
    name: str | None = None
    url: str | None = None
    phone: str | None = None  # a phone or short number
    hours: str | None = None
    serves: str | None = None  # who may use it
    takes_reports: bool | None = None
    reaches_emergency: bool | None = None
    check: bool = False  # a fact is weakly recorded: "check that it still operates"
    dated: bool = True  # the record has a date
    confidence: str | None = None  # of that fact (else of the route's main fact), in the locale
    as_of: str | None = None  # the same fact's date, in the locale


class PackLibrary(Data):
    name: str
    version: str
    date: str  # the library's version date, ISO
    default_locale: str  # the language a passage falls back to


FallbackState = Literal["fuzzy", "stale", "untranslated"]


class Fallback(Data):
    """A text shown in the library's language, and why."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    context: str
    state: FallbackState
    source: str | None = None  # for texts that share a context (objectives, answers)


class PackAudience(Data):
    id: str
    name: str
    description: str
    focus: str | None = None
    course: str | None = None
    course_name: str | None = None


class Pack(Data):
    variant: Variant
    library: PackLibrary
    audience: PackAudience
    country: PackCountry
    locale_name: str
    direction: str = "ltr"
    budget_minutes: int
    minutes: int = 0  # the whole course: opening, modules, closing
    over_budget: bool = False
    opening_minutes: int = 0
    closing_minutes: int = 0
    selection: dict = {}  # what the trainer chose: minutes, only, drop
    intro: list[Part] = []
    opening: list[Part] = []  # what the course opens and closes with
    closing: list[Part] = []
    evaluation: list[str] = []  # the evaluation form's questions
    knowledge_check: list[PackQuestion] = []  # asked at the opening and again at the closing
    modules: list[PackModule] = []
    excluded: list[Excluded] = []
    agenda: list[AgendaItem] = []
    facts: list[FactRecord] = []  # facts used anywhere in the pack (filled by localise)
    check_before_delivery: list[CheckItem] = []  # filled by localise
    services: list[PackService] = []  # local services the profile records (localise)
    sources: list[Source] = []  # documents cited anywhere in the pack (filled by localise)
    fallbacks: list[Fallback] = []  # texts shown in the default language (filled by localise)
    translated_share: float | None = None  # of the words, in a translated locale (localise)
    translation_reviewed: bool = True  # false when a translation used is a draft (localise)
    routes: list[PackRoute] = []  # the route card's routes (filled by localise)
    strings: dict[str, str] = {}  # interface strings in the locale (filled by localise)

    def questions(self, module: PackModule) -> list[PackQuestion]:
        """What the course asks of `module`: its quiz, and those of its questions the knowledge
        check asks (a course without module quizzes asks only those), each once, in order."""
        seen = {q.context for q in module.quiz}
        checked = [q for q in self.knowledge_check if q.context not in seen
                   and q.context.startswith(f"{module.context}/quiz/")]
        return [*module.quiz, *checked]

    def digest(self) -> str:
        return hashlib.sha256(json.dumps(self.model_dump(mode="json"), sort_keys=True,
                                         ensure_ascii=False).encode()).hexdigest()

    def plan(self) -> dict:
        """The documented, stable JSON form of `curriculum plan` (see docs/plan-json.md)."""
        return {
            "variant": self.variant.model_dump(exclude_none=True),
            "country": {"id": self.country.id, "name": self.country.name,
                        "level": self.country.level, "derived_level": self.country.derived_level,
                        "override_reason": self.country.override_reason},
            "audience": {"id": self.audience.id, "name": self.audience.name},
            "course": self.variant.course,
            "minutes": self.minutes,
            "opening_minutes": self.opening_minutes,
            "closing_minutes": self.closing_minutes,
            "budget_minutes": self.budget_minutes,
            "selection": self.selection,
            "over_budget": self.over_budget,
            "modules": [{"id": m.id, "title": m.title, "minutes": m.minutes, "priority": m.priority,
                         "why": m.why,
                         "sections": [{"id": s.id, "title": s.title, "minutes": s.minutes,
                                       "edition": s.edition, "overlay": s.overlay}
                                      for s in m.sections],
                         "activities": [{"id": a.id, "title": a.title, "minutes": a.minutes}
                                        for a in m.activities],
                         "quiz": len(m.quiz)} for m in self.modules],
            "excluded": [e.model_dump() for e in self.excluded],
            "agenda": [a.model_dump() for a in self.agenda],
            "fallbacks": [f"{f.context} ({f.state})" for f in self.fallbacks],
        }
