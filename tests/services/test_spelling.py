"""Spell checking: misspellings found with the system dictionary; a missing dictionary turns it off with a note."""

from __future__ import annotations

import sys

import pytest

from fundtracker.services.spelling import open_speller
from tests.conftest import IN_CI


@pytest.fixture
def speller():  # type: ignore[no-untyped-def]
    speller = open_speller()
    if not speller.available:
        # The dictionary is an optional system package; APT_TEST installs it, so CI must have it.
        if IN_CI:
            pytest.fail(f"CI must run the spell-check tests: {speller.note}")
        pytest.skip(speller.note)
    return speller


def test_misspelled_words_are_found_and_prose_only(speller) -> None:  # type: ignore[no-untyped-def]
    line = "The advocats work with {{runway.secured_funded_through}} and BJA at www.kcpd.org in FY2027; recieve 3rd"
    spans = speller.misspelled(line)
    assert [line[start : start + length] for start, length in spans] == ["advocats", "recieve"]
    assert "advocates" in speller.suggestions("advocats")
    assert speller.is_correct("partnership’s")  # a typographic apostrophe is still English
    speller.ignore("advocats")
    assert [line[s : s + n] for s, n in speller.misspelled(line)] == ["recieve"]


def test_a_missing_dictionary_turns_spell_check_off_with_a_note(monkeypatch: pytest.MonkeyPatch) -> None:
    enchant = pytest.importorskip("enchant")

    def no_dictionary(language: str) -> None:
        raise enchant.errors.DictNotFoundError(f'No word lists can be found for the language "{language}".')

    monkeypatch.setattr(enchant, "Dict", no_dictionary)
    speller = open_speller("en_US")
    assert not speller.available
    assert speller.note == (
        "Spell check is off: no en_US dictionary is installed "
        "(on Debian or Ubuntu: apt install libenchant-2-2 hunspell-en-us)."
    )
    assert speller.misspelled("recieve advocats") == []
    assert speller.suggestions("recieve") == []


def test_a_missing_enchant_library_turns_spell_check_off_with_a_note(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "enchant", None)  # `import enchant` raises ImportError
    speller = open_speller()
    assert not speller.available
    assert speller.note.startswith("Spell check is off: the enchant library is not installed")
    assert speller.misspelled("recieve") == []
