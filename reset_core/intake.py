"""Intake: the case's data, the employee's informed consent as a ledger, the people
around the case with their contact log, and the agreements about contact during the
sick leave. Validation here, so every screen and the command line say the same."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from . import validation
from .accounts import Clock
from .errors import ResetError, ValidationError
from .formats import day
from .model import (
    PROCESSING,
    Assessment,
    Case,
    CaseDetails,
    ContactAgreement,
    IntakeRecord,
    Party,
    PartyRole,
    Person,
    PersonRole,
    PersonView,
    Phase,
    User,
    consent_state,
    person_subject,
)
from .services import case_transaction, require_facilitator
from .store import Store

MAX_NAME = 100
MAX_SHORT_TEXT = 200
MAX_TEXT = 2000


class DuplicateCase(ResetError):
    """The employee already has an open case with this facilitator; ask before opening another."""

    def __init__(self, case_ids: list[int]) -> None:
        super().__init__("intake.duplicate_case", field="employee_name", cases=", ".join(f"#{i}" for i in case_ids))
        self.case_ids = case_ids


def _text(value: str, field: str, limit: int, required: bool = False) -> str:
    return validation.text(value, field, limit, "intake", required)


def _party(party: Party, role: PartyRole) -> Party:
    prefix = role.value
    return Party(
        role,
        _text(party.name, f"{prefix}_name", MAX_NAME, required=True),
        _text(party.job_title, f"{prefix}_job_title", MAX_SHORT_TEXT),
        _text(party.department, f"{prefix}_department", MAX_SHORT_TEXT),
    )


def validate_details(details: CaseDetails, today: date) -> CaseDetails:
    """The details, trimmed; or the first problem, tied to its form field."""
    employee = _party(details.employee, PartyRole.EMPLOYEE)
    manager = _party(details.manager, PartyRole.MANAGER)
    start = details.sick_leave_start
    if start is None:
        raise ValidationError("intake.required", field="sick_leave_start")
    if start > today:
        raise ValidationError("intake.sick_leave_in_future", field="sick_leave_start")
    if details.intake_date is not None:
        if details.intake_date > today:
            raise ValidationError("intake.intake_in_future", field="intake_date")
        if details.intake_date < start:
            raise ValidationError("intake.before_sick_leave", field="intake_date")
    for field in ("expected_return", "actual_return"):
        value = getattr(details, field)
        if value is not None and value < start:
            raise ValidationError("intake.return_before_sick_leave", field=field)
    if details.actual_return is not None and details.actual_return > today:
        raise ValidationError("intake.actual_return_in_future", field="actual_return")
    assessment = details.assessment
    if assessment is not None:
        if assessment.on_date is None:
            raise ValidationError("intake.required", field="assessment_date")
        if assessment.on_date > today:
            raise ValidationError("intake.assessment_in_future", field="assessment_date")
        if assessment.on_date < start:
            raise ValidationError("intake.before_sick_leave", field="assessment_date")
        assessment = Assessment(
            assessment.outcome, assessment.on_date,
            _text(assessment.modalities, "assessment_modalities", MAX_TEXT),
        )
    return replace(details, employee=employee, manager=manager, assessment=assessment)


def open_case(
    store: Store,
    actor: User,
    details: CaseDetails,
    phase: Phase = Phase.INTAKE,
    confirm_duplicate: bool = False,
    clock: Clock = datetime.now,
) -> Case:
    require_facilitator(actor)
    now = clock()
    details = validate_details(details, now.date())
    with store.transaction() as q:
        duplicates = q.open_cases_for_employee(actor.username, details.employee.name)
        if duplicates and not confirm_duplicate:
            raise DuplicateCase(duplicates)
        case_id = q.insert_case(actor.username, phase, details, now)
        q.audit(now, actor.username, case_id, "case.open")
        return q.case(case_id)


def _changes(before: CaseDetails, after: CaseDetails) -> str:
    """Which fields a save changed, by name only: values stay out of the audit log."""
    names = []
    for field in ("employee", "manager", "sick_leave_start", "intake_date", "expected_return",
                  "actual_return", "started_by", "assessment"):
        if getattr(before, field) != getattr(after, field):
            names.append(field)
    return ", ".join(names)


def update_case(
    store: Store, actor: User, case_id: int, details: CaseDetails, expected_version: int, clock: Clock = datetime.now
) -> Case:
    """Save corrections; refused when someone saved the case after `expected_version` was read."""
    now = clock()
    details = validate_details(details, now.date())
    with case_transaction(store, actor, case_id, "case.update", clock=clock) as (q, case):
        if not q.update_case(case_id, details, expected_version, now):
            raise ValidationError("intake.changed_meanwhile", field="form")
        q.audit(now, actor.username, case_id, "case.fields", _changes(case.details, details))
        return q.case(case_id)


def load(store: Store, actor: User, case_id: int, clock: Clock = datetime.now) -> IntakeRecord:
    """The intake of one case. A person's contact log is left out while their consent is not given."""
    with case_transaction(store, actor, case_id, "case.view", "intake", clock) as (q, case):
        ledger = tuple(q.consent_ledger(case_id))
        contacts = q.contact_log(case_id)
        people = []
        for person in q.people_of(case_id):
            given = consent_state(ledger, person_subject(person.id))
            log = tuple(c for c in contacts if c.person_id == person.id) if given else ()
            people.append(PersonView(person, given, log))
        return IntakeRecord(case, ledger, tuple(people), q.contact_agreement(case_id))


def record_consent(
    store: Store,
    actor: User,
    case_id: int,
    subject: str,
    given: bool,
    on_date: date,
    note: str = "",
    clock: Clock = datetime.now,
) -> None:
    """Add a ledger entry; withdrawal is honoured at once wherever the consent is read."""
    now = clock()
    note = _text(note, "consent_note", MAX_SHORT_TEXT)
    if on_date is None:
        raise ValidationError("intake.required", field="consent_date")
    if on_date > now.date():
        raise ValidationError("intake.consent_in_future", field="consent_date")
    action = "consent.give" if given else "consent.withdraw"
    with case_transaction(store, actor, case_id, action, subject, clock) as (q, _):
        if subject != PROCESSING and subject not in {person_subject(p.id) for p in q.people_of(case_id)}:
            raise ValidationError("intake.unknown_consent_subject", field="consent_subject")
        earlier = [e for e in q.consent_ledger(case_id) if e.subject == subject]
        if not given and not (earlier and earlier[-1].given):
            raise ValidationError("intake.withdraw_without_consent", field="consent_subject")
        if given and earlier and earlier[-1].given:
            raise ValidationError("intake.consent_already_given", field="consent_subject")
        if earlier and on_date < earlier[-1].on_date:
            key = "intake.withdrawn_before_given" if not given else "intake.consent_date_order"
            raise ValidationError(key, field="consent_date", date=day(earlier[-1].on_date))
        q.add_consent(case_id, subject, given, on_date, note, actor.username, now)


def _person_fields(role: PersonRole, name: str, organisation: str, contact: str) -> tuple:
    return (
        PersonRole(role),
        _text(name, "person_name", MAX_NAME, required=True),
        _text(organisation, "person_organisation", MAX_SHORT_TEXT),
        _text(contact, "person_contact", MAX_SHORT_TEXT),
    )


def add_person(
    store: Store, actor: User, case_id: int, role: PersonRole, name: str,
    organisation: str = "", contact: str = "", clock: Clock = datetime.now,
) -> Person:
    fields = _person_fields(role, name, organisation, contact)
    with case_transaction(store, actor, case_id, "person.add", fields[0].value, clock) as (q, _):
        person_id = q.insert_person(case_id, *fields)
        return Person(person_id, *fields)


def update_person(
    store: Store, actor: User, case_id: int, person_id: int, role: PersonRole, name: str,
    organisation: str = "", contact: str = "", clock: Clock = datetime.now,
) -> Person:
    person = Person(person_id, *_person_fields(role, name, organisation, contact))
    with case_transaction(store, actor, case_id, "person.update", f"person {person_id}", clock) as (q, _):
        if person_id not in {p.id for p in q.people_of(case_id)}:
            raise ValidationError("intake.unknown_person", field="person")
        q.update_person(person)
        return person


def log_contact(
    store: Store, actor: User, case_id: int, person_id: int, on_date: date, note: str, clock: Clock = datetime.now
) -> None:
    """A contact with an outside person, only while the employee's consent for them holds."""
    now = clock()
    note = _text(note, "contact_note", MAX_TEXT, required=True)
    if on_date is None or on_date > now.date():
        raise ValidationError("intake.contact_in_future", field="contact_date")
    # The note stays out of the audit detail: the log must vanish with the consent.
    with case_transaction(store, actor, case_id, "contact.add", f"person {person_id}", clock) as (q, _):
        if person_id not in {p.id for p in q.people_of(case_id)}:
            raise ValidationError("intake.unknown_person", field="person")
        if not consent_state(q.consent_ledger(case_id), person_subject(person_id)):
            raise ValidationError("intake.contact_without_consent", field="person")
        q.add_contact(case_id, person_id, on_date, note, actor.username, now)


def save_contact_agreement(
    store: Store, actor: User, case_id: int, agreement: ContactAgreement, clock: Clock = datetime.now
) -> None:
    agreement = replace(
        agreement,
        frequency=_text(agreement.frequency, "contact_frequency", MAX_SHORT_TEXT),
        channel=_text(agreement.channel, "contact_channel", MAX_SHORT_TEXT),
        not_wanted=_text(agreement.not_wanted, "contact_not_wanted", MAX_TEXT),
        colleagues_message=_text(agreement.colleagues_message, "colleagues_message", MAX_TEXT),
        first_week_plan=_text(agreement.first_week_plan, "first_week_plan", MAX_TEXT),
    )
    with case_transaction(store, actor, case_id, "contact_agreement.save", clock=clock) as (q, _):
        q.save_contact_agreement(case_id, agreement, actor.username, clock())
