"""The agreement: the re-integration plan written together after the joint dialogue,
handed over for signing, confirmed by employee, manager and facilitator, as PDF and
calendar file; a new version when follow-up shows something does not work."""

import hashlib
from dataclasses import replace
from datetime import date

import streamlit as st

from reset_core import agreement, dialogue, goals, legal_track, plan_answer, plan_proof, scan, services
from reset_core.allowed import Use
from reset_core.documents.plan import calendar_file, document
from reset_core.documents.team_briefing import team_briefing
from reset_core.formats import clock_time, day, moment, number
from reset_core.i18n import DOCUMENT_LANGUAGES
from reset_core.model import (
    AdjustmentArea,
    AgreementStatus,
    AgreementVersion,
    AnswerRoute,
    CraftingAim,
    PlanAdjustment,
    SchedulePeriod,
    Signer,
)
from ui import focus, forms
from ui import legal as legal_frame
from ui import legal_report as legal_report_ui
from ui import plan_proof as proof
from ui.documents import offer_download
from ui.forms import EARLIEST, LATEST
from ui.state import lang, notice, notify, or_stop, refused, t, theme_name
from ui.text import plain

PLAN = "agreement_plan"

me, db, case_id = focus.case_screen("agreement.title")
ss = st.session_state

# The notice and the heading sit in containers that are always there, so the tabs keep
# their place (and the tab the user is on) when a notice comes or goes.
notice("agreement", st.empty())

plan = or_stop(agreement.load, db, me, case_id)
case = plan.case
current = plan.current
# A closed case (or one whose basic consent is not recorded yet): the plan is read only,
# and the reason is said once, on top.
allowance = services.allowance(db, me, case_id)
editable = not refused(allowance, Use.PLAN_EDITS)
legal = legal_frame.frame(db, me, case_id, editable)
legal_report_ui.section(db, me, legal, editable, any(v.status is AgreementStatus.SIGNED for v in plan.versions))

if current is None:
    st.info(t("agreement.none_yet"))
    proposed = agreement.proposed_follow_ups(case)
    if proposed:
        st.caption(t("agreement.follow_ups_proposed", dates=", ".join(map(day, proposed))))
    else:
        st.caption(t("agreement.no_return_date"))

    def begin(request: str) -> None:
        agreement.start(db, me, case_id, request=request)
        notify("agreement", t("agreement.started"))

    if editable:
        st.button(t("agreement.start"), type="primary", key="agreement_start", on_click=forms.action("agreement_start", begin, with_request=True))
        forms.error("agreement_start")
    st.stop()


# --- reading a version ------------------------------------------------------------


def status_line(version: AgreementVersion) -> str:
    return t("agreement.version_heading", number=version.number, status=t(f"agreement_status.{version.status.value}"))


def labelled(label_key: str, value: str) -> None:
    if value:
        st.caption(t(label_key))
        st.text(value)


def goals_table(version: AgreementVersion) -> None:
    if not version.goals:
        st.caption(t("agreement.no_goals"))
        return
    # Start → now → target from the scans both released; a goal from before measures: none.
    progress = dialogue.progress(db, me, case_id, version.goals)
    st.dataframe(
        [
            {
                t("agreement.goal_theme"): theme_name(g.theme),
                t("agreement.goal_owner"): t(f"agreement.owner_{g.owner.value}"),
                t("agreement.goal_description"): g.description,
                t("agreement.goal_indicator"): g.indicator,
                t("agreement.goal_target"): t(f"moment_kind.{g.target.value}"),
                t("goals.column"): "\n".join(goals.lines(progress[g.id], lang())),
            }
            for g in version.goals
        ],
        hide_index=True, width="stretch",
    )


def parties_block(version: AgreementVersion) -> None:
    p = version.parties
    left, middle, right = st.columns(3)
    for column, label, party in ((left, "agreement.employee", p.employee), (middle, "agreement.manager", p.manager)):
        with column:
            st.caption(t(label))
            st.text(", ".join(x for x in (party.name, party.job_title, party.department) if x))
    with right:
        st.caption(t("agreement.facilitator"))
        st.text(p.facilitator_name)
    st.caption(t("agreement.section_assessment"))
    if p.assessment is None:
        st.text(t("agreement.no_assessment"))
    else:
        a = p.assessment
        st.text(" · ".join(x for x in (t(f"assessment_outcome.{a.outcome.value}"), day(a.on_date), a.modalities) if x))
    st.caption(t("agreement.assessment_note"))


def show_plan(version: AgreementVersion) -> None:
    """A version as it stands, read-only."""
    c = version.content
    parties_block(version)
    labelled("agreement.validity", t("agreement.validity_value", start=day(c.valid_from) or "-", end=day(c.valid_until) or "-"))
    st.markdown(f"**{t('agreement.section_adjustments')}**")
    if c.adjustments:
        st.dataframe(
            [
                {
                    t("agreement.adjustment_area"): t(f"adjustment_area.{x.area.value}"),
                    t("agreement.adjustment_aim"): t(f"crafting_aim.{x.aim.value}"),
                    t("agreement.adjustment_text"): x.text,
                }
                for x in c.adjustments
            ],
            hide_index=True, width="stretch",
        )
    else:
        st.caption(t("agreement.none"))
    st.markdown(f"**{t('agreement.section_schedule')}**")
    labelled("agreement.contract_hours", number(c.contract_hours, lang()))
    if c.schedule:
        st.dataframe(
            [
                {
                    t("agreement.period_start"): day(p.start),
                    t("agreement.period_end"): day(p.end),
                    t("agreement.period_days"): number(p.days_per_week, lang()),
                    t("agreement.period_hours"): number(p.hours_per_week, lang()),
                    t("agreement.period_percent"): number(p.percent, lang()),
                    t("agreement.period_tasks"): p.tasks,
                }
                for p in c.schedule
            ],
            hide_index=True, width="stretch",
        )
        st.warning(t("agreement.insurer_reminder"))
    else:
        st.caption(t("agreement.no_schedule"))
    st.markdown(f"**{t('agreement.section_support')}**")
    for key in ("buddy", "coaching", "training", "colleagues_message", "colleagues_told_by", "contact"):
        labelled(f"agreement.{key}", getattr(c, key))
    st.markdown(f"**{t('agreement.section_goals')}**")
    goals_table(version)
    st.markdown(f"**{t('agreement.section_follow_up')}**")
    st.text(", ".join(map(day, c.follow_ups)) or t("agreement.none"))


# --- editing a draft: the plan's own fields in one form; each adjustment and each period
# of the progressive start in a form of its own, so that an incomplete one is refused with
# all its messages and kept on screen, and nothing else of the plan changes with it.


def _digest(*values) -> str:
    # Widget keys follow what is stored: after a save (here or in another tab) a form shows
    # the stored values again, while what is being typed in one form survives a save of
    # another one.
    return hashlib.sha1(repr(values).encode()).hexdigest()[:10]


def details_form(version: AgreementVersion) -> None:
    c = version.content
    form = f"{PLAN}_{version.number}_{_digest(replace(c, adjustments=(), schedule=(), contract_hours=None, follow_ups=()))}"
    k = lambda name: f"{form}_{name}"  # noqa: E731
    moments = [r for r in scan.results(db, me, case_id) if r.comparison]
    moment_labels = {r.moment.id: t(f"moment_kind.{r.moment.kind.value}") + f" ({day(r.moment.planned_on)})" for r in moments}

    def save() -> None:
        details = replace(
            c,
            buddy=ss[k("buddy")], coaching=ss[k("coaching")], training=ss[k("training")],
            colleagues_message=ss[k("colleagues_message")], colleagues_told_by=ss[k("colleagues_told_by")],
            contact=ss[k("contact")], valid_from=ss[k("valid_from")], valid_until=ss[k("valid_until")],
            chart_moment_id=ss[k("chart_moment")],
        )
        agreement.save_details(db, me, case_id, version.number, details, version.revision)
        notify("agreement", t("agreement.saved"))

    with st.form(form):
        st.subheader(t("agreement.validity"))
        left, right = st.columns(2)
        left.date_input(t("agreement.valid_from"), value=c.valid_from, min_value=EARLIEST, max_value=LATEST, key=k("valid_from"), format="DD/MM/YYYY")
        with left:
            forms.error(form, "valid_from")
        right.date_input(t("agreement.valid_until"), value=c.valid_until, min_value=EARLIEST, max_value=LATEST, key=k("valid_until"), format="DD/MM/YYYY")
        with right:
            forms.error(form, "valid_until")
        forms.error(form, "schedule")  # a validity that leaves out a period of the schedule

        st.subheader(t("agreement.section_support"))
        left, right = st.columns(2)
        left.text_input(t("agreement.buddy"), value=c.buddy, max_chars=agreement.MAX_SHORT_TEXT, key=k("buddy"))
        right.text_area(t("agreement.coaching"), value=c.coaching, max_chars=agreement.MAX_TEXT, key=k("coaching"))
        left.text_area(t("agreement.training"), value=c.training, max_chars=agreement.MAX_TEXT, key=k("training"))
        right.text_area(t("agreement.contact"), value=c.contact, max_chars=agreement.MAX_TEXT, key=k("contact"), help=t("agreement.contact_help"))
        left.text_area(t("agreement.colleagues_message"), value=c.colleagues_message, max_chars=agreement.MAX_TEXT, key=k("colleagues_message"))
        right.text_input(t("agreement.colleagues_told_by"), value=c.colleagues_told_by, max_chars=agreement.MAX_SHORT_TEXT, key=k("colleagues_told_by"))

        st.subheader(t("agreement.section_goals"))
        st.caption(t("agreement.goals_help"))
        goals_table(version)

        st.subheader(t("agreement.section_scan"))
        options = [None, *moment_labels]
        chosen = c.chart_moment_id if c.chart_moment_id in moment_labels else None
        st.selectbox(
            t("agreement.chart_moment"), options, index=options.index(chosen), key=k("chart_moment"),
            format_func=lambda m: t("agreement.no_chart") if m is None else moment_labels[m],
        )
        forms.error(form, "chart_moment_id")
        st.form_submit_button(t("agreement.save"), type="primary", on_click=forms.action(form, save))
    forms.error(form, "form")
    forms.error(form)


def _item_buttons(form: str, save, remove, save_label: str) -> None:
    if remove is None:
        st.form_submit_button(save_label, type="primary", on_click=forms.action(form, save))
        return
    left, right = st.columns(2)
    left.form_submit_button(save_label, type="primary", on_click=forms.action(form, save))
    right.form_submit_button(t("agreement.item_remove"), on_click=forms.action(form, remove))


def adjustment_form(version: AgreementVersion, position: int | None, item: PlanAdjustment | None) -> None:
    """One adjustment: its fields, each with its own message, and save (or add) and remove."""
    form = f"agreement_adjustment_{version.number}_" + ("new" if item is None else f"{position}_{_digest(item)}")
    k = lambda name: f"{form}_{name}"  # noqa: E731
    areas, aims = list(AdjustmentArea), list(CraftingAim)

    def save() -> None:
        agreement.save_adjustment(db, me, case_id, version.number, position, ss[k("area")], ss[k("aim")], ss[k("text")], version.revision)
        if item is None:
            ss[k("area")], ss[k("aim")], ss[k("text")] = None, None, ""
        notify("agreement", t("agreement.adjustment_added" if item is None else "agreement.adjustment_changed"))

    def remove() -> None:
        agreement.remove_adjustment(db, me, case_id, version.number, position, version.revision)
        notify("agreement", t("agreement.adjustment_removed"))

    with st.form(form):
        left, right = st.columns(2)
        with left:
            st.selectbox(
                t("agreement.adjustment_area"), areas, index=areas.index(item.area) if item else None, key=k("area"),
                placeholder=t("agreement.choose"), format_func=lambda v: t(f"adjustment_area.{v.value}"),
            )
            forms.error(form, "area")
        with right:
            st.selectbox(
                t("agreement.adjustment_aim"), aims, index=aims.index(item.aim) if item else None, key=k("aim"),
                placeholder=t("agreement.choose"), format_func=lambda v: t(f"crafting_aim.{v.value}"),
            )
            forms.error(form, "aim")
        st.text_area(t("agreement.adjustment_text"), value=item.text if item else "", max_chars=agreement.MAX_TEXT, key=k("text"))
        forms.error(form, "text")
        forms.error(form, "adjustments")
        _item_buttons(form, save, None if item is None else remove, t("agreement.adjustment_add" if item is None else "agreement.item_save"))
    forms.error(form, "form")
    forms.error(form)


def period_form(version: AgreementVersion, position: int | None, item: SchedulePeriod | None) -> None:
    """One period of the progressive start, like `adjustment_form`."""
    form = f"agreement_period_{version.number}_" + ("new" if item is None else f"{position}_{_digest(item)}")
    k = lambda name: f"{form}_{name}"  # noqa: E731
    names = ("start", "end", "days", "hours", "percent", "tasks")

    def save() -> None:
        typed = SchedulePeriod(ss[k("start")], ss[k("end")], ss[k("hours")], ss[k("percent")], ss[k("days")], ss[k("tasks")])
        agreement.save_period(db, me, case_id, version.number, position, typed, version.revision)
        if item is None:
            for name in names:
                ss[k(name)] = "" if name == "tasks" else None
        notify("agreement", t("agreement.period_added" if item is None else "agreement.period_changed"))

    def remove() -> None:
        agreement.remove_period(db, me, case_id, version.number, position, version.revision)
        notify("agreement", t("agreement.period_removed"))

    with st.form(form):
        left, right = st.columns(2)
        with left:
            st.date_input(t("agreement.period_start"), value=item.start if item else None, min_value=EARLIEST, max_value=LATEST, key=k("start"), format="DD/MM/YYYY")
            forms.error(form, "start")
        with right:
            st.date_input(t("agreement.period_end"), value=item.end if item else None, min_value=EARLIEST, max_value=LATEST, key=k("end"), format="DD/MM/YYYY")
            forms.error(form, "end")
        left, middle, right = st.columns(3)
        with left:
            st.number_input(t("agreement.period_days"), min_value=0.0, max_value=7.0, step=0.5, value=item.days_per_week if item else None, key=k("days"))
            forms.error(form, "days")
        with middle:
            st.number_input(
                t("agreement.period_hours"), min_value=0.0, max_value=agreement.MAX_CONTRACT_HOURS, step=0.5,
                value=item.hours_per_week if item else None, key=k("hours"), help=t("agreement.period_hours_help"),
            )
            forms.error(form, "hours")
        with right:
            st.number_input(
                t("agreement.period_percent"), min_value=0.0, max_value=100.0, step=5.0,
                value=item.percent if item else None, key=k("percent"), help=t("agreement.period_hours_help"),
            )
            forms.error(form, "percent")
        st.text_area(t("agreement.period_tasks"), value=item.tasks if item else "", max_chars=agreement.MAX_TEXT, key=k("tasks"))
        forms.error(form, "tasks")
        forms.error(form, "schedule")
        _item_buttons(form, save, None if item is None else remove, t("agreement.period_add" if item is None else "agreement.item_save"))
    forms.error(form, "form")
    forms.error(form)


def contract_form(version: AgreementVersion) -> None:
    c = version.content
    form = f"agreement_contract_{version.number}_{_digest(c.contract_hours)}"

    def save() -> None:
        agreement.set_contract_hours(db, me, case_id, version.number, ss[f"{form}_hours"], version.revision)
        notify("agreement", t("agreement.contract_saved"))

    with st.form(form):
        st.number_input(
            t("agreement.contract_hours"), min_value=0.0, max_value=agreement.MAX_CONTRACT_HOURS, value=c.contract_hours,
            step=0.5, key=f"{form}_hours", help=t("agreement.contract_hours_help"),
        )
        forms.error(form, "contract_hours")
        forms.error(form, "schedule")
        st.form_submit_button(t("agreement.contract_save"), on_click=forms.action(form, save))
    forms.error(form, "form")
    forms.error(form)


def follow_ups_section(version: AgreementVersion) -> None:
    """The follow-up dates: each with its own remove button, and one date to add."""
    st.subheader(t("agreement.section_follow_up"))
    proposed = agreement.proposed_follow_ups(case)
    st.caption(t("agreement.follow_ups_proposed", dates=", ".join(map(day, proposed))) if proposed else t("agreement.no_return_date"))
    REMOVE = f"agreement_follow_up_remove_{version.number}"
    for on_date in version.content.follow_ups:
        def remove(on_date=on_date) -> None:
            agreement.remove_follow_up(db, me, case_id, version.number, on_date, version.revision)
            notify("agreement", t("agreement.follow_up_removed"))

        left, right = st.columns([3, 2], vertical_alignment="center")
        left.text(day(on_date))
        right.button(
            t("agreement.follow_up_remove", date=day(on_date)), key=f"{REMOVE}_{on_date.isoformat()}",
            on_click=forms.action(REMOVE, remove),
        )
    if not version.content.follow_ups:
        st.caption(t("agreement.none"))
    forms.error(REMOVE, "form")
    forms.error(REMOVE)

    ADD = f"agreement_follow_up_{version.number}"

    def add() -> None:
        agreement.add_follow_up(db, me, case_id, version.number, ss[f"{ADD}_date"], version.revision)
        ss[f"{ADD}_date"] = None
        notify("agreement", t("agreement.follow_up_added"))

    with st.form(ADD):
        st.date_input(t("agreement.follow_up_date"), value=None, min_value=EARLIEST, max_value=LATEST, key=f"{ADD}_date", format="DD/MM/YYYY")
        forms.error(ADD, "on_date")
        st.form_submit_button(t("agreement.follow_up_add"), on_click=forms.action(ADD, add))
    forms.error(ADD, "form")
    forms.error(ADD)



def item_forms(version, items, label_key: str, describe, form, none_key: str, new_key: str) -> None:
    """The plan's adjustments or periods: each in an expander with its own form, then a form for a new one."""
    for position, item in enumerate(items):
        with st.expander(plain(t(label_key, row=position + 1, text=describe(item, lang())))):
            form(version, position, item)
    if not items:
        st.caption(t(none_key))
    st.markdown(f"**{t(new_key)}**")
    form(version, None, None)

def plan_form(version: AgreementVersion) -> None:
    c = version.content
    parties_block(version)
    details_form(version)

    st.subheader(t("agreement.section_adjustments"))
    st.caption(t("agreement.adjustments_help"))
    item_forms(version, c.adjustments, "agreement.adjustment_label", agreement.describe_adjustment, adjustment_form,
               "agreement.adjustments_none", "agreement.adjustment_new")

    st.subheader(t("agreement.section_schedule"))
    contract_form(version)
    st.caption(t("agreement.schedule_help"))
    item_forms(version, c.schedule, "agreement.period_label", agreement.describe_period, period_form,
               "agreement.no_schedule", "agreement.period_new")
    st.warning(t("agreement.insurer_reminder"))

    follow_ups_section(version)


# --- signing ----------------------------------------------------------------------


def signatures_table(version: AgreementVersion) -> None:
    rows = []
    for signer in Signer:
        s = version.signature(signer)
        rows.append(
            {
                t("agreement.signer"): t(f"signer.{signer.value}"),
                t("agreement.signer_name"): s.name if s else "",
                t("agreement.signed_date"): day(s.signed_at) if s else "",
                t("agreement.signed_time"): clock_time(s.signed_at) if s else "",
                t("agreement.confirmation"): t("agreement.confirmed") if s else t("agreement.not_confirmed"),
            }
        )
    st.dataframe(rows, hide_index=True, width="stretch")  # st.table would render names as Markdown


def answer_state(version: AgreementVersion) -> None:
    # Whatever the window (none outside the Codex plan, none before the receipt), an
    # answer given is shown with its reasons.
    state = agreement.decision(version)
    if state == agreement.Decision.AGREED:
        st.success(t("agreement.employee_agreed", when=moment(version.signature(Signer.EMPLOYEE).signed_at)))
    elif state == agreement.Decision.REFUSED:
        st.error(t("agreement.refused_on", when=moment(version.refused_at)))
        st.caption(t("agreement.refusal_reasons"))
        st.text(version.refusal_reasons)
    # A pending answer: ui.plan_proof says where it stands (receipt, window, reminder, silence).


FRESH_CODES = "agreement_fresh_codes"
PARTIES = (Signer.EMPLOYEE, Signer.MANAGER)


def fresh_codes() -> None:
    """The hand-over codes just made: shown once (only their hash is stored)."""
    made = focus.kept(FRESH_CODES, case_id, pop=True)
    if not made:
        return
    with st.container(border=True):
        st.markdown(f"**{t('plan_answer.codes_title')}**")
        st.warning(t("plan_answer.codes_shown_once"))
        for signer in PARTIES:
            if signer.value in made:
                st.code(t("plan_answer.code_for", who=t(f"signer.{signer.value}"), code=made[signer.value]), language=None)


def answered_line(version: AgreementVersion, signer: Signer) -> str | None:
    """How this party's answer reached the file, if it did."""
    s = version.signature(signer)
    if s is not None:
        if s.route is AnswerRoute.LINK:
            return t("plan_answer.via_link", name=s.name, when=moment(s.signed_at))
        if s.route is AnswerRoute.PAPER:
            return t("plan_answer.via_paper", paper=day(s.paper_date), by=s.recorded_by, when=moment(s.signed_at))
        if s.route is AnswerRoute.TICKED:
            return t("plan_answer.via_ticked", when=moment(s.signed_at))
        return t("agreement.confirmed_by", name=s.name, when=moment(s.signed_at))
    r = version.refusal
    if signer is Signer.EMPLOYEE and version.refused_at:
        if r is not None and r.route is AnswerRoute.LINK:
            return t("plan_answer.refused_via_link", name=r.name, when=moment(version.refused_at))
        if r is not None and r.route is AnswerRoute.PAPER:
            return t("plan_answer.refused_via_paper", paper=day(r.paper_date), by=r.recorded_by)
        if r is not None and r.route is AnswerRoute.SILENCE:
            return t("legal_answer.refused_by_silence", by=r.recorded_by, when=moment(version.refused_at))
        return t("agreement_status.refused")
    return None


def code_state(version: AgreementVersion, signer: Signer, states: dict) -> None:
    state = states.get(signer)
    if state is None:
        st.caption(t("plan_answer.code_none"))
    else:
        st.caption(t("plan_answer.code_made", when=moment(state.made_at), by=state.made_by))
        if state.used_at:
            st.caption(t("plan_answer.code_used_state", when=moment(state.used_at)))
        elif state.locked:
            st.warning(t("plan_answer.code_locked_state"))
        elif state.wrong_tries:
            st.caption(t("plan_answer.code_tries", tries=state.wrong_tries))
    form = f"agreement_new_code_{signer.value}"

    def make(request: str, signer=signer) -> None:
        box = focus.keep(FRESH_CODES, case_id, request)  # before the write (ui/forms.py)
        code = plan_answer.new_code(db, me, case_id, version.number, signer, request=request)
        if code:
            box[signer.value] = code

    st.button(
        t("plan_answer.new_code", who=t(f"signer.{signer.value}")), key=f"{form}_button",
        on_click=forms.action(form, make, with_request=True),
    )
    forms.error(form, "form")
    forms.error(form)


def paper_form(version: AgreementVersion, signer: Signer) -> None:
    """The party signed on paper: the facilitator records it, with the paper's date."""
    form = f"agreement_sign_{signer.value}"
    names = {Signer.EMPLOYEE: version.parties.employee.name, Signer.MANAGER: version.parties.manager.name}

    def record(signer=signer, form=form) -> None:
        agreement.sign(
            db, me, case_id, version.number, signer, ss[f"{form}_name"], confirmed=ss[f"{form}_tick"],
            paper_date=ss[f"{form}_paper_date"],
        )
        notify("agreement", t("plan_answer.paper_recorded", who=t(f"signer.{signer.value}")))

    with st.expander(t("plan_answer.paper_title")):
        st.caption(t("plan_answer.paper_explain"))
        with st.form(form):
            st.text_input(t("agreement.signer_name"), value=names[signer], max_chars=agreement.MAX_NAME, key=f"{form}_name")
            forms.error(form, f"sign_{signer.value}")
            st.date_input(
                t("plan_answer.paper_date"), value=None, min_value=EARLIEST, max_value=LATEST, key=f"{form}_paper_date",
                format="DD/MM/YYYY",
            )
            forms.error(form, f"sign_{signer.value}_paper_date")
            st.checkbox(t(f"plan_answer.paper_tick_{signer.value}"), key=f"{form}_tick")
            forms.error(form, f"sign_{signer.value}_tick")
            st.form_submit_button(t("plan_answer.paper_record"), on_click=forms.action(form, record))
        forms.error(form)


def own_confirmation(version: AgreementVersion) -> None:
    form = "agreement_sign_facilitator"

    def confirm() -> None:
        agreement.sign(db, me, case_id, version.number, Signer.FACILITATOR, ss[f"{form}_name"], confirmed=ss[f"{form}_tick"])
        notify("agreement", t("agreement.confirmation_recorded", who=t("signer.facilitator")))

    with st.form(form):
        st.text_input(t("agreement.signer_name"), value=me.name, max_chars=agreement.MAX_NAME, key=f"{form}_name")
        forms.error(form, "sign_facilitator")
        st.checkbox(t("agreement.tick_facilitator"), key=f"{form}_tick")
        forms.error(form, "sign_facilitator_tick")
        st.form_submit_button(t("agreement.confirm"), on_click=forms.action(form, confirm))
    forms.error(form)


def party_answers(version: AgreementVersion, offered: bool) -> None:
    """Per party: how they answered (their link, a paper signature) or their code and the
    paper route; the facilitator's own confirmation."""
    states = plan_answer.code_states(db, me, case_id, version.number)
    columns = st.columns(3)
    for column, signer in zip(columns, Signer):
        with column:
            st.markdown(f"**{t(f'signer.{signer.value}')}**")
            done = answered_line(version, signer)
            if done:
                st.text(done)
            if signer is Signer.EMPLOYEE:
                if version.employee_view:
                    st.caption(t("plan_answer.view_present", when=moment(version.employee_view_at)))
                    st.text(version.employee_view)
                elif version.status is not AgreementStatus.DRAFT:
                    st.caption(t("plan_answer.view_absent"))
            if signer is Signer.FACILITATOR and not done and (offered or version.status is AgreementStatus.SIGNED):
                st.caption(t("legal_answer.witness_explain"))
                own_confirmation(version)  # a witness, also once the parties signed
                continue
            if done or not offered:
                continue
            code_state(version, signer, states)
            paper_form(version, signer)


def signing(version: AgreementVersion) -> None:
    if not editable:
        answer_state(version)
        proof.answer_proof(db, me, case_id, version, editable)
        signatures_table(version)
        proof.deliveries(db, me, case_id, version, editable)
        return
    if version.status is AgreementStatus.DRAFT:
        st.write(t("agreement.offer_explain"))
        OFFER = "agreement_offer"

        def hand_over(request: str) -> None:
            box = focus.keep(FRESH_CODES, case_id, request)  # before the write (ui/forms.py)
            _, codes = plan_answer.offer(
                db, me, case_id, version.number, ss.agreement_offered_on, version.revision,
                received_on=ss.agreement_received_on,
            )
            box.update({signer.value: code for signer, code in codes.items()})
            notify("agreement", t("agreement.offered"))

        st.date_input(t("agreement.offered_on"), value=date.today(), min_value=EARLIEST, max_value=LATEST, key="agreement_offered_on", format="DD/MM/YYYY")
        forms.error(OFFER, "offered_on")
        st.date_input(
            t("legal_answer.received_on"), value=date.today(), min_value=EARLIEST, max_value=LATEST,
            key="agreement_received_on", format="DD/MM/YYYY", help=t("legal_answer.received_on_help"),
        )
        forms.error(OFFER, "received_on")
        st.button(t("agreement.offer"), type="primary", key="agreement_offer_button", on_click=forms.action(OFFER, hand_over, with_request=True))
        for field in ("adjustments", "contract_hours", "valid_from", "valid_until", "follow_ups", "schedule", "form"):
            forms.error(OFFER, field)
        forms.error(OFFER)
        return

    fresh_codes()
    answer_state(version)
    proof.answer_proof(db, me, case_id, version, editable)
    signatures_table(version)
    proof.deliveries(db, me, case_id, version, editable)
    offered = version.status is AgreementStatus.OFFERED
    if offered:
        st.caption(t("agreement.sign_explain"))
        st.caption(t("plan_answer.routes_explain"))
    party_answers(version, offered)
    if not offered:
        st.caption(t("agreement.locked_note"))
        return

    if agreement.decision(version) == agreement.Decision.PENDING:
        REFUSE = "agreement_refuse"

        def record_refusal() -> None:
            agreement.refuse(db, me, case_id, version.number, ss.agreement_refusal_reasons, ss.agreement_refusal_paper_date)
            notify("agreement", t("agreement.refusal_recorded"))

        with st.expander(t("agreement.refuse_title")):
            st.caption(t("agreement.refuse_explain"))
            st.caption(t("plan_answer.paper_refuse_explain"))
            with st.form(REFUSE):
                st.text_area(t("agreement.refusal_reasons"), max_chars=agreement.MAX_TEXT, key="agreement_refusal_reasons")
                forms.error(REFUSE, "refusal_reasons")
                st.date_input(
                    t("plan_answer.paper_refusal_date"), value=None, min_value=EARLIEST, max_value=LATEST,
                    key="agreement_refusal_paper_date", format="DD/MM/YYYY",
                )
                forms.error(REFUSE, "refusal_paper_date")
                st.form_submit_button(t("agreement.refuse"), on_click=forms.action(REFUSE, record_refusal))
            forms.error(REFUSE)

    if agreement.can_reopen(version):
        def back_to_draft() -> None:
            agreement.reopen(db, me, case_id, version.number)
            notify("agreement", t("agreement.reopened"))

        st.button(t("agreement.reopen"), key="agreement_reopen", on_click=forms.action("agreement_reopen", back_to_draft))
        forms.error("agreement_reopen")


# --- the page ---------------------------------------------------------------------

with st.container():
    st.subheader(status_line(current))
    if current.reason:
        st.caption(t("agreement.reason"))
        st.text(current.reason)

tab_plan, tab_sign, tab_documents, tab_versions = st.tabs(
    [t("agreement.tab_plan"), t("agreement.tab_sign"), t("agreement.tab_documents"), t("agreement.tab_versions")],
    key="agreement_tabs",
)

with tab_plan:
    if current.status is AgreementStatus.DRAFT and editable:
        plan_form(current)
    else:
        st.caption(t("agreement.locked_note"))
        show_plan(current)

with tab_sign:
    signing(current)

with tab_documents:
    numbers = [v.number for v in reversed(plan.versions)]
    chosen = st.selectbox(
        t("agreement.document_version"), numbers, key="agreement_doc_version",
        format_func=lambda n: status_line(plan.version(n)),
    )
    # A Codex plan opens in the language its legal copy must be in (German in the German-speaking area).
    region = legal.track.region if legal.track and legal.kind.value == "codex_plan" else None
    legal_copy = legal_track.legal_language(region, lang())
    doc_lang = st.selectbox(
        t("agreement.document_language"), DOCUMENT_LANGUAGES, index=DOCUMENT_LANGUAGES.index(legal_copy or lang()),
        key="agreement_doc_lang", format_func=lambda code: t(f"app.language_{code}"), help=t("german.document_language_help"),
    )
    picked = plan.version(chosen)
    if picked.status is AgreementStatus.DRAFT:
        st.caption(t("agreement.draft_document_note"))
    wanted = (case_id, picked.number, picked.revision, doc_lang)
    # A closed case gives its signed plan only: for another version, the reason instead of the buttons.
    documents = not refused(allowance, Use.SIGNED_PLAN if picked.status is AgreementStatus.SIGNED else Use.PLAN_DOCUMENT)
    if documents and st.button(t("agreement.make_pdf"), key="agreement_make_pdf"):
        with st.spinner(t("agreement.pdf_busy")):
            ss["agreement_pdf"] = (wanted, document(db, me, case_id, picked.number, doc_lang))
    made = ss.get("agreement_pdf")
    if documents and made and made[0] == wanted:
        offer_download(
            t("agreement.download_pdf"), made[1], file_name=t("agreement.pdf_file", id=case_id, number=picked.number),
            mime="application/pdf", key="agreement_download_pdf", case_id=case_id,
        )
    if documents and picked.content.follow_ups:
        offer_download(
            t("agreement.download_ics"),
            lambda: calendar_file(db, me, case_id, picked.number, doc_lang),
            file_name=t("agreement.ics_file", id=case_id, number=picked.number),
            mime="text/calendar", key="agreement_download_ics", case_id=case_id,
        )
    elif documents:
        st.caption(t("agreement.no_follow_ups"))
    # The team briefing: what the newest confirmed version lets colleagues hear (reset_core.documents.team_briefing).
    st.divider()
    if not any(v.status is AgreementStatus.SIGNED for v in plan.versions):
        st.caption(t("team_briefing.no_signed_plan"))
    elif not refused(allowance, Use.SIGNED_PLAN):
        offer_download(
            t("team_briefing.download"), lambda: team_briefing(db, me, case_id, doc_lang),
            file_name=t("team_briefing.file", id=case_id), mime="application/pdf", key="agreement_team_briefing",
            case_id=case_id, help=t("team_briefing.help"), icon=":material/groups:",
        )

with tab_versions:
    if current.status is not AgreementStatus.DRAFT and editable:
        NEW = "agreement_new_version"

        def make_version(request: str) -> None:
            made = agreement.new_version(db, me, case_id, ss.agreement_new_reason, request=request)
            notify("agreement", t("agreement.version_made", number=made.number))

        st.subheader(t("agreement.new_version"))
        if plan_proof.ends_trajectory(current):  # a refused Codex plan: a new version is not the answer
            st.warning(t("legal_answer.follows_no_new_version"))
        st.caption(t("agreement.new_version_explain"))
        with st.form(NEW):
            st.text_area(t("agreement.reason"), max_chars=agreement.MAX_TEXT, key="agreement_new_reason")
            st.form_submit_button(t("agreement.make_version"), type="primary", on_click=forms.action(NEW, make_version, with_request=True))
        forms.error(NEW, "reason")
        forms.error(NEW)
    st.subheader(t("agreement.history"))
    for version in reversed(plan.versions):
        with st.expander(status_line(version), expanded=version is current):
            st.caption(t("agreement.made_on", when=day(version.created_at), by=plain(version.created_by)))
            if version.reason:
                st.caption(t("agreement.reason"))
                st.text(version.reason)
            previous = plan.previous(version)
            if previous is not None:
                st.caption(t("agreement.changes_since", number=previous.number))
                changed = agreement.changes(previous, version, lang())
                st.text("\n".join(f"• {line}" for line in changed) or t("agreement.no_changes"))
            if version is not current:
                answer_state(version)
                signatures_table(version)
                show_plan(version)
