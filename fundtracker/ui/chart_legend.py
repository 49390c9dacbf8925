"""A chart with its legend below it as wrapping text, so no series name is ever cut off.

QtCharts lays a legend out on one line and elides what does not fit ("Secured: bala…",
"Comm…"), which left lines and bars that could not be told apart. :class:`LegendChartView`
hides the chart's own legend and writes one below it that wraps instead: one coloured
square per view, scenario or stream, and for line charts a key to the line styles.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from PySide6.QtCharts import QAbstractBarSeries, QChart, QChartView, QLineSeries
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from fundtracker.ui.charts import chart_view

# Line names are "<what>: <measure>" (charts.balance_chart); the measure is shown by the line style.
MEASURE_SEPARATOR = ": "
STYLE_KEY = "solid line: balance; dashed line: unfunded cost"


@dataclass(frozen=True)
class LegendEntry:
    """One name in the legend, its colour (``#rrggbb``) and, when the name is shortened, the whole name."""

    name: str
    color: str
    full_name: str = ""


def legend_entries(chart: QChart) -> list[LegendEntry]:
    """The chart's series as legend entries, in drawing order.

    Lines that share a colour and a name before ``": "`` ("Secured: balance",
    "Secured: unfunded") are one entry ("Secured"); each bar set is an entry.
    """
    entries: list[LegendEntry] = []
    for series in chart.series():
        if isinstance(series, QLineSeries):
            name = series.name().split(MEASURE_SEPARATOR, 1)[0]
            entry = LegendEntry(name, series.pen().color().name())
            if entry not in entries:
                entries.append(entry)
        elif isinstance(series, QAbstractBarSeries):
            entries += [
                LegendEntry(bar.label(), bar.color().name(), str(bar.property("full_name") or ""))
                for bar in series.barSets()
            ]
    return entries


def has_lines(chart: QChart) -> bool:
    return any(isinstance(series, QLineSeries) for series in chart.series())


def legend_html(entries: list[LegendEntry], style_key: str = "") -> str:
    """Entries as rich text that wraps between entries, never inside a name."""
    items = [
        f'<span style="color:{entry.color}; font-size:large">&#9632;</span>&nbsp;'
        f"{html.escape(entry.name).replace(' ', '&nbsp;')}"
        for entry in entries
    ]
    text = " &nbsp; ".join(items)
    if style_key:
        text += f' &nbsp; <span style="color:gray">({html.escape(style_key).replace(" ", "&nbsp;")})</span>'
    return text


class LegendChartView(QWidget):
    """A chart view with a wrapping legend underneath.

    Args:
        accessible_name: what screen readers call the chart.
    """

    def __init__(self, accessible_name: str, parent: QWidget | None = None, *, style_key: str = STYLE_KEY) -> None:
        super().__init__(parent)
        self.style_key = style_key  # what the line styles mean, shown after the entries
        self.view: QChartView = chart_view(accessible_name)
        self.legend = QLabel()
        self.legend.setWordWrap(True)
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.legend.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.legend.setAccessibleName(f"{accessible_name} legend")
        self.entries: list[LegendEntry] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.legend)
        self.setAccessibleName(accessible_name)

    def setChart(self, chart: QChart) -> None:  # mirrors QChartView.setChart
        """Show ``chart`` (the view takes it over) with its legend below."""
        chart.legend().setVisible(False)
        old = self.view.chart()
        self.view.setChart(chart)
        if old is not None and old is not chart:
            old.deleteLater()
        self.entries = legend_entries(chart)
        self.legend.setText(legend_html(self.entries, self.style_key if has_lines(chart) else ""))
        self.legend.setToolTip("\n".join(entry.full_name or entry.name for entry in self.entries))
        self.legend.setVisible(bool(self.entries))

    def chart(self) -> QChart:
        return self.view.chart()

    def legend_text(self) -> str:
        """The legend as plain text (what a person reads)."""
        return html.unescape(re.sub(r"<[^>]+>", "", self.legend.text())).replace("\xa0", " ")
