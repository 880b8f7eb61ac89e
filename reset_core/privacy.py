"""The organisation's data-protection duties on one case: each party's right of access
(an export of what concerns them: reset_core.access_request), the right to erasure (the
whole case, gone), and the retention period after which closed cases are erased.

The case's own facilitator and an administrator may make a party's export or erase a
case: the administrator because these are the organisation's duties, also when the
facilitator has left. An administrator never sees case contents on screen: an export is
a file to hand over, and the register shows numbers, phases and dates only. Only an
administrator exports the whole case, with a reason that goes into the audit log.
"""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date, datetime

from . import agreement, conversations, legal_track, plan_proof, scan
from .access_request import LEFT_OUT, ExportFor, for_party
from .accounts import Clock
from .documents import scan_report
from .documents.plan import plan_pdf
from .errors import ValidationError
from .i18n import translate
from .model import AgreementStatus, Audience, Case, CaseRecord, KeptPlan, Respondent, User
from .organisation import profile as organisation_profile
from .services import case_transaction, require_admin
from .storage import Queries, Store


def export_case(
    store: Store, actor: User, case_id: int, lang: str = "nl", clock: Clock = datetime.now,
    *, for_whom: ExportFor, reason: str = "",
) -> bytes:
    """A right-of-access export as one zip, in `lang`: what concerns `for_whom` as readable
    JSON, the plan's versions as PDF, and a cover that says what was left out and why
    (reset_core.access_request). For the organisation (an administrator, with a reason):
    the whole case, and the scan report of every moment someone submitted."""
    for_whom = ExportFor(for_whom)
    reason = (reason or "").strip()
    whole = for_whom is ExportFor.ORGANISATION
    if whole:
        require_admin(actor)  # the facilitator hands each party their own export, never the whole case
        if len(reason) < MIN_REASON:
            raise ValidationError("privacy.export_reason_needed", field="export_reason", minimum=MIN_REASON)
    detail = f"{for_whom.value}: {reason}" if whole else for_whom.value
    with case_transaction(store, actor, case_id, "case.export", detail, clock, admin_too=True) as (q, case):
        tables = q.privacy.case_export(case_id)
        # A draft plan names the facilitator who runs the case, not whoever exports it
        # (accounts are deactivated, never deleted, so the account is there).
        facilitator, *_ = q.accounts.user_login_row(case.facilitator)
        plan = agreement.file_of(q, case, facilitator)
        track = q.legal.track_of(case_id)  # the plan's title and clauses follow it
        responses = q.scans.responses_of_case(case_id)
        results = scan.moment_results(q.scans.moments_of(case_id), responses, releases=q.sharing.releases_of_case(case_id))
        shared = [] if whole else [
            i for i in conversations.shared_in(q, case, Audience(for_whom.value)) if i.owner.value != for_whom.value
        ]
    documents = {}
    letterhead = organisation_profile(store)
    for version in plan.versions:  # the plan is offered to both parties
        name = translate("privacy.export_agreement_file", lang, id=case_id, number=version.number)
        documents[name] = plan_pdf(plan, version, results, lang, track, letterhead)
    if whole:  # a scan report sets both parties' answers side by side
        for position, result in enumerate(results, start=1):
            if result.employee is None and result.manager is None:
                continue  # nobody submitted yet: there is no report to give
            submitted = {r.respondent.value: r.submitted_at for r in responses if r.moment_id == result.moment.id}
            name = translate("privacy.export_scan_file", lang, id=case_id, position=position, kind=result.moment.kind.value)
            documents[name] = scan_report.build(case, result, submitted, lang, letterhead)
    left_out = [] if whole else [translate(f"privacy.export_left_out_{key}", lang) for key in LEFT_OUT[for_whom]]
    cover = "\n\n".join([translate(f"privacy.export_about_{for_whom.value}", lang, id=case_id), *left_out])
    record = {
        "case_id": case_id,
        "for": for_whom.value,
        "exported_at": clock().isoformat(timespec="seconds"),
        "about": cover,
        "documents": list(documents),
        "shared_with_you": [
            {"from": i.owner.value, "text": i.text, "card": i.card_id, "theme": i.theme_id, "shared_on": i.shared_on}
            for i in shared
        ],
        "tables": tables if whole else for_party(tables, for_whom),
    }
    if whole:
        del record["shared_with_you"]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(translate("privacy.export_cover_file", lang), cover + "\n")
        text = json.dumps(record, ensure_ascii=False, indent=2, default=_plain)
        archive.writestr(translate("privacy.export_json_file", lang, id=case_id), text)
        for name, pdf in documents.items():
            archive.writestr(name, pdf)
    return buffer.getvalue()


# Long enough to say which duty the whole export serves (an inspection, a court order).
MIN_REASON = 10


def _plain(value: object) -> str:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)


def erase_case(store: Store, actor: User, case_id: int, confirmation: str, clock: Clock = datetime.now) -> int:
    """Erase the whole case. `confirmation` must repeat the case number, against slips.
    Returns how many rows went."""
    if str(confirmation).strip().lstrip("#") != str(case_id):
        raise ValidationError("privacy.confirm_erase", field="confirmation", id=case_id)
    erased = _erase(store, actor, case_id, "", clock)
    store.compact()
    return erased


def _erase(store: Store, actor: User, case_id: int, detail: str, clock: Clock) -> int:
    # The audit entry of the erasure itself is written after the old entries lost their details.
    with case_transaction(store, actor, case_id, "case.erase", detail, clock, admin_too=True) as (q, case):
        _keep_legal_plans(q, case, clock())
        return q.privacy.erase_case(case_id)


# A signed or refused Codex plan stays available for the inspectorate after its case is
# erased (GDPR art. 17(3)(b): a legal obligation), for this long after it was answered or
# its validity ended, whichever is later. Why 5 years: README, "The legal plan".
KEEP_LEGAL_PLAN_YEARS = 5


def _years_later(start: date, years: int) -> date:
    return legal_track.add_months(start, 12 * years)


def _keep_legal_plans(q: Queries, case: Case, now: datetime) -> None:
    """In the erasure's own transaction: each signed or refused Codex plan of the case in a
    minimal form (its number, its dates, who got a copy when and how, and the PDF in the
    language of the legal copy, without the scan comparison)."""
    from . import party_space  # party_space reaches privacy back through the export's documents

    login = q.accounts.user_login_row(case.facilitator)
    assert login is not None  # accounts are deactivated, never deleted
    plan = agreement.file_of(q, case, login[0])
    employee_language = party_space.party_languages(q, case.id).get(Respondent.EMPLOYEE)
    for version in plan.versions:
        if version.status not in (AgreementStatus.SIGNED, AgreementStatus.REFUSED) or not legal_track.offered_as_codex_plan(version):
            continue
        assert version.legal is not None  # a Codex plan has its frozen track
        lang = legal_track.legal_language(version.legal.region, employee_language) or "nl"
        if version.refused_at is not None:
            answered = version.refused_at.date()
        else:
            answered = max(s.signed_at for s in version.signatures if s.signer in agreement.PARTY_SIGNERS).date()
        start = max(answered, version.content.valid_until or answered)
        t = lambda key, lang=lang, **p: translate(key, lang, **p)  # noqa: E731
        copies = "\n".join(
            " · ".join((w.recipient, w.delivered_on, w.how)) for w in (plan_proof.delivery_words(d, t) for d in version.deliveries)
        )
        q.privacy.keep_plan(KeptPlan(
            0, case.id, version.number, version.status.value, version.offered_on, version.received_on, answered, copies,
            lang, now.date(), _years_later(start, KEEP_LEGAL_PLAN_YEARS),
        ), plan_pdf(plan, version, [], lang, version.legal))


def kept_plans(store: Store, actor: User, clock: Clock = datetime.now) -> list[KeptPlan]:
    """The legal plans kept after their case was erased: numbers and dates, never contents."""
    require_admin(actor)
    with store.transaction() as q:
        kept = q.privacy.kept_plans()
        q.journal.audit(clock(), actor.username, None, "privacy.kept_list", f"{len(kept)} plans")
    return kept


def kept_plan_pdf(store: Store, actor: User, kept_id: int, clock: Clock = datetime.now) -> bytes:
    """A kept plan's PDF, to hand to the inspectorate (logged with its case number)."""
    require_admin(actor)
    with store.transaction() as q:
        found = q.privacy.kept_plan_pdf(kept_id)
        if found is None:
            raise ValidationError("legal_answer.kept_gone", field="kept")
        case_number, pdf = found
        q.journal.audit(clock(), actor.username, None, "privacy.kept_pdf", f"case {case_number}")
    return pdf


def kept_plans_due(store: Store, actor: User, today: date | None = None, clock: Clock = datetime.now) -> list[KeptPlan]:
    """The kept plans whose legal period ended (keep_until before today)."""
    today = today or clock().date()
    return [k for k in kept_plans(store, actor, clock) if k.keep_until < today]


def erase_kept_plans(store: Store, actor: User, confirmation: str, today: date | None = None, clock: Clock = datetime.now) -> int:
    """Erase every kept plan whose legal period ended; `confirmation` repeats how many,
    so that a list that changed since it was read is not erased unseen."""
    due = kept_plans_due(store, actor, today, clock)
    if str(confirmation).strip() != str(len(due)):
        raise ValidationError("legal_answer.confirm_kept_erase", field="kept_confirmation", count=len(due))
    with store.transaction() as q:
        for kept in due:
            q.privacy.erase_kept_plan(kept.id)
            q.journal.audit(clock(), actor.username, None, "privacy.kept_erase", f"case {kept.case_number} version {kept.version_number}")
    if due:
        store.compact()
    return len(due)


def case_register(store: Store, actor: User, clock: Clock = datetime.now) -> list[CaseRecord]:
    """Every case by number, phase and dates: enough for an administrator to find the
    case an employee asks about, nothing of its contents."""
    require_admin(actor)
    with store.transaction() as q:
        cases = q.privacy.case_register()
        q.journal.audit(clock(), actor.username, None, "case.register", f"{len(cases)} cases")
    return cases


DEFAULT_RETENTION_YEARS = 5
MIN_RETENTION_YEARS = 1
MAX_RETENTION_YEARS = 30


def retention_years(store: Store) -> int:
    with store.read() as q:
        return int(q.meta.get("retention_years") or DEFAULT_RETENTION_YEARS)


def set_retention_years(store: Store, actor: User, years: int, clock: Clock = datetime.now) -> None:
    require_admin(actor)
    if not MIN_RETENTION_YEARS <= int(years) <= MAX_RETENTION_YEARS:
        raise ValidationError("privacy.retention_range", field="retention_years", min=MIN_RETENTION_YEARS, max=MAX_RETENTION_YEARS)
    with store.transaction() as q:
        q.meta.set("retention_years", str(int(years)))
        q.journal.audit(clock(), actor.username, None, "retention.set", str(int(years)))


def retention_due(store: Store, actor: User, today: date | None = None, clock: Clock = datetime.now) -> list[tuple[int, date]]:
    """Closed cases past the retention period: case number and closing date only, no contents."""
    require_admin(actor)
    today = today or clock().date()
    years = retention_years(store)
    cutoff = today.replace(year=today.year - years) if not (today.month == 2 and today.day == 29) else date(today.year - years, 2, 28)
    with store.read() as q:
        return q.privacy.closed_before(cutoff)


def apply_retention(
    store: Store, actor: User, confirmation: str, today: date | None = None, clock: Clock = datetime.now
) -> int:
    """Erase every closed case past the retention period; returns how many.
    `confirmation` must repeat how many cases are due, so that a list that changed
    since the administrator read it is not erased unseen."""
    due = retention_due(store, actor, today, clock)
    if str(confirmation).strip() != str(len(due)):
        raise ValidationError("privacy.confirm_retention", field="retention_confirmation", count=len(due))
    for case_id, _ in due:
        _erase(store, actor, case_id, "retention", clock)
    if due:
        store.compact()
    return len(due)
