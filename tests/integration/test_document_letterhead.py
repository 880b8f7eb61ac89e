"""The documents as a physician or an employer receives them, page by page: the
organisation's name (and logo) the admin set in every header; the case, the version and
page x/y in every footer; numbered sections; a signature box per signer; no table cell a
block of colour. Read back with poppler (pdftotext per page, pdftoppm for the picture),
as a reader's viewer draws them, not only from the drawing operators."""
# ruff: noqa: F811 (the plan's fixtures come from the plan's own tests, by name)

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from datetime import datetime
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw
from pypdf import PdfReader

from reset_core import organisation, scan, services
from reset_core.documents import scan_report
from reset_core.documents.card_sheet import card_sheet
from reset_core.documents.pdf import Document
from reset_core.errors import PermissionDenied, ValidationError
from tests.integration.test_agreement import case_id, clock, draft, signed  # noqa: F401
from tests.integration.test_document_drawing import plan_pdf_with_chart, submitted_and_released

ORGANISATION = "Brouwerij De Klok nv"
POPPLER = shutil.which("pdftoppm") and shutil.which("pdftotext")
needs_poppler = pytest.mark.skipif(not POPPLER, reason="poppler-utils (pdftoppm, pdftotext): `make browser` installs it")
DPI = 72
MM = DPI / 25.4


def logo_png(size=(600, 200)) -> bytes:
    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    draw.ellipse((10, 10, 190, 190), fill=(20, 70, 140))
    draw.rectangle((220, 60, 580, 90), fill=(200, 120, 20))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def at(hour: int):
    return lambda: datetime(2026, 9, 1, hour)


def page_texts(data: bytes) -> list[str]:
    """Each page's words as poppler reads them, one string per page."""
    with tempfile.TemporaryDirectory() as folder:
        pdf = Path(folder) / "doc.pdf"
        pdf.write_bytes(data)
        pages = len(PdfReader(io.BytesIO(data)).pages)
        return [
            " ".join(subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), "-layout", str(pdf), "-"],
                                    capture_output=True, text=True, check=True).stdout.split())
            for n in range(1, pages + 1)
        ]


def page_pictures(data: bytes) -> list[np.ndarray]:
    """Each page drawn by pdftoppm at 72 dpi, as RGB arrays."""
    with tempfile.TemporaryDirectory() as folder:
        pdf = Path(folder) / "doc.pdf"
        pdf.write_bytes(data)
        subprocess.run(["pdftoppm", "-r", str(DPI), "-png", str(pdf), str(Path(folder) / "page")], check=True)
        return [np.asarray(Image.open(p).convert("RGB")) for p in sorted(Path(folder).glob("page-*.png"))]


def solid_blocks(picture: np.ndarray, side_mm: float = 5.0, top_mm: float = 22.0) -> list[tuple[int, int]]:
    """(x, y) in pixels of every square of `side_mm` below the header (where the logo is)
    painted in one colour that is not the paper's white: a table cell filled with colour
    is one; letters, table rules and the chart's 3 mm markers never are."""
    side = int(side_mm * MM)
    body = picture[int(top_mm * MM):].astype(int)
    # A pixel counts when it is coloured and the same as its right and lower neighbour:
    # the square is then one flat colour, not text on paper.
    coloured = body.sum(axis=2) < 3 * 235
    flat = np.zeros(coloured.shape, dtype=bool)
    flat[:-1, :-1] = (
        coloured[:-1, :-1]
        & (np.abs(body[:-1, :-1] - body[1:, :-1]).sum(axis=2) < 12)
        & (np.abs(body[:-1, :-1] - body[:-1, 1:]).sum(axis=2) < 12)
    )
    # A summed-area table: a square is flat all over when it counts side * side pixels.
    total = np.pad(flat.astype(int).cumsum(0).cumsum(1), ((1, 0), (1, 0)))
    inside = total[side:, side:] - total[:-side, side:] - total[side:, :-side] + total[:-side, :-side]
    ys, xs = np.nonzero(inside >= side * side)
    return [(int(x), int(y + top_mm * MM)) for x, y in zip(xs[:5], ys[:5])]


@pytest.fixture
def with_organisation(store, admin):
    return organisation.save(store, admin, ORGANISATION, logo=logo_png(), clock=at(9))


def scan_report_of(store, facilitator, case_id) -> bytes:
    """The report of the case's T0 (made here when the plan did not make one)."""
    if not scan.results(store, facilitator, case_id):
        submitted_and_released(store, facilitator, case_id, open_answer="Mijn klanten terugzien")
    (result,) = scan.results(store, facilitator, case_id)
    case = services.get_case(store, facilitator, case_id)
    return scan_report.build(case, result, {}, "nl", organisation.profile(store))


def three_documents(store, facilitator, case_id, clock) -> dict[str, bytes]:
    return {
        "plan": plan_pdf_with_chart(store, facilitator, case_id, clock),
        "scan report": scan_report_of(store, facilitator, case_id),
        "card sheet": card_sheet(["process_joint_dialogue", "theme_team_relations"], "nl", organisation=organisation.profile(store)),
    }


# --- the header and the footer on every page -----------------------------------------------

@needs_poppler
def test_the_organisation_the_admin_set_heads_every_page_of_every_document(store, facilitator, case_id, clock, with_organisation):
    for name, data in three_documents(store, facilitator, case_id, clock).items():
        pages = page_texts(data)
        assert len(pages) > 1, name  # every page, so more than the first
        for number, text in enumerate(pages, 1):
            assert ORGANISATION in text, (name, number)
            assert f"Pagina {number} van {len(pages)}" in text or f"Pagina {number}/{len(pages)}" in text, (name, number, text[-80:])


@needs_poppler
def test_every_page_of_the_plan_and_the_scan_report_names_its_case_and_version_in_the_footer(
    store, facilitator, case_id, clock, with_organisation,
):
    plan_pages = page_texts(plan_pdf_with_chart(store, facilitator, case_id, clock))
    assert all(f"Dossier #{case_id} · versie 1 (ondertekend)" in page for page in plan_pages), plan_pages
    report_pages = page_texts(scan_report_of(store, facilitator, case_id))
    assert all(f"Dossier #{case_id} · scan Vóór de terugkeer (T0), gepland op 20/08/2026" in page for page in report_pages)


def test_the_logo_prints_on_every_page_and_no_logo_prints_none(store, admin, facilitator, case_id, clock, with_organisation):
    data = plan_pdf_with_chart(store, facilitator, case_id, clock)
    assert all(len(page.images) == 1 for page in PdfReader(io.BytesIO(data)).pages)
    organisation.save(store, admin, ORGANISATION, remove_logo=True, clock=at(10))
    bare = card_sheet(["process_joint_dialogue"], "nl", organisation=organisation.profile(store))
    assert [len(page.images) for page in PdfReader(io.BytesIO(bare)).pages] == [0]


def test_the_plans_sections_are_numbered_in_order(store, facilitator, case_id, clock):
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(plan_pdf_with_chart(store, facilitator, case_id, clock))).pages).split())
    for number, title in ((1, "Partijen"), (2, "Beoordeling door de arbeidsarts")):
        assert f"{number}. {title}" in text
    numbers = [int(word[:-1]) for word in text.split() if word[:-1].isdigit() and word.endswith(".") and len(word) <= 3]
    assert numbers[: max(numbers)] == list(range(1, max(numbers) + 1))


def test_each_signer_gets_a_box_with_their_role_a_date_and_a_signature(store, facilitator, case_id, clock):
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(plan_pdf_with_chart(store, facilitator, case_id, clock))).pages).split())
    assert "Voor akkoord, de werknemer: Zoë Çelik-D'hondt, Vertegenwoordiger" in text  # the role beside the name
    assert "Voor de werkgever, de gemachtigde vertegenwoordiger: Katrien De Smet, Salesmanager" in text
    assert text.count("Datum Handtekening") == 3


# --- the picture: no table cell a block of colour ---------------------------------------------

@needs_poppler
def test_no_page_of_any_document_has_a_table_cell_painted_as_a_block_of_colour(store, facilitator, case_id, clock, with_organisation):
    for name, data in three_documents(store, facilitator, case_id, clock).items():
        for number, picture in enumerate(page_pictures(data), 1):
            assert solid_blocks(picture) == [], (name, number)


@needs_poppler
def test_the_picture_check_finds_a_table_painted_in_colour():
    """The check above can fail: the orange tables of issue 18 are found by it."""
    doc = Document("solid")
    doc.set_fill_color(230, 120, 20)
    doc.set_font("DejaVu", "B", 9)
    doc.set_font("DejaVu", "", 9)
    with doc.table(col_widths=(40, 40), cell_fill_color=(230, 120, 20), cell_fill_mode="ALL") as table:
        table.row(("Thema", "Medewerker"))
        table.row(("Herstel en energie", "2,5"))
    assert solid_blocks(page_pictures(doc.to_bytes())[0])


# --- the admin sets the organisation ----------------------------------------------------------

def test_the_admin_sets_the_name_and_logo_and_the_history_keeps_who_did_it(store, admin):
    saved = organisation.save(store, admin, "  Brouwerij   De Klok nv ", logo=logo_png(), clock=at(9))
    assert (saved.name, saved.logo_type, saved.updated_by, saved.version) == (ORGANISATION, "png", "admin", 1)
    renamed = organisation.save(store, admin, "De Klok", version=1, clock=at(10))
    assert renamed.logo == saved.logo and renamed.version == 2  # a new name keeps the logo
    with store.read() as q:
        assert [e.action for e in q.journal.audit_of_actor("admin")].count("organisation.set") == 2


def test_only_an_admin_sets_the_organisation(store, facilitator):
    with pytest.raises(PermissionDenied):
        organisation.save(store, facilitator, ORGANISATION)
    assert organisation.profile(store).version == 0


def test_a_missing_name_and_a_file_that_is_no_image_are_reported_together_and_nothing_is_saved(store, admin):
    with pytest.raises(ValidationError) as caught:
        organisation.save(store, admin, "  ", logo=b"GIF89a not a logo at all")
    assert {(e.field, e.key) for e in caught.value.errors} == {("name", "organisation.required"), ("logo", "documents.logo_type")}
    assert organisation.profile(store).version == 0


@pytest.mark.parametrize("image_format", ["GIF", "BMP"])
def test_a_logo_of_another_image_type_is_refused_whatever_its_name(store, admin, image_format):
    out = io.BytesIO()
    Image.new("RGB", (30, 10), "navy").save(out, format=image_format)
    with pytest.raises(ValidationError) as caught:
        organisation.save(store, admin, ORGANISATION, logo=out.getvalue())
    assert caught.value.key == "documents.logo_type"


def test_a_logo_too_large_in_bytes_or_pixels_is_refused(store, admin):
    noise = io.BytesIO()
    Image.frombytes("RGB", (800, 800), np.random.default_rng(1).integers(0, 255, 800 * 800 * 3, dtype=np.uint8).tobytes()).save(noise, "PNG")
    with pytest.raises(ValidationError) as caught:
        organisation.save(store, admin, ORGANISATION, logo=noise.getvalue())
    assert caught.value.key == "documents.logo_too_large"
    wide = io.BytesIO()
    Image.new("1", (5000, 10)).save(wide, "PNG")
    with pytest.raises(ValidationError) as caught:
        organisation.save(store, admin, ORGANISATION, logo=wide.getvalue())
    assert caught.value.key == "documents.logo_too_many_pixels"


def test_a_jpeg_logo_is_kept_and_printed(store, admin):
    out = io.BytesIO()
    Image.new("RGB", (300, 100), (20, 70, 140)).save(out, format="JPEG")
    assert organisation.save(store, admin, ORGANISATION, logo=out.getvalue()).logo_type == "jpeg"
    data = card_sheet(["process_joint_dialogue"], "nl", organisation=organisation.profile(store))
    assert len(PdfReader(io.BytesIO(data)).pages[0].images) == 1


def test_a_save_over_a_newer_version_is_refused_so_one_admin_does_not_undo_another_unseen(store, admin):
    organisation.save(store, admin, "Eerste naam", version=0)
    organisation.save(store, admin, "Tweede naam", version=1)
    with pytest.raises(ValidationError) as caught:
        organisation.save(store, admin, "Oude blik", version=1)
    assert caught.value.key == "documents.organisation_stale"
    assert organisation.profile(store).name == "Tweede naam"
