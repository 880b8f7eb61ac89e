"""The scan report PDF and the chart data behind the screens."""

import io
from datetime import date

from pypdf import PdfReader

from reset_core import scan, services
from reset_core.cards import load_card_set
from reset_core.documents import charts, scan_report
from reset_core.documents.pdf import Document
from reset_core.instrument import load_instrument
from reset_core.model import MomentKind, Respondent
from reset_core.scan import CURRENT_VERSION
from tests.conftest import open_case

INSTRUMENT = load_instrument(CURRENT_VERSION)


def submitted_moment(store, facilitator, case_id, kind=MomentKind.T0, employee=2, manager=4):
    _, tokens = scan.create_moment(store, facilitator, case_id, kind, date(2026, 6, 20))
    scan.save_answers(store, tokens[Respondent.EMPLOYEE], {i.id: employee for i in INSTRUMENT.items})
    scan.save_answers(store, tokens[Respondent.MANAGER], {i.id: manager for i in INSTRUMENT.items})
    scan.save_continuum(store, tokens[Respondent.EMPLOYEE], "struggling")
    for token in tokens.values():
        scan.submit(store, token)


def test_the_scan_report_holds_the_theme_names_and_names_with_accents_intact(store, facilitator):
    case_id = open_case(store, facilitator, "Zoë Çelik-D'hondt")
    submitted_moment(store, facilitator, case_id)
    (result,) = scan.results(store, facilitator, case_id)
    case = services.get_case(store, facilitator, case_id)
    pdf = scan_report.build(case, result, {"employee": None, "manager": None}, "nl")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Zoë Çelik-D'hondt" in text
    for theme in load_card_set().themes:
        assert theme.text("nl").name.split()[0] in text
    assert "Worstelen" in text


def test_the_comparison_table_lists_each_theme_once_per_party_with_the_gap(store, facilitator):
    case_id = open_case(store, facilitator)
    submitted_moment(store, facilitator, case_id)
    (result,) = scan.results(store, facilitator, case_id)
    frame = scan_report.comparison_frame(result, "en", for_facilitator=True)
    assert len(frame) == 2 * len(INSTRUMENT.themes())
    assert set(frame["party"]) == {"Employee", "Manager"}
    challenge = frame[frame["theme"] == load_card_set().theme("challenge_growth").text("en").name]
    assert list(challenge["score"]) == [2.0, 4.0] and list(challenge["flag"]) == ["!", "!"]


def test_the_trend_follows_each_party_over_the_moments(store, facilitator):
    case_id = open_case(store, facilitator)
    submitted_moment(store, facilitator, case_id, MomentKind.T0, employee=2, manager=4)
    submitted_moment(store, facilitator, case_id, MomentKind.M3, employee=3, manager=4)
    results = scan.results(store, facilitator, case_id)
    frame = charts.trend_frame([(r.moment.kind.value, r.employee, r.manager) for r in results], str, str)
    growth = frame[(frame["theme"] == "challenge_growth") & (frame["party"] == "employee")]
    assert list(growth["moment"]) == ["t0", "m3"] and list(growth["score"]) == [2.0, 3.0]
    assert charts.trend_chart(frame).to_dict()["facet"]["field"] == "title"  # the theme, wrapped


def test_the_pdf_chart_shows_the_scale_every_theme_both_letters_and_a_flag_per_theme_to_discuss(store, facilitator):
    case_id = open_case(store, facilitator)
    submitted_moment(store, facilitator, case_id)
    (result,) = scan.results(store, facilitator, case_id)
    frame = scan_report.comparison_frame(result, "nl", for_facilitator=True)
    doc = Document("chart")
    charts.draw_comparison(doc, frame)
    words = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(doc.to_bytes())).pages).split()
    themes = list(dict.fromkeys(frame["theme"]))
    assert words[:5] == ["1", "2", "3", "4", "5"]
    for theme in themes:
        assert theme.split()[0] in words
    assert words.count("M") == words.count("L") == len(themes)
    assert words.count("!") == frame.drop_duplicates("theme")["flag"].eq("!").sum() > 0
