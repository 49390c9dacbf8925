"""The Unicode TTF font of PDF exports (DejaVu Sans, shipped in ``resources/fonts``).

Registered with reportlab once per process, as a family so ``<b>`` and ``<i>`` pick
the bold and oblique faces.
"""

from __future__ import annotations

import threading

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

from fundtracker.resources import resource

FAMILY = "DejaVuSans"
REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
ITALIC = "DejaVuSans-Oblique"
BOLD_ITALIC = "DejaVuSans-BoldOblique"
FONT_LABEL = "DejaVu Sans"

_lock = threading.Lock()
_glyphs: frozenset[int] | None = None


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


def register_fonts() -> frozenset[int]:
    """Register the font family (once) and return the code points its regular face covers.

    Raises:
        FileNotFoundError: a font file is missing from ``resources/fonts``.
    """
    global _glyphs
    with _lock:
        if _glyphs is None:
            ttfonts.makeToUnicodeCMap = _to_unicode_cmap
            faces = {}
            for name in (REGULAR, BOLD, ITALIC, BOLD_ITALIC):
                faces[name] = TTFont(name, str(resource(f"fonts/{name}.ttf")))
                pdfmetrics.registerFont(faces[name])
            addMapping(FAMILY, 0, 0, REGULAR)
            addMapping(FAMILY, 1, 0, BOLD)
            addMapping(FAMILY, 0, 1, ITALIC)
            addMapping(FAMILY, 1, 1, BOLD_ITALIC)
            glyphs = set(faces[REGULAR].face.charToGlyph)
            for name in (BOLD, ITALIC, BOLD_ITALIC):
                glyphs &= set(faces[name].face.charToGlyph)
            _glyphs = frozenset(glyphs)
        return _glyphs
