"""Intake rules against a real database: case data, the consent ledger, people, contact."""

from datetime import date

import pytest

from reset_core import intake, phases, services
from reset_core.errors import PermissionDenied, ValidationError
from reset_core.intake import DuplicateCase
from reset_core.model import (
    PROCESSING,
    Assessment,
    AssessmentOutcome,
    ContactAgreement,
    ContactKeeper,
    Party,
    PartyRole,
    PersonRole,
    Phase,
    person_subject,
)
from tests.conftest import open_case


@pytest.fixture
def case_id(store, facilitator):
    return open_case(store, facilitator)


def test_a_case_cannot_leave_intake_without_the_basic_consent_and_leaves_it_by_itself_with_it(store, facilitator, case_id):
    with pytest.raises(ValidationError) as err:
        phases.correct(store, facilitator, case_id, Phase.PREPARATION, "Toestemming mondeling gegeven")
    assert err.value.key == "intake.no_basic_consent"
    assert services.get_case(store, facilitator, case_id).phase is Phase.INTAKE
    intake.record_consent(store, facilitator, case_id, PROCESSING, True, date(2026, 6, 3))
    assert services.get_case(store, facilitator, case_id).phase is Phase.PREPARATION


def test_withdrawing_the_basic_consent_is_honoured_at_once(store, facilitator, case_id):
    intake.record_consent(store, facilitator, case_id, PROCESSING, True, date(2026, 6, 3))
    intake.record_consent(store, facilitator, case_id, PROCESSING, False, date(2026, 6, 10))
    assert not intake.load(store, facilitator, case_id).processing_consent
    assert services.get_case(store, facilitator, case_id).phase is Phase.INTAKE
    with pytest.raises(ValidationError):
        phases.correct(store, facilitator, case_id, Phase.PREPARATION, "Toch verder")


def test_a_consent_cannot_be_withdrawn_before_the_date_it_was_given(store, facilitator, case_id):
    intake.record_consent(store, facilitator, case_id, PROCESSING, True, date(2026, 6, 10))
    with pytest.raises(ValidationError) as err:
        intake.record_consent(store, facilitator, case_id, PROCESSING, False, date(2026, 6, 9))
    assert err.value.key == "intake.withdrawn_before_given"
    assert intake.load(store, facilitator, case_id).processing_consent


def test_a_consent_never_given_cannot_be_withdrawn(store, facilitator, case_id):
    with pytest.raises(ValidationError) as err:
        intake.record_consent(store, facilitator, case_id, PROCESSING, False, date(2026, 6, 9))
    assert err.value.key == "intake.withdraw_without_consent"


def test_a_consent_cannot_be_dated_in_the_future(store, facilitator, case_id):
    with pytest.raises(ValidationError) as err:
        intake.record_consent(store, facilitator, case_id, PROCESSING, True, date(2999, 1, 1))
    assert err.value.field == "consent_date"


def test_the_ledger_keeps_every_entry_with_who_recorded_it(store, facilitator, case_id):
    for given, day in ((True, 3), (False, 10), (True, 20)):
        intake.record_consent(store, facilitator, case_id, PROCESSING, given, date(2026, 6, day))
    record = intake.load(store, facilitator, case_id)
    assert [(e.given, e.on_date.day, e.recorded_by) for e in record.ledger] == [
        (True, 3, "fien"), (False, 10, "fien"), (True, 20, "fien"),
    ]
    assert record.processing_consent


def test_withdrawing_consent_for_a_person_hides_their_contact_log_but_not_the_ledger(store, facilitator, case_id):
    doctor = intake.add_person(store, facilitator, case_id, PersonRole.OCCUPATIONAL_PHYSICIAN, "dr. Lien Vandamme")
    subject = person_subject(doctor.id)
    intake.record_consent(store, facilitator, case_id, subject, True, date(2026, 6, 3))
    intake.log_contact(store, facilitator, case_id, doctor.id, date(2026, 6, 4), "Gebeld over het tempo, met toestemming.")
    (view,) = intake.load(store, facilitator, case_id).people
    assert [c.note for c in view.contacts] == ["Gebeld over het tempo, met toestemming."]

    intake.record_consent(store, facilitator, case_id, subject, False, date(2026, 6, 5))
    record = intake.load(store, facilitator, case_id)
    (view,) = record.people
    assert view.contacts == () and not view.consent_given
    assert [e.given for e in record.ledger if e.subject == subject] == [True, False]
    history = services.case_history(store, facilitator, case_id)
    assert not any("tempo" in e.detail for e in history)


def test_no_contact_can_be_logged_without_consent_for_that_person(store, facilitator, case_id):
    gp = intake.add_person(store, facilitator, case_id, PersonRole.GP, "dr. Geert Wuyts")
    with pytest.raises(ValidationError) as err:
        intake.log_contact(store, facilitator, case_id, gp.id, date(2026, 6, 4), "Gebeld.")
    assert err.value.key == "intake.contact_without_consent"


def test_consent_for_someone_of_another_case_is_refused(store, facilitator, case_id):
    other_case = open_case(store, facilitator, "Sofie Claes")
    stranger = intake.add_person(store, facilitator, other_case, PersonRole.HR, "Hilde HR")
    with pytest.raises(ValidationError):
        intake.record_consent(store, facilitator, case_id, person_subject(stranger.id), True, date(2026, 6, 3))


def test_a_second_open_case_for_the_same_employee_needs_confirmation(store, facilitator, case_id):
    with pytest.raises(DuplicateCase) as err:
        open_case(store, facilitator, "  marc verbeke ")
    assert err.value.case_ids == [case_id]
    second = open_case(store, facilitator, "Marc Verbeke", confirm_duplicate=True)
    assert second != case_id


def test_corrections_are_saved_and_listed_by_field_in_the_history(store, facilitator, case_id):
    case = services.get_case(store, facilitator, case_id)
    details = case.details
    changed = type(details)(
        **{**details.__dict__, "expected_return": date(2026, 9, 1),
           "assessment": Assessment(AssessmentOutcome.A, date(2026, 7, 1), "Progressieve opbouw.")}
    )
    updated = intake.update_case(store, facilitator, case_id, changed, case.version)
    assert updated.expected_return == date(2026, 9, 1)
    assert updated.assessment.outcome is AssessmentOutcome.A
    history = services.case_history(store, facilitator, case_id)
    assert any(e.action == "case.fields" and e.detail == "expected_return, assessment" for e in history)


def test_a_save_based_on_an_old_version_is_refused_instead_of_overwriting(store, facilitator, case_id):
    case = services.get_case(store, facilitator, case_id)
    first = type(case.details)(**{**case.details.__dict__, "expected_return": date(2026, 9, 1)})
    second = type(case.details)(**{**case.details.__dict__, "expected_return": date(2026, 10, 1)})
    intake.update_case(store, facilitator, case_id, first, case.version)
    with pytest.raises(ValidationError) as err:
        intake.update_case(store, facilitator, case_id, second, case.version)
    assert err.value.key == "intake.changed_meanwhile"
    assert services.get_case(store, facilitator, case_id).expected_return == date(2026, 9, 1)


def test_the_contact_agreement_and_reboarding_checklist_are_kept(store, facilitator, case_id):
    agreement = ContactAgreement(
        ContactKeeper.MANAGER, "Om de twee weken", "Telefoon", "Geen berichten in de teamchat",
        colleagues_informed=True, colleagues_message="Dat Marc terugkomt; niets over de reden.",
        manager_present_day_one=True,
    )
    intake.save_contact_agreement(store, facilitator, case_id, agreement)
    assert intake.load(store, facilitator, case_id).contact_agreement == agreement


def test_another_facilitator_cannot_touch_the_intake(store, facilitator, other_facilitator, case_id):
    with pytest.raises(PermissionDenied):
        intake.record_consent(store, other_facilitator, case_id, PROCESSING, True, date(2026, 6, 3))
    with pytest.raises(PermissionDenied):
        intake.add_person(store, other_facilitator, case_id, PersonRole.GP, "X")
    with pytest.raises(PermissionDenied):
        intake.save_contact_agreement(store, other_facilitator, case_id, ContactAgreement(ContactKeeper.HR))
    assert intake.load(store, facilitator, case_id).people == ()


@pytest.mark.parametrize(
    ("changes", "field", "key"),
    [
        ({"employee": Party(PartyRole.EMPLOYEE, "   ")}, "employee_name", "intake.required"),
        ({"manager": Party(PartyRole.MANAGER, "")}, "manager_name", "intake.required"),
        ({"employee": Party(PartyRole.EMPLOYEE, "x" * 101)}, "employee_name", "intake.too_long"),
        ({"sick_leave_start": None}, "sick_leave_start", "intake.required"),
        ({"sick_leave_start": date(2999, 1, 1)}, "sick_leave_start", "intake.sick_leave_in_future"),
        ({"intake_date": date(2999, 1, 1)}, "intake_date", "intake.intake_in_future"),
        ({"intake_date": date(2026, 5, 1)}, "intake_date", "intake.before_sick_leave"),
        ({"expected_return": date(2026, 5, 31)}, "expected_return", "intake.return_before_sick_leave"),
        ({"actual_return": date(2026, 5, 1)}, "actual_return", "intake.return_before_sick_leave"),
        ({"assessment": Assessment(AssessmentOutcome.B, date(2999, 1, 1))}, "assessment_date", "intake.assessment_in_future"),
        ({"assessment": Assessment(AssessmentOutcome.B, date(2026, 7, 1), "y" * 2001)}, "assessment_modalities", "intake.too_long"),
    ],
)
def test_bad_case_details_are_refused_at_their_field_and_nothing_is_saved(store, facilitator, changes, field, key):
    with pytest.raises(ValidationError) as err:
        open_case(store, facilitator, **changes)
    assert (err.value.field, err.value.key) == (field, key)
    assert services.list_cases(store, facilitator) == []
