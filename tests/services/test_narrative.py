"""Narrative markup, counts, limits and placeholders."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from fundtracker.domain.errors import InputError
from fundtracker.domain.months import month_index
from fundtracker.domain.records import Section, TextBlock, Workspace
from fundtracker.services.application_budget import application_budget
from fundtracker.services.live_values import filled_sections, live_values
from fundtracker.services.markup import (
    BulletList,
    Paragraph,
    Run,
    char_count,
    escape_markup,
    fill,
    parse,
    parse_inline,
    placeholders,
    plain_text,
    section_counts,
    word_count,
)


def test_paragraphs_line_breaks_and_bullets() -> None:
    blocks = parse("First line\nsecond line\n\n- one\n  continued\n- two\n\nAfter.")
    assert blocks == (
        Paragraph(((Run("First line"),), (Run("second line"),))),
        BulletList((((Run("one"),), (Run("continued"),)), ((Run("two"),),))),
        Paragraph(((Run("After."),),)),
    )


def test_bold_italic_and_nesting() -> None:
    assert parse_inline("a **b *c* d** e") == (
        Run("a "),
        Run("b ", bold=True),
        Run("c", bold=True, italic=True),
        Run(" d", bold=True),
        Run(" e"),
    )
    assert parse_inline("*it*") == (Run("it", italic=True),)


def test_stray_asterisks_and_tags_stay_literal() -> None:
    assert parse_inline("5 * 3 and 2 ** 4") == (Run("5 * 3 and 2 ** 4"),)
    assert parse_inline("**unclosed") == (Run("**unclosed"),)
    assert parse_inline("<b>not bold</b> &amp; <font>") == (Run("<b>not bold</b> &amp; <font>"),)


def test_backslash_escapes() -> None:
    assert parse_inline(r"\*not italic\*") == (Run("*not italic*"),)
    assert parse(r"\- not a bullet") == (Paragraph(((Run("- not a bullet"),),)),)
    assert parse_inline(escape_markup("a*b**c \\ {{x}}")) == (Run("a*b**c \\ {{x}}"),)


def test_counts_ignore_markup_and_bullets() -> None:
    text = "**Bold** words here.\n\n- one item\n- two *items*"
    assert word_count(text) == 7
    assert char_count("ab\ncd") == 4
    assert plain_text(text) == "Bold words here.\n\n• one item\n• two items"


def test_word_and_page_limits_warn() -> None:
    section = Section("abstract", "Abstract", " ".join(["word"] * 401), word_limit=400, page_limit=None)
    counts = section_counts(section)
    assert counts.words == 401
    assert counts.warnings == ("section 'Abstract' has 401 words, over its limit of 400 by 1",)
    long = Section("need", "Need", " ".join(["word"] * 1000), page_limit=2)
    # The page limit is checked on the laid-out page count the caller passes, never guessed from words.
    assert section_counts(long).warnings == ()
    assert section_counts(long, pages=2).warnings == ()
    assert section_counts(long, pages=3).warnings == (
        "section 'Need' runs to 3 pages laid out, over its limit of 2 pages",
    )
    assert section_counts(Section("x", "X", "short", word_limit=10)).warnings == ()


def test_placeholders_are_listed_in_order() -> None:
    assert placeholders("{{a}} {{ b }} {{a}} \\{{c}}") == ["a", "b"]


def test_fill_unknown_placeholder_names_it(sample: Workspace) -> None:
    app = sample.find("application", "bja_cvi")
    values = live_values(sample, app, as_of=date(2022, 1, 1))
    with pytest.raises(InputError) as caught:
        fill("Hello {{organisation.name}}", values, "section 'need'")
    assert "unknown placeholder {{organisation.name}}" in str(caught.value)
    assert str(caught.value).startswith("section 'need': ")
    with pytest.raises(InputError, match=r"unknown placeholder \{\{text_block.nope\}\}"):
        fill("{{text_block.nope}}", values)


def test_live_values(sample: Workspace) -> None:
    app = sample.find("application", "bja_cvi")
    values = live_values(sample, app, as_of=date(2022, 1, 1))
    budget = application_budget(sample, "bja_cvi")
    assert budget.total == 69_026_218
    assert fill("{{organization.name}}", values) == "Kansas City Community Safety Partnership"
    assert fill("{{budget.total}}", values) == "$690,262.18"
    assert fill("{{budget.indirect_rate}} of {{budget.personnel}}", values) == "10% of $499,128.78"
    assert fill("{{application.requested_amount}}", values) == "$690,262.18"  # the sample asks for its budget
    assert fill("{{application.period}}", values) == "July 1, 2022 – June 30, 2025"
    assert fill("{{text_block.mission}}", values).startswith("To reduce gun violence in Kansas City")


def test_runway_placeholder_is_the_forecast_answer(sample: Workspace) -> None:
    forecast = pytest.importorskip("fundtracker.forecast")
    app = sample.find("application", "bja_cvi")
    as_of = date(2022, 1, 1)
    projection = forecast.forecast(sample, view="secured", start=month_index(as_of))
    through = projection.funded_through
    assert through is not None
    expected = f"{through:%B} {through.day}, {through.year}"
    assert fill("{{runway.secured_funded_through}}", live_values(sample, app, as_of=as_of)) == expected


def test_values_with_markup_characters_stay_literal(sample: Workspace) -> None:
    organization = dataclasses.replace(sample.organization, name="*Stars* & <Co>")
    workspace = dataclasses.replace(sample, organization=organization)
    app = workspace.find("application", "bja_cvi")
    text = fill("We are {{organization.name}}.", live_values(workspace, app))
    assert parse_inline(text) == (Run("We are *Stars* & <Co>."),)


def test_text_blocks_nest_and_loops_are_errors(sample: Workspace) -> None:
    blocks = (
        TextBlock("a", "A", "A says {{text_block.b}}"),
        TextBlock("b", "B", "B is **{{organization.name}}**"),
        TextBlock("loop", "Loop", "again {{text_block.loop}}"),
    )
    workspace = dataclasses.replace(sample, text_blocks=blocks)
    values = live_values(workspace, workspace.find("application", "bja_cvi"))
    assert fill("{{text_block.a}}", values) == "A says B is **Kansas City Community Safety Partnership**"
    with pytest.raises(InputError, match="text blocks include each other in a loop: loop → loop"):
        fill("{{text_block.loop}}", values)


def test_filled_sections_of_the_sample(sample: Workspace) -> None:
    app = sample.find("application", "bja_cvi")
    filled = dict((s.key, text) for s, text in filled_sections(sample, app, as_of=date(2022, 1, 1)))
    assert filled["abstract"].startswith("Kansas City Community Safety Partnership requests $690,262.18 ")
    assert "KC NoVA" in filled["capabilities"]
