"""Edit ▸ Preferences: theme and the number of trials for a sampled chance."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QSpinBox, QWidget

from fundtracker.ui import settings


class PreferencesDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self.theme = QComboBox()
        for theme in settings.THEMES:
            self.theme.addItem(theme.capitalize(), theme)
        self.theme.setCurrentIndex(max(self.theme.findData(settings.get(settings.THEME)), 0))
        self.theme.setToolTip("Light, dark, or follow the system")
        self.theme.setAccessibleName("Theme")
        self.trials = QSpinBox()
        self.trials.setRange(1000, 1_000_000)
        self.trials.setSingleStep(5000)
        self.trials.setGroupSeparatorShown(True)
        self.trials.setValue(settings.get(settings.TRIALS))
        self.trials.setToolTip("Trials drawn when there are too many uncertain streams to try every combination")
        self.trials.setAccessibleName("Probability trials")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QFormLayout(self)
        layout.addRow("&Theme:", self.theme)
        layout.addRow("&Probability trials:", self.trials)
        layout.addRow(buttons)

    def save(self) -> None:
        settings.put(settings.THEME, self.theme.currentData())
        settings.put(settings.TRIALS, self.trials.value())
