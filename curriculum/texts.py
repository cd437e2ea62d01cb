"""Every piece of human-readable text in the library, listed once.

Validation checks these texts (template syntax, names, Markdown), the linter checks their words,
localisation swaps them for translations, and `curriculum translate` extracts them for
translators. Each text has:
- `key`: its path in the YAML file, for `path:line:col` reports;
- `context`: a stable name that survives reordering (ids rather than list positions), used as
  the gettext msgctxt, e.g. `module/reporting-routes/sections/no-hotline/body`;
- `markdown`: whether it is a Markdown body (else a single line of plain text).
"""
from __future__ import annotations

from dataclasses import dataclass

from .facts import all_facts
from .models import Audience, Country, Figure, Level, LibraryMeta, Module, Overlay, Section


class ctx:
    """The msgctxt naming scheme, in one place: every context is built by these."""

    LIBRARY = "library"

    @staticmethod
    def module(module_id: str, *rest: str) -> str:
        return "/".join(("module", module_id, *rest))

    @staticmethod
    def audience(audience_id: str, *rest: str) -> str:
        return "/".join(("audience", audience_id, *rest))

    @staticmethod
    def level(level_id: str, *rest: str) -> str:
        return "/".join(("level", level_id, *rest))

    @staticmethod
    def country(country_id: str, *rest: str) -> str:
        return "/".join(("country", country_id, *rest))

    @staticmethod
    def fact(country_id: str, path: str, part: str = "value") -> str:
        return ctx.country(country_id, "facts", path, part)

    @staticmethod
    def overlay(country_id: str, module_id: str, *rest: str) -> str:
        return "/".join(("overlay", country_id, module_id, *rest))

    @staticmethod
    def figure(figure_id: str, *rest: str) -> str:
        return "/".join(("figure", figure_id, *rest))

    @staticmethod
    def library(*rest: str) -> str:
        return "/".join((ctx.LIBRARY, *rest))


@dataclass(frozen=True)
class Text:
    key: tuple
    context: str
    text: str
    markdown: bool = False
    templated: bool = True  # may hold {{ expressions }}


def _section_texts(prefix: str, key: tuple, section: Section) -> list[Text]:
    base = f"{prefix}/sections/{section.id}"
    # key points are keyed by their text within the section, as objectives are
    return [Text(key + ("title",), f"{base}/title", section.title),
            Text(key + ("body",), f"{base}/body", section.body, markdown=True),
            *[Text(key + ("key_points", i), f"{base}/key_points", point)
              for i, point in enumerate(section.key_points)]]


def module_texts(module: Module) -> list[Text]:
    p = ctx.module(module.id)
    out = [Text(("title",), f"{p}/title", module.title),
           Text(("summary",), f"{p}/summary", module.summary, markdown=True)]
    if module.content_note:
        out.append(Text(("content_note",), f"{p}/content_note", module.content_note, markdown=True))
    for i, objective in enumerate(module.objectives):
        # keyed by their text within the module, never by position: inserting one moves no
        # translation onto other English
        out.append(Text(("objectives", i), f"{p}/objectives", objective.text))
    for i, section in enumerate(module.sections):
        out.extend(_section_texts(p, ("sections", i), section))
    for i, activity in enumerate(module.activities):
        base = f"{p}/activities/{activity.id}"
        out.append(Text(("activities", i, "title"), f"{base}/title", activity.title))
        out.append(Text(("activities", i, "body"), f"{base}/body", activity.body, markdown=True))
        if activity.facilitator:
            out.append(Text(("activities", i, "facilitator"), f"{base}/facilitator",
                            activity.facilitator, markdown=True))
    for i, question in enumerate(module.quiz):
        base = f"{p}/quiz/{question.id}"
        out.append(Text(("quiz", i, "question"), f"{base}/question", question.question))
        for j, answer in enumerate(question.answers):
            out.append(Text(("quiz", i, "answers", j), f"{base}/answers", answer))
        out.append(Text(("quiz", i, "explanation"), f"{base}/explanation", question.explanation,
                        markdown=True))
    for i, tool in enumerate(module.tools):
        base = f"{p}/tools/{tool.id}"
        out.append(Text(("tools", i, "title"), f"{base}/title", tool.title))
        if tool.intro:
            out.append(Text(("tools", i, "intro"), f"{base}/intro", tool.intro, markdown=True))
        for name in ("items", "columns", "fields"):
            for j, line in enumerate(getattr(tool, name)):
                # keyed by their text within the tool, as objectives are
                out.append(Text(("tools", i, name, j), f"{base}/{name}", line))
    return out


def overlay_texts(country: str, module: str, overlay: Overlay) -> list[Text]:
    """An overlay's texts: their own contexts, in the country's own catalogue."""
    p = ctx.overlay(country, module)
    out = []
    for i, section in enumerate(overlay.sections):
        out.extend(_section_texts(p, ("sections", i), section))
    for i, activity in enumerate(overlay.activities):
        base = f"{p}/activities/{activity.id}"
        out.append(Text(("activities", i, "title"), f"{base}/title", activity.title))
        out.append(Text(("activities", i, "body"), f"{base}/body", activity.body, markdown=True))
        if activity.facilitator:
            out.append(Text(("activities", i, "facilitator"), f"{base}/facilitator",
                            activity.facilitator, markdown=True))
    return out


def audience_texts(audience: Audience) -> list[Text]:
    p = ctx.audience(audience.id)
    out = [Text(("name",), f"{p}/name", audience.name, templated=False),
           Text(("description",), f"{p}/description", audience.description, markdown=True,
                templated=False)]
    out += [Text(("needs", i), f"{p}/needs/{i + 1}", need, templated=False)
            for i, need in enumerate(audience.needs)]
    out += [Text(("outline", level, "focus"), f"{p}/outline/{level}/focus", outline.focus,
                 markdown=True, templated=False) for level, outline in audience.outline.items()]
    for i, course in enumerate(audience.courses):
        c = f"{p}/courses/{course.id}"
        out += [Text(("courses", i, "name"), f"{c}/name", course.name, templated=False),
                Text(("courses", i, "description"), f"{c}/description", course.description,
                     markdown=True, templated=False)]
        out += [Text(("courses", i, "outline", level, "focus"), f"{c}/outline/{level}/focus",
                     outline.focus, markdown=True, templated=False)
                for level, outline in course.outline.items()]
    return out


def level_texts(level: Level) -> list[Text]:
    p = ctx.level(level.id)
    out = [Text(("name",), f"{p}/name", level.name, templated=False),
           Text(("summary",), f"{p}/summary", level.summary, markdown=True, templated=False),
           Text(("emphasis",), f"{p}/emphasis", level.emphasis, markdown=True, templated=False)]
    out += [Text(("criteria", i, "label"), f"{p}/criteria/{i + 1}", c.label, templated=False)
            for i, c in enumerate(level.criteria) if c.label]
    return out


def country_texts(country: Country) -> list[Text]:
    p = ctx.country(country.id)
    out = [Text(("name",), f"{p}/name", country.name, templated=False),
           # every country has one, so that languages with articles ("le Sénégal") can say so
           Text(("name_in_text",) if country.name_in_text else ("name",), f"{p}/name_in_text",
                country.name_in_text or country.name, templated=False)]
    for path, fact in all_facts(country):
        key = tuple(path.split("."))
        if isinstance(fact.value, str) and fact.known:
            out.append(Text(key + ("value",), ctx.fact(country.id, path), fact.value,
                            templated=False))
        if fact.note:
            out.append(Text(key + ("note",), ctx.fact(country.id, path, "note"), fact.note,
                            templated=False))
    out += [Text(("check_before_delivery", i), f"{p}/check/{i + 1}", item, templated=False)
            for i, item in enumerate(country.check_before_delivery)]
    for i, service in enumerate(country.services):
        out.append(Text(("services", i, "serves"), f"{p}/services/{i + 1}/serves", service.serves,
                        templated=False))
        if service.note:
            out.append(Text(("services", i, "note"), f"{p}/services/{i + 1}/note", service.note,
                            templated=False))
    return out


def figure_texts(figure: Figure) -> list[Text]:
    p = ctx.figure(figure.id)
    out = [Text(("text",), f"{p}/text", figure.text, templated=False)]
    if figure.caveat:
        out.append(Text(("caveat",), f"{p}/caveat", figure.caveat, templated=False))
    return out


def library_texts(meta: LibraryMeta) -> list[Text]:
    out = [Text(("name",), ctx.library("name"), meta.name, templated=False)]
    for i, section in enumerate(meta.intro):
        out.extend(_section_texts(ctx.LIBRARY, ("intro", i), section))
    for group in ("opening", "closing"):
        for i, section in enumerate(getattr(meta, group)):
            base = ctx.library(group, section.id)
            out += [Text((group, i, "title"), f"{base}/title", section.title),
                    Text((group, i, "body"), f"{base}/body", section.body, markdown=True),
                    *[Text((group, i, "key_points", j), f"{base}/key_points", point)
                      for j, point in enumerate(section.key_points)]]
    out += [Text(("evaluation", i), ctx.library("evaluation", str(i + 1)), line, templated=False)
            for i, line in enumerate(meta.evaluation)]
    return out
