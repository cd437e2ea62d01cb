"""Stage 4, localise: a tailored pack -> the same pack in its locale's language, with the
country's facts and the sourced figures filled into the text.

For each text, the locale's translation is used when it exists and is current: a PO entry with
the text's context whose msgid is the text as it stands now and that is not marked fuzzy. A
translation of an older wording is stale; stale and missing texts fall back to the library's
language, and the pack lists them (`fallbacks`) so that translators know and the HTML can mark
them with their own `lang`.

Then each text's expressions are resolved in the sandbox (templating.py): facts print their
value, `figure("id")` prints the figure with its source and date. What each module used is
recorded, so the pack can list its sources, the country facts with their confidence, and the
facts to check before delivery.
"""
from __future__ import annotations

from . import interface as ui
from .catalogue import Translator
from .context import Scope, content_context, fact_text, format_as_of
from .errors import CurriculumError
from .facts import LABELS, fact_at, is_contact, present
from .library import Library
from .models import Country
from .pack import CheckItem, FactRecord, Pack, PackService, Translatable
from .routes import routes
from .templating import Usage, render
from .texts import ctx


class LocaliseError(CurriculumError):
    def __init__(self, context: str, message: str):
        super().__init__(f"{context}: {message}")
        self.context, self.message = context, message


def _resolve(context: str, text: str, env: dict) -> str:
    try:
        return render(text, env)
    except Exception as exc:  # any failure of one text fails this variant, with its place
        raise LocaliseError(context, f"{type(exc).__name__}: {exc}") from exc


def _translate(item: Translatable, text) -> None:
    """Every text field of one piece, in place (see pack.Translatable)."""
    for name, suffix in type(item).TEXTS.items():
        value = getattr(item, name)
        if not value:
            continue
        context = item.context + suffix
        if isinstance(value, list):
            setattr(item, name, [text(context, v) for v in value])
        else:
            setattr(item, name, text(context, value))


def localise(lib: Library, pack: Pack) -> Pack:
    tr = Translator(lib, pack.variant.locale)
    pack = pack.model_copy(deep=True)
    scope = Scope(audience=pack.audience.id, country=pack.country.id, level=pack.country.level,
                  edition=pack.variant.edition, locale=pack.variant.locale)
    # a passage shown in the library's language (no current translation) is filled in in that
    # language too: the country's name, figures, quotation marks
    source_tr = Translator(lib, lib.meta.default_locale)

    def filler(usage: Usage):
        local = content_context(lib, scope, tr, usage)
        fallback = content_context(lib, scope, source_tr, usage)

        def text(context: str, source: str) -> str:
            translated = tr.text(context, source)
            return _resolve(context, translated,
                            local if translated is not source or tr.default else fallback)
        return text

    pack_usage = Usage()
    for part in [*pack.intro, *pack.opening, *pack.closing]:
        _translate(part, filler(pack_usage))
    pack.evaluation = [tr.text(ctx.library("evaluation", str(i + 1)), line)
                       for i, line in enumerate(pack.evaluation)]
    all_facts: set[str] = set(pack_usage.facts)
    all_sources: list[str] = [lib.figures[f].source for f in pack_usage.figures]
    for module in pack.modules:
        usage = Usage()
        text = filler(usage)
        # its quiz, and the questions the knowledge check asks of it (a course without module
        # quizzes asks only those)
        for item in [module, *module.objectives, *module.sections, *module.activities,
                     *pack.questions(module), *module.tools]:
            _translate(item, text)
        module.figures = sorted(set(usage.figures))
        module.facts = sorted(usage.facts)
        module.sources = _unique(module.sources + [lib.figures[f].source for f in module.figures]
                                 + usage.sources)
        all_facts |= usage.facts
        all_sources += module.sources
    # the knowledge check asks questions of the modules, as they now read
    questions = {q.context: q for m in pack.modules for q in m.quiz}
    pack.knowledge_check = [questions.get(q.context, q) for q in pack.knowledge_check]

    # names the pack shows, in the locale
    country = lib.countries[pack.country.id]
    level = pack.country.level
    pack.country.name = tr.text(ctx.country(country.id, "name"), country.name)
    in_text = country.name_in_text or country.name
    pack.country.name_in_text = tr.lookup(ctx.country(country.id, "name_in_text"), in_text) \
        or (pack.country.name if pack.country.name != country.name else in_text)
    pack.country.level_name = tr.text(ctx.level(level, "name"), pack.country.level_name)
    audience = ctx.audience(pack.audience.id)
    pack.audience.name = tr.text(f"{audience}/name", pack.audience.name)
    pack.audience.description = tr.text(f"{audience}/description", pack.audience.description)
    outline = f"{audience}/courses/{pack.audience.course}" if pack.audience.course else audience
    if pack.audience.focus:
        pack.audience.focus = tr.text(f"{outline}/outline/{level}/focus", pack.audience.focus)
    if pack.audience.course_name:
        pack.audience.course_name = tr.text(f"{outline}/name", pack.audience.course_name)
    pack.library = pack.library.model_copy(update={
        "name": tr.text(ctx.library("name"), pack.library.name)})
    titles = {m.id: m.title for m in pack.modules}
    for slot in pack.agenda:
        slot.title = titles[slot.module] if slot.module in titles else tr.ui(slot.title)

    pack.facts = _fact_records(country, sorted(all_facts, key=_fact_order), tr)
    fact_sources = [s for record in pack.facts for s in record.source]
    pack.sources = [lib.sources[s] for s in _unique(all_sources + fact_sources)
                    if s in lib.sources]
    pack.services = [PackService(
        name=s.name, contact=s.contact, area=s.area, source=list(s.source), as_of=s.as_of,
        confidence=s.confidence,
        serves=tr.text(ctx.country(country.id, "services", str(i + 1), "serves"), s.serves),
        note=tr.text(ctx.country(country.id, "services", str(i + 1), "note"), s.note)
        if s.note else None) for i, s in enumerate(country.services)]
    pack.check_before_delivery = _checks(lib, pack, country, tr)
    pack.sources += [lib.sources[x] for s in country.services for x in s.source
                     if x in lib.sources and lib.sources[x] not in pack.sources]
    pack.routes = routes(lib, country.id, tr)
    pack.fallbacks = _unique(tr.fallbacks)
    pack.translated_share = None if tr.default else round(tr.share, 3)
    pack.translation_reviewed = tr.drafts == 0
    pack.strings = tr.interface()
    return pack


def _as_of(as_of: str | None, tr: Translator) -> str:
    if not as_of or as_of == "undated":
        return tr.ui(ui.UNDATED)
    return format_as_of(as_of, tr.locale)


def _fact_order(path: str) -> int:
    return list(LABELS).index(path) if path in LABELS else len(LABELS)


def _fact_records(country, paths, tr: Translator) -> list[FactRecord]:
    out = []
    for path in paths:
        fact = fact_at(country, path)
        if fact is None:
            continue
        out.append(FactRecord(
            path=path, label=tr.ui(LABELS.get(path, path)),
            value=fact_text(tr, country.id, path, fact.value) if fact.known else tr.ui(ui.UNKNOWN),
            source=list(fact.source), as_of=fact.as_of, confidence=fact.confidence,
            note=fact_text(tr, country.id, path + "#note", fact.note) if fact.note else None))
    return out


def _checks(lib: Library, pack: Pack, country: Country, tr: Translator) -> list[CheckItem]:
    """The facilitator's work list: every fact to confirm, with the documents to check it
    against, and the routes a trainer expects that no source here confirms, to find and add."""
    items: list[CheckItem] = []
    for record in pack.facts:
        undated = not record.as_of or record.as_of == "undated"
        if record.confidence == "unknown":
            text = tr.ui(ui.CHECK_UNKNOWN).format(label=record.label)
        elif record.confidence != "verified":
            text = tr.ui(ui.CHECK_REPORTED_UNDATED if undated else ui.CHECK_REPORTED).format(
                label=record.label, value=record.value, confidence=tr.ui(record.confidence),
                as_of=_as_of(record.as_of, tr))
        elif is_contact(record.path):
            text = tr.ui(ui.CHECK_CONTACT_UNDATED if undated else ui.CHECK_CONTACT).format(
                label=record.label, value=record.value, as_of=_as_of(record.as_of, tr))
        else:
            continue
        items.append(CheckItem(text=text, sources=tuple(record.source)))
    for i, item in enumerate(country.check_before_delivery):
        items.append(CheckItem(text=tr.text(ctx.country(country.id, "check", str(i + 1)), item)))
    for (level_id, index), unknown in zip(pack.country.level_unknown_keys,
                                          pack.country.level_unknowns, strict=True):
        criterion = lib.level(level_id).criteria[index]
        if criterion.label:
            unknown = tr.ui(ui.LEVEL_CRITERION).format(
                level=tr.text(ctx.level(level_id, "name"), lib.level(level_id).name),
                criterion=tr.text(ctx.level(level_id, "criteria", str(index + 1)),
                                  criterion.label))
        items.append(CheckItem(text=tr.ui(ui.CHECK_LEVEL).format(criterion=unknown)))
    for route in _missing_routes(country):
        items.append(CheckItem(kind="find", text=tr.ui(ui.FIND_AND_ADD).format(
            route=tr.ui(route), country=pack.country.name_in_text)))
    return _unique(items)


def _missing_routes(country: Country) -> list[str]:
    """Routes a trainer expects that the profile does not record: to find, never invent."""
    missing = []
    if not present(fact_at(country, "reporting.police.emergency")):
        missing.append(ui.ROUTE_EMERGENCY)
    helpline = country.reporting.helpline
    serves = helpline.serves.value if helpline.serves and helpline.serves.known else ""
    if not (present(helpline.exists) and isinstance(serves, str)
            and any(word in serves.lower() for word in ("adult", "anyone", "everyone"))):
        missing.append(ui.ROUTE_ADULT_HELPLINE)
    if not present(fact_at(country, "reporting.police.online_reporting")):
        missing.append(ui.ROUTE_POLICE_REPORTING)
    if not present(fact_at(country, "reporting.self_image_removal")):
        missing.append(ui.ROUTE_SELF_REMOVAL)
    return missing


def _unique(items):
    seen, out = set(), []
    for item in items:
        if item not in seen:
            seen.add(item)
            out.append(item)
    return out
