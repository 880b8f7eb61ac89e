"""The scan pages: the facilitator's and the respondent's, through AppTest."""

from dataclasses import replace
from datetime import date

import pytest

from reset_core import scan
from reset_core.cards import load_card_set
from reset_core.instrument import load_instrument
from reset_core.model import MomentKind, Respondent
from reset_core.scan import CURRENT_VERSION
from tests.app.conftest import app, app_store, open_page, submit_button, texts
from tests.conftest import open_case

INSTRUMENT = load_instrument(CURRENT_VERSION)
CARDS = load_card_set()


@pytest.fixture
def case_id(fien):
    return open_case(app_store(), fien, "Marc Verbeke")


def respondent_page(token: str):
    at = app()
    at.query_params["t"] = token
    return at.run()


def scan_page(case_id: int):
    return open_page("scan", case_id=case_id)


def test_a_facilitator_creates_a_moment_and_gets_two_links(fien, case_id):
    at = scan_page(case_id)
    submit_button(at, "scan_new", "Scanmoment aanmaken met twee links").click().run()
    assert not at.exception
    links = [c.value for c in at.code]
    assert len(links) == 2 and all("/?t=" in link for link in links)
    token = links[0].split("t=")[1]
    assert scan.open_link(app_store(), token).respondent in (Respondent.EMPLOYEE, Respondent.MANAGER)
    assert "nog niet geopend" in texts(at) or "bezig" in texts(at)


def test_a_link_page_shows_no_menu_no_names_and_no_other_case(fien, case_id):
    _, tokens = scan.create_moment(app_store(), fien, case_id, MomentKind.T0, date.today())
    at = respondent_page(tokens[Respondent.MANAGER])
    page = texts(at)
    assert "ReSet-scan" in page
    assert "Marc Verbeke" not in page and "Katrien" not in page and "Fien" not in page
    assert len(at.sidebar.selectbox) == 0


def test_a_bad_token_gets_one_friendly_message(fien, case_id):
    at = respondent_page("forged-token-value")
    assert "Deze link werkt niet (meer)" in texts(at)


def test_a_respondent_answers_step_by_step_and_submits(fien, case_id):
    _, tokens = scan.create_moment(app_store(), fien, case_id, MomentKind.T0, date.today())
    at = respondent_page(tokens[Respondent.EMPLOYEE])
    at.button(key="answer_next").click().run()
    for theme in INSTRUMENT.themes():
        for item in INSTRUMENT.items_for(theme):
            at.radio(key=f"answer_{item.id}").set_value(4).run()
        assert "Dit deel is volledig." in texts(at)
        at.button(key="answer_next").click().run()
    at.radio(key="answer_continuum").set_value("surviving").run()
    at.text_area(key="answer_open_v2_employee_energy").input("Mijn klanten").run()
    at.button(key="answer_next").click().run()
    assert "Alles is beantwoord." in texts(at)
    at.button(key="answer_submit").click().run()
    assert "Bedankt!" in texts(at)
    session = scan.open_link(app_store(), tokens[Respondent.EMPLOYEE])
    assert session.response.submitted
    assert session.response.open_answers["v2_employee_energy"] == "Mijn klanten"


def theme_name(theme: str) -> str:
    return CARDS.theme(theme).text("nl").name


def headers(at) -> list[str]:
    return [h.value for h in at.header]


def test_a_respondent_who_stopped_halfway_comes_back_at_the_first_theme_still_open(fien, case_id):
    _, tokens = scan.create_moment(app_store(), fien, case_id, MomentKind.T0, date.today())
    first, second = INSTRUMENT.themes()[:2]
    at = respondent_page(tokens[Respondent.MANAGER])
    at.button(key="answer_next").click().run()
    for item in INSTRUMENT.items_for(first):
        at.radio(key=f"answer_{item.id}").set_value(3).run()
    at.button(key="answer_next").click().run()
    started = INSTRUMENT.items_for(second)[0]
    at.radio(key=f"answer_{started.id}").set_value(2).run()

    again = respondent_page(tokens[Respondent.MANAGER])  # a reload, or the link opened days later
    assert headers(again) == [theme_name(second)]
    assert again.radio(key=f"answer_{started.id}").value == 2
    assert again.radio(key=f"answer_{INSTRUMENT.items_for(second)[1].id}").value is None
    assert "Welkom terug" in texts(again)


def test_a_first_visit_starts_with_the_introduction(fien, case_id):
    _, tokens = scan.create_moment(app_store(), fien, case_id, MomentKind.T0, date.today())
    at = respondent_page(tokens[Respondent.EMPLOYEE])
    assert at.button(key="answer_next").label == "Beginnen"
    assert "Welkom terug" not in texts(at)


def test_a_respondent_who_answered_every_statement_comes_back_at_the_summary(fien, case_id):
    _, tokens = scan.create_moment(app_store(), fien, case_id, MomentKind.T0, date.today())
    scan.save_answers(app_store(), tokens[Respondent.MANAGER], {item.id: 4 for item in INSTRUMENT.items})
    at = respondent_page(tokens[Respondent.MANAGER])
    assert headers(at) == ["Overzicht"]
    assert "Alles is beantwoord." in texts(at)


def test_the_self_placement_is_optional_and_a_low_one_shows_help_lines_and_reaches_the_facilitator(fien, case_id):
    from reset_core import followup

    _, tokens = scan.create_moment(app_store(), fien, case_id, MomentKind.T0, date.today())
    scan.save_answers(app_store(), tokens[Respondent.EMPLOYEE], {item.id: 4 for item in INSTRUMENT.items})
    at = respondent_page(tokens[Respondent.EMPLOYEE])
    assert headers(at) == ["Overzicht"] and "Alles is beantwoord." in texts(at)  # nothing else is required
    at.button(key="answer_jump_open").click().run()
    assert at.radio(key="answer_continuum").value is None
    assert "Je mag deze vraag overslaan" in texts(at) and "106" not in texts(at)
    at.radio(key="answer_continuum").set_value("in_crisis").run()
    page = texts(at)
    assert "Tele-Onthaal op 106" in page and "1813" in page and "112" in page
    assert [s.key for s in followup.case_signals(app_store(), fien, case_id)] == ["continuum:in_crisis"]
    at.radio(key="answer_continuum").set_value("skip").run()  # "rather not say"
    assert "106" not in texts(at)
    assert followup.case_signals(app_store(), fien, case_id) == []


def test_the_summary_counts_every_theme_and_jumps_to_any_of_them(fien, case_id):
    _, tokens = scan.create_moment(app_store(), fien, case_id, MomentKind.T0, date.today())
    themes = INSTRUMENT.themes()
    done, begun = themes[0], themes[2]
    scan.save_answers(app_store(), tokens[Respondent.MANAGER], {
        **{item.id: 4 for item in INSTRUMENT.items_for(done)},
        INSTRUMENT.items_for(begun)[0].id: None,  # 'not applicable' is an answer too
    })
    at = respondent_page(tokens[Respondent.MANAGER])
    at.session_state["answer_step"] = len(themes) + 2
    at.run()
    all_done, all_begun = len(INSTRUMENT.items_for(done)), len(INSTRUMENT.items_for(begun))
    assert at.button(key=f"answer_jump_{done}").label.startswith(f"{theme_name(done)}: {all_done} van {all_done} beantwoord")
    assert at.button(key=f"answer_jump_{begun}").label.startswith(f"{theme_name(begun)}: 1 van {all_begun} beantwoord")
    assert all(at.button(key=f"answer_jump_{theme}") for theme in themes)
    assert "Nog niet alle delen zijn klaar" in texts(at)

    at.button(key=f"answer_jump_{begun}").click().run()
    assert headers(at) == [theme_name(begun)]
    at.button(key="answer_to_summary").click().run()
    at.button(key=f"answer_jump_{done}").click().run()  # a finished theme, to look it over
    assert headers(at) == [theme_name(done)]
    assert at.radio(key=f"answer_{INSTRUMENT.items_for(done)[0].id}").value == 4


def test_an_answer_that_did_not_save_says_so_and_saves_when_tried_again(fien, case_id, monkeypatch):
    _, tokens = scan.create_moment(app_store(), fien, case_id, MomentKind.T0, date.today())
    at = respondent_page(tokens[Respondent.MANAGER])
    at.button(key="answer_next").click().run()
    item = INSTRUMENT.items_for(INSTRUMENT.themes()[0])[0]

    def broken(*args, **kwargs):
        raise OSError("disk full")

    with monkeypatch.context() as patch:
        patch.setattr(scan, "save_answers", broken)
        at.radio(key=f"answer_{item.id}").set_value(3).run()
    assert not at.exception
    assert "Dit antwoord is niet bewaard" in texts(at)
    assert item.id not in scan.resume(app_store(), tokens[Respondent.MANAGER]).response.answers

    at.radio(key=f"answer_{item.id}").set_value(5).run()
    assert "niet bewaard" not in texts(at)
    assert scan.resume(app_store(), tokens[Respondent.MANAGER]).response.answers[item.id] == 5


def test_a_click_after_submitting_in_another_tab_says_it_no_longer_counts(fien, case_id):
    _, tokens = scan.create_moment(app_store(), fien, case_id, MomentKind.T0, date.today())
    token = tokens[Respondent.MANAGER]
    at = respondent_page(token)
    at.button(key="answer_next").click().run()
    item = INSTRUMENT.items_for(INSTRUMENT.themes()[0])[0]
    scan.save_answers(app_store(), token, {i.id: 4 for i in INSTRUMENT.items})
    scan.submit(app_store(), token)  # from another tab
    at.radio(key=f"answer_{item.id}").set_value(1).run()
    assert not at.exception
    assert "Bedankt!" in texts(at)
    assert "Je kan ze niet meer veranderen" in texts(at)
    assert scan.resume(app_store(), token).response.answers[item.id] == 4


def test_submitting_with_gaps_says_how_many_answers_are_missing(fien, case_id):
    _, tokens = scan.create_moment(app_store(), fien, case_id, MomentKind.T0, date.today())
    at = respondent_page(tokens[Respondent.MANAGER])
    at.session_state["answer_step"] = len(INSTRUMENT.themes()) + 2
    at.run()
    at.button(key="answer_submit").click().run()
    assert f"Er ontbreken nog {len(INSTRUMENT.items)} antwoorden" in texts(at)


def test_the_facilitator_sees_the_comparison_once_both_submitted(fien, case_id):
    _, tokens = scan.create_moment(app_store(), fien, case_id, MomentKind.T0, date.today())
    for respondent, value in ((Respondent.EMPLOYEE, 2), (Respondent.MANAGER, 4)):
        for item in INSTRUMENT.items:
            scan.save_answer(app_store(), tokens[respondent], item.id, value)
    scan.save_continuum(app_store(), tokens[Respondent.EMPLOYEE], "struggling")
    scan.submit(app_store(), tokens[Respondent.EMPLOYEE])
    at = scan_page(case_id)
    assert "Nog niet ingediend door: leidinggevende" in texts(at)
    scan.submit(app_store(), tokens[Respondent.MANAGER])
    at = scan_page(case_id)
    page = texts(at)
    assert "Beide partijen naast elkaar" in page
    assert "verschil om te bespreken" in page
    at.button(key="scan_report_make").click().run()
    assert not at.exception


def test_an_answer_the_page_holds_is_saved_even_when_its_change_callback_did_not_run(fien, case_id):
    # In a real browser, quick clicks can be folded into one rerun and a change callback
    # can be lost: the radio shows the answer, the database does not have it.
    _, tokens = scan.create_moment(app_store(), fien, case_id, MomentKind.T0, date.today())
    at = respondent_page(tokens[Respondent.EMPLOYEE])
    at.button(key="answer_next").click().run()
    items = INSTRUMENT.items_for(INSTRUMENT.themes()[0])
    for item in items[:-1]:
        at.radio(key=f"answer_{item.id}").set_value(4).run()
    at.session_state[f"answer_{items[-1].id}"] = 2  # held by the page, no callback
    at.run()
    assert not at.exception
    assert scan.resume(app_store(), tokens[Respondent.EMPLOYEE]).response.answers[items[-1].id] == 2
    assert "Dit deel is volledig." in texts(at)


def statements_shown(at) -> list[str]:
    return [r.key for r in at.radio if r.key.startswith("answer_")]


def test_one_statement_per_screen_walks_a_theme_statement_by_statement_and_back(fien, case_id):
    _, tokens = scan.create_moment(app_store(), fien, case_id, MomentKind.T0, date.today())
    first, second = INSTRUMENT.themes()[:2]
    at = respondent_page(tokens[Respondent.EMPLOYEE])
    at.toggle(key="answer_one_by_one_toggle").set_value(True).run()
    at.button(key="answer_next").click().run()
    statements = INSTRUMENT.items_for(first)
    for number, item in enumerate(statements, start=1):
        assert f"Uitspraak {number} van {len(statements)} in dit deel" in texts(at)
        assert at.get("progress")[0].proto.text == f"Uitspraak {number} van {len(INSTRUMENT.items)}"  # of the whole scan
        assert statements_shown(at) == [f"answer_{item.id}"]  # this statement alone
        at.radio(key=f"answer_{item.id}").set_value(4).run()
        at.button(key="answer_next").click().run()
    assert headers(at) == [theme_name(second)]
    assert statements_shown(at) == [f"answer_{INSTRUMENT.items_for(second)[0].id}"]
    at.button(key="answer_back").click().run()  # back from a theme's first statement: the last of the one before
    assert headers(at) == [theme_name(first)]
    assert statements_shown(at) == [f"answer_{statements[-1].id}"]
    assert "Dit deel is volledig." in texts(at)
    assert all(scan.open_link(app_store(), tokens[Respondent.EMPLOYEE]).response.answers[i.id] == 4 for i in statements)


def test_one_statement_per_screen_comes_back_at_the_first_open_statement_after_a_reload(fien, case_id):
    _, tokens = scan.create_moment(app_store(), fien, case_id, MomentKind.T0, date.today())
    first = INSTRUMENT.themes()[0]
    statements = INSTRUMENT.items_for(first)
    scan.save_answers(app_store(), tokens[Respondent.MANAGER], {statements[0].id: 2, statements[1].id: 3})
    at = respondent_page(tokens[Respondent.MANAGER])
    at.toggle(key="answer_one_by_one_toggle").set_value(True).run()
    assert statements_shown(at) == [f"answer_{statements[2].id}"]
    assert "Uitspraak 3 van" in texts(at)


def test_one_statement_per_screen_is_remembered_and_a_new_visit_resumes_at_the_first_unanswered_statement(fien, case_id):
    _, tokens = scan.create_moment(app_store(), fien, case_id, MomentKind.T0, date.today())
    first, second = INSTRUMENT.themes()[:2]
    at = respondent_page(tokens[Respondent.EMPLOYEE])
    at.toggle(key="answer_one_by_one_toggle").set_value(True).run()  # chosen on the first screen
    at.button(key="answer_next").click().run()
    answered = [*INSTRUMENT.items_for(first), *INSTRUMENT.items_for(second)[:2]]
    for item in answered:
        at.radio(key=f"answer_{item.id}").set_value(4).run()
        at.button(key="answer_next").click().run()

    again = respondent_page(tokens[Respondent.EMPLOYEE])  # the link opened on another day, nothing chosen again
    position = len(answered) + 1
    assert headers(again) == [theme_name(second)]
    assert statements_shown(again) == [f"answer_{INSTRUMENT.items_for(second)[2].id}"]
    assert again.get("progress")[0].proto.text == f"Uitspraak {position} van {len(INSTRUMENT.items)}"
    stored = scan.open_link(app_store(), tokens[Respondent.EMPLOYEE]).response
    assert len(stored.answers) == len(answered) and stored.one_by_one is True  # each saved once, by its click


def test_the_first_screen_says_how_long_the_scan_takes_from_its_number_of_statements(fien, case_id, monkeypatch):
    _, tokens = scan.create_moment(app_store(), fien, case_id, MomentKind.T0, date.today())
    at = respondent_page(tokens[Respondent.EMPLOYEE])
    assert f"Dit duurt ongeveer 15 minuten. Er zijn {len(INSTRUMENT.items)} korte uitspraken" in texts(at)

    from reset_core import instrument as instruments  # what the page loads its questions with

    shorter = replace(INSTRUMENT, items=INSTRUMENT.items[:10])
    monkeypatch.setattr(instruments, "load_instrument", lambda version=1, content_dir=None: shorter)
    at = respondent_page(tokens[Respondent.MANAGER])
    assert "Dit duurt ongeveer 10 minuten. Er zijn 10 korte uitspraken" in texts(at)


# --- after submitting: the party's own results, sharing and flags --------------------


def both_submitted(fien, case_id, open_answer: str = "ManagersOwnWordsXq"):
    _, tokens = scan.create_moment(app_store(), fien, case_id, MomentKind.T0, date.today())
    scan.save_answers(app_store(), tokens[Respondent.EMPLOYEE], {i.id: 2 for i in INSTRUMENT.items})
    scan.save_answers(app_store(), tokens[Respondent.MANAGER], {i.id: 5 for i in INSTRUMENT.items})
    scan.save_continuum(app_store(), tokens[Respondent.EMPLOYEE], "struggling")
    scan.save_open_answer(app_store(), tokens[Respondent.MANAGER], "v2_manager_own_support", open_answer)
    for token in tokens.values():
        scan.submit(app_store(), token)
    return tokens


def test_after_submitting_a_party_reads_their_own_answers_and_never_the_other_partys(fien, case_id):
    tokens = both_submitted(fien, case_id)
    at = respondent_page(tokens[Respondent.EMPLOYEE])
    assert not at.exception
    page = texts(at)
    assert "Jouw resultaten" in page and "geen diagnose" in page
    own = [item.text("employee", "nl") for item in INSTRUMENT.items]
    theirs = [item.text("manager", "nl") for item in INSTRUMENT.items if item.text("manager", "nl") not in own]
    assert all(statement + " — 2" in page for statement in own)
    assert theirs and not any(statement in page for statement in theirs)
    assert "ManagersOwnWordsXq" not in page and " — 5" not in page


def test_a_party_shares_flags_and_withdraws_on_their_own_link(fien, case_id):
    tokens = both_submitted(fien, case_id)
    at = respondent_page(tokens[Respondent.MANAGER])
    assert "Je hebt je resultaten (nog) niet gedeeld." in texts(at)
    at.button(key="answer_release").click().run()
    assert "Je hebt je resultaten gedeeld voor het gezamenlijke gesprek." in texts(at)
    at.checkbox(key="answer_flag_autonomy").check().run()
    (result,) = scan.results(app_store(), fien, case_id)
    assert result.released == {Respondent.MANAGER}
    assert result.flags == {"autonomy": frozenset({Respondent.MANAGER})}
    at.button(key="answer_withdraw").click().run()
    assert not at.exception
    assert scan.results(app_store(), fien, case_id)[0].released == frozenset()


def test_the_facilitator_sees_each_partys_choice_and_records_one_given_by_word_of_mouth(fien, case_id):
    tokens = both_submitted(fien, case_id)
    from reset_core import sharing

    sharing.flag_through_link(app_store(), tokens[Respondent.EMPLOYEE], "autonomy", True)
    at = scan_page(case_id)
    page = texts(at)
    assert "Niet op het gezamenlijke scherm" in page and "Autonomie en regelruimte" in page
    at.selectbox(key="scan_sharing_who").set_value(Respondent.EMPLOYEE).run()
    at.selectbox(key="scan_sharing_what").set_value("release").run()
    submit_button(at, "scan_sharing", "Noteren").click().run()
    assert "Schrijf hoe het gevraagd werd" in texts(at)  # refused without how it was asked
    at.text_area(key="scan_sharing_how").input("Bilateraal gesprek, mondeling gevraagd").run()
    submit_button(at, "scan_sharing", "Noteren").click().run()
    assert not at.exception
    page = texts(at)
    assert "mondeling, genoteerd door" in page and "Bilateraal gesprek, mondeling gevraagd" in page
    assert scan.results(app_store(), fien, case_id)[0].released == {Respondent.EMPLOYEE}
