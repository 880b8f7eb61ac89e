"""The one rule of what a case allows (reset_core.allowed), over plain values."""

from datetime import date

import pytest

from reset_core.allowed import Allowance, Consent, Use

WITHDRAWN = Allowance(Consent.WITHDRAWN, consent_on=date(2026, 11, 12))
NOT_YET = Allowance(Consent.NOT_YET)
GIVEN = Allowance(Consent.GIVEN, consent_on=date(2026, 3, 1))
CLOSED = Allowance(Consent.GIVEN, consent_on=date(2026, 3, 1), closed_on=date(2026, 11, 20))


@pytest.mark.parametrize("use", list(Use))
def test_a_withdrawn_consent_allows_nothing_and_says_when(use):
    refusal = WITHDRAWN.refusal(use)
    assert refusal is not None and refusal.params == {"date": "12/11/2026"}
    assert refusal.key == ("allowed.link_stopped" if use is Use.SCAN_LINK else "allowed.consent_withdrawn")


@pytest.mark.parametrize("use", list(Use))
def test_a_case_with_its_consent_given_and_open_allows_everything(use):
    assert GIVEN.allows(use)


def test_before_the_consent_is_recorded_nothing_binds_and_nothing_is_shared():
    refused = {use for use in Use if not NOT_YET.allows(use)}
    assert refused == {Use.SHARING, Use.PLAN_EDITS, Use.PLAN_DOCUMENT, Use.SIGNED_PLAN, Use.CLOSING_EDITS}
    assert NOT_YET.refusal(Use.PLAN_EDITS).key == "allowed.consent_not_yet"


def test_a_closed_case_takes_nothing_new_but_stays_readable_with_its_signed_plan():
    refused = {use for use in Use if not CLOSED.allows(use)}
    assert refused == {
        Use.SCAN_LINK, Use.SCAN_MOMENTS, Use.CONVERSATION_EDITS, Use.JOINT_EDITS, Use.PLAN_EDITS, Use.PLAN_DOCUMENT,
        Use.FOLLOW_UP_EDITS,
    }
    assert CLOSED.refusal(Use.JOINT_EDITS).key == "allowed.closed"
    assert CLOSED.refusal(Use.JOINT_EDITS).params == {"date": "20/11/2026"}
    assert CLOSED.refusal(Use.SCAN_LINK).key == "allowed.link_closed"
    assert CLOSED.refusal(Use.PLAN_DOCUMENT).key == "allowed.closed_signed_only"
