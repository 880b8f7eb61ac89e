"""The consent ledger, the people around the case, the contact log and the contact
agreement: the queries of `reset_core.intake`."""

from __future__ import annotations

from datetime import date, datetime

from ..model import ConsentEntry, ContactAgreement, ContactEntry, ContactKeeper, Person, PersonRole
from ._sql import Repository


class Intake(Repository):
    # consent ledger
    def add_consent(
        self, case_id: int, subject: str, given: bool, on_date: date, note: str, by: str, now: datetime,
        text_version: int | None = None,
    ) -> None:
        self.cur.execute(
            "INSERT INTO consents (case_id, subject, given, on_date, note, recorded_by, recorded_at, text_version) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [case_id, subject, given, on_date, note, by, now, text_version],
        )

    def consent_ledger(self, case_id: int) -> list[ConsentEntry]:
        rows = self._all(
            "SELECT id, subject, given, on_date, note, recorded_by, recorded_at, text_version FROM consents "
            "WHERE case_id = ? ORDER BY id",
            [case_id],
        )
        return [ConsentEntry(*r) for r in rows]

    # people around the case
    def insert_person(self, case_id: int, role: PersonRole, name: str, organisation: str, contact: str) -> int:
        return self._one(
            "INSERT INTO people (case_id, role, name, organisation, contact) VALUES (?, ?, ?, ?, ?) RETURNING id",
            [case_id, role.value, name, organisation, contact],
        )[0]

    def update_person(self, person: Person) -> None:
        self.cur.execute(
            "UPDATE people SET role = ?, name = ?, organisation = ?, contact = ? WHERE id = ?",
            [person.role.value, person.name, person.organisation, person.contact, person.id],
        )

    def people_of(self, case_id: int) -> list[Person]:
        rows = self._all(
            "SELECT id, role, name, organisation, contact FROM people WHERE case_id = ? ORDER BY id", [case_id]
        )
        return [Person(r[0], PersonRole(r[1]), r[2], r[3], r[4]) for r in rows]

    def add_contact(self, case_id: int, person_id: int, on_date: date, note: str, by: str, now: datetime) -> None:
        self.cur.execute(
            "INSERT INTO contact_log (case_id, person_id, on_date, note, recorded_by, recorded_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [case_id, person_id, on_date, note, by, now],
        )

    def contact_log(self, case_id: int) -> list[ContactEntry]:
        rows = self._all(
            "SELECT id, person_id, on_date, note, recorded_by, recorded_at FROM contact_log "
            "WHERE case_id = ? ORDER BY on_date, id",
            [case_id],
        )
        return [ContactEntry(*r) for r in rows]

    # contact during the sick leave
    def save_contact_agreement(self, case_id: int, agreement: ContactAgreement, by: str, now: datetime) -> None:
        a = agreement
        self.cur.execute(
            "INSERT OR REPLACE INTO contact_agreements VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                case_id, a.keeper.value, a.frequency, a.channel, a.not_wanted, a.colleagues_informed,
                a.colleagues_message, a.manager_present_day_one, a.workplace_ready, a.accounts_ready,
                a.first_week_plan, by, now,
            ],
        )

    def contact_agreement(self, case_id: int) -> ContactAgreement | None:
        row = self._one(
            "SELECT keeper, frequency, channel, not_wanted, colleagues_informed, colleagues_message, "
            "manager_present_day_one, workplace_ready, accounts_ready, first_week_plan "
            "FROM contact_agreements WHERE case_id = ?",
            [case_id],
        )
        return ContactAgreement(ContactKeeper(row[0]), *row[1:]) if row else None
