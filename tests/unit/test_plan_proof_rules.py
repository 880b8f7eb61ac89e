"""The answer to a Codex plan, as pure rules: the 14 calendar days from the day after
receipt (over month ends and leap years), the employer's contact after a silence, the
second silence that counts as a refusal, what follows a refusal, and a copy's record."""

from __future__ import annotations

import calendar
from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reset_core import legal_track, plan_proof
from reset_core.errors import ValidationErrors
from reset_core.model import (
    AgreementContent,
    AgreementStatus,
    AgreementVersion,
    Assessment,
    AssessmentOutcome,
    Delivery,
    DeliveryHow,
    LegalTrack,
    Party,
    PartyRole,
    PlanParties,
    Recipient,
    Region,
    Signature,
    Signer,
    Track,
)
from reset_core.plan_proof import AnswerState


@st.composite
def receipt_days(draw) -> date:
    """Days that reach the edges: the last two weeks of a month, February of leap and
    common years, the turn of the year; and any day."""
    year = draw(st.integers(2000, 2090))
    month = draw(st.integers(1, 12))
    last = calendar.monthrange(year, month)[1]
    near_end = date(year, month, last) - timedelta(days=draw(st.integers(0, 14)))
    return draw(st.sampled_from([near_end, date(year, 2, 15), date(year, 12, 31), date(year, month, draw(st.integers(1, last)))]))


FORMAL_A = LegalTrack(1, Track.FORMAL, Region.FLANDERS)


def offered(received: date | None, track: LegalTrack | None = FORMAL_A, outcome: str = "A", **changes) -> AgreementVersion:
    employee, manager = Party(PartyRole.EMPLOYEE, "Zoë"), Party(PartyRole.MANAGER, "Katrien")
    version = AgreementVersion(
        1, 1, 1, "", AgreementStatus.OFFERED, AgreementContent(), 3,
        PlanParties(employee, manager, "Fien", Assessment(AssessmentOutcome(outcome), date(2026, 6, 1))),
        (), received or date(2026, 9, 1), legal_track.answer_due(received) if received and legal_track.is_codex_plan(
            track, Assessment(AssessmentOutcome(outcome), date(2026, 6, 1))) else None,
        (), None, "", "fien", datetime(2026, 9, 1), datetime(2026, 9, 1), received_on=received, legal=track,
    )
    return replace(version, **changes)


@given(receipt_days(), st.integers(-3, 40))
def test_the_employee_answers_for_14_calendar_days_counted_from_the_day_after_receipt(received, after):
    version = offered(received)
    today = received + timedelta(days=after)
    expected = AnswerState.OPEN if after <= 14 else AnswerState.REMINDER_DUE
    assert plan_proof.state(version, today) is expected
    # Day one is the day after receipt: exactly 14 calendar days lie in (received, answer_by].
    assert (version.answer_by - received).days == 14 and version.answer_by.toordinal() - 14 == received.toordinal()


@pytest.mark.parametrize(
    ("received", "last"),
    [
        (date(2028, 2, 15), date(2028, 2, 29)),  # a leap year: 29 February is the 14th day
        (date(2027, 2, 15), date(2027, 3, 1)),  # a common year: the window runs into March
        (date(2026, 12, 31), date(2027, 1, 14)),  # over the turn of the year
        (date(2026, 1, 31), date(2026, 2, 14)),  # from the last day of a month
    ],
)
def test_the_last_day_to_answer_over_month_ends_and_leap_years(received, last):
    version = offered(received)
    assert version.answer_by == last
    assert plan_proof.state(version, last) is AnswerState.OPEN
    assert plan_proof.state(version, last + timedelta(days=1)) is AnswerState.REMINDER_DUE


@given(receipt_days(), st.integers(1, 30), st.integers(1, 30), st.integers(0, 60))
def test_after_the_employers_contact_a_second_silence_counts_as_a_refusal_once_the_date_given_passed(received, late, given_days, after):
    version = offered(received)
    reminded = version.answer_by + timedelta(days=late)
    answer_by = reminded + timedelta(days=given_days)
    version = replace(version, reminded_on=reminded, reminder_how=DeliveryHow.REGISTERED_MAIL, reminder_answer_by=answer_by)
    today = reminded + timedelta(days=after)
    assert plan_proof.state(version, today) is (AnswerState.SILENCE if today > answer_by else AnswerState.REMINDED)
    # The home page follows it: the date given at the contact, not the 14 days any more.
    assert [(d.kind, d.due_on) for d in legal_track.deadlines(FORMAL_A, version.parties.assessment, [version])] == [
        ("reminder_answer_due", answer_by)
    ]


def test_the_reminder_comes_only_after_the_14_days_and_gets_every_problem_at_once():
    version = offered(date(2026, 9, 1))  # the 14 days end on 15/9
    with pytest.raises(ValidationErrors) as caught:
        plan_proof.check_reminder(version, date(2026, 9, 15), None, date(2026, 9, 10), date(2026, 9, 20))
    assert {e.field: e.key for e in caught.value.errors} == {
        "reminded_on": "legal_answer.reminder_too_early", "reminder_how": "legal_answer.how_required",
        "reminder_answer_by": "legal_answer.reminder_answer_by_order",
    }
    assert plan_proof.check_reminder(version, date(2026, 9, 16), "registered_mail", date(2026, 9, 26), date(2026, 9, 20)) == (
        date(2026, 9, 16), DeliveryHow.REGISTERED_MAIL, date(2026, 9, 26),
    )


@pytest.mark.parametrize(
    ("track", "outcome"),
    [(FORMAL_A, "C"), (LegalTrack(1, Track.VOLUNTARY, Region.FLANDERS), "A"), (None, "A")],
    ids=["decision C", "voluntary return", "no track when offered"],
)
def test_outside_the_codex_plan_there_is_no_window_no_reminder_and_no_silence(track, outcome):
    version = offered(date(2026, 9, 1), track, outcome)
    assert version.answer_by is None
    assert plan_proof.state(version, date(2027, 1, 1)) is AnswerState.NO_WINDOW
    assert legal_track.deadlines(track, version.parties.assessment, [version]) == [] or outcome == "C"


def test_the_track_frozen_into_the_version_decides_not_the_cases_track_now():
    version = offered(date(2026, 9, 1))
    voluntary_now = LegalTrack(1, Track.VOLUNTARY, Region.FLANDERS)
    assert [d.kind for d in legal_track.deadlines(voluntary_now, version.parties.assessment, [version])] == ["answer_due", "reminder_due"]
    assert plan_proof.state(replace(version, legal=None), date(2026, 9, 20)) is AnswerState.NO_WINDOW


def test_a_refusal_of_the_codex_plan_ends_the_trajectory_and_says_what_follows():
    refused = offered(date(2026, 9, 1), status=AgreementStatus.REFUSED, refused_at=datetime(2026, 9, 10, 9, 0))
    assert plan_proof.state(refused, date(2026, 9, 10)) is AnswerState.REFUSED
    assert plan_proof.what_follows(refused) == (
        "legal_answer.follows_ended", "legal_answer.follows_physician", "legal_answer.follows_employer",
        "legal_answer.follows_no_new_version",
    )
    sent = replace(refused, deliveries=(Delivery(1, Recipient.OCCUPATIONAL_PHYSICIAN, "", date(2026, 9, 11), DeliveryHow.EMAIL, "fien", datetime(2026, 9, 11)),))
    assert "legal_answer.follows_physician_done" in plan_proof.what_follows(sent)
    voluntary = replace(refused, legal=LegalTrack(1, Track.VOLUNTARY, Region.FLANDERS))
    assert plan_proof.what_follows(voluntary) == ()


def test_an_agreement_is_an_agreement_whatever_the_date():
    agreed = offered(date(2026, 9, 1), signatures=(Signature(Signer.EMPLOYEE, "Zoë", datetime(2026, 9, 5), "employee-link"),))
    assert plan_proof.state(agreed, date(2027, 1, 1)) is AnswerState.AGREED


def test_a_copys_record_needs_whom_when_and_how_all_said_at_once():
    version = offered(date(2026, 9, 1))
    with pytest.raises(ValidationErrors) as caught:
        plan_proof.check_delivery(version, "other", " ", date(2026, 8, 30), None, date(2026, 9, 5))
    assert {e.field: e.key for e in caught.value.errors} == {
        "recipient_name": "legal_answer.recipient_name_required", "delivered_on": "legal_answer.delivered_before_offer",
        "how": "legal_answer.how_required",
    }
    assert plan_proof.check_delivery(version, "occupational_physician", "ignored", date(2026, 9, 2), "email", date(2026, 9, 5)) == (
        Recipient.OCCUPATIONAL_PHYSICIAN, "", date(2026, 9, 2), DeliveryHow.EMAIL,
    )
