"""Page layout of PDF documents: styles, headings with bookmarks, header/footer "Page X of Y".

:class:`ApplicationDocument` is a reportlab ``BaseDocTemplate`` that

- records every :class:`Heading` as a PDF outline entry (bookmark) and a table of
  contents entry;
- draws a header (the program title) and a footer "Page X of Y", where Y comes from
  the previous layout pass: a :class:`PageCounter` in the story keeps ``multiBuild``
  going until the page count is stable, just as the table of contents does;
- calls ``on_flowable`` after each flowable, for progress and cancellation.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph
from reportlab.platypus.doctemplate import IndexingFlowable
from reportlab.platypus.tableofcontents import TableOfContents

from fundtracker.exports.pdf_fonts import font_family, single_line_height
from fundtracker.exports.typography import Typography

INK = colors.HexColor("#1B2A3A")
ACCENT = colors.HexColor("#1F4E79")
MUTED = colors.HexColor("#5B6770")
RULE = colors.HexColor("#AAB4BE")
HEADER_FILL = colors.HexColor("#E4EAF1")
TOTAL_FILL = colors.HexColor("#F3F5F8")

MARGIN = inch
TOP_MARGIN = 1.0 * inch
BOTTOM_MARGIN = 0.9 * inch


def styles(typography: Typography | None = None) -> dict[str, ParagraphStyle]:
    """The paragraph styles of the application PDF, by name.

    Narrative text (``body``, ``bullet``) takes the typography's size and line spacing;
    headings scale with the size; every style uses the typography's family. Tables,
    notes and the cover keep their sizes (funders' rules are about the narrative).
    """
    typography = typography or Typography()
    family = font_family(typography.family)
    regular, bold = family.regular, family.bold
    size = typography.size
    single = size * single_line_height(typography.family)
    body = ParagraphStyle(
        "body",
        fontName=regular,
        fontSize=size,
        leading=typography.leading,
        spaceAfter=round(0.7 * size, 1),
        textColor=INK,
        splitLongWords=True,
    )
    return {
        "body": body,
        "bullet": ParagraphStyle(
            "bullet", parent=body, leftIndent=18, bulletIndent=6, spaceAfter=0.3 * size, bulletFontName=regular
        ),
        "title": ParagraphStyle(
            "title", parent=body, fontName=bold, fontSize=22, leading=28, textColor=ACCENT, spaceAfter=10
        ),
        "subtitle": ParagraphStyle("subtitle", parent=body, fontSize=13, leading=18, textColor=MUTED, spaceAfter=24),
        "h1": ParagraphStyle(
            "h1",
            parent=body,
            fontName=bold,
            fontSize=size + 5,
            leading=max(single, size + 9),
            textColor=ACCENT,
            spaceBefore=16,
            spaceAfter=8,
            keepWithNext=True,
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=body,
            fontName=bold,
            fontSize=size + 2,
            leading=size + 5,
            spaceBefore=12,
            spaceAfter=6,
            keepWithNext=True,
        ),
        "h3": ParagraphStyle(
            "h3",
            parent=body,
            fontName=bold,
            fontSize=size + 0.5,
            leading=size + 3,
            spaceBefore=10,
            spaceAfter=4,
            keepWithNext=True,
        ),
        "note": ParagraphStyle("note", parent=body, fontSize=8.5, leading=11.5, textColor=MUTED, spaceAfter=6),
        "cell": ParagraphStyle("cell", parent=body, fontSize=8.5, leading=10.5, spaceAfter=0),
        "cell_bold": ParagraphStyle("cell_bold", parent=body, fontName=bold, fontSize=8.5, leading=10.5, spaceAfter=0),
        "cell_note": ParagraphStyle("cell_note", parent=body, fontSize=7.5, leading=9.5, textColor=MUTED, spaceAfter=0),
        "cover_label": ParagraphStyle(
            "cover_label", parent=body, fontName=bold, fontSize=9.5, leading=13, textColor=MUTED, spaceAfter=0
        ),
        "cover_value": ParagraphStyle("cover_value", parent=body, fontSize=10.5, leading=14, spaceAfter=0),
        "toc0": ParagraphStyle("toc0", parent=body, fontSize=10.5, leading=15, leftIndent=0, firstLineIndent=0),
        "toc1": ParagraphStyle(
            "toc1", parent=body, fontSize=9.5, leading=13, leftIndent=18, firstLineIndent=0, textColor=MUTED
        ),
        "right": ParagraphStyle("right", parent=body, alignment=TA_RIGHT),
        "center": ParagraphStyle("center", parent=body, alignment=TA_CENTER),
    }


class Heading(Paragraph):  # type: ignore[misc]
    """A heading that becomes a bookmark (outline entry) and, for levels 0–1, a TOC entry.

    Args:
        markup: escaped paragraph markup of the heading.
        style: its paragraph style.
        level: outline level (0 = top).
        title: the plain-text title for the outline and the table of contents.
        key: a unique bookmark name.
        toc: whether it appears in the table of contents.
    """

    def __init__(self, markup: str, style: ParagraphStyle, *, level: int, title: str, key: str, toc: bool = True):
        super().__init__(markup, style)
        self.outline_level = level
        self.outline_title = title
        self.outline_key = key
        self.in_toc = toc


class Marker(Flowable):  # type: ignore[misc]
    """An invisible flowable whose placement is reported to the document (section ends)."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        pass


class PageCounter(IndexingFlowable):  # type: ignore[misc]
    """Keeps ``multiBuild`` going until the total page count used in footers is right."""

    def __init__(self, document: ApplicationDocument) -> None:
        super().__init__()
        self.document = document
        self._assumed: int | None = None

    def beforeBuild(self) -> None:
        self._assumed = self.document.total_pages

    def afterBuild(self) -> None:
        self.document.total_pages = self.document.pages_this_pass

    def isSatisfied(self) -> bool:
        return self._assumed == self.document.total_pages

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        pass


def fit(text: str, font: str, size: float, width: float) -> str:
    """``text`` shortened with "…" to fit ``width`` points."""
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


class ApplicationDocument(BaseDocTemplate):  # type: ignore[misc]
    """US Letter pages with a cover template and a body template (header + footer).

    Args:
        target: file path or file object.
        header: text at the top left of body pages (the program title).
        header_right: text at the top right (the applicant).
        family: the font family key of the header and footer (the application's).
        on_flowable: called after each flowable is laid out (progress, cancellation).
        metadata: ``title``, ``author``, ``subject``, ``keywords`` for the PDF info dictionary.
    """

    def __init__(
        self,
        target: Any,
        *,
        header: str,
        header_right: str,
        on_flowable: Callable[[], None] | None = None,
        family: str = "sans",
        **metadata: Any,
    ) -> None:
        super().__init__(
            target,
            pagesize=LETTER,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=TOP_MARGIN,
            bottomMargin=BOTTOM_MARGIN,
            creator="fundtracker",
            lang="en-US",
            **metadata,
        )
        self.header = header
        self.header_right = header_right
        faces = font_family(family)
        self.regular_font, self.bold_font = faces.regular, faces.bold
        self.on_flowable = on_flowable
        self.total_pages: int | None = None
        self.pages_this_pass = 0
        self.marks: dict[str, int] = {}
        frame = Frame(
            self.leftMargin,
            self.bottomMargin,
            self.width,
            self.height,
            id="body",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        self.addPageTemplates(
            [
                PageTemplate("cover", [frame], onPage=self._draw_footer),
                PageTemplate("body", [frame], onPage=self._draw_page),
            ]
        )

    def handle_documentBegin(self) -> None:
        self.marks = {}
        self.pages_this_pass = 0
        super().handle_documentBegin()

    def afterPage(self) -> None:
        self.pages_this_pass = self.page

    def afterFlowable(self, flowable: Flowable) -> None:
        if isinstance(flowable, Heading):
            key = flowable.outline_key
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(flowable.outline_title, key, level=flowable.outline_level, closed=False)
            self.marks[key] = self.page
            if flowable.in_toc:
                self.notify("TOCEntry", (flowable.outline_level, xml_escape(flowable.outline_title), self.page, key))
        elif isinstance(flowable, Marker):
            self.marks[flowable.name] = self.page
        if self.on_flowable is not None:
            self.on_flowable()

    def _draw_footer(self, canvas: Canvas, document: BaseDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont(self.regular_font, 8.5)
        canvas.setFillColor(MUTED)
        total = self.total_pages if self.total_pages is not None else "?"
        canvas.drawCentredString(self.pagesize[0] / 2, 0.5 * inch, f"Page {canvas.getPageNumber()} of {total}")
        canvas.restoreState()

    def _draw_page(self, canvas: Canvas, document: BaseDocTemplate) -> None:
        self._draw_footer(canvas, document)
        canvas.saveState()
        top = self.pagesize[1] - 0.62 * inch
        left, right = self.leftMargin, self.pagesize[0] - self.rightMargin
        regular, bold = self.regular_font, self.bold_font
        canvas.setFont(regular, 8.5)
        canvas.setFillColor(MUTED)
        right_text = fit(self.header_right, regular, 8.5, self.width * 0.38)
        canvas.drawRightString(right, top, right_text)
        room = self.width - stringWidth(right_text, regular, 8.5) - 18
        canvas.setFont(bold, 8.5)
        canvas.setFillColor(ACCENT)
        canvas.drawString(left, top, fit(self.header, bold, 8.5, room))
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(left, top - 5, right, top - 5)
        canvas.restoreState()


def table_of_contents(style_sheet: dict[str, ParagraphStyle]) -> TableOfContents:
    toc = TableOfContents()
    toc.levelStyles = [style_sheet["toc0"], style_sheet["toc1"]]
    toc.dotsMinLevel = 0
    return toc
