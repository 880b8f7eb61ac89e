"""A party's personal space and its link, against a real database."""

from datetime import date, datetime, timedelta

import pytest

from reset_core import consent_texts, history, intake, party_space, scan, services, tokens
from reset_core.allowed import Use
from reset_core.errors import PermissionDenied, Unavailable, ValidationError
from reset_core.model import PROCESSING, MomentKind, PersonRole, Respondent, person_subject
from reset_core.party_space import LinkRefused
from tests.conftest import Clock, open_case

EMPLOYEE, MANAGER = Respondent.EMPLOYEE, Respondent.MANAGER


@pytest.fixture
def case_id(store, facilitator):
    return open_case(store, facilitator)


def audit(store, case_id, action):
    with store.read() as q:
        return [e for e in q.journal.audit_of_case(case_id) if e.action == action]


def test_a_link_is_long_random_and_stored_only_as_its_hash(store, facilitator, case_id):
    token = party_space.issue_link(store, facilitator, case_id, EMPLOYEE)
    assert len(token) >= 32
    with store.read() as q:
        stored = [row[0] for row in q.cur.execute("SELECT token_hash FROM space_links").fetchall()]
        dump = str(q.cur.execute("SELECT * FROM space_links").fetchall())
    assert stored == [tokens.digest(token)] and token not in dump


def test_a_link_opens_the_partys_own_space_by_their_own_name_only(store, facilitator, case_id):
    employee = party_space.open_space(store, party_space.issue_link(store, facilitator, case_id, EMPLOYEE, "en"))
    manager = party_space.open_space(store, party_space.issue_link(store, facilitator, case_id, MANAGER))
    assert (employee.case_id, employee.respondent, employee.language, employee.name) == (case_id, EMPLOYEE, "en", "Marc Verbeke")
    assert (manager.respondent, manager.language, manager.name) == (MANAGER, "nl", "Katrien De Smet")


def test_every_bad_link_gets_one_and_the_same_refusal(store, facilitator, case_id):
    clock = Clock(datetime(2026, 7, 1, 9))
    expired = party_space.issue_link(store, facilitator, case_id, MANAGER, days=1, clock=clock)
    revoked = party_space.issue_link(store, facilitator, case_id, EMPLOYEE, clock=clock)
    party_space.revoke_link(store, facilitator, case_id, EMPLOYEE, clock=clock)
    clock.now += timedelta(days=2)
    refusals = []
    for token in ("", "guess", expired, revoked):
        for call in (party_space.open_space, party_space.resume):
            with pytest.raises(LinkRefused) as refused:
                call(store, token, clock)
            refusals.append(refused.value.key)
        with pytest.raises(LinkRefused):
            party_space.space(store, token, "nl", clock)
    assert set(refusals) == {"space.refused"}


def test_a_new_link_stops_the_one_before_at_once(store, facilitator, case_id):
    first = party_space.issue_link(store, facilitator, case_id, EMPLOYEE)
    second = party_space.issue_link(store, facilitator, case_id, EMPLOYEE)
    with pytest.raises(LinkRefused):
        party_space.open_space(store, first)
    assert party_space.open_space(store, second).respondent is EMPLOYEE


def test_a_double_click_on_make_link_makes_one_link(store, facilitator, case_id):
    first = party_space.issue_link(store, facilitator, case_id, EMPLOYEE, request="r1")
    assert party_space.issue_link(store, facilitator, case_id, EMPLOYEE, request="r1") is None
    assert party_space.open_space(store, first).case_id == case_id


def test_a_link_of_one_case_never_opens_another(store, facilitator, case_id):
    other = open_case(store, facilitator, name="Els Peeters", confirm_duplicate=True)
    intake.record_consent(store, facilitator, other, PROCESSING, True, date(2026, 6, 2))
    scan.create_moment(store, facilitator, other, MomentKind.T0, date(2026, 6, 20))
    view = party_space.space(store, party_space.issue_link(store, facilitator, case_id, EMPLOYEE), "nl")
    assert view.session.case_id == case_id and view.session.name == "Marc Verbeke"
    assert view.scans == () and view.consents == ()


def test_the_wrong_facilitator_can_make_nor_revoke_a_link(store, facilitator, other_facilitator, case_id):
    with pytest.raises(PermissionDenied):
        party_space.issue_link(store, other_facilitator, case_id, EMPLOYEE)
    with pytest.raises(PermissionDenied):
        party_space.revoke_link(store, other_facilitator, case_id, EMPLOYEE)
    with pytest.raises(PermissionDenied):
        party_space.overview(store, other_facilitator, case_id)


def test_opening_is_logged_once_per_visit_and_shown_to_the_facilitator(store, facilitator, case_id):
    clock = Clock(datetime(2026, 7, 1, 9))
    token = party_space.issue_link(store, facilitator, case_id, MANAGER, clock=clock)
    assert party_space.overview(store, facilitator, case_id, clock)[1].opened_at is None
    party_space.open_space(store, token, clock)
    clock.now += timedelta(hours=1)
    party_space.resume(store, token, clock)
    party_space.space(store, token, "nl", clock)
    assert len(audit(store, case_id, "space.open")) == 1
    clock.now += timedelta(days=1)
    party_space.open_space(store, token, clock)  # another browser, another day
    state = party_space.overview(store, facilitator, case_id, clock)[1]
    assert (state.respondent, state.link) == (MANAGER, "live")
    assert state.opened_at == datetime(2026, 7, 1, 9) and state.last_opened_at == datetime(2026, 7, 2, 10)
    assert [e.actor for e in audit(store, case_id, "space.open")] == ["manager-space", "manager-space"]


def test_the_space_shows_each_party_only_their_own_scan_state(store, facilitator, case_id):
    moment, tokens = scan.create_moment(store, facilitator, case_id, MomentKind.T0, date(2026, 6, 20))
    for item in scan.load_instrument(scan.CURRENT_VERSION).items:
        scan.save_answer(store, tokens[MANAGER], item.id, 3)
    scan.submit(store, tokens[MANAGER])
    employee = party_space.space(store, party_space.issue_link(store, facilitator, case_id, EMPLOYEE), "nl")
    manager = party_space.space(store, party_space.issue_link(store, facilitator, case_id, MANAGER), "nl")
    assert [(s.moment_id, s.link_open, s.submitted_at is None) for s in employee.scans] == [(moment.id, True, True)]
    assert [(s.moment_id, s.link_open, s.submitted_at is None) for s in manager.scans] == [(moment.id, False, False)]
    states = party_space.overview(store, facilitator, case_id)
    assert [s.scans[0].submitted_at is not None for s in states] == [False, True]


def test_the_space_opens_the_open_questionnaire_so_one_link_is_enough_and_the_sent_link_keeps_working(store, facilitator, case_id):
    moment, sent = scan.create_moment(store, facilitator, case_id, MomentKind.T0, date.today())
    space = party_space.issue_link(store, facilitator, case_id, EMPLOYEE)
    door = party_space.scan_door(store, space, moment.id)
    item, other = scan.load_instrument(scan.CURRENT_VERSION).items[:2]
    scan.save_answer(store, door, item.id, 2)
    scan.save_answer(store, sent[EMPLOYEE], other.id, 4)
    answers = scan.resume(store, door).response.answers
    assert (answers[item.id], answers[other.id]) == (2, 4)  # one questionnaire behind both doors
    assert scan.resume(store, door).respondent is EMPLOYEE
    assert [e.actor for e in audit(store, case_id, "space.scan_open")] == ["employee-space"]


def test_the_space_opens_no_questionnaire_once_submitted_revoked_or_of_another_party(store, facilitator, case_id):
    moment, sent = scan.create_moment(store, facilitator, case_id, MomentKind.T0, date.today())
    employee = party_space.issue_link(store, facilitator, case_id, EMPLOYEE)
    manager = party_space.issue_link(store, facilitator, case_id, MANAGER)
    door = party_space.scan_door(store, employee, moment.id)
    scan.revoke_link(store, facilitator, case_id, moment.id, EMPLOYEE)
    with pytest.raises(scan.LinkRefused):  # revoking the party's link closes every door to it
        scan.resume(store, door)
    with pytest.raises(ValidationError) as refused:
        party_space.scan_door(store, employee, moment.id)
    assert refused.value.key == "space.scan_not_open"
    scan.save_answers(store, sent[MANAGER], {i.id: 3 for i in scan.load_instrument(scan.CURRENT_VERSION).items})
    scan.submit(store, sent[MANAGER])
    with pytest.raises(ValidationError):
        party_space.scan_door(store, manager, moment.id)
    manager_door_count = sum(1 for link in store_links(store, case_id) if link.respondent is MANAGER)
    assert manager_door_count == 1  # nothing was made by the refused clicks


def store_links(store, case_id):
    with store.read() as q:
        return q.scans.links_of_case(case_id)


def test_the_employee_reads_their_consents_in_the_words_and_version_they_were_given_on(store, facilitator, case_id):
    gp = intake.add_person(store, facilitator, case_id, PersonRole.GP, "dr. Wuyts")
    intake.record_consent(store, facilitator, case_id, PROCESSING, True, date(2026, 6, 2))
    intake.record_consent(store, facilitator, case_id, person_subject(gp.id), True, date(2026, 6, 2))
    version = consent_texts.current_version()
    assert [e.text_version for e in intake.load(store, facilitator, case_id).ledger] == [version, version]
    view = party_space.space(store, party_space.issue_link(store, facilitator, case_id, EMPLOYEE), "nl")
    assert party_space.CONSENTS in view.sections and party_space.NOTICE not in view.sections
    assert [(c.subject, c.given, c.text_version) for c in view.consents] == [
        (PROCESSING, True, version), (person_subject(gp.id), True, version),
    ]
    assert "dr. Wuyts" in view.consents[1].text and "huisarts" in view.consents[1].text
    assert view.consents[0].text == consent_texts.text(PROCESSING, version, "nl")


def test_a_withdrawal_in_the_space_holds_at_once_everywhere(store, facilitator, case_id):
    intake.record_consent(store, facilitator, case_id, PROCESSING, True, date(2026, 6, 2))
    token = party_space.issue_link(store, facilitator, case_id, EMPLOYEE)
    _, scan_links = scan.create_moment(store, facilitator, case_id, MomentKind.T0, date(2026, 6, 20))
    party_space.withdraw_consent(store, token, PROCESSING)
    party_space.withdraw_consent(store, token, PROCESSING)  # a second click changes nothing
    ledger = intake.load(store, facilitator, case_id).ledger
    assert [(e.given, e.recorded_by) for e in ledger] == [(True, "fien"), (False, "employee-space")]
    lines = [line for line in history.case_history(store, facilitator, case_id, "nl") if line.what == "Toestemming ingetrokken"]
    assert [line.who for line in lines] == ["de medewerker (persoonlijke ruimte)"]
    assert not services.allowance(store, facilitator, case_id).allows(Use.SCAN_RESULTS)
    with pytest.raises(Unavailable):
        scan.open_link(store, scan_links[EMPLOYEE])
    assert dict(party_space.overview(store, facilitator, case_id)[0].consents) == {PROCESSING: False}
    # the space itself stays open: the employee sees what they withdrew
    assert [(c.given, c.by_link) for c in party_space.space(store, token, "nl").consents] == [(False, True)]


def test_the_manager_cannot_withdraw_the_employees_consent(store, facilitator, case_id):
    intake.record_consent(store, facilitator, case_id, PROCESSING, True, date(2026, 6, 2))
    token = party_space.issue_link(store, facilitator, case_id, MANAGER)
    with pytest.raises(ValidationError):
        party_space.withdraw_consent(store, token, PROCESSING)
    view = party_space.space(store, token, "nl")
    assert view.consents == () and party_space.NOTICE in view.sections and party_space.CONSENTS not in view.sections
    assert [e.given for e in intake.load(store, facilitator, case_id).ledger] == [True]


def test_an_erased_case_takes_its_links_with_it(store, facilitator, case_id):
    from reset_core import privacy

    token = party_space.issue_link(store, facilitator, case_id, EMPLOYEE)
    privacy.erase_case(store, facilitator, case_id, str(case_id))
    with pytest.raises(LinkRefused):
        party_space.open_space(store, token)
