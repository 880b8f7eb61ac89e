"""The answer to a Codex plan and its proof on a real database: the receipt and the 14
days that follow it, the employer's contact after a silence, the refusal by a second
silence, each copy delivered as a record (on the PDF), the track frozen into an offered
version, the facilitator as a witness, and the legal plan kept after its case is erased."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from reset_core import agreement, dialogue, followup, legal_track, party_space, plan_answer, plan_proof, privacy
from reset_core.documents.plan import document
from reset_core.errors import PermissionDenied, ValidationError, ValidationErrors
from reset_core.model import (
    AgreementStatus,
    AnswerRoute,
    GoalOwner,
    MomentKind,
    Respondent,
    Signer,
)
from reset_core.plan_proof import AnswerState
from tests.conftest import Clock, open_formal_case
from tests.integration.test_agreement import RETURN, draft, pdf_text


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 9, 1, 10, 0))


@pytest.fixture
def case_id(store, facilitator, clock):
    """A formal trajectory with decision A, a return date and a goal: the Codex plan."""
    case_id = open_formal_case(
        store, facilitator, assessed_on=date(2026, 6, 1), consent_on=date(2026, 3, 20), clock=clock,
        sick_leave_start=date(2026, 3, 2), expected_return=RETURN,
    )
    dialogue.add_goal(store, facilitator, case_id, "recovery_energy", GoalOwner.EMPLOYEE, "Elke dag een middagpauze", "Herstel 3+", MomentKind.M3)
    return case_id


SENT = date(2026, 9, 1)  # offered by registered mail
DELIVERED = date(2026, 9, 3)  # the 14 days run 4/9 - 17/9


def offer(store, facilitator, case_id, clock, received_on=None):
    version = draft(store, facilitator, case_id, clock)
    agreement.offer(store, facilitator, case_id, 1, SENT, version.revision, clock, received_on=received_on)
    return agreement.load(store, facilitator, case_id, clock).version(1)


def legal_due(store, facilitator, today):
    """The answer's deadlines on the home list; the notices of the plan's steps join them
    there too, and have their own tests (test_legal_report.py)."""
    return [
        (i.kind, i.due_on) for i in followup.due_items(store, facilitator, today=today) if i.what == "legal" and i.kind != "notice_due"
    ]


def test_the_14_days_start_the_day_after_the_receipt_recorded_later(store, facilitator, case_id, clock):
    version = offer(store, facilitator, case_id, clock)
    assert (version.answer_by, plan_proof.state(version, SENT)) == (None, AnswerState.AWAITING_RECEIPT)
    with pytest.raises(ValidationError) as caught:
        plan_proof.record_receipt(store, facilitator, case_id, 1, date(2026, 8, 31), clock)
    assert (caught.value.field, caught.value.key) == ("received_on", "legal_answer.received_before_offer")
    clock.now = datetime(2026, 9, 4, 9, 0)
    version = plan_proof.record_receipt(store, facilitator, case_id, 1, DELIVERED, clock)
    assert (version.received_on, version.answer_by) == (DELIVERED, date(2026, 9, 17))
    assert legal_due(store, facilitator, date(2026, 9, 10)) == [("answer_due", date(2026, 9, 17))]
    assert "ontvangen door de werknemer op 03/09/2026" in pdf_text(document(store, facilitator, case_id, 1, "nl"))


def test_after_a_silence_the_employers_contact_and_a_second_silence_refuse_the_plan(store, facilitator, case_id, clock):
    offer(store, facilitator, case_id, clock, received_on=SENT)  # handed over in person: the 14 days end on 15/9
    clock.now = datetime(2026, 9, 15, 17, 0)
    with pytest.raises(ValidationError) as caught:
        plan_proof.record_reminder(store, facilitator, case_id, 1, date(2026, 9, 15), "hand", date(2026, 9, 22), clock)
    assert caught.value.key == "legal_answer.reminder_not_now_open"
    clock.now = datetime(2026, 9, 17, 9, 0)
    assert legal_due(store, facilitator, clock.now.date()) == [("reminder_due", date(2026, 9, 16))]
    with pytest.raises(ValidationErrors) as caught:
        plan_proof.record_reminder(store, facilitator, case_id, 1, None, "letter", None, clock)
    assert {e.field for e in caught.value.errors} == {"reminded_on", "reminder_how", "reminder_answer_by"}
    plan_proof.record_reminder(store, facilitator, case_id, 1, date(2026, 9, 16), "registered_mail", date(2026, 9, 24), clock)
    assert legal_due(store, facilitator, clock.now.date()) == [("reminder_answer_due", date(2026, 9, 24))]
    with pytest.raises(ValidationError) as caught:
        plan_proof.record_silence(store, facilitator, case_id, 1, clock)
    assert caught.value.key == "legal_answer.silence_not_yet"
    clock.now = datetime(2026, 9, 25, 9, 0)
    version = plan_proof.record_silence(store, facilitator, case_id, 1, clock)
    assert version.status is AgreementStatus.REFUSED and version.refusal.route is AnswerRoute.SILENCE
    assert plan_proof.what_follows(version)[0] == "legal_answer.follows_ended"
    assert legal_due(store, facilitator, clock.now.date()) == []
    text = pdf_text(document(store, facilitator, case_id, 1, "nl"))
    assert "opnieuw op 16/09/2026 (Aangetekend)" in text and "tweede stilte geldt als weigering" in text
    assert "beëindigt het formele re-integratietraject" in text


def test_the_employee_answers_through_their_link_until_the_date_given_at_the_employers_contact(store, facilitator, case_id, clock):
    offer(store, facilitator, case_id, clock, received_on=SENT)
    codes = {Signer.EMPLOYEE: plan_answer.new_code(store, facilitator, case_id, 1, Signer.EMPLOYEE, clock)}
    link = party_space.issue_link(store, facilitator, case_id, Respondent.EMPLOYEE, clock=clock)
    clock.now = datetime(2026, 9, 17, 9, 0)
    assert plan_answer.party_plan(store, link, clock).too_late  # silent after the 14 days: the employer acts first
    plan_proof.record_reminder(store, facilitator, case_id, 1, date(2026, 9, 16), "email", date(2026, 9, 24), clock)
    assert plan_answer.party_plan(store, link, clock).can_answer
    version = plan_answer.answer(store, link, 1, codes[Signer.EMPLOYEE], agree=True, name="Zoë", clock=clock)
    assert version.signature(Signer.EMPLOYEE) is not None


def test_outside_the_codex_plan_there_is_no_window_and_no_refusal_by_silence(store, facilitator, case_id, clock):
    legal_track.save(store, facilitator, case_id, "voluntary", clock=clock)
    version = offer(store, facilitator, case_id, clock, received_on=SENT)
    assert version.answer_by is None and plan_proof.state(version, date(2027, 1, 1)) is AnswerState.NO_WINDOW
    for call, args in ((plan_proof.record_receipt, (SENT,)), (plan_proof.record_silence, ())):
        with pytest.raises(ValidationError) as caught:
            call(store, facilitator, case_id, 1, *args, clock=clock)
        assert caught.value.key == "legal_answer.not_codex"


def test_each_copy_delivered_is_a_record_once_per_click_and_on_the_pdf(store, facilitator, case_id, clock, other_facilitator):
    offer(store, facilitator, case_id, clock, received_on=SENT)
    clock.now = datetime(2026, 9, 5, 9, 0)
    for _ in range(2):  # a double click
        plan_proof.record_delivery(store, facilitator, case_id, 1, "employee", SENT, "hand", clock=clock, request="r1")
    version = plan_proof.record_delivery(
        store, facilitator, case_id, 1, "occupational_physician", date(2026, 9, 2), "registered_mail", clock=clock, request="r2",
    )
    assert [(d.recipient.value, d.delivered_on, d.how.value) for d in version.deliveries] == [
        ("employee", SENT, "hand"), ("occupational_physician", date(2026, 9, 2), "registered_mail"),
    ]
    with pytest.raises(PermissionDenied):
        plan_proof.record_delivery(store, other_facilitator, case_id, 1, "employee", SENT, "hand", clock=clock)
    text = pdf_text(document(store, facilitator, case_id, 1, "nl"))
    assert "Bezorgde afschriften" in text and "De arbeidsarts 02/09/2026 Aangetekend" in text
    assert "Een afschrift van dit plan gaat naar" not in text  # the fixed sentence is gone


def test_changing_the_track_later_does_not_rewrite_what_was_offered(store, facilitator, case_id, clock):
    offer(store, facilitator, case_id, clock, received_on=SENT)
    legal_track.save(store, facilitator, case_id, "voluntary", clock=clock)
    text = pdf_text(document(store, facilitator, case_id, 1, "nl"))
    assert "Re-integratieplan" in text and "14 kalenderdagen" in text
    assert legal_due(store, facilitator, date(2026, 9, 10)) == [("answer_due", date(2026, 9, 15))]


def test_the_employee_and_the_employer_sign_the_plan_and_the_facilitator_is_only_a_witness(store, facilitator, case_id, clock):
    offer(store, facilitator, case_id, clock, received_on=SENT)
    agreement.sign(store, facilitator, case_id, 1, Signer.EMPLOYEE, "Zoë", confirmed=True, paper_date=SENT, clock=clock)
    version = agreement.sign(store, facilitator, case_id, 1, Signer.MANAGER, "Katrien De Smet", confirmed=True, paper_date=SENT, clock=clock)
    assert version.status is AgreementStatus.SIGNED and version.signature(Signer.FACILITATOR) is None
    version = agreement.sign(store, facilitator, case_id, 1, Signer.FACILITATOR, "Fien", confirmed=True, clock=clock)
    assert version.status is AgreementStatus.SIGNED and version.signature(Signer.FACILITATOR) is not None


def test_the_facilitators_confirmation_alone_with_one_party_does_not_lock_the_plan(store, facilitator, case_id, clock):
    offer(store, facilitator, case_id, clock, received_on=SENT)
    agreement.sign(store, facilitator, case_id, 1, Signer.FACILITATOR, "Fien", confirmed=True, clock=clock)
    version = agreement.sign(store, facilitator, case_id, 1, Signer.EMPLOYEE, "Zoë", confirmed=True, paper_date=SENT, clock=clock)
    assert version.status is AgreementStatus.OFFERED and agreement.can_reopen(version) is False


def test_a_signed_codex_plan_is_kept_in_a_minimal_form_after_erasure_until_its_period_ends(store, facilitator, admin, case_id, clock):
    offer(store, facilitator, case_id, clock, received_on=SENT)
    clock.now = datetime(2026, 9, 5, 9, 0)
    plan_proof.record_delivery(store, facilitator, case_id, 1, "occupational_physician", date(2026, 9, 2), "email", clock=clock)
    agreement.sign(store, facilitator, case_id, 1, Signer.EMPLOYEE, "Zoë", confirmed=True, paper_date=SENT, clock=clock)
    version = agreement.sign(store, facilitator, case_id, 1, Signer.MANAGER, "Katrien", confirmed=True, paper_date=SENT, clock=clock)
    privacy.erase_case(store, admin, case_id, str(case_id), clock)
    [kept] = privacy.kept_plans(store, admin, clock)
    assert (kept.case_number, kept.version_number, kept.status) == (case_id, 1, "signed")
    assert (kept.offered_on, kept.received_on, kept.answered_on, kept.language) == (SENT, SENT, clock.now.date(), "nl")
    assert "02/09/2026" in kept.deliveries
    # Five years after the plan's validity ends (later than its signing).
    assert kept.keep_until == legal_track.add_months(version.content.valid_until, 60)
    text = pdf_text(privacy.kept_plan_pdf(store, admin, kept.id, clock))
    assert "Re-integratieplan" in text and "Zoë" in text
    with pytest.raises(PermissionDenied):
        privacy.kept_plans(store, facilitator, clock)
    with pytest.raises(ValidationError):
        privacy.erase_kept_plans(store, admin, "0", today=kept.keep_until + timedelta(days=1), clock=clock)
    assert privacy.kept_plans_due(store, admin, today=kept.keep_until, clock=clock) == []
    assert privacy.erase_kept_plans(store, admin, "1", today=kept.keep_until + timedelta(days=1), clock=clock) == 1
    assert privacy.kept_plans(store, admin, clock) == []


def test_a_plan_outside_the_codex_or_never_answered_is_erased_with_its_case(store, facilitator, admin, case_id, clock):
    offer(store, facilitator, case_id, clock, received_on=SENT)  # offered, never answered
    privacy.erase_case(store, admin, case_id, str(case_id), clock)
    assert privacy.kept_plans(store, admin, clock) == []
