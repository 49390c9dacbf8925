"""Light and dark palettes (Fusion style), and the application icon drawn in code."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QIcon, QPainter, QPainterPath, QPalette, QPixmap
from PySide6.QtWidgets import QApplication

Role = QPalette.ColorRole
Group = QPalette.ColorGroup


def is_dark(theme: str) -> bool:
    if theme == "dark":
        return True
    if theme == "light":
        return False
    hints = QGuiApplication.styleHints()
    return hints.colorScheme() == Qt.ColorScheme.Dark


def dark_palette() -> QPalette:
    palette = QPalette()
    colors = {
        Role.Window: "#2b2d30",
        Role.WindowText: "#e6e6e6",
        Role.Base: "#1e1f22",
        Role.AlternateBase: "#27292c",
        Role.ToolTipBase: "#3c3f41",
        Role.ToolTipText: "#f0f0f0",
        Role.Text: "#e6e6e6",
        Role.Button: "#3c3f41",
        Role.ButtonText: "#e6e6e6",
        Role.BrightText: "#ff6b6b",
        Role.Link: "#6cb6ff",
        Role.Highlight: "#2f65ca",
        Role.HighlightedText: "#ffffff",
        Role.PlaceholderText: "#9a9a9a",
    }
    for role, color in colors.items():
        palette.setColor(role, QColor(color))
    for role in (Role.Text, Role.WindowText, Role.ButtonText):
        palette.setColor(Group.Disabled, role, QColor("#7a7a7a"))
    return palette


def apply_theme(app: QApplication, theme: str) -> bool:
    """Use the Fusion style with a light or dark palette; returns whether it is dark."""
    if app.style().name().lower() != "fusion":
        app.setStyle("Fusion")
    dark = is_dark(theme)
    if dark:
        app.setPalette(dark_palette())
    elif theme == "light":
        app.setPalette(app.style().standardPalette())
    return dark


def app_icon() -> QIcon:
    """A green rounded square with a dollar sign over a runway bar."""
    icon = QIcon()
    for size in (16, 32, 64, 128, 256):
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        path = QPainterPath()
        path.addRoundedRect(QRectF(0, 0, size, size), size * 0.2, size * 0.2)
        painter.fillPath(path, QColor("#1b7f5b"))
        painter.fillRect(QRectF(size * 0.15, size * 0.78, size * 0.7, size * 0.08), QColor("#bfe8d5"))
        painter.fillRect(QRectF(size * 0.15, size * 0.78, size * 0.45, size * 0.08), QColor("#ffffff"))
        font = QFont()
        font.setBold(True)
        font.setPixelSize(int(size * 0.62))
        painter.setFont(font)
        painter.setPen(QColor("#ffffff"))
        painter.drawText(QRectF(0, -size * 0.06, size, size * 0.86), Qt.AlignmentFlag.AlignCenter, "$")
        painter.end()
        icon.addPixmap(pixmap)
    return icon
