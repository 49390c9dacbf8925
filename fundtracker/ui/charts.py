"""The dashboard's charts (QtCharts): balance and unfunded cost by month; money in by stream.

Figures come straight from a forecast ``Projection``. Chart coordinates are dollars
as floats (for drawing only); every figure printed as text is formatted from cents.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QCategoryAxis,
    QChart,
    QChartView,
    QLineSeries,
    QStackedBarSeries,
)
from PySide6.QtCore import QMargins, QPointF, Qt
from PySide6.QtGui import QColor, QCursor, QPainter, QPen
from PySide6.QtWidgets import QToolTip

from fundtracker.domain.money import format_dollars
from fundtracker.domain.months import MonthIndex, year_month

PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2", "#7f7f7f")
MONTH_ABBREVIATIONS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def month_label(month: MonthIndex) -> str:
    year, number = year_month(month)
    return f"{MONTH_ABBREVIATIONS[number - 1]} {year % 100:02d}"


def projection_month(projection: Any, column: int) -> str:
    return month_label(projection.start + column)


def dollars(cents: Any) -> float:
    """Cents as dollars for plotting (never for arithmetic or display)."""
    return int(cents) / 100


def nice_ceiling(value: float) -> float:
    """A round axis maximum at or above ``value`` (1, 2, 2.5 or 5 × a power of ten)."""
    if value <= 0:
        return 1.0
    power = float(10 ** (len(str(int(value))) - 1))
    for step in (1.0, 2.0, 2.5, 5.0):
        if step * power >= value:
            return step * power
    return 10.0 * power


def _chart(title: str, dark: bool) -> QChart:
    chart = QChart()
    if dark:
        chart.setTheme(QChart.ChartTheme.ChartThemeDark)
    chart.setTitle(title)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.setBackgroundRoundness(0)
    return chart


def _money_axis(top: float) -> QCategoryAxis:
    """A dollar axis from 0 with four round steps, labelled like the rest of the app ("$50,000")."""
    axis = QCategoryAxis()
    axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
    ceiling = nice_ceiling(top)
    for step in range(5):
        value = ceiling * step / 4
        axis.append(format_dollars(round(value * 100)), value)
    axis.setRange(0, ceiling)
    return axis


def _month_axis(start: MonthIndex, count: int, offset: float = 0.0) -> QCategoryAxis:
    """Month labels every 3 or 6 months; ``offset`` −0.5 centres them on bars."""
    axis = QCategoryAxis()
    axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
    step = 3 if count <= 24 else 6
    for column in range(0, count, step):
        axis.append(month_label(start + column), column)
    axis.setRange(offset, max(count - 1, 1) - offset)
    return axis


def chart_view(accessible_name: str) -> QChartView:
    view = QChartView()
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setAccessibleName(accessible_name)
    view.setMinimumHeight(240)
    return view


def balance_chart(series: list[tuple[str, Any]], dark: bool = False) -> QChart:
    """Balance (solid) and unfunded cost (dashed) by month, one colour per view or scenario.

    Args:
        series: (name, Projection) pairs, all over the same horizon.
    """
    chart = _chart("Balance and unfunded cost by month", dark)
    if not series:
        return chart
    start, count = series[0][1].start, len(series[0][1].months)
    top = 0.0
    x_axis = _month_axis(start, count)
    lines = []
    for number, (name, projection) in enumerate(series):
        color = QColor(PALETTE[number % len(PALETTE)])
        for label, values, style in (
            ("balance", projection.balance, Qt.PenStyle.SolidLine),
            ("unfunded", projection.unfunded, Qt.PenStyle.DashLine),
        ):
            line = QLineSeries()
            line.setName(f"{name}: {label}")
            points = [QPointF(offset, dollars(value)) for offset, value in enumerate(values)]
            line.append(points)
            top = max(top, *(p.y() for p in points)) if points else top
            pen = QPen(color, 2)
            pen.setStyle(style)
            line.setPen(pen)
            _hover_values(line, f"{name}: {label}", start, [int(v) for v in values])
            lines.append(line)
    y_axis = _money_axis(top)
    chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
    for line in lines:
        chart.addSeries(line)
        line.attachAxis(x_axis)
        line.attachAxis(y_axis)
    return chart


def _hover_values(line: QLineSeries, name: str, start: MonthIndex, cents: list[int]) -> None:
    """Hovering the line shows the month and its value, formatted from cents."""

    def hovered(point: QPointF, state: bool) -> None:
        column = round(point.x())
        if state and 0 <= column < len(cents):
            QToolTip.showText(QCursor.pos(), f"{name}, {month_label(start + column)}: {format_dollars(cents[column])}")
        else:
            QToolTip.hideText()

    line.hovered.connect(hovered)


def short_name(name: str, limit: int = 34) -> str:
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"


def stream_label(streams: Any, row: int, limit: int = 40) -> str:
    """A stream's name for a legend: shortened past ``limit`` characters, its key added when
    the shortened name would match another stream's."""
    label = short_name(streams[row].name, limit)
    if any(short_name(s.name, limit) == label for number, s in enumerate(streams) if number != row):
        return f"{label} ({streams[row].key})"
    return label


def inflow_chart(
    projection: Any,
    on_stream: Callable[[str], None] | None = None,
    dark: bool = False,
    most: int = 8,
) -> QChart:
    """Money in by month, stacked by stream; clicking a stream's bars opens it.

    Args:
        most: streams drawn on their own (the largest by money in); the rest share one bar set.
    """
    chart = _chart(f"Money in by month ({projection.view} view), by stream", dark)
    stacked = QStackedBarSeries()
    count = len(projection.months)
    totals = projection.stream_inflow.sum(axis=1)
    rows = [int(r) for r in totals.argsort(kind="stable")[::-1] if totals[r] > 0]
    shown, rest = rows[:most], rows[most:]
    groups: list[tuple[str, str | None, list[int]]] = [
        (stream_label(projection.streams, r), projection.streams[r].key, [r]) for r in sorted(shown)
    ]
    if rest:
        groups.append((f"{len(rest)} other streams", None, rest))
    top = [0.0] * count
    for number, (label, key, members) in enumerate(groups):
        values = [dollars(v) for v in projection.stream_inflow[members].sum(axis=0)]
        bar_set = QBarSet(label)
        bar_set.setProperty("full_name", ", ".join(projection.streams[r].name for r in members))
        bar_set.append(values)
        color = QColor(PALETTE[number % len(PALETTE)])
        bar_set.setColor(color)
        bar_set.setBorderColor(color)
        bar_set.hovered.connect(
            lambda status, index, label=label, values=values: (
                QToolTip.showText(
                    QCursor.pos(),
                    f"{label}, {projection_month(projection, index)}: {format_dollars(round(values[index] * 100))}",
                )
                if status
                else QToolTip.hideText()
            )
        )
        if on_stream is not None and key is not None:
            bar_set.clicked.connect(lambda _index, key=key: on_stream(key))
        stacked.append(bar_set)
        top = [t + v for t, v in zip(top, values)]
    stacked.setBarWidth(0.8)
    # The bars need a category axis; people read the sparser month axis drawn over it.
    bars_axis = QBarCategoryAxis()
    bars_axis.append([month_label(m) for m in projection.months])
    bars_axis.setVisible(False)
    months_axis = _month_axis(projection.start, count, -0.5)
    y_axis = _money_axis(max(top, default=0.0))
    chart.addSeries(stacked)
    chart.addAxis(bars_axis, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(months_axis, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
    stacked.attachAxis(bars_axis)
    stacked.attachAxis(y_axis)
    return chart


def _percent_axis() -> QCategoryAxis:
    axis = QCategoryAxis()
    axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
    for value in (0, 20, 50, 80, 100):
        axis.append(f"{value}%", value)
    axis.setRange(0, 100)
    return axis


def chance_chart(
    start: MonthIndex,
    curves: list[tuple[str, list[tuple[MonthIndex, float]]]],
    dark: bool = False,
) -> QChart:
    """The chance of staying funded through each month, one line per curve (overall first).

    The percent axis marks 20, 50 and 80 %, the thresholds the per-position odds name.
    Hovering a line shows the month and its chance, rounded as everywhere else.

    Args:
        start: the horizon's first month.
        curves: (name, [(month, chance)]) from the engine's probability result.
    """
    from fundtracker.domain.probability_text import probability_text

    chart = _chart("Chance of staying funded through each month", dark)
    if not curves:
        return chart
    count = len(curves[0][1])
    x_axis = _month_axis(start, count)
    y_axis = _percent_axis()
    chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
    for number, (name, curve) in enumerate(curves):
        line = QLineSeries()
        line.setName(name)
        line.append([QPointF(month - start, chance * 100) for month, chance in curve])
        pen = QPen(QColor(PALETTE[number % len(PALETTE)]), 3 if number == 0 else 1.5)
        if number:
            pen.setStyle(Qt.PenStyle.DashLine)
        line.setPen(pen)
        by_column = {month - start: chance for month, chance in curve}

        def hovered(point: QPointF, state: bool, name: str = name, by_column: dict[int, float] = by_column) -> None:
            column = round(point.x())
            if state and column in by_column:
                text = f"{name}, {month_label(start + column)}: {probability_text(by_column[column])}"
                QToolTip.showText(QCursor.pos(), text)
            else:
                QToolTip.hideText()

        line.hovered.connect(hovered)
        chart.addSeries(line)
        line.attachAxis(x_axis)
        line.attachAxis(y_axis)
    return chart
