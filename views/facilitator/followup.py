"""Follow-up after the return: the case's timeline, the schedule, follow-up
conversations with goal reviews, early signs and how things moved."""

from datetime import date

import streamlit as st

from reset_core import agreement, checkins, dialogue, followup, moments, scan, services
from reset_core.allowed import Use
from reset_core.documents import scan_report
from reset_core.formats import day, number
from reset_core.goals import lines
from reset_core.goals import progress as goal_progress
from reset_core.instrument import CONTINUUM_LEVEL_IDS
from reset_core.model import (
    AgreementStatus,
    Decision,
    GoalReview,
    GoalStatus,
    Participants,
    Respondent,
    ScheduledMoment,
)
from ui import focus, forms, scan_charts
from ui.checkins import questions as checkin_questions
from ui.followup import moment_label, signal_text
from ui.state import lang, notice, notify, refused, t, theme_name
from ui.text import plain

me, db, case_id = focus.case_screen("followup.title")
ss = st.session_state
case = services.get_case(db, me, case_id)
allowance = services.allowance(db, me, case_id)
if refused(allowance, Use.FOLLOW_UP):  # the basic consent withdrawn: why, and nothing of the case
    st.stop()
results = scan.results(db, me, case_id)
history = followup.followups(db, me, case_id)
goals = dialogue.goals(db, me, case_id)
# Where each goal stands: start → now → target, from the scans both parties released.
measure = {goal.id: lines(goal_progress(goal, results), lang()) for goal in goals}
planned = followup.schedule(db, me, case_id)


# --- timeline ----------------------------------------------------------------------
st.header(t("followup.timeline"))
events = [(case.sick_leave_start, t("followup.ev_sick_leave")), (case.intake_date, t("followup.ev_intake")), (case.actual_return, t("followup.ev_return"))]
events += [(r.moment.planned_on, t("followup.ev_scan", kind=t(f"moment_kind.{r.moment.kind.value}"))) for r in results if r.side_by_side]
events += [(f.held_on, t("followup.ev_followup", kind=moment_label(f.kind))) for f in history]
events += [(at.date(), t("followup.ev_phase", phase=t(f"phase.{phase.value}"))) for phase, at in services.phase_changes(db, me, case_id)]
events = sorted((day, what) for day, what in events if day)
st.table({t("followup.timeline_date"): [day(on) for on, _ in events], t("followup.timeline_event"): [what for _, what in events]})

if not case.actual_return:
    st.info(t("followup.not_returned"))
    st.stop()

# --- early signs ---------------------------------------------------------------------
st.header(t("followup.signals"))
st.caption(t("followup.signals_explain"))
signals = followup.case_signals(db, me, case_id)
if not signals:
    st.success(t("followup.no_signals"))
for signal in signals:
    with st.container(border=True):
        st.warning(plain(signal_text(signal)), icon=":material/flag:")
        if signal.note:
            st.caption(plain(t("followup.signal_noted", note=signal.note)))
        form = f"followup_signal_{signal.key}"
        with st.form(form, clear_on_submit=True):
            st.text_input(t("followup.signal_note"), key=f"{form}_note", max_chars=followup.MAX_TEXT)
            st.form_submit_button(
                t("followup.signal_save"),
                on_click=forms.action(form, lambda key=signal.key, form=form: followup.note_signal(db, me, case_id, key, ss[f"{form}_note"])),
            )
        forms.error(form, f"signal_{signal.key}")

# --- schedule ------------------------------------------------------------------------
st.header(t("followup.schedule"))
st.caption(t("followup.schedule_explain"))
editable = not refused(allowance, Use.FOLLOW_UP_EDITS)  # a closed case: the reason, no form
held = {f.kind for f in history}
SCHEDULE = "followup_schedule"
if editable:
    with st.form(SCHEDULE):
        for moment, state in followup.schedule_overview(date.today(), planned, held):
            left, right = st.columns([3, 1])
            left.date_input(moment_label(moment.kind), value=moment.due_on, key=f"followup_due_{moment.kind}", format="DD/MM/YYYY")
            right.caption(t(f"followup.state_{state}"))
            forms.error(SCHEDULE, f"due_{moment.kind}")
        st.checkbox(t("followup.add_extra"), key="followup_add_extra")

        def save_schedule() -> None:
            edited = [ScheduledMoment(m.kind, ss[f"followup_due_{m.kind}"]) for m in planned]
            if ss.followup_add_extra:
                edited.append(ScheduledMoment(moments.next_extra_kind(planned), date.today()))
            followup.save_schedule(db, me, case_id, edited)
            notify("followup", t("followup.saved"))

        st.form_submit_button(t("followup.save_schedule"), on_click=forms.action(SCHEDULE, save_schedule))
    forms.error(SCHEDULE, "schedule")
    forms.error(SCHEDULE)
else:
    st.dataframe(
        [
            {t("followup.moment"): moment_label(m.kind), t("followup.timeline_date"): day(m.due_on), "": t(f"followup.state_{state}")}
            for m, state in followup.schedule_overview(date.today(), planned, held)
        ],
        hide_index=True, width="stretch",
    )

# --- check-ins of the first weeks back (reset_core.checkins) --------------------------------
st.header(t("checkins.title"))
st.caption(t("checkins.intro"))
st.caption(t("checkins.privacy"))
rhythm = checkins.rhythm(db, me, case_id)
RHYTHM = "followup_checkin_rhythm"
if editable:
    with st.form(RHYTHM):
        st.toggle(t("checkins.enabled"), value=rhythm.enabled, key=f"{RHYTHM}_on")
        st.number_input(
            t("checkins.weekly_weeks"), min_value=checkins.WEEKLY_MIN, max_value=checkins.WEEKLY_MAX, step=1,
            value=rhythm.weekly_weeks, key=f"{RHYTHM}_weeks", help=t("checkins.weekly_weeks_help"),
        )
        forms.error(RHYTHM, "weekly_weeks")

        def save_rhythm() -> None:
            checkins.save_rhythm(db, me, case_id, ss[f"{RHYTHM}_on"], ss[f"{RHYTHM}_weeks"])
            notify("followup", t("checkins.rhythm_saved"))

        st.form_submit_button(t("checkins.save_rhythm"), on_click=forms.action(RHYTHM, save_rhythm))
    forms.error(RHYTHM)


def answer_line(answer) -> str:
    """One party's answer in a short line: the week's rating, the hours against the agreed step."""
    if answer is None:
        return ""
    parts = [t("checkins.rating_short", rating=answer.week_rating)]
    if answer.hours_worked is not None:
        agreed = followup.agreed_hours(signed[-1].content.schedule, answer.due_on) if signed else None
        worked = t("followup.hours_line", hours=number(answer.hours_worked, lang()))
        parts.append(worked + (f" ({t('checkins.hours_agreed', hours=number(agreed, lang()))})" if agreed is not None else ""))
    return ", ".join(parts) + ("" if answer.by_party else f" {t('checkins.by_facilitator')}")


planned_checkins = checkins.case_checkins(db, me, case_id)
# The plan is read only when an answer gave hours to set against its agreed step.
signed = [
    v for v in agreement.load(db, me, case_id).versions if v.status is AgreementStatus.SIGNED
] if any(a and a.hours_worked is not None for c in planned_checkins for a in (c.employee, c.manager)) else []
if not rhythm.enabled:
    st.info(t("checkins.switched_off"))
elif not planned_checkins:
    st.caption(t("checkins.none_planned"))
else:
    st.dataframe(
        [
            {
                t("checkins.day"): day(c.due_on), t("checkins.state"): t(f"checkins.state_{c.state}"),
                t("checkins.employee"): answer_line(c.employee), t("checkins.manager"): answer_line(c.manager),
            }
            for c in planned_checkins
        ],
        hide_index=True, width="stretch",
    )
    for c in reversed(planned_checkins):
        for party, answer in (("employee", c.employee), ("manager", c.manager)):
            said = [(t(f"checkins.{field}"), getattr(answer, field)) for field in ("helped", "hindered", "to_discuss") if answer and getattr(answer, field)]
            if said:
                with st.expander(t("checkins.answer_detail", party=t(f"checkins.{party}"), date=day(c.due_on))):
                    for label, text in said:
                        st.caption(label)
                        st.text(text)

CHECKIN = "followup_checkin"
due_days = [c.due_on for c in planned_checkins if c.due_on <= date.today()]


def record_checkin(request: str) -> None:
    checkins.record(
        db, me, case_id, ss[f"{CHECKIN}_day"], ss[f"{CHECKIN}_party"], ss[f"{CHECKIN}_rating"], ss[f"{CHECKIN}_hours"],
        ss[f"{CHECKIN}_helped"], ss[f"{CHECKIN}_hindered"], ss[f"{CHECKIN}_to_discuss"], request=request,
    )
    notify("followup", t("checkins.recorded"))


if editable and rhythm.enabled and planned_checkins:
    st.subheader(t("checkins.record_title"))
    if not due_days:
        st.caption(t("checkins.nothing_to_record"))
    else:
        st.caption(t("checkins.record_intro"))
        with forms.draft_form(CHECKIN):
            st.selectbox(t("checkins.record_day"), list(reversed(due_days)), key=f"{CHECKIN}_day", format_func=day)
            forms.error(CHECKIN, "due_on")
            st.radio(
                t("checkins.record_party"), list(Respondent), key=f"{CHECKIN}_party", horizontal=True,
                format_func=lambda r: t(f"checkins.{r.value}"),
            )
            checkin_questions(CHECKIN, horizontal=True)
            forms.submit(CHECKIN, t("checkins.record"), forms.action(CHECKIN, record_checkin, with_request=True))
        forms.error(CHECKIN, "form")
        forms.error(CHECKIN)

notice("followup")
# Kept (not popped) so that the button below still exists on the rerun its click causes.
adjusted = ss.get("followup_adjusted")
if adjusted and adjusted[0] == case_id:
    st.success(t("followup.adjusted", number=adjusted[1]))
    if st.button(t("followup.open_agreement"), icon=":material/description:"):
        focus.go_to("agreement", case_id)

# --- record a follow-up conversation ---------------------------------------------------
if editable:
    st.header(t("followup.record"))
RECORD = "followup_record"
levels = [None, *CONTINUUM_LEVEL_IDS]  # what record_followup accepts


def record(request: str) -> None:
    reviews = [GoalReview(g.id, ss[f"followup_goal_{g.id}"], ss[f"followup_remark_{g.id}"]) for g in goals]
    followup.record_followup(
        db, me, case_id, ss.followup_kind, ss.followup_held_on, ss.followup_participants, ss.followup_decision,
        reviews, ss.followup_continuum, ss.followup_works, ss.followup_not_working, ss.followup_adjust_reason,
        request=request, hours_worked=ss.followup_hours_worked,
    )
    ss.pop("followup_adjusted", None)
    if ss.followup_decision is Decision.ADJUST:
        ss["followup_adjusted"] = (case_id, agreement.load(db, me, case_id).current.number)
    else:
        notify("followup", t("followup.recorded"))


if editable:
    with forms.draft_form(RECORD):
        open_moments = [m.kind for m in planned if m.kind not in held] or [m.kind for m in planned]
        st.selectbox(t("followup.moment"), open_moments, key="followup_kind", format_func=moment_label)
        forms.error(RECORD, "kind")
        st.date_input(t("followup.held_on"), value=date.today(), key="followup_held_on", format="DD/MM/YYYY")
        forms.error(RECORD, "held_on")
        st.radio(t("followup.participants"), list(Participants), key="followup_participants", horizontal=True, format_func=lambda p: t(f"participants.{p.value}"))
        if goals:
            st.markdown(f"**{t('followup.goals_review')}**")
        for goal in goals:
            left, right = st.columns([2, 3])
            left.selectbox(plain(goal.description), list(GoalStatus), key=f"followup_goal_{goal.id}", format_func=lambda s: t(f"goal_status.{s.value}"))
            for line in measure[goal.id]:
                left.caption(plain(line))
            right.text_input(t("followup.goal_remark"), **forms.field(RECORD, f"followup_remark_{goal.id}"), max_chars=followup.MAX_TEXT)
            with right:
                forms.error(RECORD, f"remark_{goal.id}")
        forms.error(RECORD, "reviews")
        st.selectbox(
            t("followup.continuum"), levels, key="followup_continuum",
            format_func=lambda lv: t("followup.continuum_none") if lv is None else scan_report.continuum_label(lv, lang()),
        )
        forms.error(RECORD, "continuum")
        st.number_input(
            t("followup.hours_worked"), min_value=0.0, max_value=followup.MAX_HOURS, step=0.5, value=None,
            key="followup_hours_worked", help=t("followup.hours_worked_help"),
        )
        forms.error(RECORD, "hours_worked")
        st.text_area(t("followup.works"), **forms.field(RECORD, "followup_works"), max_chars=followup.MAX_TEXT)
        forms.error(RECORD, "works")
        st.text_area(t("followup.not_working"), **forms.field(RECORD, "followup_not_working"), max_chars=followup.MAX_TEXT)
        forms.error(RECORD, "not_working")
        st.radio(t("followup.decision"), list(Decision), key="followup_decision", horizontal=True, format_func=lambda d: t(f"decision.{d.value}"))
        forms.error(RECORD, "decision")
        st.text_area(t("followup.adjust_reason"), **forms.field(RECORD, "followup_adjust_reason"), max_chars=followup.MAX_TEXT)
        forms.error(RECORD, "adjust_reason")
        st.caption(t("followup.adjust_hint") + " " + t("followup.close_hint"))
        forms.submit(RECORD, t("followup.record"), forms.action(RECORD, record, with_request=True))
    forms.error(RECORD, "form")
    forms.error(RECORD)

st.subheader(t("followup.history"))
if not history:
    st.caption(t("followup.no_history"))
for item in reversed(history):
    with st.expander(t("followup.history_line", date=day(item.held_on), kind=moment_label(item.kind), participants=t(f"participants.{item.participants.value}"), decision=t(f"decision.{item.decision.value}"))):
        if item.hours_worked is not None:
            st.caption(t("followup.hours_line", hours=number(item.hours_worked, lang())))
        for label, text in ((t("followup.works"), item.works), (t("followup.not_working"), item.not_working)):
            if text:
                st.caption(label)
                st.text(text)

# --- progress ------------------------------------------------------------------------
st.header(t("followup.progress"))
compared = [r for r in results if r.side_by_side]
if len(compared) < 2:
    st.caption(t("scan.trends_need_two"))
else:
    scan_charts.trends(compared, me.username, case_id)
    # The gaps over time, within the latest scan version only (followup.gap_trends).
    latest = scan.latest_version_only(compared)
    if len(latest) >= 2:
        st.subheader(t("followup.gap_over_time"))
        st.dataframe(
            [
                {
                    t("scan.theme"): theme_name(row.theme),
                    **{t(f"moment_kind.{r.moment.kind.value}"): gap for r, gap in zip(latest, row.gaps)},
                    "": t(f"followup.{row.trend}") if row.trend else "",
                }
                for row in followup.gap_trends(latest)
            ],
            hide_index=True, width="stretch",
        )
if goals and history:
    st.subheader(t("followup.goals_over_time"))
    st.dataframe(
        [
            {t("dialogue.goals_title"): goal.description, **{
                day(f.held_on): next((t(f"goal_status.{r.status.value}") for r in f.reviews if r.goal_id == goal.id), "")
                for f in history
            }, t("goals.column"): "\n".join(measure[goal.id])}
            for goal in goals
        ],
        hide_index=True, width="stretch",
    )
