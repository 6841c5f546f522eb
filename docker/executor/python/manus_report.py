"""PDF reports for the Reporter agent, with Korean text rendered in NanumGothic.

    from manus_report import build_pdf
    build_pdf("report.pdf", "월간 매출 보고서", [
        {"type": "heading", "text": "요약"},
        {"type": "paragraph", "text": "총 매출은 1,234,000원입니다."},
        {"type": "table", "columns": ["Category", "Amount"], "rows": [["과일", 125000]]},
        {"type": "image", "path": "chart.png", "width_cm": 14},
    ])

`use_korean_font()` makes matplotlib draw Korean labels with the same font.
"""

import glob
import numbers
import os
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Image, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

FONT = "NanumGothic"
FONT_BOLD = "NanumGothicBold"
FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts")
MARGIN = 2 * cm


def find_font(file_name):
    """The font file wherever the distribution's fonts-nanum put it (Debian 12 and 13 differ in places)."""
    for font_dir in FONT_DIRS:
        matches = sorted(glob.glob(os.path.join(font_dir, "**", file_name), recursive=True))
        if matches:
            return matches[0]
    raise FileNotFoundError(f"{file_name} was not found under {', '.join(FONT_DIRS)}; install fonts-nanum.")


def korean_font_path(bold=False):
    return find_font("NanumGothicBold.ttf" if bold else "NanumGothic.ttf")


def register_fonts():
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, korean_font_path()))
        pdfmetrics.registerFont(TTFont(FONT_BOLD, korean_font_path(bold=True)))
        pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD)


def use_korean_font():
    """Sets matplotlib's default font to NanumGothic so chart titles and labels in Korean render."""
    from matplotlib import font_manager, pyplot

    for bold in (False, True):
        font_manager.fontManager.addfont(korean_font_path(bold))
    pyplot.rcParams["font.family"] = FONT
    pyplot.rcParams["axes.unicode_minus"] = False


def styles():
    sheet = getSampleStyleSheet()
    return {
        "title": ParagraphStyle("ReportTitle", parent=sheet["Title"], fontName=FONT_BOLD, fontSize=20, leading=26),
        "heading": ParagraphStyle("ReportHeading", parent=sheet["Heading2"], fontName=FONT_BOLD, spaceBefore=10),
        "paragraph": ParagraphStyle("ReportBody", parent=sheet["BodyText"], fontName=FONT, fontSize=10.5, leading=16),
        "cell": ParagraphStyle("ReportCell", fontName=FONT, fontSize=9, leading=12),
        "number": ParagraphStyle("ReportNumber", fontName=FONT, fontSize=9, leading=12, alignment=TA_RIGHT),
        "header": ParagraphStyle("ReportHeader", fontName=FONT_BOLD, fontSize=9, leading=12),
    }


def markup(text):
    """Plain text for reportlab's paragraph markup: special characters escaped, line breaks kept."""
    return escape(str(text)).replace("\n", "<br/>")


def format_cell(value):
    if isinstance(value, bool) or not isinstance(value, numbers.Number):
        return "" if value is None else str(value)
    if isinstance(value, numbers.Integral):
        return f"{value:,}"
    return f"{value:,.2f}"


def table_flowable(block, style, width):
    columns = block.get("columns") or []
    rows = block.get("rows") or []
    if not columns:
        raise ValueError("A table block needs a non-empty 'columns' list.")
    for index, row in enumerate(rows):
        if len(row) != len(columns):
            raise ValueError(f"Table row {index} has {len(row)} cells; the table has {len(columns)} columns.")
    header = [Paragraph(markup(column), style["header"]) for column in columns]
    body = [
        [
            Paragraph(markup(format_cell(cell)), style["number" if isinstance(cell, numbers.Number) else "cell"])
            for cell in row
        ]
        for row in rows
    ]
    table = Table([header] + body, colWidths=[width / len(columns)] * len(columns), repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8edf3")),
                ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#9aa5b1")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f7f9fb")]),
            ]
        )
    )
    return table


def image_flowable(block, width):
    path = block.get("path")
    if not path or not os.path.isfile(path):
        raise ValueError(f"The image block's path {path!r} is not a file.")
    image_width, image_height = ImageReader(path).getSize()
    target = min(float(block.get("width_cm", 16)) * cm, width)
    return Image(path, width=target, height=target * image_height / image_width)


def flowables(title, blocks, width):
    style = styles()
    story = [Paragraph(markup(title), style["title"]), Spacer(1, 0.3 * cm)]
    for index, block in enumerate(blocks):
        kind = block.get("type") if isinstance(block, dict) else None
        if kind in ("heading", "paragraph"):
            story.append(Paragraph(markup(block.get("text", "")), style[kind]))
        elif kind == "table":
            story.append(table_flowable(block, style, width))
        elif kind == "image":
            story.append(image_flowable(block, width))
        else:
            raise ValueError(f"Block {index} has type {kind!r}; use heading, paragraph, table or image.")
        story.append(Spacer(1, 0.3 * cm))
    return story


def build_pdf(path, title, blocks):
    """Writes the report to `path` (A4, 2 cm margins) and returns the path."""
    register_fonts()
    document = SimpleDocTemplate(
        path, pagesize=A4, title=str(title), leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN, bottomMargin=MARGIN
    )
    document.build(flowables(title, blocks, A4[0] - 2 * MARGIN))
    return path
