"""Each party releases their own scan results for the joint dialogue and flags the themes
they want to talk about: through their own scan link, or recorded by the facilitator.
The structural rule: no comparison on any surface for the parties unless both released."""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest
from pypdf import PdfReader

from reset_core import agreement, dialogue, intake, party_space, privacy, scan, sharing
from reset_core.access_request import ExportFor
from reset_core.documents.plan import document
from reset_core.errors import Unavailable, ValidationError
from reset_core.i18n import translate
from reset_core.instrument import load_instrument
from reset_core.model import PROCESSING, MomentKind, ReleaseVia, Respondent
from reset_core.scan import CURRENT_VERSION, LinkRefused
from tests.conftest import Clock, open_case

INSTRUMENT = load_instrument(CURRENT_VERSION)
EMPLOYEE, MANAGER = Respondent.EMPLOYEE, Respondent.MANAGER
SCAN_SECTION = translate("agreement.section_scan", "nl")  # the plan PDF's heading over the comparison


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 9, 1, 10, 0))


def answered_case(store, facilitator, clock, name="Marc Verbeke", employee=2, manager=4):
    """A case whose T0 both parties submitted (nobody released yet); the two tokens."""
    case_id = open_case(store, facilitator, name, sick_leave_start=date(2026, 3, 2))
    intake.record_consent(store, facilitator, case_id, PROCESSING, True, date(2026, 3, 20))
    moment, tokens = scan.create_moment(store, facilitator, case_id, MomentKind.T0, date(2026, 8, 20), clock=clock)
    scan.save_answers(store, tokens[EMPLOYEE], {i.id: employee for i in INSTRUMENT.items}, clock)
    scan.save_answers(store, tokens[MANAGER], {i.id: manager for i in INSTRUMENT.items}, clock)
    scan.save_continuum(store, tokens[EMPLOYEE], "struggling", clock)
    for token in tokens.values():
        scan.submit(store, token, clock)
    return case_id, moment, tokens


def refused(key, fn, *args, **kwargs):
    with pytest.raises(ValidationError) as caught:
        fn(*args, **kwargs)
    assert caught.value.key == key


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())


def export_of(store, facilitator, case_id, party: ExportFor) -> tuple[str, dict]:
    """The party's export: the text of its plan PDFs, and its JSON record."""
    with zipfile.ZipFile(io.BytesIO(privacy.export_case(store, facilitator, case_id, for_whom=party))) as archive:
        pdfs = " ".join(pdf_text(archive.read(n)) for n in archive.namelist() if n.endswith(".pdf"))
        record = json.loads(next(archive.read(n) for n in archive.namelist() if n.endswith(".json")))
    return pdfs, record


# --- every surface for the parties x every release state ------------------------------

STATES = {
    "none": (),
    "employee only": ((EMPLOYEE, True),),
    "manager only": ((MANAGER, True),),
    "both": ((EMPLOYEE, True), (MANAGER, True)),
    "both, then one withdrew": ((EMPLOYEE, True), (MANAGER, True), (EMPLOYEE, False)),
}


@pytest.mark.parametrize("state", list(STATES))
def test_a_comparison_reaches_the_joint_screen_agenda_plan_and_party_exports_only_when_both_released(state, store, facilitator, clock):
    case_id, moment, tokens = answered_case(store, facilitator, clock)
    # The plan chose this moment's comparison while both had released it; then every
    # release is taken back, and the state under test is given through the links.
    for token in tokens.values():
        sharing.release_through_link(store, token, True, clock)
    agreement.start(store, facilitator, case_id, clock)
    first = agreement.load(store, facilitator, case_id, clock).version(1)
    agreement.save_draft(store, facilitator, case_id, 1, replace(first.content, chart_moment_id=moment.id), first.revision, clock)
    for token in tokens.values():
        sharing.release_through_link(store, token, False, clock)
    for respondent, released in STATES[state]:
        sharing.release_through_link(store, tokens[respondent], released, clock)

    shown = state == "both"
    view = dialogue.joint_view(store, facilitator, case_id, clock)
    assert bool(view.agenda) is shown and (view.moment is MomentKind.T0) is shown
    assert view.not_released is not shown
    (result,) = scan.results(store, facilitator, case_id, clock=clock)
    assert (result.comparison is not None) is shown
    assert result.side_by_side is not None  # the facilitator's own view, in every state
    assert (SCAN_SECTION in pdf_text(document(store, facilitator, case_id, 1, clock=clock))) is shown
    for party in (ExportFor.EMPLOYEE, ExportFor.MANAGER):
        pdfs, _ = export_of(store, facilitator, case_id, party)
        assert pdfs  # the plan is in the export
        assert (SCAN_SECTION in pdfs) is shown


def test_the_joint_view_is_the_same_whichever_party_released_alone(store, facilitator, clock):
    case_id, _, tokens = answered_case(store, facilitator, clock)
    sharing.release_through_link(store, tokens[EMPLOYEE], True, clock)
    employee_alone = dialogue.joint_view(store, facilitator, case_id, clock)
    sharing.release_through_link(store, tokens[EMPLOYEE], False, clock)
    sharing.release_through_link(store, tokens[MANAGER], True, clock)
    manager_alone = dialogue.joint_view(store, facilitator, case_id, clock)
    assert employee_alone == manager_alone and employee_alone.not_released


def test_a_party_export_holds_only_their_own_releases_and_flags(store, facilitator, clock):
    case_id, _, tokens = answered_case(store, facilitator, clock)
    for respondent, token in tokens.items():
        sharing.release_through_link(store, token, True, clock)
        sharing.flag_through_link(store, token, "autonomy" if respondent is EMPLOYEE else "task_fit", True, clock)
    for party in (ExportFor.EMPLOYEE, ExportFor.MANAGER):
        _, record = export_of(store, facilitator, case_id, party)
        for table in ("scan_releases", "scan_flags"):
            rows = record["tables"][table]
            assert rows and {row["respondent"] for row in rows} == {party.value}


# --- the party's own link -----------------------------------------------------------


def test_a_party_can_release_only_after_submitting(store, facilitator, clock):
    case_id = open_case(store, facilitator, "Marc Verbeke")
    intake.record_consent(store, facilitator, case_id, PROCESSING, True, date(2026, 3, 20))
    _, tokens = scan.create_moment(store, facilitator, case_id, MomentKind.T0, date(2026, 8, 20), clock=clock)
    scan.save_answers(store, tokens[EMPLOYEE], {i.id: 3 for i in INSTRUMENT.items}, clock)
    refused("sharing.not_submitted", sharing.release_through_link, store, tokens[EMPLOYEE], True, clock)
    refused("sharing.not_submitted", sharing.flag_through_link, store, tokens[EMPLOYEE], "autonomy", True, clock)
    refused("sharing.not_submitted", sharing.record_release, store, facilitator, case_id, _.id, EMPLOYEE, True, "Gevraagd in het gesprek", clock)


def test_a_revoked_or_unknown_link_releases_nothing(store, facilitator, clock):
    case_id, moment, tokens = answered_case(store, facilitator, clock)
    scan.revoke_link(store, facilitator, case_id, moment.id, EMPLOYEE, clock)
    with pytest.raises(LinkRefused):
        sharing.release_through_link(store, tokens[EMPLOYEE], True, clock)
    with pytest.raises(LinkRefused):
        sharing.release_through_link(store, "no-such-token", True, clock)
    (result,) = scan.results(store, facilitator, case_id, clock=clock)
    assert result.releases == {}


def test_a_party_page_shows_their_own_answers_and_never_the_other_partys_or_another_case(store, facilitator, clock):
    case_a, _, tokens_a = answered_case(store, facilitator, clock, "Marc Verbeke", employee=2, manager=4)
    _, _, tokens_b = answered_case(store, facilitator, clock, "Sofie Claes", employee=5, manager=1)
    sharing.flag_through_link(store, tokens_b[EMPLOYEE], "autonomy", True, clock)
    mine = sharing.own_results(store, tokens_a[EMPLOYEE], clock)
    assert mine.respondent is EMPLOYEE
    assert set(mine.answers.values()) == {2}  # not the manager's 4, not case B's 5 or 1
    assert mine.flagged == frozenset()  # case B's flag stays in case B
    theirs = sharing.own_results(store, tokens_a[MANAGER], clock)
    assert set(theirs.answers.values()) == {4}


def test_a_withdrawal_takes_the_comparison_off_at_once_until_the_dialogue_took_place(store, facilitator, clock):
    case_id, _, tokens = answered_case(store, facilitator, clock)
    for token in tokens.values():
        sharing.release_through_link(store, token, True, clock)
    sharing.release_through_link(store, tokens[MANAGER], False, clock)
    assert dialogue.joint_view(store, facilitator, case_id, clock).agenda == ()
    assert sharing.own_results(store, tokens[MANAGER], clock).released is False
    sharing.release_through_link(store, tokens[MANAGER], True, clock)
    assert sharing.own_results(store, tokens[MANAGER], clock).can_withdraw
    # The dialogue takes place: a theme is ticked as discussed with the comparison on screen.
    dialogue.save_topic(store, facilitator, case_id, "autonomy", True, None, clock)
    assert not sharing.own_results(store, tokens[MANAGER], clock).can_withdraw
    refused("sharing.dialogue_held", sharing.release_through_link, store, tokens[MANAGER], False, clock)
    assert dialogue.joint_view(store, facilitator, case_id, clock).agenda != ()


def test_a_double_click_records_one_release(store, facilitator, clock):
    case_id, _, tokens = answered_case(store, facilitator, clock)
    sharing.release_through_link(store, tokens[EMPLOYEE], True, clock)
    sharing.release_through_link(store, tokens[EMPLOYEE], True, clock)
    with store.read() as q:
        assert len(q.sharing.releases_of_case(case_id)) == 1


# --- the facilitator records what was said by word of mouth ---------------------------


def test_a_release_given_by_word_of_mouth_counts_like_one_through_the_link_and_says_how_it_was_asked(store, facilitator, clock):
    case_id, moment, tokens = answered_case(store, facilitator, clock)
    refused("sharing.required", sharing.record_release, store, facilitator, case_id, moment.id, EMPLOYEE, True, "  ", clock)
    sharing.record_release(store, facilitator, case_id, moment.id, EMPLOYEE, True, "Bilateraal gesprek 28/08, mondeling gevraagd", clock)
    sharing.release_through_link(store, tokens[MANAGER], True, clock)
    (result,) = scan.results(store, facilitator, case_id, clock=clock)
    assert result.comparison is not None
    row = result.releases[EMPLOYEE]
    assert (row.via, row.recorded_by, row.how_asked) == (ReleaseVia.FACILITATOR, facilitator.username, "Bilateraal gesprek 28/08, mondeling gevraagd")
    assert result.releases[MANAGER].via is ReleaseVia.LINK
    history = [entry.action for entry in services_history(store, facilitator, case_id)]
    assert history.count("scan.release") == 2


def services_history(store, facilitator, case_id):
    from reset_core import services

    return services.case_history(store, facilitator, case_id)


def test_another_facilitator_cannot_record_a_release(store, facilitator, other_facilitator, clock):
    from reset_core.errors import PermissionDenied

    case_id, moment, _ = answered_case(store, facilitator, clock)
    with pytest.raises(PermissionDenied):
        sharing.record_release(store, other_facilitator, case_id, moment.id, EMPLOYEE, True, "Gevraagd", clock)


# --- flags and the agenda ------------------------------------------------------------


def test_the_agenda_takes_themes_both_want_first_then_those_one_wants_then_the_rest(store, facilitator, clock):
    case_id, moment, tokens = answered_case(store, facilitator, clock)
    for token in tokens.values():
        sharing.release_through_link(store, token, True, clock)
    unflagged = [row.theme for row in dialogue.joint_view(store, facilitator, case_id, clock).agenda]
    last, second_last = unflagged[-1], unflagged[-2]
    sharing.flag_through_link(store, tokens[EMPLOYEE], last, True, clock)
    sharing.flag_through_link(store, tokens[MANAGER], second_last, True, clock)
    sharing.record_flag(store, facilitator, case_id, moment.id, MANAGER, last, True, "Bilateraal gesprek", clock)
    view = dialogue.joint_view(store, facilitator, case_id, clock)
    assert [row.theme for row in view.agenda][:2] == [last, second_last]
    assert view.wanted == {last: 2, second_last: 1}  # how many, never who
    (result,) = scan.results(store, facilitator, case_id, clock=clock)
    assert result.flags == {last: frozenset({EMPLOYEE, MANAGER}), second_last: frozenset({MANAGER})}  # the facilitator sees who
    sharing.flag_through_link(store, tokens[EMPLOYEE], last, False, clock)
    assert dialogue.joint_view(store, facilitator, case_id, clock).wanted == {last: 1, second_last: 1}


# --- the demo ---------------------------------------------------------------------


def test_the_demo_shows_a_released_comparison_and_one_case_that_only_the_manager_released(demo_store):
    from reset_core import services
    from reset_core.demo import DEMO_USERS
    from reset_core.model import Phase

    demo = DEMO_USERS[0]
    joint = [s.case for s in services.list_cases(demo_store, demo) if s.case.phase is Phase.JOINT_DIALOGUE]
    released = {case.employee.name: scan.results(demo_store, demo, case.id)[0].released for case in joint}
    assert (released["Marc Verbeke"], released["Jeroen Maes"]) == (frozenset({EMPLOYEE, MANAGER}), frozenset({MANAGER}))
    views = {case.employee.name: dialogue.joint_view(demo_store, demo, case.id) for case in joint}
    assert views["Marc Verbeke"].agenda and not views["Marc Verbeke"].not_released
    assert not views["Jeroen Maes"].agenda and views["Jeroen Maes"].not_released


# --- the party's personal space: the same say, for every moment they submitted ---------


def test_a_party_shares_and_flags_from_their_space_after_the_scan_link_expired(store, facilitator, clock):
    case_id, moment, tokens = answered_case(store, facilitator, clock)
    space = {r: party_space.issue_link(store, facilitator, case_id, r, clock=clock) for r in Respondent}
    clock.now += timedelta(days=30)  # the scan links (14 days) are dead; the spaces (90 days) live on
    with pytest.raises(LinkRefused):
        sharing.own_results(store, tokens[EMPLOYEE], clock)
    sharing.flag_in_space(store, space[EMPLOYEE], moment.id, "autonomy", True, clock)
    for respondent in Respondent:
        sharing.release_in_space(store, space[respondent], moment.id, True, clock)
    (result,) = scan.results(store, facilitator, case_id, clock=clock)
    assert result.comparison is not None
    mine = sharing.own_results_in_space(store, space[EMPLOYEE], moment.id, clock)
    assert mine.released and mine.flagged == frozenset({"autonomy"}) and set(mine.answers.values()) == {2}
    assert set(sharing.own_results_in_space(store, space[MANAGER], moment.id, clock).answers.values()) == {4}
    assert {row.recorded_by for row in result.releases.values()} == {"employee-space", "manager-space"}


def test_a_space_reaches_only_moments_of_its_own_case_and_only_once_submitted(store, facilitator, clock):
    case_a, moment_a, _ = answered_case(store, facilitator, clock, "Marc Verbeke")
    _, moment_b, _ = answered_case(store, facilitator, clock, "Sofie Claes")
    space_a = party_space.issue_link(store, facilitator, case_a, EMPLOYEE, clock=clock)
    refused("scan.unknown_moment", sharing.release_in_space, store, space_a, moment_b.id, True, clock)
    refused("scan.unknown_moment", sharing.own_results_in_space, store, space_a, moment_b.id, clock)
    _, open_tokens = scan.create_moment(store, facilitator, case_a, MomentKind.M3, date(2026, 9, 20), clock=clock)
    (later,) = [m for m in scan.overview(store, facilitator, case_a, clock) if m.moment.id != moment_a.id]
    refused("sharing.not_submitted", sharing.release_in_space, store, space_a, later.moment.id, True, clock)
    with pytest.raises(party_space.LinkRefused):
        sharing.release_in_space(store, "no-such-token", moment_a.id, True, clock)


def test_with_the_basic_consent_withdrawn_a_space_shares_nothing(store, facilitator, clock):
    case_id, moment, _ = answered_case(store, facilitator, clock)
    space = party_space.issue_link(store, facilitator, case_id, EMPLOYEE, clock=clock)
    intake.record_consent(store, facilitator, case_id, PROCESSING, False, date(2026, 9, 1))
    with pytest.raises(Unavailable):
        sharing.release_in_space(store, space, moment.id, True, clock)
    with store.read() as q:
        assert q.sharing.releases_of_case(case_id) == []
