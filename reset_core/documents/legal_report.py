"""The employer's motivated report when no re-integration plan is possible, as PDF: drawn
like the plan (reset_core.documents.plan), from the case's parties, the assessment's
outcome (never a diagnosis), the track and the report itself."""

from __future__ import annotations

from datetime import datetime

from .. import legal_report
from ..accounts import Clock
from ..allowed import Use
from ..errors import NotFound
from ..formats import day
from ..i18n import translate
from ..model import Case, LegalTrack, MotivatedReport, Organisation, User
from ..organisation import profile as organisation_profile
from ..services import case_transaction
from ..storage import Store
from .pdf import Document, Letterhead


def build(
    case: Case, track: LegalTrack | None, report: MotivatedReport, lang: str = "nl", organisation: Organisation | None = None,
) -> bytes:
    t = lambda key, **p: translate(key, lang, **p)  # noqa: E731
    title = t("legal_report.pdf_title")
    doc = Document(
        title, header_text=t("legal_report.pdf_header", id=case.id, employee=case.employee.name),
        page_label=t("agreement.pdf_page", page="{page}", pages="{pages}"),
        letterhead=Letterhead.of(organisation, t("documents.footer_report", id=case.id, version=report.version)),
    )
    doc.heading(title)
    doc.paragraph(t("legal_report.pdf_basis"), size=9)
    doc.ln(2)

    def section(key: str) -> None:
        doc.ln(2)
        doc.heading(t(key), size=12)

    section("agreement.section_parties")
    employer = track.signatory_name if track and track.signatory_name else case.manager.name
    function = track.signatory_function if track and track.signatory_name else case.manager.job_title
    doc.paragraph(f"{t('agreement.employee')}: " + ", ".join(x for x in (case.employee.name, case.employee.job_title, case.employee.department) if x))
    doc.paragraph(f"{t('legal_report.pdf_employer')}: " + ", ".join(x for x in (employer, function) if x))

    section("agreement.section_assessment")
    a = case.assessment
    if a is not None:
        doc.paragraph(t(f"assessment_outcome.{a.outcome.value}"))
        doc.paragraph(f"{t('agreement.assessment_date')}: {day(a.on_date, lang)}")
    if track is not None and track.appeal_end is not None:
        doc.paragraph(t("legal_report.pdf_appeal_end", date=day(track.appeal_end, lang)))
    doc.paragraph(t("agreement.assessment_note"), style="I", size=8)

    section("legal_report.pdf_section_ground")
    doc.paragraph(t(f"legal_report.ground_{report.ground.value}"), style="B")
    section("legal_report.pdf_section_reasons")
    doc.paragraph(report.reasons)

    section("legal_report.pdf_section_dates")
    doc.paragraph(t("legal_report.pdf_made_on", date=day(report.made_on, lang)))
    due = legal_report.report_due(track, case)
    if due is not None:
        doc.paragraph(t("legal_report.pdf_due", date=day(due, lang)))
    doc.ln(2)
    doc.paragraph(t("legal_report.pdf_copies"), style="I", size=8)

    doc.ln(4)
    doc.paragraph(t("legal.sign_employer", name=", ".join(x for x in (employer, function) if x)))
    doc.paragraph(t("legal.sign_line"))
    return doc.to_bytes()


def document(store: Store, actor: User, case_id: int, lang: str = "nl", clock: Clock = datetime.now) -> bytes:
    """The case's motivated report as PDF, in `lang`; stays available on a closed case, like
    the signed plan (the inspectorate may ask for it)."""
    with case_transaction(store, actor, case_id, "legal.report_pdf", lang, clock, use=Use.SIGNED_PLAN) as (q, case):
        track = q.legal.track_of(case_id)
        report = q.legal_report.report_of(case_id)
    if report is None:
        raise NotFound("legal_report.none")
    return build(case, track, report, lang, organisation_profile(store))
