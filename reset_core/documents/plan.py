"""The documents of the agreement: the plan as PDF for both parties (and the
occupational physician), and the follow-up dates as a calendar file.

Built from one version of the plan and nothing else a party may not see: the
parties, the occupational physician's outcome (never a diagnosis), what the plan
says, the goals copied into it, and, when chosen, the comparison of a scan moment
both parties submitted and released (`MomentResult.comparison`: absent otherwise). User text goes through cell/multi_cell only. `document`
and `calendar_file` hand them to the case's facilitator, each with an audit entry.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar, Event

from .. import agreement, legal_track, plan_proof, scan
from ..accounts import Clock
from ..allowed import Use
from ..formats import clock_time, day, moment, number, theme_name
from ..goals import GoalProgress, lines, target_line
from ..goals import progress as goal_progress
from ..i18n import translate
from ..model import (
    AdjustmentArea,
    AgreementStatus,
    AgreementVersion,
    AnswerRoute,
    CraftingAim,
    LegalTrack,
    Organisation,
    Signature,
    Signer,
    User,
)
from ..organisation import profile as organisation_profile
from ..scan import MomentResult
from ..services import case_transaction
from ..storage import Store
from . import charts
from .pdf import Document, Letterhead
from .scan_report import comparison_frame


def _number(value: float | None, lang: str) -> str:
    return number(value, lang) or "-"


def _day(value: date | None, lang: str = "nl") -> str:
    return day(value, lang) or "-"


def build(
    case_id: int, version: AgreementVersion, lang: str = "nl",
    comparison: MomentResult | None = None, changes: list[str] | None = None, track: LegalTrack | None = None,
    organisation: Organisation | None = None, measures: dict[int, GoalProgress] | None = None,
) -> bytes:
    """`measures`: each goal's start → now → target, from scans both parties released;
    None for a copy that may hold nobody's scores (a party's own copy, the kept legal
    copy): the goals then show their target alone. `track`: the case's legal track. Only a formal trajectory with decision A or B makes
    the document the Codex re-integration plan, with the employee's 14 days; otherwise it
    is a return-to-work agreement and claims neither (reset_core.legal_track)."""
    t = lambda key, **p: translate(key, lang, **p)  # noqa: E731
    parties, content = version.parties, version.content
    if version.status is not AgreementStatus.DRAFT:
        track = version.legal  # the track as it was when offered: a later change does not rewrite it
    codex = legal_track.is_codex_plan(track, parties.assessment)
    title = t("agreement.pdf_title" if codex else "legal.pdf_title_agreement", number=version.number)
    header = "agreement.pdf_header" if codex else "legal.pdf_header_agreement"
    doc = Document(
        title,
        header_text=t(header, id=case_id, employee=parties.employee.name, number=version.number),
        page_label=t("agreement.pdf_page", page="{page}", pages="{pages}"),
        letterhead=Letterhead.of(organisation, t(
            "documents.footer_plan", id=case_id, number=version.number, status=t(f"agreement_status.{version.status.value}"),
        )),
    )
    doc.heading(title)
    doc.paragraph(t("agreement.pdf_status", status=t(f"agreement_status.{version.status.value}")), style="B")
    if version.status is AgreementStatus.DRAFT:
        doc.paragraph(t("agreement.pdf_draft_note"), style="I", size=9)
    doc.paragraph(t("legal.pdf_codex_basis" if codex else "legal.pdf_not_codex"), size=9)
    legal_language = legal_track.legal_language(track.region, lang) if codex and track is not None and track.region else None
    if legal_language and legal_language != lang:  # in Brussels the copy in the employee's language is the legal one
        doc.paragraph(t("legal.pdf_translation", language=t(f"legal.language_{legal_language}")), style="B", size=9)
    elif legal_language:  # the legal copy says so, and in which language
        doc.paragraph(t("legal.pdf_legal_copy", language=t(f"legal.language_{legal_language}")), style="B", size=9)
    doc.ln(2)

    def section(key: str) -> None:
        doc.ln(2)
        doc.section(t(key))

    def line(label_key: str, value: str) -> None:
        if value:
            doc.paragraph(f"{t(label_key)}: {value}")

    section("agreement.section_parties")
    for label, party in (("agreement.employee", parties.employee), ("agreement.manager", parties.manager)):
        line(label, ", ".join(x for x in (party.name, party.job_title, party.department) if x))
    line("agreement.facilitator", parties.facilitator_name)
    line("agreement.validity", t("agreement.validity_value", start=_day(content.valid_from), end=_day(content.valid_until)))

    section("agreement.section_assessment")
    a = parties.assessment
    if a is None:
        doc.paragraph(t("agreement.no_assessment"))
    else:
        doc.paragraph(t(f"assessment_outcome.{a.outcome.value}"))
        line("agreement.assessment_date", _day(a.on_date))
        line("agreement.assessment_modalities", a.modalities)
    doc.paragraph(t("agreement.assessment_note"), style="I", size=8)

    if codex:  # the Codex's headings, then what the return adds
        _codex_headings(doc, content.adjustments, track, t)
    elif content.adjustments:
        section("agreement.section_adjustments")
        doc.table_rows(
            (t("agreement.adjustment_area"), t("agreement.adjustment_aim"), t("agreement.adjustment_text")),
            [(t(f"adjustment_area.{x.area.value}"), t(f"crafting_aim.{x.aim.value}"), x.text) for x in content.adjustments],
            widths=(38, 38, 98),
        )
    else:
        section("agreement.section_adjustments")
        doc.paragraph(t("agreement.none"))

    section("agreement.section_schedule")
    line("agreement.contract_hours", _number(content.contract_hours, lang))
    if content.schedule:
        doc.table_rows(
            (t("agreement.period_start"), t("agreement.period_end"), t("agreement.period_days"),
             t("agreement.period_hours"), t("agreement.period_percent"), t("agreement.period_tasks")),
            [
                (_day(p.start), _day(p.end), _number(p.days_per_week, lang), _number(p.hours_per_week, lang),
                 _number(p.percent, lang), p.tasks)
                for p in content.schedule
            ],
            widths=(22, 22, 19, 19, 20, 72),
        )
        doc.ln(1)
        doc.paragraph(t("agreement.insurer_reminder"), style="B", size=9)
    else:
        doc.paragraph(t("agreement.no_schedule"))

    section("agreement.section_support")
    line("agreement.buddy", content.buddy)
    line("agreement.coaching", content.coaching)
    line("agreement.training", content.training)
    line("agreement.colleagues_message", content.colleagues_message)
    line("agreement.colleagues_told_by", content.colleagues_told_by)
    line("agreement.contact", content.contact)
    if not any((content.buddy, content.coaching, content.training, content.colleagues_message, content.colleagues_told_by, content.contact)):
        doc.paragraph(t("agreement.none"))

    section("agreement.section_goals")
    if version.goals:

        def measure(g) -> str:
            if measures is None:
                return target_line(g, lang)
            return "\n".join(lines(measures[g.id], lang)) if g.id in measures else ""

        doc.table_rows(
            (t("agreement.goal_theme"), t("agreement.goal_owner"), t("agreement.goal_description"),
             t("agreement.goal_indicator"), t("agreement.goal_target"), t("goals.column")),
            [
                (theme_name(g.theme, lang), t(f"agreement.owner_{g.owner.value}"), g.description, g.indicator,
                 t(f"moment_kind.{g.target.value}"), measure(g))
                for g in version.goals
            ],
            widths=(24, 22, 38, 34, 20, 36),
        )
    else:
        doc.paragraph(t("agreement.no_goals"))

    section("agreement.section_follow_up")
    doc.bullets([_day(d) for d in content.follow_ups] or [t("agreement.none")])

    if comparison is not None and comparison.comparison:
        frame = comparison_frame(comparison, lang)
        if doc.will_page_break(charts.comparison_height(frame) + 25):  # the heading goes along with its chart
            doc.add_page()
        section("agreement.section_scan")
        doc.paragraph(
            t("agreement.scan_moment", kind=t(f"moment_kind.{comparison.moment.kind.value}"), date=_day(comparison.moment.planned_on))
        )
        charts.draw_comparison(doc, frame)
        doc.paragraph(t("scan.legend"), style="I", size=8)
        doc.paragraph(t("scan.results_note"), style="I", size=8)

    if version.number > 1:
        section("agreement.section_changes")
        line("agreement.reason", version.reason)
        doc.bullets(changes or [t("agreement.no_changes")])

    section("agreement.section_answer")
    if not codex:
        pass  # no 14-day rule outside the Codex plan: the parties confirm with their signature
    elif version.answer_by and version.received_on:
        doc.paragraph(t(
            "legal_answer.pdf_answer_rule", offered=_day(version.offered_on), received=_day(version.received_on),
            deadline=_day(version.answer_by),
        ))
    elif version.status is not AgreementStatus.DRAFT:
        doc.paragraph(t("legal_answer.pdf_answer_rule_no_receipt", offered=_day(version.offered_on)))
    else:
        doc.paragraph(t("agreement.answer_rule_draft"))
    if codex and version.reminded_on and version.reminder_how:
        doc.paragraph(t(
            "legal_answer.pdf_reminder", on=_day(version.reminded_on), how=t(f"legal_answer.how_{version.reminder_how.value}"),
            deadline=_day(version.reminder_answer_by),
        ))
    if version.refused_at:
        doc.paragraph(t("agreement.refused_on", when=moment(version.refused_at, lang)), style="B")
        if version.refusal is not None and version.refusal.route is AnswerRoute.SILENCE:
            doc.paragraph(t("legal_answer.pdf_refused_by_silence"))
        elif version.refusal is not None and version.refusal.route is not AnswerRoute.TICKED:
            doc.paragraph(_route(version.refusal.route, version.refusal.paper_date, t, lang), style="I", size=8)
        doc.paragraph(version.refusal_reasons)
        if codex:
            doc.paragraph(t("legal_answer.pdf_refusal_ends"), size=9)

    if version.employee_view:
        section("plan_answer.section_view")
        doc.paragraph(t("plan_answer.view_by_employee", when=moment(version.employee_view_at, lang)), style="I", size=8)
        doc.paragraph(version.employee_view)

    if doc.will_page_break(50):  # the signature block stays on one page
        doc.add_page()
    section("agreement.section_signatures")
    rows = []
    for signer in Signer:
        signature = version.signature(signer)
        rows.append(
            (
                t(f"signer.{signer.value}"),
                signature.name if signature else "",
                day(signature.signed_at, lang) if signature else "",
                clock_time(signature.signed_at, lang) if signature else "",
                _confirmation(signature, t, lang),
            )
        )
    doc.table_rows(
        (t("agreement.signer"), t("agreement.signer_name"), t("agreement.signed_date"), t("agreement.signed_time"), t("agreement.confirmation")),
        rows, widths=(34, 58, 26, 18, 38),
    )
    _signature_lines(doc, version, track, t)
    doc.ln(2)
    _deliveries(doc, version, t)
    return doc.to_bytes()


def _deliveries(doc: Document, version: AgreementVersion, t) -> None:
    """Each copy delivered, as recorded (reset_core.plan_proof): to whom, when, how."""
    if version.status is AgreementStatus.DRAFT:
        return
    doc.heading(t("legal_answer.deliveries_title"), size=10)
    if not version.deliveries:
        doc.paragraph(t("legal_answer.no_deliveries"), style="I", size=8)
        return
    lines = [plan_proof.delivery_words(d, t) for d in version.deliveries]
    doc.table_rows(
        (t("legal_answer.recipient"), t("legal_answer.delivered_on"), t("legal_answer.how")),
        [(w.recipient, w.delivered_on, w.how) for w in lines], widths=(80, 40, 54),
    )


# The Codex lists the plan's content under these headings (workstation, adapted work,
# other work, training); the plan's own areas fall under them.
CODEX_HEADINGS = (
    ("legal.heading_workstation", (AdjustmentArea.WORKPLACE_TOOLS,)),
    ("legal.heading_adapted_work", (AdjustmentArea.TASKS, AdjustmentArea.WORKLOAD, AdjustmentArea.HOURS_SCHEDULE)),
    ("legal.heading_other_work", (AdjustmentArea.OTHER_WORK,)),
    ("legal.heading_training", (AdjustmentArea.TRAINING,)),
    ("legal.heading_support", (AdjustmentArea.RELATIONS_SUPPORT,)),
)


def _codex_headings(doc: Document, adjustments, track: LegalTrack | None, t) -> None:
    """The adjustments under the Codex's headings, then what the return adds (growth):
    the adjustments that raise a resource or a challenge, or the recorded reason for none."""
    for key, areas in CODEX_HEADINGS:
        doc.ln(2)
        doc.section(t(key))
        doc.bullets([f"{t(f'crafting_aim.{a.aim.value}')}: {a.text}" for a in adjustments if a.area in areas] or [t("agreement.none")])
    doc.ln(2)
    doc.section(t("legal.heading_growth"))
    growth = [f"{t(f'crafting_aim.{a.aim.value}')}: {a.text}" for a in adjustments if a.aim is not CraftingAim.LOWER_HINDERING_DEMAND]
    if growth:
        doc.bullets(growth)
    elif track is not None and track.growth_reason:
        doc.paragraph(t("legal.growth_none_because", reason=track.growth_reason))
    else:
        doc.paragraph(t("agreement.none"))


def _signature_lines(doc: Document, version: AgreementVersion, track: LegalTrack | None, t) -> None:
    """The parties sign: the employee, and for the employer its authorised representative
    (the manager unless another is recorded). The facilitator may sign as a witness, not as
    a party: signing for one side would cost the neutrality the method rests on."""
    employer = (track.signatory_name if track and track.signatory_name else version.parties.manager.name)
    function = track.signatory_function if track and track.signatory_name else version.parties.manager.job_title
    employee = version.parties.employee
    doc.ln(2)
    _signature_block(doc, t("legal.sign_employee", name=", ".join(x for x in (employee.name, employee.job_title) if x)), t)
    _signature_block(doc, t("legal.sign_employer", name=", ".join(x for x in (employer, function) if x)), t)
    _signature_block(doc, t("legal.sign_witness", name=version.parties.facilitator_name), t, size=9)


def _signature_block(doc: Document, who: str, t, size: int = 10) -> None:
    """One signer's box: who signs in which role, then a place for the date and one for
    the signature, tall enough for a hand (a line of underscores is not)."""
    height = 30.0 if size >= 10 else 24.0
    if doc.will_page_break(height + 3):
        doc.add_page()
    top = doc.get_y()
    doc.set_draw_color(150)
    doc.set_line_width(0.3)
    doc.rect(doc.l_margin, top, doc.epw, height)
    doc.set_xy(doc.l_margin + 2, top + 2)
    doc.set_font("DejaVu", "B", size)
    doc.multi_cell(doc.epw - 4, size * 0.5, who, align="L", new_x="LMARGIN", new_y="NEXT")
    doc.set_font("DejaVu", "", 8)
    doc.set_text_color(90)
    label_y = top + height - 6
    date_width = 48.0
    doc.set_xy(doc.l_margin + 2, label_y)
    doc.cell(date_width, 4, t("documents.sign_date"))
    doc.set_xy(doc.l_margin + 2 + date_width + 6, label_y)
    doc.cell(60, 4, t("documents.sign_signature"))
    doc.set_text_color(0)
    doc.line(doc.l_margin + 2, label_y, doc.l_margin + 2 + date_width, label_y)
    doc.line(doc.l_margin + 2 + date_width + 6, label_y, doc.l_margin + doc.epw - 2, label_y)
    doc.set_draw_color(0)
    doc.set_line_width(0.2)
    doc.set_font("DejaVu", "", 10)
    doc.set_xy(doc.l_margin, top + height + 3)


def _route(route: AnswerRoute, paper_date: date | None, t, lang: str) -> str:
    if route is AnswerRoute.PAPER:
        return t("plan_answer.pdf_route_paper", paper=_day(paper_date, lang))
    return t(f"plan_answer.pdf_route_{route.value}") if route in (AnswerRoute.LINK, AnswerRoute.TICKED) else ""


def _confirmation(signature: Signature | None, t, lang: str) -> str:
    """Confirmed, and how: through the party's own link, on paper (its date), or ticked
    by the facilitator before the parties answered themselves."""
    if signature is None:
        return t("agreement.not_confirmed")
    how = _route(signature.route, signature.paper_date, t, lang)
    return f"{t('agreement.confirmed')} ({how})" if how else t("agreement.confirmed")


def follow_up_calendar(case_id: int, version: AgreementVersion, lang: str, now: datetime) -> bytes:
    """One all-day event per follow-up date. Names stay out: calendars are often shared."""
    t = lambda key, **p: translate(key, lang, **p)  # noqa: E731
    cal = Calendar()
    cal.add("prodid", "-//ReSet//re-integration plan//" + lang.upper())
    cal.add("version", "2.0")
    stamp = now.astimezone(UTC)
    for position, on_date in enumerate(version.content.follow_ups, 1):
        event = Event()
        event.add("uid", f"reset-case-{case_id}-plan-{version.number}-follow-up-{position}")
        event.add("dtstamp", stamp)
        event.add("dtstart", on_date)
        event.add("dtend", on_date + timedelta(days=1))
        event.add("summary", t("agreement.ics_summary", n=position, id=case_id))
        event.add("description", t("agreement.ics_description", number=version.number))
        cal.add_component(event)
    return cal.to_ical()


def _log(
    store: Store, actor: User, case_id: int, action: str, detail: str, clock: Clock, version: AgreementVersion,
) -> LegalTrack | None:
    """An audit entry for a document handed out: the case is read in `load` already. Asks
    first whether the case allows the document: a signed version stays available on a
    closed case (the legal plan), a draft or offered one does not. Gives the case's legal
    track, which decides the document's title and clauses."""
    use = Use.SIGNED_PLAN if version.status is AgreementStatus.SIGNED else Use.PLAN_DOCUMENT
    with case_transaction(store, actor, case_id, action, detail, clock, use=use) as (q, _):
        return q.legal.track_of(case_id)


def document(store: Store, actor: User, case_id: int, number: int, lang: str = "nl", clock: Clock = datetime.now) -> bytes:
    """The plan as PDF, in `lang`: built only from the plan, the case's parties and outcome,
    the goals and, when chosen, the comparison of a scan moment both parties released."""
    plan = agreement.load(store, actor, case_id, clock)
    version = plan.version(number)
    track = _log(store, actor, case_id, "agreement.pdf", f"version {number} {lang}", clock, version)
    results = scan.results(store, actor, case_id, clock=clock)  # the chosen comparison, and the goals' measures
    return plan_pdf(plan, version, results, lang, track, organisation_profile(store))


def plan_pdf(
    plan: agreement.AgreementFile, version: AgreementVersion, results: list[scan.MomentResult], lang: str = "nl",
    track: LegalTrack | None = None, organisation: Organisation | None = None,
) -> bytes:
    """One version of the plan as PDF; `results` are the case's scan results, for the
    comparison the version chose to include (when both parties released it)."""
    comparison = next(
        (r for r in results if r.moment.id == version.content.chart_moment_id and r.comparison), None
    )
    previous = plan.previous(version)
    changed = agreement.changes(previous, version, lang) if previous else []
    measures = {g.id: goal_progress(g, results) for g in version.goals} if results else None
    return build(plan.case.id, version, lang, comparison, changed, track, organisation, measures)


def calendar_file(store: Store, actor: User, case_id: int, number: int, lang: str = "nl", clock: Clock = datetime.now) -> bytes:
    """The follow-up dates of a version as an .ics file: one all-day event per date."""
    version = agreement.load(store, actor, case_id, clock).version(number)
    _log(store, actor, case_id, "agreement.calendar", f"version {number}", clock, version)
    return follow_up_calendar(case_id, version, lang, clock())


def party_document(store: Store, token: str, lang: str = "nl", clock: Clock = datetime.now) -> bytes | None:
    """The plan a party's space shows, as PDF, fetched through their link (logged). It
    leaves out the scan comparison: that shows the other party's answers, which a party's
    own copy never holds. None when no plan was handed over yet."""
    # Imported here: plan_answer reaches this module back through party_space and the export.
    from .. import plan_answer

    plan = plan_answer.party_copy(store, token, clock)
    if plan.version is None:
        return None
    changed = agreement.changes(plan.previous, plan.version, lang) if plan.previous else []
    with store.transaction() as q:  # the link was checked in party_copy
        track = q.legal.track_of(plan.case_id)
    return build(plan.case_id, plan.version, lang, None, changed, track, organisation_profile(store))
