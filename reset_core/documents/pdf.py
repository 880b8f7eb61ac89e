"""Documents as bytes: built from domain data, never from widgets.

DejaVu Sans is registered in every style used, so accents, Turkish, Arabic-script
and Hebrew names (shaped by HarfBuzz) and the euro sign print as typed. User text
goes through `cell`/`multi_cell` only: never markdown or HTML, so a name with <b> or
** stays literal.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from fpdf import FPDF
from PIL import Image

from ..model import Organisation

FONTS = Path(__file__).resolve().parents[2] / "content" / "fonts"
FAMILY = "DejaVu"
STYLE_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf"}


@dataclass(frozen=True)
class Letterhead:
    """What every page of a document carries besides its page number: the organisation it
    is made for (name, logo) in the header, and in the footer what identifies the
    document when one page is found apart from the others: its case and its version."""

    organisation: str = ""
    logo: bytes | None = None
    footer: str = ""  # "Dossier #12 · versie 2": the case and the document's version

    @classmethod
    def of(cls, organisation: Organisation | None, footer: str = "") -> Letterhead:
        if organisation is None:
            return cls(footer=footer)
        return cls(organisation.name, organisation.logo, footer)


HEADER_TOP = 8.0  # mm from the top of the page
LOGO_HEIGHT = 10.0
LOGO_MAX_WIDTH = 40.0
BODY_TOP = 24.0  # the body starts under the header's rule


class Document(FPDF):
    """A4 portrait with the Unicode font; on every page a header (the organisation, its
    logo, the document's own line) and a footer (case, version, page x/y)."""

    def __init__(
        self, title: str, header_text: str = "", page_label: str = "{page}/{pages}", letterhead: Letterhead | None = None,
    ) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.set_title(title)
        self.set_creator("ReSet")
        self.header_text = header_text
        self.page_label = page_label
        self.letterhead = letterhead or Letterhead()
        self.sections = 0
        self.alias_nb_pages("{pages}")
        self.set_auto_page_break(auto=True, margin=20)
        self.set_margins(18, BODY_TOP, 18)
        self.add_page()
        self.set_font(FAMILY, "", 10)

    def set_font(self, family: str | None = None, style: str = "", size: float = 0) -> None:
        # A style's font is read when first used: parsing one takes about 0.1 s, and
        # many documents never use the oblique one.
        if family == FAMILY and f"{FAMILY.lower()}{style.upper()}" not in self.fonts:
            self.add_font(FAMILY, style, FONTS / STYLE_FILES[style.upper()])
        super().set_font(family, style, size)

    # HarfBuzz joins Arabic letters and orders right-to-left names within the Dutch or
    # English left-to-right text; without it such a name prints unjoined. Shaping makes
    # layout about a third slower, so it is on only for text that needs it.
    def cell(self, w=None, h=None, text="", *args, **kwargs):
        self._shape_when_needed(text)
        return super().cell(w, h, text, *args, **kwargs)

    def multi_cell(self, w, h=None, text="", *args, **kwargs):
        self._shape_when_needed(text)
        return super().multi_cell(w, h, text, *args, **kwargs)

    def _shape_when_needed(self, text: str) -> None:
        needed = any(ch >= "\u0590" and (ch <= "\u08ff" or "\ufb1d" <= ch <= "\ufeff") for ch in str(text))
        if needed != bool(self.text_shaping):
            if needed:
                self.set_text_shaping(use_shaping_engine=True, direction="ltr")
            else:
                self.text_shaping = None

    def header(self) -> None:
        # Upright, not italic: the header carries the employee's name, and DejaVu Sans
        # Oblique has no Arabic glyphs (an Arabic name would vanish from it).
        head = self.letterhead
        x = self.l_margin
        if head.logo:
            x += self._logo(head.logo) + 3
        right = self.w - self.r_margin
        if head.organisation:
            self.set_font(FAMILY, "B", 10)
            width = min(self.get_string_width(head.organisation) + 2 * self.c_margin, (right - x) * 0.5)
            size, lines = self._fitting(head.organisation, width, "B", (10, 9, 8, 7))
            self.set_xy(x, self._beside_logo(lines * size * 0.45))
            self.multi_cell(width, size * 0.45, head.organisation, align="L")
            x += width + 3
        if self.header_text:
            size, lines = self._fitting(self.header_text, right - x, "", (8, 7, 6))
            self.set_text_color(90)
            self.set_xy(x, self._beside_logo(lines * size * 0.5))
            self.multi_cell(right - x, size * 0.5, self.header_text, align="R")
            self.set_text_color(0)
        self.set_draw_color(160)
        self.set_line_width(0.2)
        self.line(self.l_margin, BODY_TOP - 4, right, BODY_TOP - 4)
        self.set_draw_color(0)
        self.set_xy(self.l_margin, BODY_TOP)
        self.set_font(FAMILY, "", 10)

    def _beside_logo(self, height: float) -> float:
        """Where text `height` mm high starts, to stand level with the logo's middle."""
        return HEADER_TOP - 1 + max(0.0, (LOGO_HEIGHT - height) / 2)

    def _fitting(self, text: str, width: float, style: str, sizes: tuple[int, ...]) -> tuple[int, int]:
        """The largest of `sizes` at which `text` takes at most two lines of `width`: a
        long name gets smaller, never runs over the header's rule into the body. The font
        is left set at that size. Gives the size and the lines it takes."""
        for size in sizes:
            self.set_font(FAMILY, style, size)
            lines = len(self.multi_cell(width, size * 0.5, text, dry_run=True, output="LINES"))
            if lines <= 2:
                break
        return size, lines

    def _logo(self, logo: bytes) -> float:
        """The logo at the header's height, no wider than LOGO_MAX_WIDTH; its width."""
        with Image.open(io.BytesIO(logo)) as image:
            ratio = image.width / image.height
        width, height = min(LOGO_HEIGHT * ratio, LOGO_MAX_WIDTH), LOGO_HEIGHT
        if width == LOGO_MAX_WIDTH:
            height = width / ratio
        self.image(io.BytesIO(logo), x=self.l_margin, y=HEADER_TOP - 1 + (LOGO_HEIGHT - height) / 2, w=width, h=height)
        return width

    def footer(self) -> None:
        self.set_draw_color(160)
        self.set_line_width(0.2)
        self.line(self.l_margin, self.h - 14, self.w - self.r_margin, self.h - 14)
        self.set_draw_color(0)
        self.set_y(-13)
        self.set_font(FAMILY, "", 8)
        self.set_text_color(90)
        page = self.page_label.format(page=self.page_no(), pages="{pages}")
        # "{pages}" is filled in when the file is written, after this is laid out: measured
        # as digits (all equally wide in DejaVu), the number ends at the right margin.
        shown = self.get_string_width(page.replace("{pages}", "0" * len(str(self.page_no()))))
        if self.letterhead.footer:
            self.cell(self.epw - shown - 4, 5, self.letterhead.footer)
        self.set_x(self.w - self.r_margin - shown - self.c_margin)
        self.cell(shown + 2 * self.c_margin, 5, page)
        self.set_text_color(0)

    def heading(self, text: str, size: int = 16) -> None:
        self.set_font(FAMILY, "B", size)
        self.multi_cell(0, size * 0.5, text, align="L", new_x="LMARGIN", new_y="NEXT")
        self.ln(2)
        self.set_font(FAMILY, "", 10)

    def section(self, text: str) -> None:
        """A numbered section heading: 1., 2., ... in the order drawn, so a physician or an
        employer can point to "section 4" in a letter or on the phone."""
        self.sections += 1
        self.heading(f"{self.sections}. {text}", size=12)

    def paragraph(self, text: str, style: str = "", size: int = 10) -> None:
        self.set_font(FAMILY, style, size)
        # Ragged right: justified, a line with a long date or name opens wide gaps.
        self.multi_cell(0, size * 0.5, text, align="L", new_x="LMARGIN", new_y="NEXT")
        self.set_font(FAMILY, "", 10)

    def bullets(self, items: list[str]) -> None:
        for item in items:
            self.set_x(self.l_margin)
            self.multi_cell(0, 5, f"•  {item}", new_x="LMARGIN", new_y="NEXT")
        self.ln(1)

    def table_rows(self, header: tuple[str, ...], rows: list[tuple[str, ...]], widths: tuple[float, ...]) -> None:
        """A plain table; cells wrap at spaces, so long names never run off the page and
        no word is cut in two. `widths` are the columns' shares of the page width: a
        column gets at least its longest word (a header word always), see `fit_widths`."""
        self.set_font(FAMILY, "", 9)
        fitted = self.fit_widths(header, rows, widths)
        with self.table(col_widths=fitted, width=self.epw, text_align="LEFT", line_height=5, first_row_as_headings=True) as table:
            table.row(header)
            for row in rows:
                table.row(row)
        self.set_font(FAMILY, "", 10)

    # A cell's word longer than this (a pasted address, say) may still break: a column
    # wide enough for it would squeeze the others into breaking their words instead.
    LONGEST_WORD_KEPT = 48.0

    def fit_widths(self, header: tuple[str, ...], rows: list[tuple[str, ...]], shares: tuple[float, ...]) -> tuple[float, ...]:
        """Column widths over the page width in proportion to `shares`, each column at
        least as wide as the longest word of its header (bold) and of its cells: fpdf2
        breaks a word that does not fit its column letter by letter ("Medewerke r")."""
        room = self.epw
        spare = 2 * self.c_margin + 0.6
        need = []
        for column, title in enumerate(header):
            self.set_font(FAMILY, "B", 9)
            widest = max((self.get_string_width(word) for word in str(title).split()), default=0.0)
            self.set_font(FAMILY, "", 9)
            for row in rows:
                for word in str(row[column]).split():
                    widest = max(widest, min(self.get_string_width(word), self.LONGEST_WORD_KEPT))
            need.append(widest + spare)
        total = sum(shares)
        widths = [max(room * share / total, least) for share, least in zip(shares, need)]
        # Give back what the widened columns took, from the columns with room to spare,
        # in proportion to that room.
        over = sum(widths) - room
        slack = [w - least for w, least in zip(widths, need)]
        if over > 0 and sum(slack) > 0:
            take = min(1.0, over / sum(slack))
            widths = [w - s * take for w, s in zip(widths, slack)]
        if sum(widths) > room:  # words too long for any layout: the page width still holds
            widths = [w * room / sum(widths) for w in widths]
        return tuple(widths)

    def to_bytes(self) -> bytes:
        return bytes(self.output())
