"""Spell checking of narrative text with the system's Hunspell dictionaries (through pyenchant).

Spell checking is a help, never a requirement: when the enchant library or the dictionary is
missing, :func:`open_speller` returns a speller that finds nothing, with a note saying why and
what to install, and nothing raises. Words the narrative uses on purpose are not checked:
placeholders (``{{runway.secured_funded_through}}``), web and e-mail addresses, words with digits,
acronyms in capitals (BJA, COMBAT) and single letters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Protocol

DEFAULT_LANGUAGE = "en_US"
INSTALL_HINT = "on Debian or Ubuntu: apt install libenchant-2-2 hunspell-en-us"
SUGGESTIONS = 6
# Letters, with inner apostrophes (don't, partnership's); digits and underscores end a word.
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
# Spans whose words are not prose: placeholders, addresses, and words glued to digits (3rd, FY2027).
_NOT_PROSE = re.compile(r"\{\{[^{}]*\}\}|\b(?:https?://|www\.)\S+|\S+@\S+|\w*\d\w*")


class Checker(Protocol):
    """What a dictionary does (enchant.Dict has these)."""

    def check(self, word: str) -> bool: ...

    def suggest(self, word: str) -> list[str]: ...


@dataclass
class Speller:
    """Finds misspelled words in a line and suggests replacements.

    Args:
        checker: the dictionary, or None when spell checking is off.
        note: the language in use, or why spell checking is off (shown to the user).
    """

    checker: Checker | None
    note: str
    ignored: set[str] = field(default_factory=set)

    @property
    def available(self) -> bool:
        return self.checker is not None

    def is_correct(self, word: str) -> bool:
        """Whether ``word`` is spelled right (always, when spell checking is off)."""
        if self.checker is None or _skipped(word) or word in self.ignored:
            return True
        # A typographic apostrophe is the same word to a reader; Hunspell's lists use the ASCII one.
        return bool(self.checker.check(word.replace("’", "'")))

    def misspelled(self, line: str) -> list[tuple[int, int]]:
        """``(start, length)`` of every misspelled word in ``line``."""
        if self.checker is None:
            return []
        skip = [match.span() for match in _NOT_PROSE.finditer(line)]
        found = []
        for match in _WORD.finditer(line):
            start, end = match.span()
            if any(a <= start < b for a, b in skip):
                continue
            if not self.is_correct(match.group()):
                found.append((start, end - start))
        return found

    def suggestions(self, word: str) -> list[str]:
        """Up to :data:`SUGGESTIONS` replacements for ``word`` (none when spell checking is off)."""
        if self.checker is None:
            return []
        return list(self.checker.suggest(word.replace("’", "'")))[:SUGGESTIONS]

    def ignore(self, word: str) -> None:
        """Treat ``word`` as correct from now on (this session)."""
        self.ignored.add(word)


def _skipped(word: str) -> bool:
    return len(word) < 2 or (word.isupper() and len(word) <= 8)


def open_speller(language: str = DEFAULT_LANGUAGE) -> Speller:
    """A speller for ``language``; when enchant or its dictionary is missing, one that is off, with a note why."""
    try:
        import enchant
    except (ImportError, OSError):  # pyenchant itself missing, or the C library it loads
        return Speller(None, f"Spell check is off: the enchant library is not installed ({INSTALL_HINT}).")
    try:
        checker = enchant.Dict(language)
    except enchant.errors.Error:
        return Speller(None, f"Spell check is off: no {language} dictionary is installed ({INSTALL_HINT}).")
    return Speller(checker, f"Spell check: {language} ({checker.provider.name})")
