"""What a reader of the PDFs sees: tables that stay white after the chart, column headers
whose words are whole, open answers under their question. Checked in the page's own
drawing operators (pypdf), so no renderer is needed to run them."""
# ruff: noqa: F811 (the plan's fixtures come from the plan's own tests, by name)

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date

from pypdf import PdfReader
from pypdf.generic import ContentStream

from reset_core import agreement, scan, services, sharing
from reset_core.documents import plan, scan_report
from reset_core.documents.pdf import Document
from reset_core.i18n import translate
from reset_core.instrument import load_instrument
from reset_core.model import MomentKind, Respondent
from reset_core.scan import CURRENT_VERSION
from tests.conftest import open_case
from tests.integration.test_agreement import case_id, clock, draft, signed  # noqa: F401

INSTRUMENT = load_instrument(CURRENT_VERSION)
MM = 25.4 / 72


def filled_boxes(data: bytes) -> list[tuple[int, float, float]]:
    """(page, width mm, height mm) of every rectangle painted with a fill: the chart's
    squares are about 3 mm wide; a table cell filled with colour is far wider."""
    reader = PdfReader(io.BytesIO(data))
    boxes = []
    for number, page in enumerate(reader.pages, 1):
        pending = []
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            if operator == b"re":
                pending.append((abs(float(operands[2])) * MM, abs(float(operands[3])) * MM))
            elif operator in (b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*"):
                boxes += [(number, w, h) for w, h in pending]
                pending = []
            elif operator in (b"S", b"s", b"n"):
                pending = []
    return boxes


def words(data: bytes) -> list[str]:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split()


def submitted_and_released(store, facilitator, case_id, open_answer: str | None = None):
    moment, tokens = scan.create_moment(store, facilitator, case_id, MomentKind.T0, date(2026, 8, 20))
    scan.save_answers(store, tokens[Respondent.EMPLOYEE], {i.id: 2 for i in INSTRUMENT.items})
    scan.save_answers(store, tokens[Respondent.MANAGER], {i.id: 4 for i in INSTRUMENT.items})
    scan.save_continuum(store, tokens[Respondent.EMPLOYEE], "struggling")
    if open_answer:
        scan.save_open_answer(store, tokens[Respondent.EMPLOYEE], "v2_employee_energy", open_answer)
    for token in tokens.values():
        scan.submit(store, token)
        sharing.release_through_link(store, token, True)
    return moment


def scan_report_pdf(store, facilitator, lang="nl", open_answer=None, employee="Zoë Çelik-D'hondt"):
    case_id = open_case(store, facilitator, employee)
    submitted_and_released(store, facilitator, case_id, open_answer)
    (result,) = scan.results(store, facilitator, case_id)
    return scan_report.build(services.get_case(store, facilitator, case_id), result, {}, lang)


def plan_pdf_with_chart(store, facilitator, case_id, clock, lang="nl"):
    first = draft(store, facilitator, case_id, clock)
    moment = submitted_and_released(store, facilitator, case_id)
    agreement.save_draft(store, facilitator, case_id, 1, replace(first.content, chart_moment_id=moment.id), first.revision, clock)
    signed(store, facilitator, case_id, clock)
    return plan.document(store, facilitator, case_id, 1, lang, clock)


def test_the_scan_reports_table_after_the_chart_is_not_a_block_of_colour(store, facilitator):
    boxes = filled_boxes(scan_report_pdf(store, facilitator))
    assert boxes  # the chart's squares are there
    assert all(w < 5 and h < 5 for _, w, h in boxes), [b for b in boxes if b[1] >= 5][:3]


def test_the_plans_tables_after_the_chart_are_not_blocks_of_colour(store, facilitator, case_id, clock):
    data = plan_pdf_with_chart(store, facilitator, case_id, clock)
    assert "Bevestiging" in words(data)  # the confirmations' table, after the chart
    boxes = filled_boxes(data)
    assert boxes and all(w < 5 and h < 5 for _, w, h in boxes), [b for b in boxes if b[1] >= 5][:3]


def test_the_chart_leaves_the_documents_colours_line_and_font_as_it_found_them(store, facilitator):
    case_id = open_case(store, facilitator)
    submitted_and_released(store, facilitator, case_id)
    (result,) = scan.results(store, facilitator, case_id)
    doc = Document("chart")
    before = (doc.fill_color, doc.draw_color, doc.text_color, doc.line_width, doc.font_style, doc.font_size_pt)
    from reset_core.documents import charts

    charts.draw_comparison(doc, scan_report.comparison_frame(result, "nl", for_facilitator=True))
    assert (doc.fill_color, doc.draw_color, doc.text_color, doc.line_width, doc.font_style, doc.font_size_pt) == before


def header_words(keys: list[str], lang: str) -> list[str]:
    return [word for key in keys for word in translate(key, lang).split()]


def broken(word: str, found: list[str]) -> bool:
    """`word` read back in two pieces ("Medewerke r"), or in pieces across lines."""
    return any(
        len(piece) < len(word) and word.startswith(piece) and "".join(found[i : i + 4]).startswith(word)
        for i, piece in enumerate(found)
    )


def test_the_scan_reports_column_headers_read_back_as_whole_words(store, facilitator):
    for lang in ("nl", "en"):
        found = words(scan_report_pdf(store, facilitator, lang, employee=f"Zoë {lang}"))
        for word in header_words(["scan.theme", "scan.employee_score", "scan.manager_score", "scan.gap", "scan.flags"], lang):
            assert word in found and not broken(word, found), (lang, word)


def test_the_plans_column_headers_read_back_as_whole_words(store, facilitator, case_id, clock):
    found = words(plan_pdf_with_chart(store, facilitator, case_id, clock))
    # A Codex plan (this case's track) lists its adjustments under the Codex's headings,
    # not in a table: its tables are the schedule, the goals and the confirmations.
    keys = [
        "agreement.period_start", "agreement.period_days", "agreement.period_hours", "agreement.period_tasks",
        "agreement.goal_indicator", "agreement.goal_target",
        "agreement.signer", "agreement.signer_name", "agreement.signed_date", "agreement.confirmation",
    ]
    for word in header_words(keys, "nl"):
        assert word in found and not broken(word, found), word


def test_a_column_is_never_narrower_than_its_longest_header_word():
    doc = Document("widths")
    header = ("Van", "Dagen/week", "Leidinggevende", "Taken")
    widths = doc.fit_widths(header, [("07/09/2026", "3", "4", "Bijlezen " * 20)], (10, 5, 5, 80))
    assert abs(sum(widths) - doc.epw) < 0.01
    doc.set_font("DejaVu", "B", 9)
    for title, width in zip(header, widths):
        assert width > doc.get_string_width(title) + 2 * doc.c_margin


def test_open_answers_are_labelled_with_their_question_in_words_not_its_code(store, facilitator):
    question = next(q for q in INSTRUMENT.open_questions if q.id == "v2_employee_energy")
    text = " ".join(words(scan_report_pdf(store, facilitator, "nl", open_answer="Mijn klanten terugzien")))
    assert "Mijn klanten terugzien" in text
    assert f"Medewerker · {question.text['nl']}" in text
    assert "v2_employee_energy" not in text
    case_id = open_case(store, facilitator)
    submitted_and_released(store, facilitator, case_id, open_answer="Mijn klanten")
    (result,) = scan.results(store, facilitator, case_id)
    assert scan_report.open_answers(result, "en") == [(f"Employee · {question.text['en']}", "Mijn klanten")]
