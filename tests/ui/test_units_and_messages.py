"""Units beside the form fields, and refusals that name fields and records as people read them (issue 11)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from fundtracker.domain.errors import Problem, ValidationError
from fundtracker.domain.records import Allocation
from fundtracker.services.problem_text import describe, describe_all, field_label
from fundtracker.ui.organization_dialog import ORGANIZATION_FIELDS, OrganizationDialog
from fundtracker.ui.pages.record_panel import RecordPanel
from fundtracker.ui.pages.record_specs import APPLICATION, DEADLINE, EXPENSE, POSITION, STREAM

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_level_fail("WARNING")]


def unit_texts(form, name: str) -> list[str]:
    return [label.text() for label in form.units.get(name, [])]


@pytest.fixture
def streams(qtbot, session):
    panel = RecordPanel(session, STREAM)
    qtbot.addWidget(panel)
    panel.resize(1100, 700)
    panel.show()
    return panel


@pytest.fixture
def positions(qtbot, session):
    panel = RecordPanel(session, POSITION)
    qtbot.addWidget(panel)
    panel.resize(1100, 700)
    panel.show()
    return panel


def test_every_number_in_a_form_shows_its_unit(streams, positions, qtbot, session) -> None:
    stream_form, position_form = streams.form, positions.form
    assert unit_texts(stream_form, "amount") == ["$"]
    assert unit_texts(stream_form, "probability") == ["%"]
    assert unit_texts(stream_form, "schedule.lag_days") == ["days"]
    assert unit_texts(position_form, "annual_salary") == ["$"]
    assert unit_texts(position_form, "fte") == ["FTE"]
    assert unit_texts(position_form, "annual_raise") == ["%"]
    assert unit_texts(position_form, "fringe_rate") == ["%"]
    assert unit_texts(stream_form, "name") == []  # text has no unit
    # The "$" sits before its box and the "%" after it, on the same line, and both are shown.
    dollar = stream_form.units["amount"][0]
    amount = stream_form.editors["amount"]
    percent = stream_form.units["probability"][0]
    chance = stream_form.editors["probability"]
    assert dollar.isVisible() and percent.isVisible()
    assert (
        dollar.mapTo(stream_form, dollar.rect().topLeft()).x() < amount.mapTo(stream_form, amount.rect().topLeft()).x()
    )
    assert (
        percent.mapTo(stream_form, percent.rect().topLeft()).x()
        > chance.mapTo(stream_form, chance.rect().topLeft()).x()
    )
    assert (
        abs(
            percent.mapTo(stream_form, percent.rect().center()).y()
            - chance.mapTo(stream_form, chance.rect().center()).y()
        )
        <= 3
    )


def test_application_and_organization_fields_show_their_units(qtbot, session) -> None:
    panel = RecordPanel(session, APPLICATION)
    qtbot.addWidget(panel)
    assert unit_texts(panel.form, "requested_amount") == ["$"]
    assert unit_texts(panel.form, "match_percent") == ["%"]
    assert unit_texts(panel.form, "font_size") == ["pt"]
    assert unit_texts(panel.form, "budget_years") == ["years"]
    dialog = OrganizationDialog(session)
    qtbot.addWidget(dialog)
    assert unit_texts(dialog.form, "fringe_rate") == ["%"]
    assert unit_texts(dialog.form, "fiscal_year_start_month") == ["month (1–12)"]


def test_a_chance_over_100_percent_is_refused_in_percent(qtbot, streams, stored) -> None:
    assert streams.select_key("donors")
    chance = streams.form.editors["probability"]
    chance.selectAll()
    qtbot.keyClicks(chance, "150")
    qtbot.mouseClick(streams.save_button, Qt.MouseButton.LeftButton)
    message = streams.form.messages["probability"]
    assert message.isVisible()
    assert message.text() == "chance 150% is outside 0–100%"
    assert stored().stream("donors").probability == Decimal("0.6")


def test_fte_and_raise_refusals_name_the_field_as_labelled(qtbot, positions) -> None:
    assert positions.select_key("adv1")
    for name, text in (("fte", "1.6"), ("annual_raise", "120")):
        editor = positions.form.editors[name]
        editor.selectAll()
        qtbot.keyClicks(editor, text)
    assert not positions.save()
    assert positions.form.messages["fte"].text() == "FTE 1.6 is outside 0–1.5"
    assert positions.form.messages["annual_raise"].text() == "raise 120% is outside 0–100%"


def test_problems_away_from_their_record_name_it_and_the_field(session) -> None:
    workspace = session.workspace
    share = Problem("allocation", "adv1->combat", "percent", "share 120% is outside 0–100%")
    assert describe(share, workspace) == (
        "Maria Peña (Client Advocate) → COMBAT anti-crime tax allocation: Share: share 120% is outside 0–100%"
    )
    outcome = Problem("stream", "federal", "outcomes[1].probability", "chance 150% is outside 0–100%")
    assert describe(outcome, workspace) == (
        "Community Violence Intervention grant: Outcomes, line 2: chance 150% is outside 0–100%"
    )
    organization = Problem("organization", "", "indirect_rate", "indirect rate 150% is outside 0–100%")
    assert describe(organization, workspace) == "Organization: Indirect rate: indirect rate 150% is outside 0–100%"
    # One rule broken by several records is said once.
    assert describe_all([share, share], workspace).count("Share:") == 1


def test_the_labels_of_refusals_are_the_labels_of_the_forms() -> None:
    for spec in (STREAM, POSITION, EXPENSE, APPLICATION, DEADLINE):
        for field in spec.form_fields:
            assert field_label(spec.kind, field.name) == field.label, (spec.kind, field.name)
    for field in ORGANIZATION_FIELDS:
        assert field_label("organization", field.name) == field.label


def test_a_refused_allocation_share_names_the_share_not_the_attribute(session) -> None:
    from fundtracker.ui.models.record_table import problem_text

    with pytest.raises(ValidationError) as refused:
        session.create(Allocation("adv1", "health", Decimal("250")))
    text = problem_text(refused.value)
    assert text.startswith("Share: ")
    assert "percent:" not in text and "'adv1'" not in text
