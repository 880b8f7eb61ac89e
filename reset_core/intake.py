"""Intake: the case's data, the employee's informed consent as a ledger, the people
around the case with their contact log, and the agreements about contact during the
sick leave. Validation here, so every screen and the command line say the same."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from . import consent_texts, phases, validation
from .accounts import Clock
from .errors import Problems, ResetError, ValidationError
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
from .services import case_transaction, remember, repeat_of, require_facilitator
from .storage import Queries, Store

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


def _party(party: Party, role: PartyRole, problems: Problems) -> Party:
    prefix = role.value
    return Party(
        role,
        problems.check(_text, party.name, f"{prefix}_name", MAX_NAME, required=True),
        problems.check(_text, party.job_title, f"{prefix}_job_title", MAX_SHORT_TEXT),
        problems.check(_text, party.department, f"{prefix}_department", MAX_SHORT_TEXT),
    )


def validate_details(details: CaseDetails, today: date) -> CaseDetails:
    """The details, trimmed; or every problem at once, each tied to its form field."""
    problems = Problems()
    employee = _party(details.employee, PartyRole.EMPLOYEE, problems)
    manager = _party(details.manager, PartyRole.MANAGER, problems)
    start = details.sick_leave_start
    if start is None:
        problems.add("intake.required", "sick_leave_start")
    elif start > today:
        problems.add("intake.sick_leave_in_future", "sick_leave_start")
    if details.intake_date is not None:
        if details.intake_date > today:
            problems.add("intake.intake_in_future", "intake_date")
        elif start is not None and details.intake_date < start:
            problems.add("intake.before_sick_leave", "intake_date")
    for field in ("expected_return", "actual_return"):
        value = getattr(details, field)
        if value is not None and start is not None and value < start:
            problems.add("intake.return_before_sick_leave", field)
    if details.actual_return is not None and details.actual_return > today and not problems.has("actual_return"):
        problems.add("intake.actual_return_in_future", "actual_return")
    assessment = details.assessment
    if assessment is not None:
        if assessment.on_date is None:
            problems.add("intake.required", "assessment_date")
        elif assessment.on_date > today:
            problems.add("intake.assessment_in_future", "assessment_date")
        elif start is not None and assessment.on_date < start:
            problems.add("intake.before_sick_leave", "assessment_date")
        assessment = Assessment(
            assessment.outcome, assessment.on_date,
            problems.check(_text, assessment.modalities, "assessment_modalities", MAX_TEXT),
        )
    problems.raise_all()
    return replace(details, employee=employee, manager=manager, assessment=assessment)


def open_case(
    store: Store,
    actor: User,
    details: CaseDetails,
    phase: Phase = Phase.INTAKE,
    confirm_duplicate: bool = False,
    clock: Clock = datetime.now,
    request: str | None = None,
) -> Case:
    """`request`: the token of the form it comes from; sent again (a double click), it
    returns the case the first one opened instead of opening, or asking about, another."""
    require_facilitator(actor)
    now = clock()
    details = validate_details(details, now.date())
    with store.transaction() as q:
        done, made = repeat_of(q, actor, request, "case.open")
        if done:
            return q.cases.case(made)
        duplicates = q.cases.open_cases_for_employee(actor.username, details.employee.name)
        if duplicates and not confirm_duplicate:
            raise DuplicateCase(duplicates)
        case_id = q.cases.insert_case(actor.username, phase, details, now)
        q.journal.audit(now, actor.username, case_id, "case.open")
        remember(q, actor, request, "case.open", case_id, case_id, now)
        return q.cases.case(case_id)


def _changes(before: CaseDetails, after: CaseDetails) -> str:
    """Which fields a save changed, by name only: values stay out of the audit log."""
    names = []
    for field in ("employee", "manager", "sick_leave_start", "intake_date", "expected_return",
                  "actual_return", "started_by", "assessment"):
        if getattr(before, field) != getattr(after, field):
            names.append(field)
    return ", ".join(names)


def update_case(
    store: Store, actor: User, case_id: int, details: CaseDetails, expected_version: int, clock: Clock = datetime.now,
    request: str | None = None,
) -> Case:
    """Save corrections; refused when someone saved the case after `expected_version` was read
    (but not when it is this very save, sent twice)."""
    now = clock()
    details = validate_details(details, now.date())
    with case_transaction(store, actor, case_id, "case.update", clock=clock) as (q, case):
        if repeat_of(q, actor, request, "case.update")[0]:
            return case
        remember(q, actor, request, "case.update", case_id, case_id, now)
        if not q.cases.update_case(case_id, details, expected_version, now):
            raise ValidationError("intake.changed_meanwhile", field="form")
        q.journal.audit(now, actor.username, case_id, "case.fields", _changes(case.details, details))
        return phases.apply_to(q, case_id, now, actor.username)  # a return date may move it


def load(store: Store, actor: User, case_id: int, clock: Clock = datetime.now) -> IntakeRecord:
    """The intake of one case. A person's contact log is left out while their consent is not given."""
    with case_transaction(store, actor, case_id, "case.view", "intake", clock) as (q, case):
        ledger = tuple(q.intake.consent_ledger(case_id))
        contacts = q.intake.contact_log(case_id)
        people = []
        for person in q.intake.people_of(case_id):
            given = consent_state(ledger, person_subject(person.id))
            log = tuple(c for c in contacts if c.person_id == person.id) if given else ()
            people.append(PersonView(person, given, log))
        names = {a.username: a.name or a.username for a in q.accounts.accounts()}
        return IntakeRecord(case, ledger, tuple(people), q.intake.contact_agreement(case_id), names)


def record_consent(
    store: Store,
    actor: User,
    case_id: int,
    subject: str,
    given: bool,
    on_date: date,
    note: str = "",
    clock: Clock = datetime.now,
    request: str | None = None,
) -> None:
    """Add a ledger entry; withdrawal is honoured at once wherever the consent is read."""
    now = clock()
    problems = Problems()
    note = problems.check(_text, note, "consent_note", MAX_SHORT_TEXT)
    if on_date is None:
        problems.add("intake.required", "consent_date")
    elif on_date > now.date():
        problems.add("intake.consent_in_future", "consent_date")
    problems.raise_all()
    action = "consent.give" if given else "consent.withdraw"
    with case_transaction(store, actor, case_id, action, subject, clock) as (q, _):
        if repeat_of(q, actor, request, "consent.record")[0]:
            return
        remember(q, actor, request, "consent.record", case_id, None, now)
        add_to_ledger(q, case_id, subject, given, on_date, note, actor.username, now)


def add_to_ledger(
    q: Queries, case_id: int, subject: str, given: bool, on_date: date, note: str, by: str, now: datetime,
) -> None:
    """The ledger entry of `record_consent`, inside the caller's transaction on the case:
    the facilitator's at the intake, or the employee's own through their personal space
    (reset_core.party_space). A consent given keeps the version of the words it was asked
    in; a withdrawal, the version of the consent it ends."""
    if subject != PROCESSING and subject not in {person_subject(p.id) for p in q.intake.people_of(case_id)}:
        raise ValidationError("intake.unknown_consent_subject", field="consent_subject")
    earlier = [e for e in q.intake.consent_ledger(case_id) if e.subject == subject]
    if not given and not (earlier and earlier[-1].given):
        raise ValidationError("intake.withdraw_without_consent", field="consent_subject")
    if given and earlier and earlier[-1].given:
        raise ValidationError("intake.consent_already_given", field="consent_subject")
    if earlier and on_date < earlier[-1].on_date:
        key = "intake.withdrawn_before_given" if not given else "intake.consent_date_order"
        raise ValidationError(key, field="consent_date", date=day(earlier[-1].on_date))
    version = consent_texts.current_version() if given else earlier[-1].text_version
    q.intake.add_consent(case_id, subject, given, on_date, note, by, now, version)
    if subject == PROCESSING:
        phases.apply_to(q, case_id, now, by)


def _person_fields(role: PersonRole, name: str, organisation: str, contact: str) -> tuple:
    problems = Problems()
    fields = (
        PersonRole(role),
        problems.check(_text, name, "person_name", MAX_NAME, required=True),
        problems.check(_text, organisation, "person_organisation", MAX_SHORT_TEXT),
        problems.check(_text, contact, "person_contact", MAX_SHORT_TEXT),
    )
    problems.raise_all()
    return fields


def add_person(
    store: Store, actor: User, case_id: int, role: PersonRole, name: str,
    organisation: str = "", contact: str = "", clock: Clock = datetime.now, request: str | None = None,
) -> Person:
    fields = _person_fields(role, name, organisation, contact)
    with case_transaction(store, actor, case_id, "person.add", fields[0].value, clock) as (q, _):
        done, made = repeat_of(q, actor, request, "person.add")
        if done:
            return next(p for p in q.intake.people_of(case_id) if p.id == made)
        person_id = q.intake.insert_person(case_id, *fields)
        remember(q, actor, request, "person.add", case_id, person_id, clock())
        return Person(person_id, *fields)


def update_person(
    store: Store, actor: User, case_id: int, person_id: int, role: PersonRole, name: str,
    organisation: str = "", contact: str = "", clock: Clock = datetime.now,
) -> Person:
    person = Person(person_id, *_person_fields(role, name, organisation, contact))
    with case_transaction(store, actor, case_id, "person.update", f"person {person_id}", clock) as (q, _):
        if person_id not in {p.id for p in q.intake.people_of(case_id)}:
            raise ValidationError("intake.unknown_person", field="person")
        q.intake.update_person(person)
        return person


def log_contact(
    store: Store, actor: User, case_id: int, person_id: int, on_date: date, note: str, clock: Clock = datetime.now,
    request: str | None = None,
) -> None:
    """A contact with an outside person, only while the employee's consent for them holds."""
    now = clock()
    problems = Problems()
    note = problems.check(_text, note, "contact_note", MAX_TEXT, required=True)
    if on_date is None or on_date > now.date():
        problems.add("intake.contact_in_future", "contact_date")
    problems.raise_all()
    # The note stays out of the audit detail: the log must vanish with the consent.
    with case_transaction(store, actor, case_id, "contact.add", f"person {person_id}", clock) as (q, _):
        if repeat_of(q, actor, request, "contact.add")[0]:
            return
        remember(q, actor, request, "contact.add", case_id, None, now)
        if person_id not in {p.id for p in q.intake.people_of(case_id)}:
            raise ValidationError("intake.unknown_person", field="person")
        if not consent_state(q.intake.consent_ledger(case_id), person_subject(person_id)):
            raise ValidationError("intake.contact_without_consent", field="person")
        q.intake.add_contact(case_id, person_id, on_date, note, actor.username, now)


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
        q.intake.save_contact_agreement(case_id, agreement, actor.username, clock())
