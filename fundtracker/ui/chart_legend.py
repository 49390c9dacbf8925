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
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QFileDialog, QLabel, QMenu, QMessageBox, QSizePolicy, QVBoxLayout, QWidget

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
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)

    def _context_menu(self, point: QPoint) -> None:
        """Right-click: save the chart with its legend as PNG or SVG."""
        menu = QMenu(self)
        menu.addAction("Save chart as &PNG…", lambda: self._save_as("PNG image (*.png)", ".png"))
        menu.addAction("Save chart as &SVG…", lambda: self._save_as("SVG image (*.svg)", ".svg"))
        menu.exec(self.view.mapToGlobal(point))

    def _save_as(self, kind: str, suffix: str) -> None:
        name = re.sub(r"[^a-z0-9]+", "-", self.accessibleName().lower()).strip("-") or "chart"
        path, _ = QFileDialog.getSaveFileName(self, "Save chart", f"{name}{suffix}", kind)
        if not path:
            return
        if not path.lower().endswith(suffix):
            path += suffix
        saved = self.save_svg(path) if suffix == ".svg" else self.save_png(path)
        if not saved:
            QMessageBox.warning(self, "Save chart", f"The chart could not be saved to {path}.")

    def save_png(self, path: str) -> bool:
        """The chart and its legend as a PNG image (as on screen)."""
        return bool(self.grab().save(path, "PNG"))

    def save_svg(self, path: str) -> bool:
        """The chart and its legend as an SVG drawing (lines stay lines)."""
        from PySide6.QtSvg import QSvgGenerator

        generator = QSvgGenerator()
        generator.setFileName(path)
        generator.setSize(self.size())
        generator.setViewBox(QRect(QPoint(0, 0), self.size()))
        generator.setTitle(self.accessibleName())
        painter = QPainter()
        if not painter.begin(generator):
            return False
        try:
            self.render(painter, QPoint(0, 0))
        finally:
            painter.end()
        return True

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
