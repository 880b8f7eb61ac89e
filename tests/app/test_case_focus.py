"""One case in focus across every case page, through AppTest.

The facilitator chooses a case once; every case page then shows that case, after a page
switch in the sidebar (which drops the address's query string) and after a reload (a
new session with only the address). No page ever shows another case's names, and what
a page keeps in the session for a case (fresh scan links) never shows under another.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from reset_core import accounts, dialogue, intake
from reset_core.model import COMMAND_LINE, PROCESSING, GoalOwner, MomentKind, Party, PartyRole, Role
from tests.app.conftest import app_store, logged_in, open_page, texts, view
from tests.conftest import PASSWORD, open_case

CASE_PAGES = ["intake", "conversations", "scan", "dialogue", "agreement", "followup", "closing"]
# The first case is the picker's first option: the one a page falls back on when it loses the focus.
OTHER = {"employee": "Wendy Oosterlinck", "manager": "Pieter Vandeputte", "goal": "OtherCaseGoalXq"}
FOCUSED = {"employee": "Jana Lievens", "manager": "Koen Dewulf", "goal": "FocusedCaseGoalXr"}


def make_case(fien, names: dict[str, str]) -> int:
    store = app_store()
    case_id = open_case(
        store, fien, names["employee"], manager=Party(PartyRole.MANAGER, names["manager"], "Ploegbaas"),
        sick_leave_start=date.today() - timedelta(days=60),
    )
    intake.record_consent(store, fien, case_id, PROCESSING, True, date.today() - timedelta(days=50))
    dialogue.add_goal(store, fien, case_id, "autonomy", GoalOwner.EMPLOYEE, names["goal"], "Na een maand", MomentKind.M3)
    return case_id


@pytest.fixture
def two_cases(fien) -> tuple[int, int]:
    """(the other case, the case the facilitator will work on), in that order of ids."""
    return make_case(fien, OTHER), make_case(fien, FOCUSED)


def picker(at):
    """The case picker at the top of a case page (found by its label, whatever its key)."""
    return next(s for s in at.selectbox if s.label == "Dossier")


def shown(at) -> str:
    """What the page shows, the values of its fields included (not the picker's closed list)."""
    values = [str(w.value) for kind in ("text_input", "text_area") for w in getattr(at, kind)]
    return texts(at) + "\n" + "\n".join(values)


def sidebar_to(at, page: str):
    """A click in the sidebar: another page, and the address without its query string."""
    for name in list(at.query_params):
        at.query_params.pop(name)
    at.switch_page(view(page))
    return at.run()


def reload(page: str, at):
    """F5: a new session that has only the address (the login comes from the cookie)."""
    again = logged_in("fien")
    for name, value in at.query_params.items():
        again.query_params[name] = value[0] if isinstance(value, list) else value
    again.switch_page(view(page))
    return again.run()


def assert_only_the_focused_case(at, page: str) -> None:
    assert not at.exception, page
    page_text = shown(at)
    assert FOCUSED["employee"] in page_text and FOCUSED["manager"] in page_text, f"{page} does not show the case in focus"
    leaked = [name for name in OTHER.values() if name in page_text]
    assert not leaked, f"{page} shows another case: {leaked}"


def test_the_case_chosen_on_one_page_is_the_case_of_every_case_page_and_of_a_reload(two_cases):
    _, focused = two_cases
    at = open_page("scan")
    picker(at).select(focused).run()
    assert_only_the_focused_case(at, "scan")
    for page in CASE_PAGES:
        at = sidebar_to(at, page)
        assert_only_the_focused_case(at, page)
        assert picker(at).value == focused
        assert at.query_params["case"] == str(focused)  # a reload, a new tab or a shared link keeps it
        assert_only_the_focused_case(reload(page, at), f"{page} after a reload")


def test_the_header_of_a_case_page_names_employee_manager_phase_and_next_step(two_cases):
    _, focused = two_cases
    page_text = texts(open_page("followup", case_id=focused))
    # The case has its basic consent, so its facts put it in preparation.
    for shown_fact in (FOCUSED["employee"], FOCUSED["manager"], "Voorbereiding", "Aparte gesprekken voeren en de scan laten invullen"):
        assert shown_fact in page_text


def test_the_intake_opens_on_the_case_in_focus_and_a_new_case_is_an_explicit_choice(two_cases):
    _, focused = two_cases
    at = open_page("dialogue", case_id=focused)
    at = sidebar_to(at, "intake")
    assert FOCUSED["employee"] in [w.value for w in at.text_input]
    assert "Dossier openen" not in [b.label for b in at.button]
    picker(at).select(0).run()  # "+ Nieuw dossier"
    assert "Dossier openen" in [b.label for b in at.button]
    assert "case" not in at.query_params


def test_with_several_cases_and_none_chosen_a_case_page_asks_instead_of_taking_the_first(two_cases):
    at = open_page("dialogue")
    assert picker(at).value is None
    assert "Kies bovenaan het dossier" in texts(at)
    for names in (OTHER, FOCUSED):
        assert names["employee"] not in shown(at)


def test_a_case_in_the_address_that_is_not_yours_gets_a_message_and_no_other_case(two_cases):
    olaf = accounts.add_user(app_store(), COMMAND_LINE, "olaf", "Olaf Other", PASSWORD, Role.FACILITATOR)
    not_yours = open_case(app_store(), olaf, "Hanne Vermeulen")
    for page in CASE_PAGES:
        at = open_page(page, case_id=not_yours)
        assert not at.exception
        page_text = shown(at)
        assert f"Dossier #{not_yours} bestaat niet of je hebt er geen toegang toe" in page_text, page
        leaked = [n for names in (OTHER, FOCUSED) for n in names.values() if n in page_text] + ["Hanne"] * ("Hanne" in page_text)
        assert not leaked, f"{page} shows {leaked} for a case that is not hers"
    with app_store().read() as q:
        assert any(e.action == "case.denied" for e in q.journal.audit_of_case(not_yours))


def test_fresh_scan_links_of_one_case_never_show_under_another(two_cases):
    other, focused = two_cases
    at = open_page("scan", case_id=other)
    next(b for b in at.button if b.label.startswith("Scanmoment aanmaken")).click().run()
    links = [c.value for c in at.code]
    assert len(links) == 2  # shown once, for the case they were made for
    picker(at).select(focused).run()
    assert not [c.value for c in at.code], "another case's scan links under the case in focus"
    # Also when the focus changes on another page and the scan page is opened again.
    at = open_page("scan", case_id=other)
    next(b for b in at.button if b.label.startswith("Scanmoment aanmaken")).click().run()
    at = sidebar_to(at, "dialogue")
    picker(at).select(focused).run()
    at = sidebar_to(at, "scan")
    assert assert_only_the_focused_case(at, "scan") is None
    assert not [c.value for c in at.code], "another case's scan links under the case in focus"


def test_a_click_on_a_home_row_puts_its_case_in_focus_and_opens_its_next_step(two_cases):
    _, focused = two_cases
    at = logged_in("fien").run()
    at.session_state["home_cases"] = {"selection": {"rows": [1], "columns": []}}
    at.run()
    assert not at.exception
    assert at.title[0].value == "Kaartgesprekken"  # the next step of a case in preparation
    assert_only_the_focused_case(at, "conversations")
    at = sidebar_to(at, "scan")
    assert_only_the_focused_case(at, "scan")


# --- the joint screen on the projector ------------------------------------------------------


def assert_projected_joint_screen_of_the_focused_case(at) -> None:
    assert not at.exception
    headings = [h.value for h in at.title]
    assert f"Gezamenlijk gesprek · {FOCUSED['employee']} en {FOCUSED['manager']}" in headings
    # Nothing to edit, no goal to drop: only the moves through the sections and the way out.
    assert {b.label for b in at.button} == {"Vorige", "Volgende", "Presentatie verlaten"}
    while True:  # every section, up to the goals
        assert not at.text_area and not at.checkbox and not at.text_input and not at.selectbox
        assert "Dit veld is verplicht" not in texts(at)
        leaked = [name for name in OTHER.values() if name in shown(at)] + [t for t in ("Mijn dossiers",) if t in texts(at)]
        assert not leaked, f"the projector shows {leaked}"
        if at.button(key="presentation_next").disabled:
            break
        at.button(key="presentation_next").click().run()
    assert FOCUSED["goal"] in texts(at)


def test_a_reload_of_the_projector_comes_back_to_the_same_joint_screen_with_nothing_to_edit(two_cases):
    _, focused = two_cases
    at = open_page("dialogue", case_id=focused)
    # A goal form sent half-filled leaves its error on the facilitator's screen.
    next(b for b in at.button if b.label == "Doel toevoegen").click().run()
    assert "Dit veld is verplicht" in texts(at)
    at.button(key="dialogue_present").click().run()
    assert_projected_joint_screen_of_the_focused_case(at)
    assert at.query_params["case"] == str(focused) and at.query_params["present"] == "1"
    assert_projected_joint_screen_of_the_focused_case(reload("home", at))  # the address decides, not the page
    again = reload("dialogue", at)
    assert_projected_joint_screen_of_the_focused_case(again)
    again.button(key="dialogue_leave").click().run()
    assert picker(again).value == focused
    assert "present" not in again.query_params
    assert next(b for b in again.button if b.label == "Presentatie starten")


def test_a_projector_address_of_a_case_that_is_not_yours_shows_a_neutral_screen(two_cases):
    olaf = accounts.add_user(app_store(), COMMAND_LINE, "olaf", "Olaf Other", PASSWORD, Role.FACILITATOR)
    not_yours = open_case(app_store(), olaf, "Hanne Vermeulen")
    at = logged_in("fien")
    at.query_params["case"] = str(not_yours)
    at.query_params["present"] = "1"
    at.run()
    assert not at.exception
    assert "Er staat geen dossier in beeld." in texts(at)
    assert [b.label for b in at.button] == ["Presentatie verlaten"]
    page_text = shown(at)
    assert not [n for names in (OTHER, FOCUSED) for n in names.values() if n in page_text] and "Hanne" not in page_text


@pytest.mark.parametrize("odd", ["²", "٣", "-1", "0", "1e3", "99999999999999999999999", "%00", " 1"])
def test_an_odd_case_number_in_the_address_gets_a_message_on_every_case_page_and_never_a_traceback(two_cases, odd):
    for page in CASE_PAGES:
        at = logged_in("fien")
        at.query_params["case"] = odd
        at.switch_page(view(page))
        at.run()
        assert not at.exception, f"{page} with ?case={odd!r}"
        leaked = [n for names in (OTHER, FOCUSED) for n in names.values() if n in shown(at)]
        assert not leaked, f"{page} with ?case={odd!r} shows {leaked}"
