"""A party's personal space: their own scan state and, per moment they submitted, their
own results with their say over sharing them; the employee's consents, the manager's
information notice, and (from the joint dialogue on) the plan.

Reached without an account, only through ?p=TOKEN. Shows nothing of the app beyond this
party's own space: no menu, no other case, nothing of the other party. Each part is one
function below; reset_core.party_space.sections decides which parts a party sees in
which phase, in which order.
"""

import streamlit as st

from reset_core import agreement, checkins, formats, party_space, plan_answer, sharing
from reset_core.documents.plan import party_document
from reset_core.errors import Unavailable
from reset_core.model import PROCESSING
from reset_core.party_space import LinkRefused, SpaceView
from ui import evaluation, forms, link_page, own_results
from ui.checkins import questions as checkin_questions
from ui.documents import offer_party_download
from ui.state import lang, store, t, theme_name
from ui.text import plain

db = store()
ss = st.session_state
token, session = link_page.open_page(
    "space", "p", "space.title", "space.language_choice", first_visit=lambda tok: party_space.open_space(db, tok),
    again=lambda tok: party_space.resume(db, tok), refused=LinkRefused,
)
view = party_space.space(db, token, lang())
st.write(plain(t("space.welcome", name=view.session.name)))
SAID = "space_said"  # what the last click did, said once
said = ss.get(SAID, {}).pop("text", None)
if said:
    st.success(said)


def submitted_moment(moment, newest: bool) -> None:
    """Their own results of a moment they submitted, and their say over sharing them:
    here as long as the space lives, also once the scan link expired."""
    kind, planned = t(f"moment_kind.{moment.kind.value}"), formats.day(moment.planned_on, lang())
    with st.expander(t("space.scan_submitted", kind=kind, date=planned, when=formats.moment(moment.submitted_at, lang())), expanded=newest):
        try:
            mine = sharing.own_results_in_space(db, token, moment.moment_id)
        except Unavailable as refusal:  # e.g. the basic consent withdrawn: why, calmly
            st.info(t(refusal.key, **refusal.params))
            return
        own_results.draw(
            mine, key=f"space_{moment.moment_id}", level=3,
            release=lambda shared: sharing.release_in_space(db, token, moment.moment_id, shared),
            flag=lambda theme, wanted: sharing.flag_in_space(db, token, moment.moment_id, theme, wanted),
        )


def to_questionnaire(moment_id: int) -> None:
    """The same answering page as the scan link, through a door of its own; the address
    then holds that door, so a reload stays in the questionnaire."""
    door = party_space.scan_door(db, token, moment_id)
    st.query_params.from_dict({"t": door})


def scan_section(view: SpaceView) -> None:
    """Whether a scan moment waits for them, and for each one they submitted their own
    results; the questionnaire itself stays on its own scan link."""
    st.header(t("space.scan_title"))
    st.caption(t("space.scan_by_link"))
    if not view.scans:
        st.info(t("space.scan_none"))
    newest = next((m.moment_id for m in reversed(view.scans) if m.submitted_at), None)
    for moment in reversed(view.scans):
        kind, planned = t(f"moment_kind.{moment.kind.value}"), formats.day(moment.planned_on, lang())
        if moment.submitted_at:
            submitted_moment(moment, moment.moment_id == newest)
        elif moment.link_open:
            st.info(t("space.scan_open", kind=kind, date=planned))
            form = f"space_scan_{moment.moment_id}"
            st.button(
                t("space.scan_start"), key=form, type="primary",
                on_click=forms.action(form, lambda moment_id=moment.moment_id: to_questionnaire(moment_id)),
            )
            forms.error(form, "scan")
            forms.error(form)
        else:
            st.write(t("space.scan_waiting", kind=kind, date=planned))


def withdraw(subject: str) -> None:
    # The session's places first, the database after (ui/forms.py): a dict in hand is
    # filled after the write, so a newer click cannot cut off what was said.
    said, text = ss.setdefault(SAID, {}), t("space.consent_withdrawn_now")
    party_space.withdraw_consent(db, token, subject)
    said["text"] = text


def consents_section(view: SpaceView) -> None:
    """The employee's consents in the words they were shown, each withdrawn with one click."""
    st.header(t("space.consents_title"))
    st.write(t("space.consents_intro"))
    if not view.consents:
        st.info(t("space.consents_none"))
    for number, consent in enumerate(view.consents):
        form = f"space_consent_{consent.subject}"
        with st.container(border=True, key=f"space_consent_box_{number}"):
            st.subheader(t("space.consent_processing") if consent.subject == PROCESSING else t("space.consent_person"))
            st.text(consent.text)  # the words as shown, never read as Markdown (a name may hold any sign)
            st.caption(
                t("space.consent_text_version", version=consent.text_version) if consent.text_version
                else t("space.consent_text_unversioned")
            )
            if consent.given:
                st.write(t("space.consent_given_on", date=formats.day(consent.since, lang())))
                if consent.subject == PROCESSING:
                    st.caption(t("space.consent_withdraw_processing_note"))
                st.button(
                    t("space.consent_withdraw"), key=form,
                    on_click=forms.action(form, lambda subject=consent.subject: withdraw(subject)),
                )
                forms.error(form)
                forms.error(form, "consent")
                forms.error(form, "consent_subject")
            else:
                st.warning(t("space.consent_withdrawn_on", date=formats.day(consent.since, lang())))
                st.caption(t("space.consent_again"))


def notice_section(view: SpaceView) -> None:
    """The manager is a data subject too: what is kept about them, why, how long, their rights."""
    st.header(t("space.notice_title"))
    st.markdown(t("space.notice_what"))
    st.markdown(t("space.notice_why"))
    st.markdown(t("space.notice_how_long", years=view.retention_years))
    st.markdown(t("space.notice_rights"))
    st.markdown(t("space.notice_ask"))


PLAN_FORM = "space_plan_answer"


def plan_text(version) -> None:
    """The plan as handed over, to read on the page (the same words as its PDF)."""
    p, c = version.parties, version.content
    st.subheader(t("agreement.version_heading", number=version.number, status=t(f"agreement_status.{version.status.value}")))
    st.caption(t("agreement.section_parties"))
    for label, party in (("agreement.employee", p.employee), ("agreement.manager", p.manager)):
        st.text(f"{t(label)}: " + ", ".join(x for x in (party.name, party.job_title, party.department) if x))
    st.text(f"{t('agreement.facilitator')}: {p.facilitator_name}")
    st.text(t("agreement.validity_value", start=formats.day(c.valid_from, lang()) or "-", end=formats.day(c.valid_until, lang()) or "-"))
    st.caption(t("agreement.section_adjustments"))
    for x in c.adjustments:
        st.text(f"• {t(f'adjustment_area.{x.area.value}')} ({t(f'crafting_aim.{x.aim.value}')}): {x.text}")
    st.caption(t("agreement.section_schedule"))
    for period in c.schedule:
        st.text(
            f"• {formats.day(period.start, lang())} - {formats.day(period.end, lang())}: "
            f"{formats.number(period.hours_per_week, lang())} {t('agreement.period_hours').lower()}, "
            f"{formats.number(period.days_per_week, lang())} {t('agreement.period_days').lower()}. {period.tasks}"
        )
    st.caption(t("agreement.section_support"))
    support = [key for key in ("buddy", "coaching", "training", "colleagues_message", "colleagues_told_by", "contact") if getattr(c, key)]
    for key in support:
        st.text(f"{t(f'agreement.{key}')}: {getattr(c, key)}")
    if not support:
        st.text(t("agreement.none"))
    st.caption(t("agreement.section_goals"))
    for g in version.goals:
        st.text(f"• {theme_name(g.theme)}: {g.description} ({g.indicator})")
    if not version.goals:
        st.text(t("agreement.no_goals"))
    st.caption(t("agreement.section_follow_up"))
    st.text(", ".join(formats.day(d, lang()) for d in c.follow_ups) or t("agreement.none"))
    if version.employee_view:
        st.caption(t("plan_answer.section_view"))
        st.text(version.employee_view)


def send_answer(plan) -> None:
    # The session's places first, the database after (ui/forms.py).
    said, employee = ss.setdefault(SAID, {}), plan.signer.value == "employee"
    agree = ss.get(f"{PLAN_FORM}_choice") if employee else ss.get(f"{PLAN_FORM}_tick")
    text = t("plan_answer.sent_confirmed" if not employee else "plan_answer.sent_agreed" if agree else "plan_answer.sent_refused")
    plan_answer.answer(
        db, token, plan.version.number, ss.get(f"{PLAN_FORM}_code"), agree=agree, name=ss.get(f"{PLAN_FORM}_name", ""),
        reasons=ss.get(f"{PLAN_FORM}_reasons", ""), view=ss.get(f"{PLAN_FORM}_view", ""),
    )
    said["text"] = text


def answer_form(plan) -> None:
    employee = plan.signer.value == "employee"
    st.subheader(t("plan_answer.answer_title"))
    if employee:
        last = plan_answer.last_answer_day(plan.version)  # a Codex plan's window only
        if last is not None:
            st.write(t("plan_answer.answer_explain_employee", deadline=formats.day(last, lang())))
        else:
            st.write(t("legal_answer.answer_explain_no_window"))
    else:
        st.write(t("plan_answer.answer_explain_manager"))
    with st.form(PLAN_FORM):
        if employee:
            st.radio(
                t("plan_answer.choice"), [True, False], index=None, key=f"{PLAN_FORM}_choice",
                format_func=lambda agree: t("plan_answer.choice_agree" if agree else "plan_answer.choice_refuse"),
            )
            forms.error(PLAN_FORM, "choice")
            st.text_area(t("plan_answer.reasons"), max_chars=agreement.MAX_TEXT, key=f"{PLAN_FORM}_reasons")
            forms.error(PLAN_FORM, "reasons")
            st.text_area(t("plan_answer.view"), max_chars=agreement.MAX_TEXT, key=f"{PLAN_FORM}_view", help=t("plan_answer.view_help"))
            forms.error(PLAN_FORM, "view")
        else:
            st.checkbox(t("plan_answer.manager_tick"), key=f"{PLAN_FORM}_tick")
            forms.error(PLAN_FORM, "choice")
        st.text_input(t("plan_answer.name"), value=plan.name, max_chars=agreement.MAX_NAME, key=f"{PLAN_FORM}_name")
        forms.error(PLAN_FORM, "name")
        st.text_input(t("plan_answer.code"), max_chars=12, key=f"{PLAN_FORM}_code", help=t("plan_answer.code_help"))
        forms.error(PLAN_FORM, "code")
        st.form_submit_button(t("plan_answer.send"), type="primary", on_click=forms.action(PLAN_FORM, lambda: send_answer(plan)))
    forms.error(PLAN_FORM, "form")
    forms.error(PLAN_FORM)


def own_answer(plan) -> None:
    """What this party answered (through their link or on paper)."""
    version = plan.version
    signature = version.signature(plan.signer)
    if signature is not None:
        key = "plan_answer.your_answer_agreed" if plan.signer.value == "employee" else "plan_answer.your_answer_confirmed"
        st.success(t(key, when=formats.moment(signature.signed_at, lang())))
    elif plan.signer.value == "employee" and version.refused_at:
        st.info(t("plan_answer.your_answer_refused", when=formats.moment(version.refused_at, lang())))
        st.caption(t("agreement.refusal_reasons"))
        st.text(version.refusal_reasons)


def plan_section(view: SpaceView) -> None:
    """The plan handed over, to read and as PDF, and this party's answer to it: with the
    code the facilitator gave them apart (reset_core.plan_answer)."""
    st.header(t("plan_answer.section_title"))
    try:
        plan = plan_answer.party_plan(db, token)
    except Unavailable as refusal:
        st.info(t(refusal.key, **refusal.params))
        return
    if plan.version is None:
        st.info(t("plan_answer.newer_in_the_making" if plan.newer_in_the_making else "plan_answer.none_yet"))
        return
    if plan.newer_in_the_making:
        st.info(t("plan_answer.newer_in_the_making"))
    plan_text(plan.version)
    wanted = (token, plan.version.number, plan.version.revision, lang())
    if st.button(t("plan_answer.download"), key="space_plan_pdf"):
        ss["space_plan_pdf_made"] = (wanted, party_document(db, token, lang()))
    made = ss.get("space_plan_pdf_made")
    if made and made[0] == wanted and made[1]:
        offer_party_download(
            t("plan_answer.download"), made[1], file_name=t("plan_answer.pdf_file", number=plan.version.number),
            mime="application/pdf", key="space_plan_pdf_download", link=token, session=view.session,
        )
    own_answer(plan)
    if plan.too_late:
        st.info(t("plan_answer.too_late", deadline=formats.day(plan_answer.last_answer_day(plan.version), lang())))
    elif plan.can_answer:
        answer_form(plan)


CHECKIN_FORM = "space_checkin"


def send_checkin(due_on) -> None:
    # The session's places first, the database after (ui/forms.py).
    said, text = ss.setdefault(SAID, {}), t("checkins.space_sent")
    checkins.answer_in_space(
        db, token, due_on, ss.get(f"{CHECKIN_FORM}_rating"), ss.get(f"{CHECKIN_FORM}_hours"),
        ss.get(f"{CHECKIN_FORM}_helped", ""), ss.get(f"{CHECKIN_FORM}_hindered", ""), ss.get(f"{CHECKIN_FORM}_to_discuss", ""),
    )
    said["text"] = text


def checkins_section(view: SpaceView) -> None:
    """The week's check-in, when one waits for this party, and their own earlier answers:
    never the other party's (reset_core.checkins)."""
    try:
        mine = checkins.in_space(db, token)
    except Unavailable as refusal:
        st.header(t("checkins.space_title"))
        st.info(t(refusal.key, **refusal.params))
        return
    if not mine.enabled and not mine.own:
        return  # no check-ins in this case: nothing to say about them
    st.header(t("checkins.space_title"))
    st.caption(t(f"checkins.space_privacy_{view.session.respondent.value}"))
    if mine.open_day is None:
        st.write(t("checkins.space_none"))
    else:
        st.subheader(t("checkins.space_open", date=formats.day(mine.open_day, lang())))
        st.write(t("checkins.space_intro"))
        # A draft form, not st.form: what was typed stays when the page is left before sending.
        with forms.draft_form(CHECKIN_FORM):
            checkin_questions(CHECKIN_FORM)
            forms.submit(CHECKIN_FORM, t("checkins.space_send"), forms.action(CHECKIN_FORM, lambda day=mine.open_day: send_checkin(day)))
        forms.error(CHECKIN_FORM, "form")
        forms.error(CHECKIN_FORM)
    if mine.next_day is not None:
        st.caption(t("checkins.space_next", date=formats.day(mine.next_day, lang())))
    if mine.own:
        with st.expander(t("checkins.space_own")):
            for answer in reversed(mine.own):
                st.text(t("checkins.space_own_line", date=formats.day(answer.due_on, lang()), rating=answer.week_rating))


SECTIONS = {
    party_space.CHECKINS: checkins_section,
    party_space.SCAN: scan_section,
    party_space.CONSENTS: consents_section,
    party_space.NOTICE: notice_section,
    party_space.PLAN: plan_section,
}
for part in view.sections:
    SECTIONS[part](view)
evaluation.space_section(db, token)  # from the follow-up on: their own look back
