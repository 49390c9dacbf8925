"""Portal-style counts of what "copy as plain text" copies: with spaces, without, with line breaks."""

from __future__ import annotations

from fundtracker.services.portal_counts import count, portal_counts


def test_counts_of_a_paragraph_a_list_and_emphasis() -> None:
    markup = "We serve **Kansas City**.\n\n- Retain advocates\n- *Reach* residents"
    text, counts = portal_counts(markup)
    assert text == "We serve Kansas City.\n\n• Retain advocates\n• Reach residents"
    # "We serve Kansas City." 21 + "• Retain advocates" 18 + "• Reach residents" 17 = 56 with spaces.
    assert counts.with_spaces == 56
    # Spaces: 3 + 2 + 2 = 7 → 49 without.
    assert counts.without_spaces == 49
    assert counts.line_breaks == 3  # the blank line between paragraph and list is two breaks
    assert counts.with_line_breaks == 59
    assert counts.with_crlf_line_breaks == 62
    assert counts.words == 10  # the bullets "•" count as words, as a portal's counter sees them
    assert counts.summary == ("56 characters with spaces · 49 without · 59 with line breaks (62 as CR LF) · 10 words")


def test_a_decomposed_accent_counts_once_and_crlf_is_one_break() -> None:
    counts = count("Pen\u0303a\r\nx\ty")
    # NFC: "Peña" 4, "x y" 3 (the tab is a space); one line break.
    assert (counts.with_spaces, counts.without_spaces, counts.line_breaks) == (7, 6, 1)


def test_no_break_spaces_are_spaces_and_empty_text_is_zero() -> None:
    assert count("a\u00a0b").without_spaces == 2
    empty = count("")
    assert (empty.with_spaces, empty.without_spaces, empty.with_line_breaks, empty.words) == (0, 0, 0, 0)
