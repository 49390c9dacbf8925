"""The typography an application is laid out in: font family, size and line spacing.

One description serves the PDF (reportlab leading in points) and the DOCX (Word's line
spacing rule), so a 12 pt double-spaced narrative takes the same room in both.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from fundtracker.domain.records import FONT_NAMES, Application
from fundtracker.exports.pdf_fonts import single_line_height

# Line spacing as a multiple of the font's single line height.
SPACING_FACTORS: dict[str, Decimal] = {"single": Decimal(1), "1.5": Decimal("1.5"), "double": Decimal(2)}
SPACING_WORDS = {"single": "single-spaced", "1.5": "1.5-spaced", "double": "double-spaced"}


@dataclass(frozen=True)
class Typography:
    """Narrative text's font family (``sans`` | ``serif``), size in points and line spacing."""

    family: str = "sans"
    size: int = 10
    spacing: str = "single"

    @classmethod
    def of(cls, application: Application) -> Typography:
        return cls(application.font, application.font_size, application.line_spacing)

    @property
    def factor(self) -> Decimal:
        return SPACING_FACTORS[self.spacing]

    @property
    def leading(self) -> float:
        """Baseline to baseline of narrative lines, in points."""
        return self.size * single_line_height(self.family) * float(self.factor)

    @property
    def label(self) -> str:
        """``DejaVu Serif 12 pt, double-spaced``."""
        return f"{FONT_NAMES[self.family]} {self.size} pt, {SPACING_WORDS[self.spacing]}"
