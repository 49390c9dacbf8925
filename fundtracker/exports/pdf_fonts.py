"""The Unicode TTF fonts of PDF exports (DejaVu Sans and DejaVu Serif, shipped in ``resources/fonts``).

Registered with reportlab once per process, each as a family so ``<b>`` and ``<i>`` pick
the bold and italic faces. An application chooses its family (``Application.font``:
``sans`` or ``serif``); tables, headers and footers use the same family as the narrative.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

from fundtracker.domain.records import FONT_NAMES
from fundtracker.resources import resource


@dataclass(frozen=True)
class FontFamily:
    """A family of four TTF faces; the names are reportlab's and the files' (``resources/fonts/NAME.ttf``)."""

    key: str
    label: str
    regular: str
    bold: str
    italic: str
    bold_italic: str

    @property
    def faces(self) -> tuple[str, str, str, str]:
        return (self.regular, self.bold, self.italic, self.bold_italic)


FAMILIES: dict[str, FontFamily] = {
    "sans": FontFamily(
        "sans", FONT_NAMES["sans"], "DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique", "DejaVuSans-BoldOblique"
    ),
    "serif": FontFamily(
        "serif", FONT_NAMES["serif"], "DejaVuSerif", "DejaVuSerif-Bold", "DejaVuSerif-Italic", "DejaVuSerif-BoldItalic"
    ),
}
SANS = FAMILIES["sans"]
# The sans family's names, for code that lays out documents without an application's choice.
FAMILY = SANS.regular
REGULAR = SANS.regular
BOLD = SANS.bold
ITALIC = SANS.italic
BOLD_ITALIC = SANS.bold_italic
FONT_LABEL = SANS.label

_lock = threading.Lock()
_glyphs: dict[str, frozenset[int]] = {}
_line_heights: dict[str, float] = {}


def _utf16_hex(code_point: int) -> str:
    if code_point <= 0xFFFF:
        return f"{code_point:04X}"
    offset = code_point - 0x10000
    return f"{0xD800 + (offset >> 10):04X}{0xDC00 + (offset & 0x3FF):04X}"


_original_cmap = ttfonts.makeToUnicodeCMap


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode CMap, with characters beyond U+FFFF as UTF-16 surrogate pairs.

    reportlab writes them as ``<1F600>``, which is not valid UTF-16BE, so PDF readers
    (and copy-paste) lose characters such as emoji that the font does draw.
    """
    cmap: str = _original_cmap(fontname, subset)
    for index, code_point in enumerate(subset):
        if code_point > 0xFFFF:
            cmap = cmap.replace(f"<{index:02X}> <{code_point:04X}>", f"<{index:02X}> <{_utf16_hex(code_point)}>")
    return cmap


def _register_all() -> None:
    if _glyphs:
        return
    ttfonts.makeToUnicodeCMap = _to_unicode_cmap
    for family in FAMILIES.values():
        faces = {}
        for name in family.faces:
            faces[name] = TTFont(name, str(resource(f"fonts/{name}.ttf")))
            pdfmetrics.registerFont(faces[name])
        addMapping(family.regular, 0, 0, family.regular)
        addMapping(family.regular, 1, 0, family.bold)
        addMapping(family.regular, 0, 1, family.italic)
        addMapping(family.regular, 1, 1, family.bold_italic)
        glyphs = set(faces[family.regular].face.charToGlyph)
        for name in family.faces[1:]:
            glyphs &= set(faces[name].face.charToGlyph)
        _glyphs[family.key] = frozenset(glyphs)
        face = faces[family.regular].face
        # Ascent to descent of the regular face, per point of size: the "single" line spacing
        # word processors use for the font (LibreOffice and Word alike), so a PDF's pages and
        # the DOCX's agree.
        _line_heights[family.key] = (face.ascent - face.descent) / 1000


def register_fonts(family: str = "sans") -> frozenset[int]:
    """Register every font family (once) and return the code points ``family`` draws in all four faces.

    Raises:
        FileNotFoundError: a font file is missing from ``resources/fonts``.
        KeyError: ``family`` is not one of :data:`FAMILIES`.
    """
    with _lock:
        _register_all()
        return _glyphs[family]


def font_family(key: str) -> FontFamily:
    """The registered family of ``key`` (``sans`` or ``serif``)."""
    register_fonts(key)
    return FAMILIES[key]


def single_line_height(key: str) -> float:
    """The single line spacing of family ``key`` per point of font size (DejaVu: 1.164)."""
    register_fonts(key)
    return _line_heights[key]
