"""Translation lookup: one locale's catalogue, and what fell back to the library's language.

A translation is used only when it is current (`Message.current`: translated, not fuzzy) and
written for the text as it stands now (its msgid). Everything else falls back, and the
Translator records why, so the pack can list and mark those passages.
"""
from __future__ import annotations

from .library import Library
from .pack import Fallback, FallbackState

# texts keyed by their wording within one context (texts.py): objectives, quiz answers
SHARED_CONTEXTS = ("/objectives", "/answers", "/items", "/columns", "/fields")


class Translator:
    """Looks texts up in one locale's catalogue and remembers what fell back."""

    def __init__(self, lib: Library, locale: str):
        self.locale = locale
        self.default = locale == lib.meta.default_locale
        self.messages = lib.translations.get(locale, {})
        self.contexts = {ctx for ctx, _ in self.messages}
        self.fallbacks: list[Fallback] = []
        self.drafts = 0  # translations used that no native speaker has reviewed
        self.words = 0  # words of library text looked up, and of those translated
        self.translated_words = 0

    def lookup(self, context: str | None, source: str) -> str | None:
        """The current translation, or None; records no fallback."""
        if self.default:
            return source
        message = self.messages.get((context, source))
        return message.msgstr if message is not None and message.current else None

    def text(self, context: str, source: str) -> str:
        """The translation of a library text, or the text itself (recorded as a fallback)."""
        words = len(source.split())
        self.words += words
        if self.default:
            self.translated_words += words
            return source
        message = self.messages.get((context, source))
        if message is not None and message.current:
            self.translated_words += words
            self.drafts += not message.reviewed
            return message.msgstr
        state: FallbackState = "fuzzy" if message is not None else \
            "stale" if context in self.contexts else "untranslated"
        self.fallbacks.append(Fallback(context=context, state=state,
                                       source=source if context.endswith(SHARED_CONTEXTS) else None))
        return source

    def ui(self, msgid: str) -> str:
        """An interface string; these fall back silently (the status command lists them)."""
        found = self.lookup(None, msgid)
        return msgid if found is None else found

    @property
    def share(self) -> float:
        """The share of the words looked up that had a current translation."""
        return self.translated_words / self.words if self.words else 1.0

    def interface(self) -> dict[str, str]:
        """Every current interface translation, for the templates."""
        if self.default:
            return {}
        return {msgid: m.msgstr for (ctx, msgid), m in self.messages.items()
                if ctx is None and m.current}
