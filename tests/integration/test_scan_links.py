"""Scan moments and links against a real database."""

from datetime import date, datetime, timedelta

import pytest

from reset_core import scan
from reset_core.errors import PermissionDenied, ValidationError
from reset_core.instrument import load_instrument
from reset_core.model import LinkStatus, MomentKind, Respondent
from reset_core.scan import CURRENT_VERSION, LinkRefused
from tests.conftest import Clock, open_case

INSTRUMENT = load_instrument(CURRENT_VERSION)


@pytest.fixture
def case_id(store, facilitator):
    return open_case(store, facilitator)


@pytest.fixture
def moment(store, facilitator, case_id):
    return scan.create_moment(store, facilitator, case_id, MomentKind.T0, date(2026, 6, 20))


def answer_all(store, token, value=4, continuum="surviving"):
    for item in INSTRUMENT.items:
        scan.save_answer(store, token, item.id, value)
    if continuum:
        scan.save_continuum(store, token, continuum)


def states(store, facilitator, case_id, clock=datetime.now):
    return {link.respondent: link.status for link in scan.overview(store, facilitator, case_id, clock)[0].links}


def test_a_moment_gives_two_long_random_links_that_are_stored_only_as_hashes(store, facilitator, moment):
    _, tokens = moment
    assert set(tokens) == {Respondent.EMPLOYEE, Respondent.MANAGER}
    assert all(len(token) >= 32 for token in tokens.values())  # 24 random bytes, 192 bits
    with store.read() as q:
        dump = str(q.cur.execute("SELECT * FROM scan_links").fetchall())
    assert not any(token in dump for token in tokens.values())


def test_a_link_opens_only_its_own_respondent_and_moment(store, facilitator, moment):
    m, tokens = moment
    session = scan.open_link(store, tokens[Respondent.MANAGER])
    assert (session.moment_id, session.respondent) == (m.id, Respondent.MANAGER)


def test_answers_saved_midway_are_there_when_the_link_is_opened_again(store, moment):
    _, tokens = moment
    token = tokens[Respondent.EMPLOYEE]
    scan.save_answer(store, token, "v2_autonomy_1", 2)
    scan.save_answer(store, token, "v2_autonomy_2", None)
    scan.save_open_answer(store, token, "v2_employee_energy", "Mijn klanten")
    again = scan.open_link(store, token)
    assert again.response.answers == {"v2_autonomy_1": 2, "v2_autonomy_2": None}
    assert again.response.open_answers == {"v2_employee_energy": "Mijn klanten"}


def test_the_link_opened_again_goes_on_at_the_first_theme_with_an_open_statement(store, moment):
    _, tokens = moment
    token = tokens[Respondent.EMPLOYEE]
    first, second, third = INSTRUMENT.themes()[:3]
    assert scan.progress(scan.open_link(store, token)).resume_at() == scan.INTRO
    scan.save_answers(store, token, {item.id: 3 for item in INSTRUMENT.items_for(first) + INSTRUMENT.items_for(third)})
    scan.save_answer(store, token, INSTRUMENT.items_for(second)[0].id, None)  # not applicable
    progress = scan.progress(scan.resume(store, token))
    assert progress.resume_at() == second
    assert [(p.theme, p.answered) for p in progress.themes[:3]] == [
        (first, len(INSTRUMENT.items_for(first))), (second, 1), (third, len(INSTRUMENT.items_for(third)))
    ]
    answer_all(store, token, continuum=None)
    assert scan.progress(scan.resume(store, token)).resume_at() == scan.SUMMARY  # the self-placement may stay empty
    assert scan.progress(scan.resume(store, tokens[Respondent.MANAGER])).resume_at() == scan.INTRO


def test_how_a_respondent_chose_to_answer_comes_back_with_the_link_and_counts_as_no_answer(store, moment):
    _, tokens = moment
    token = tokens[Respondent.EMPLOYEE]
    assert scan.open_link(store, token).response.one_by_one is None  # not chosen: the page goes by the device
    scan.save_one_by_one(store, token, True)
    again = scan.open_link(store, token)
    assert again.response.one_by_one is True
    assert scan.progress(again).resume_at() == scan.INTRO  # a choice of view is not a start
    assert scan.open_link(store, tokens[Respondent.MANAGER]).response.one_by_one is None  # the other party's own
    answer_all(store, token)
    scan.submit(store, token)
    with pytest.raises(ValidationError):
        scan.save_one_by_one(store, token, False)


def test_a_wrong_token_is_refused(store, moment):
    with pytest.raises(LinkRefused):
        scan.open_link(store, "not-a-token-at-all")
    with pytest.raises(LinkRefused):
        scan.save_answer(store, "", "v2_autonomy_1", 3)


def test_a_link_stops_working_when_it_expires(store, facilitator, case_id):
    clock = Clock(datetime(2026, 6, 20, 9, 0))
    _, tokens = scan.create_moment(store, facilitator, case_id, MomentKind.T0, date(2026, 6, 20), valid_days=14, clock=clock)
    clock.now += timedelta(days=13, hours=23)
    scan.open_link(store, tokens[Respondent.EMPLOYEE], clock)
    clock.now += timedelta(hours=2)
    with pytest.raises(LinkRefused):
        scan.open_link(store, tokens[Respondent.EMPLOYEE], clock)
    with pytest.raises(LinkRefused):
        scan.save_answer(store, tokens[Respondent.EMPLOYEE], "v2_autonomy_1", 3, clock)
    assert states(store, facilitator, case_id, clock)[Respondent.EMPLOYEE] is LinkStatus.EXPIRED


def test_a_revoked_link_stops_and_a_reissued_one_continues_the_same_answers(store, facilitator, case_id, moment):
    m, tokens = moment
    old = tokens[Respondent.EMPLOYEE]
    scan.save_answer(store, old, "v2_autonomy_1", 5)
    new = scan.reissue_link(store, facilitator, case_id, m.id, Respondent.EMPLOYEE)
    with pytest.raises(LinkRefused):
        scan.open_link(store, old)
    assert scan.open_link(store, new).response.answers == {"v2_autonomy_1": 5}
    scan.revoke_link(store, facilitator, case_id, m.id, Respondent.EMPLOYEE)
    with pytest.raises(LinkRefused):
        scan.open_link(store, new)
    assert states(store, facilitator, case_id)[Respondent.EMPLOYEE] is LinkStatus.REVOKED


def test_each_party_s_link_opens_in_their_own_language_also_after_a_new_link(store, facilitator, case_id):
    m, tokens = scan.create_moment(
        store, facilitator, case_id, MomentKind.T0, date(2026, 6, 20),
        languages={Respondent.EMPLOYEE: "fr", Respondent.MANAGER: "nl"},
    )
    assert scan.open_link(store, tokens[Respondent.EMPLOYEE]).language == "fr"
    assert scan.open_link(store, tokens[Respondent.MANAGER]).language == "nl"
    again = scan.reissue_link(store, facilitator, case_id, m.id, Respondent.EMPLOYEE)
    assert scan.open_link(store, again).language == "fr"
    chosen = scan.reissue_link(store, facilitator, case_id, m.id, Respondent.MANAGER, language="en")
    assert scan.open_link(store, chosen).language == "en"


def test_after_submission_the_link_accepts_no_more_answers(store, moment):
    _, tokens = moment
    token = tokens[Respondent.EMPLOYEE]
    answer_all(store, token)
    scan.submit(store, token)
    assert scan.open_link(store, token).response.submitted
    with pytest.raises(ValidationError) as err:
        scan.save_answer(store, token, "v2_autonomy_1", 1)
    assert err.value.key == "scan_link.already_submitted"
    with pytest.raises(ValidationError):
        scan.submit(store, token)


def test_a_submission_needs_every_statement_answered_or_marked_not_applicable(store, moment):
    _, tokens = moment
    token = tokens[Respondent.EMPLOYEE]
    for item in INSTRUMENT.items[:-1]:
        scan.save_answer(store, token, item.id, None)
    scan.save_continuum(store, token, "struggling")
    with pytest.raises(ValidationError) as err:
        scan.submit(store, token)
    assert err.value.params["count"] == 1
    scan.save_answer(store, token, INSTRUMENT.items[-1].id, 3)
    scan.submit(store, token)


def test_the_employee_may_leave_the_self_placement_empty_and_the_manager_cannot_place_them(store, moment):
    _, tokens = moment
    answer_all(store, tokens[Respondent.EMPLOYEE], continuum="struggling")
    scan.save_continuum(store, tokens[Respondent.EMPLOYEE], None)  # taken back: "rather not say"
    scan.submit(store, tokens[Respondent.EMPLOYEE])
    assert scan.resume(store, tokens[Respondent.EMPLOYEE]).response.continuum is None
    with pytest.raises(ValidationError):
        scan.save_continuum(store, tokens[Respondent.MANAGER], "thriving")


def test_a_token_cannot_answer_an_item_outside_the_instrument_or_with_a_bad_value(store, moment):
    _, tokens = moment
    with pytest.raises(ValidationError):
        scan.save_answer(store, tokens[Respondent.EMPLOYEE], "drop table", 3)
    with pytest.raises(ValidationError):
        scan.save_answer(store, tokens[Respondent.EMPLOYEE], "v2_autonomy_1", 7)


def test_a_token_of_one_case_never_touches_another_case(store, facilitator, case_id, moment):
    other_case = open_case(store, facilitator, "Sofie Claes")
    scan.create_moment(store, facilitator, other_case, MomentKind.T0, date(2026, 6, 20))
    _, tokens = moment
    scan.save_answer(store, tokens[Respondent.EMPLOYEE], "v2_autonomy_1", 1)
    results = scan.results(store, facilitator, other_case)
    with store.read() as q:
        other_responses = [r for r in q.scans.responses_of_case(other_case)]
    assert all(r.answers == {} for r in other_responses)
    assert results[0].employee is None


def test_link_states_follow_the_respondents(store, facilitator, case_id, moment):
    _, tokens = moment
    assert states(store, facilitator, case_id) == {Respondent.EMPLOYEE: LinkStatus.NOT_OPENED, Respondent.MANAGER: LinkStatus.NOT_OPENED}
    scan.open_link(store, tokens[Respondent.EMPLOYEE])
    answer_all(store, tokens[Respondent.MANAGER], continuum=None)
    scan.submit(store, tokens[Respondent.MANAGER])
    assert states(store, facilitator, case_id) == {Respondent.EMPLOYEE: LinkStatus.IN_PROGRESS, Respondent.MANAGER: LinkStatus.SUBMITTED}


def test_results_compare_only_submitted_answers_and_show_the_gaps(store, facilitator, case_id, moment):
    _, tokens = moment
    emp, mgr = tokens[Respondent.EMPLOYEE], tokens[Respondent.MANAGER]
    for item in INSTRUMENT.items:
        # the employee is less positive about the team than the manager thinks
        if item.theme == "team_relations":
            scan.save_answer(store, emp, item.id, 5 if item.reverse else 1)
            scan.save_answer(store, mgr, item.id, 1 if item.reverse else 5)
        else:
            scan.save_answer(store, emp, item.id, 3)
            scan.save_answer(store, mgr, item.id, 3)
    scan.save_continuum(store, emp, "surviving")
    assert scan.results(store, facilitator, case_id)[0].side_by_side is None  # nothing submitted yet
    scan.submit(store, emp)
    scan.submit(store, mgr)
    (result,) = scan.results(store, facilitator, case_id)
    assert result.comparison is None  # for the joint screen: not before both released (test_scan_sharing)
    by = {row.theme: row for row in result.side_by_side}
    assert by["team_relations"].gap == -4.0 and by["team_relations"].worth_discussing
    assert not by["autonomy"].worth_discussing
    assert result.continuum == "surviving"


def test_another_facilitator_cannot_start_or_see_a_scan(store, other_facilitator, case_id, moment):
    with pytest.raises(PermissionDenied):
        scan.create_moment(store, other_facilitator, case_id, MomentKind.M3, date(2026, 9, 1))
    with pytest.raises(PermissionDenied):
        scan.results(store, other_facilitator, case_id)
    with pytest.raises(PermissionDenied):
        scan.reissue_link(store, other_facilitator, case_id, moment[0].id, Respondent.EMPLOYEE)


def test_repeated_bad_tokens_are_slowed_down():
    assert scan.bad_token_delay(0) == scan.bad_token_delay(1) == 0
    assert 0 < scan.bad_token_delay(2) < scan.bad_token_delay(4) <= 8
