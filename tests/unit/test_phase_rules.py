"""The phase rules over plain facts: one test per transition, withdrawal, closing and corrections."""

from dataclasses import replace
from datetime import date

import pytest

from reset_core.errors import ValidationError
from reset_core.model import Phase, PhaseFacts
from reset_core.phases import by_facts, check_correction, judge

TODAY = date(2026, 6, 15)
CONSENTED = PhaseFacts(1, consent_given=True, consent_on=date(2026, 3, 2))


def phase_of(facts: PhaseFacts, today: date = TODAY) -> Phase:
    return by_facts(facts, today)[0]


def reason_keys(facts: PhaseFacts, stored: Phase = Phase.INTAKE, today: date = TODAY) -> list[str]:
    return [r.key for r in judge(facts, stored, today).reasons]


def test_without_the_basic_consent_a_case_stays_in_intake_whatever_else_happened():
    facts = replace(CONSENTED, consent_given=None, employee_talk_on=date(2026, 3, 3), manager_talk_on=date(2026, 3, 4),
                    plan_signed=1, actual_return=date(2026, 4, 1))
    assert phase_of(facts) is Phase.INTAKE
    assert reason_keys(facts) == ["phases.why.no_consent"]


def test_the_basic_consent_given_brings_the_case_to_preparation():
    assert phase_of(CONSENTED) is Phase.PREPARATION
    assert reason_keys(CONSENTED) == ["phases.why.consent"]


def test_a_conversation_with_only_one_party_leaves_the_case_in_preparation_waiting_for_the_other():
    facts = replace(CONSENTED, employee_talk_on=date(2026, 3, 10))
    phase, _, waiting = by_facts(facts, TODAY)
    assert phase is Phase.PREPARATION
    assert waiting.key == "phases.waiting.manager_talk"


def test_conversations_with_both_parties_make_the_case_ready_for_the_joint_dialogue():
    facts = replace(CONSENTED, employee_talk_on=date(2026, 3, 10), manager_talk_on=date(2026, 3, 17))
    assert phase_of(facts) is Phase.JOINT_DIALOGUE
    assert reason_keys(facts) == ["phases.why.conversations"]


def test_a_t0_scan_submitted_by_both_makes_the_case_ready_for_the_joint_dialogue():
    facts = replace(CONSENTED, t0_both_on=date(2026, 3, 20))
    assert phase_of(facts) is Phase.JOINT_DIALOGUE
    assert reason_keys(facts) == ["phases.why.t0_both"]


def test_an_offered_plan_brings_the_case_to_the_return():
    facts = replace(CONSENTED, plan_offered=1, plan_offered_on=date(2026, 5, 1), expected_return=date(2026, 7, 1))
    assert phase_of(facts) is Phase.RETURN
    assert reason_keys(facts) == ["phases.why.plan_offered"]


def test_a_signed_plan_keeps_the_case_in_the_return_until_the_return_date():
    facts = replace(CONSENTED, plan_offered=1, plan_signed=1, plan_signed_on=date(2026, 5, 4), expected_return=date(2026, 7, 1))
    assert phase_of(facts) is Phase.RETURN
    assert reason_keys(facts) == ["phases.why.plan_signed"]
    assert by_facts(facts, TODAY)[2].key == "phases.waiting.return_on"


def test_the_expected_return_date_reached_brings_the_case_to_follow_up_on_that_very_day():
    facts = replace(CONSENTED, plan_signed=1, expected_return=date(2026, 7, 1))
    assert phase_of(facts, date(2026, 6, 30)) is Phase.RETURN
    assert phase_of(facts, date(2026, 7, 1)) is Phase.FOLLOW_UP
    assert reason_keys(facts, today=date(2026, 7, 1)) == ["phases.why.return_date_reached"]


def test_a_recorded_return_puts_the_case_in_follow_up_even_without_a_plan():
    facts = replace(CONSENTED, actual_return=date(2026, 6, 1), expected_return=date(2026, 9, 1))
    assert phase_of(facts) is Phase.FOLLOW_UP
    assert reason_keys(facts) == ["phases.why.returned"]


def test_a_follow_up_conversation_held_puts_the_case_in_follow_up():
    facts = replace(CONSENTED, followup_on=date(2026, 6, 10))
    assert phase_of(facts) is Phase.FOLLOW_UP
    assert reason_keys(facts) == ["phases.why.followup_held"]


def test_withdrawing_the_basic_consent_takes_the_case_back_to_intake_with_its_own_next_step():
    facts = replace(CONSENTED, consent_given=False, consent_on=date(2026, 6, 1), employee_talk_on=date(2026, 3, 3),
                    manager_talk_on=date(2026, 3, 4), plan_signed=1, actual_return=date(2026, 4, 1))
    verdict = judge(facts, Phase.FOLLOW_UP, TODAY)
    assert verdict.phase is Phase.INTAKE
    assert not verdict.consent
    assert [r.key for r in verdict.reasons] == ["phases.why.consent_withdrawn"]
    assert verdict.next_step == "next_step.consent_withdrawn"
    assert judge(CONSENTED, Phase.INTAKE, TODAY).next_step == "next_step.preparation"
    assert judge(replace(facts, consent_given=None), Phase.INTAKE, TODAY).next_step == "next_step.intake"


def test_a_closed_case_stays_closed_whatever_the_facts_say():
    facts = replace(CONSENTED, consent_given=False, closed_on=date(2026, 6, 1))
    verdict = judge(facts, Phase.CLOSED, TODAY)
    assert verdict.phase is Phase.CLOSED
    assert [r.key for r in verdict.reasons] == ["phases.why.closed"]


def test_a_correction_holds_while_the_facts_give_what_they_gave_when_it_was_made():
    # Corrected to the joint dialogue while the facts said preparation (a conversation held outside the app).
    corrected = replace(CONSENTED, corrected_over=Phase.PREPARATION)
    verdict = judge(corrected, Phase.JOINT_DIALOGUE, TODAY)
    assert (verdict.phase, verdict.facts_phase, verdict.corrected) == (Phase.JOINT_DIALOGUE, Phase.PREPARATION, True)
    # A newer fact that does not change what the facts give leaves the correction standing.
    one_talk = replace(corrected, employee_talk_on=date(2026, 6, 1))
    assert judge(one_talk, Phase.JOINT_DIALOGUE, TODAY).phase is Phase.JOINT_DIALOGUE


def test_a_newer_fact_that_moves_the_case_on_ends_the_correction():
    corrected = replace(CONSENTED, corrected_over=Phase.PREPARATION)
    offered = replace(corrected, plan_offered=1, plan_offered_on=date(2026, 6, 10))
    verdict = judge(offered, Phase.JOINT_DIALOGUE, TODAY)
    assert (verdict.phase, verdict.corrected) == (Phase.RETURN, False)


def test_the_return_date_reached_ends_a_correction_too():
    corrected = replace(CONSENTED, plan_signed=1, expected_return=date(2026, 7, 1), corrected_over=Phase.RETURN)
    assert judge(corrected, Phase.JOINT_DIALOGUE, date(2026, 6, 30)).phase is Phase.JOINT_DIALOGUE
    assert judge(corrected, Phase.JOINT_DIALOGUE, date(2026, 7, 1)).phase is Phase.FOLLOW_UP


def test_withdrawing_the_consent_ends_a_correction():
    corrected = replace(CONSENTED, corrected_over=Phase.PREPARATION)
    withdrawn = replace(corrected, consent_given=False, consent_on=date(2026, 6, 1))
    assert judge(withdrawn, Phase.RETURN, TODAY).phase is Phase.INTAKE


@pytest.mark.parametrize(
    ("stored", "facts", "target", "reason", "key"),
    [
        (Phase.PREPARATION, CONSENTED, Phase.CLOSED, "klaar", "closing.close_through_closing"),
        (Phase.INTAKE, PhaseFacts(1), Phase.PREPARATION, "gesprek gehad", "intake.no_basic_consent"),
        (Phase.PREPARATION, CONSENTED, Phase.PREPARATION, "zelfde", "phases.already_there"),
        (Phase.PREPARATION, CONSENTED, Phase.JOINT_DIALOGUE, "   ", "phases.reason_required"),
        (Phase.CLOSED, CONSENTED, Phase.FOLLOW_UP, "toch niet", "closing.case_closed"),
    ],
)
def test_a_correction_cannot_close_skip_the_consent_repeat_the_phase_go_without_a_reason_or_open_a_closed_case(
    stored, facts, target, reason, key
):
    with pytest.raises(ValidationError) as err:
        check_correction(judge(facts, stored, TODAY), target, reason)
    assert err.value.key == key


def test_the_reasons_read_as_sentences_with_belgian_dates_in_dutch_and_english():
    facts = replace(CONSENTED, employee_talk_on=date(2026, 3, 10), manager_talk_on=date(2026, 3, 17))
    (reason,) = judge(facts, Phase.PREPARATION, TODAY).reasons
    assert "10/03/2026" in reason.text("nl") and "17/03/2026" in reason.text("nl")
    assert reason.text("nl").startswith("Er was een kaartgesprek")
    assert reason.text("en").startswith("A card conversation was held")
