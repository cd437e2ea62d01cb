"""Stage 2, validate: the loaded library's cross-references and texts, all problems at once.

- every id a file names exists: audiences, levels, countries, locales, sources, figures,
  prerequisites (and these have no cycle), fact paths in criteria and `when:` conditions;
- every text compiles in the content sandbox, names only what module text may name, and uses
  Markdown the renderer keeps (no raw HTML, no images, only http/https/mailto links);
- every text renders for every country it can reach: a fact the profile does not know must be
  guarded (`when: {has: [...]}` or `{% if country.x.y.known %}`), never printed blank;
- translations compile and name the same things.
"""
from __future__ import annotations

import difflib
from collections import defaultdict

from jinja2 import TemplateSyntaxError

from . import markup, templating
from .diagnostics import Collector, Problems
from .facts import all_facts, fact_paths
from .levels import criteria_facts, derive
from .load import Library, Origin
from .localise import Translator, content_context
from .models import When
from .pack import Pack, PackAudience, PackCountry, Variant
from .tailor import check_when
from .texts import Text, library_texts, module_texts


def _close(word: str, options) -> str:
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else \
        f"known: {', '.join(sorted(options)[:12])}{' ...' if len(options) > 12 else ''}"


class _Checker:
    def __init__(self, lib: Library, problems: Collector):
        self.lib = lib
        self.p = problems
        self.bad_translations: set[tuple[str, str]] = set()  # (locale, context) already reported

    def add(self, origin: Origin, key: tuple, message: str, hint: str, code: str = "ref",
            severity: str = "error"):
        path, line, col = origin.place(*key)
        self.p.add(path, line, col, message, hint, code=code, severity=severity)

    def ref(self, origin: Origin, key: tuple, kind: str, ident: str, known) -> None:
        if ident in known or (kind, ident) in self.lib.broken:
            return
        self.add(origin, key, f"unknown {kind} '{ident}'", _close(ident, known))

    def fact_path(self, origin: Origin, key: tuple, path: str) -> None:
        if path not in fact_paths():
            self.add(origin, key, f"unknown fact '{path}'", _close(path, fact_paths()))

    def when(self, origin: Origin, key: tuple, when: When | None) -> None:
        if when is None:
            return
        for i, a in enumerate(when.audiences or []):
            self.ref(origin, key + ("when", "audiences", i), "audience", a, self.lib.audiences)
        for i, level in enumerate(when.levels or []):
            self.ref(origin, key + ("when", "levels", i), "level", level, self.lib.level_ids)
        for i, c in enumerate(when.countries or []):
            self.ref(origin, key + ("when", "countries", i), "country", c, self.lib.countries)
        for field in ("has", "lacks"):
            for i, path in enumerate(getattr(when, field) or []):
                self.fact_path(origin, key + ("when", field, i), path)

    # -- texts --------------------------------------------------------------------------------

    def text(self, origin: Origin, text: Text, value: str | None = None,
             where: tuple[str, int] | None = None) -> bool:
        """Static checks of one text; `where` places a translation in its PO file."""
        value = text.text if value is None else value
        lines = value.splitlines()

        def report(offset: int, col: int | None, message: str, hint: str, code: str,
                   needle: str | None = None):
            if where is not None:
                self.p.add(where[0], where[1], 1, f"{message} (in the translation of "
                           f"{text.context})", hint, code=code)
                return
            path, line, base_col = origin.text_place(text.key, offset)
            if col is None and needle and 0 <= offset < len(lines) and needle in lines[offset]:
                col = lines[offset].index(needle) + 1
            if col is not None and origin.doc.place(text.key).style in ("|", ">"):
                col = base_col + col - 1  # a column inside the block, counted from its indent
            self.p.add(path, line, col or base_col, message, hint, code=code)

        ok = True
        if text.templated:
            try:
                chains, figures, sources = templating.names_used(value)
            except TemplateSyntaxError as exc:
                report((exc.lineno or 1) - 1, None, f"template syntax error: {exc.message}",
                       "check the {{ }} and {% %} around this line", "template")
                return False
            for use in chains:
                problem = templating.check_name(use.path)
                if problem:
                    ok = False
                    report(use.line - 1, None, problem, templating.suggest(use.path), "name",
                           needle=use.path)
            for ident, line in figures:
                if ident is None:
                    ok = False
                    report(line - 1, None, "figure() needs a literal id, e.g. figure(\"id\")",
                           "name the figure by its id in sources/", "name")
                elif ident not in self.lib.figures and ("figure", ident) not in self.lib.broken:
                    ok = False
                    report(line - 1, None, f"unknown figure '{ident}'",
                           _close(ident, self.lib.figures), "ref", needle=ident)
            for ident, line in sources:
                if ident is None or (ident not in self.lib.sources and
                                     ("source", ident) not in self.lib.broken):
                    ok = False
                    report(line - 1, None, f"unknown source '{ident}'",
                           _close(str(ident), self.lib.sources), "ref", needle=ident)
        elif "{{" in value or "{%" in value:
            report(0, None, "this text may not hold {{ }} or {% %} expressions",
                   "only module texts are filled in per country; write it out", "template")
        if text.markdown:
            for offset, col, message, hint in markup.problems(value):
                report(offset, col, message, hint, "markdown")
        elif "\n" in value.strip():
            report(0, None, "this text should be a single line", "join the lines", "markdown")
        return ok

    # -- files -------------------------------------------------------------------------------

    def library(self):
        lib = self.lib
        origin = lib.origin("library", "library")
        if lib.meta.default_locale not in lib.locales:
            self.add(origin, ("default_locale",), f"the default locale '{lib.meta.default_locale}'"
                     f" has no folder locales/{lib.meta.default_locale}/",
                     "create it with a locale.yaml")
        seen = set()
        for i, ident in enumerate(lib.meta.sequence):
            self.ref(origin, ("sequence", i), "module", ident, lib.modules)
            if ident in seen:
                self.add(origin, ("sequence", i), f"'{ident}' is listed twice in the sequence",
                         "list each module once")
            seen.add(ident)
        ids = set()
        for i, section in enumerate(lib.meta.intro):
            if section.id in ids:
                self.add(origin, ("intro", i, "id"), f"the part id '{section.id}' is used twice",
                         "give each part its own id")
            ids.add(section.id)
            self.when(origin, ("intro", i), section.when)
        for text in library_texts(lib.meta):
            if text.key[0] == "intro":
                self.text(origin, text)

    def levels(self):
        for level, index, condition in criteria_facts(self.lib.levels):
            origin = self.lib.origin("level", level.id)
            self.fact_path(origin, ("criteria", index), condition.fact)

    def audiences(self):
        for audience in self.lib.audiences.values():
            origin = self.lib.origin("audience", audience.id)
            for level in audience.outline:
                self.ref(origin, ("outline", level), "level", level, self.lib.level_ids)

    def figures(self):
        for figure in self.lib.figures.values():
            origin = self.lib.origin("figure", figure.id)
            self.ref(origin, ("source",), "source", figure.source, self.lib.sources)

    def countries(self):
        for country in self.lib.countries.values():
            origin = self.lib.origin("country", country.id)
            for i, locale in enumerate(country.locales):
                self.ref(origin, ("locales", i), "locale", locale, self.lib.locales)
            for path, fact in all_facts(country):
                key = tuple(path.split("."))
                for i, source in enumerate(fact.source):
                    self.ref(origin, key + ("source", i), "source", source, self.lib.sources)
            if country.level_override:
                self.ref(origin, ("level_override", "level"), "level",
                         country.level_override.level, self.lib.level_ids)
                if self.lib.levels and country.level_override.level == \
                        derive(self.lib.levels, country).derived:
                    self.add(origin, ("level_override",), "the level override gives the level "
                             "the rule derives anyway", "remove level_override", code="level",
                             severity="warning")

    def modules(self):
        lib = self.lib
        for module in lib.modules.values():
            origin = lib.origin("module", module.id)
            for i, a in enumerate(module.audiences):
                self.ref(origin, ("audiences", i), "audience", a, lib.audiences)
            for i, level in enumerate(module.levels):
                self.ref(origin, ("levels", i), "level", level, lib.level_ids)
            for i, p in enumerate(module.prerequisites):
                self.ref(origin, ("prerequisites", i), "module", p, lib.modules)
                if p == module.id:
                    self.add(origin, ("prerequisites", i), "a module cannot be its own "
                             "prerequisite", "remove it")
            for i, s in enumerate(module.sources):
                self.ref(origin, ("sources", i), "source", s, lib.sources)
            for field in ("sections", "activities", "quiz"):
                seen: dict[str, int] = {}
                for i, item in enumerate(getattr(module, field)):
                    if item.id in seen:
                        self.add(origin, (field, i, "id"), f"the id '{item.id}' is used twice "
                                 f"in {field}", "give each its own id")
                    seen[item.id] = i
                    self.when(origin, (field, i), item.when)
            if isinstance(module.priority, dict):
                for name in module.priority:
                    if name != "default":
                        self.ref(origin, ("priority", name), "audience", name, lib.audiences)
            for i, objective in enumerate(module.objectives):
                self.when(origin, ("objectives", i), objective.when)
            if not any(s.kind == "content" for s in module.sections):
                self.add(origin, ("sections",), "a module needs at least one content section",
                         "add a section without `kind:` (or with kind: content)")
            for text in module_texts(module):
                self.text(origin, text)
        self.cycles()

    def cycles(self):
        lib = self.lib
        state: dict[str, int] = {}
        reported = set()

        def visit(ident, trail):
            state[ident] = 1
            for p in lib.modules[ident].prerequisites:
                if p not in lib.modules or p == ident:
                    continue
                if state.get(p) == 1:
                    cycle = trail[trail.index(p):] + [p] if p in trail else [ident, p]
                    key = frozenset(cycle)
                    if key not in reported:
                        reported.add(key)
                        origin = lib.origin("module", ident)
                        index = lib.modules[ident].prerequisites.index(p)
                        self.add(origin, ("prerequisites", index),
                                 f"prerequisite cycle: {' -> '.join(cycle)}",
                                 "a module cannot (even indirectly) require itself; remove "
                                 "one of these prerequisites")
                elif state.get(p) is None:
                    visit(p, trail + [p])
            state[ident] = 2

        for ident in sorted(lib.modules):
            if ident not in state:
                visit(ident, [ident])

    # -- rendering: every text for every country it can reach -------------------------------

    def renders(self):
        lib = self.lib
        if not lib.levels or not lib.audiences:
            return
        failures: dict[tuple, list[str]] = defaultdict(list)
        origins = {}
        contexts: dict[tuple, tuple] = {}

        def context_for(country, audience, level, locale):
            key = (country.id, audience, locale)
            if key not in contexts:
                tr = Translator(lib, locale)
                stub = _stub_pack(lib, audience, country, level, locale)
                contexts[key] = (tr, content_context(lib, stub, tr, templating.Usage()))
            return contexts[key]

        derived = {c.id: derive(lib.levels, c).level for c in lib.countries.values()}
        for module in lib.modules.values():
            origin = lib.origin("module", module.id)
            texts = [t for t in module_texts(module) if t.templated and "{" in t.text]
            guards = _guards(module)
            for country in lib.countries.values():
                level = derived[country.id]
                if level not in module.levels or level not in lib.level_ids:
                    continue
                locales = [lib.meta.default_locale] + [
                    loc for loc in country.locales
                    if loc != lib.meta.default_locale and loc in lib.locales]
                for audience in module.audiences:
                    if audience not in lib.audiences:
                        continue
                    for locale in locales:
                        tr, ctx = context_for(country, audience, level, locale)
                        for text in texts:
                            if check_when(guards.get(text.key[:2]), audience, level, country):
                                continue
                            value = tr.text(text.context, text.text)
                            if (locale, text.context) in self.bad_translations:
                                continue
                            try:
                                templating.render(value, ctx)
                            except templating.UnknownFact as exc:
                                line = templating.template_line(exc) or 1
                                key = (module.id, text.key, line, exc.path,
                                       locale if value is not text.text else "")
                                origins[key] = origin
                                failures[key].append(country.name)
                            except Exception as exc:  # noqa: BLE001 - any failure is a finding
                                line = templating.template_line(exc) or 1
                                path, fline, col = origin.text_place(text.key, line - 1)
                                self.p.add(path, fline, col, f"this text fails to render for "
                                           f"{country.name}: {type(exc).__name__}: {exc}",
                                           "fix the expression on this line", code="template")
        for key, names in sorted(failures.items(), key=lambda kv: str(kv[0])):
            _, text_key, line, fact, locale = key
            fpath, fline, col = origins[key].text_place(text_key, line - 1)
            source_line = _text_line(origins[key], text_key, line - 1)
            if f"country.{fact}" in source_line:
                col += source_line.index(f"country.{fact}")
            unique = sorted(set(names))
            who = ", ".join(unique[:4]) + (f" and {len(unique) - 4} more" if len(unique) > 4 else "")
            where = f" (in the {locale} translation)" if locale else ""
            self.p.add(fpath, fline, col,
                       f"country.{fact} is unknown for {who}, where this text is used{where}",
                       f"guard it with `when: {{has: [{fact}]}}` on the section, or "
                       f"{{% if country.{fact}.known %}} ... {{% endif %}}", code="fact")

    def translations(self):
        lib = self.lib
        for locale, messages in lib.translations.items():
            if locale == lib.meta.default_locale:
                continue
            index = {}
            for module in lib.modules.values():
                for text in module_texts(module):
                    index[text.context] = (module, text)
            for (context, msgid), message in messages.items():
                if context is None or context not in index:
                    continue
                module, text = index[context]
                if msgid != text.text:
                    continue  # stale: falls back, and `curriculum translate status` lists it
                if not self.text(lib.origin("module", module.id), text, message.msgstr,
                                 where=(message.path, message.line)):
                    self.bad_translations.add((locale, context))


def _text_line(origin: Origin, key: tuple, offset: int) -> str:
    """Line `offset` of the text at `key`, without the block's indentation."""
    node = origin.doc.data
    for part in origin.key + tuple(key):
        node = node[part]
    lines = str(node).splitlines()
    return lines[offset] if 0 <= offset < len(lines) else ""


def _guards(module) -> dict[tuple, When | None]:
    """The `when:` that governs each text of a module, by the text's key prefix."""
    out: dict[tuple, When | None] = {}
    for field in ("sections", "activities", "quiz", "objectives"):
        for i, item in enumerate(getattr(module, field)):
            out[(field, i)] = item.when
    return out


def _stub_pack(lib: Library, audience: str, country, level: str, locale: str) -> Pack:
    """The little of a pack that the content context needs."""
    info = lib.locales[locale]
    return Pack(
        variant=Variant(audience=audience, country=country.id, locale=locale,
                        edition="facilitator"),
        library={}, audience=PackAudience(id=audience, name="", description=""),
        country=PackCountry(id=country.id, name=country.name, iso=country.iso,
                            region=country.region, level=level, level_name="",
                            derived_level=level),
        locale_name=info.name, budget_minutes=0)


def validate(lib: Library) -> list:
    """Check the loaded library; returns every diagnostic (errors and warnings)."""
    problems = lib.problems if lib.problems is not None else Collector(lib.root)
    checker = _Checker(lib, problems)
    checker.library()
    checker.levels()
    checker.audiences()
    checker.figures()
    checker.countries()
    checker.modules()
    if not problems.errors:  # rendering checks assume the references hold
        checker.translations()
        checker.renders()
    return problems.items


def validate_or_raise(lib: Library) -> list:
    items = validate(lib)
    if any(d.severity == "error" for d in items):
        raise Problems(items)
    return items
