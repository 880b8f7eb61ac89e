"""Intake: open a case with the employee, record consent, the people around the case
and the agreements about contact. Everything stays correctable; every change shows
in the case history."""

from datetime import date

import streamlit as st

from reset_core import consent_texts, formats, history, intake, privacy
from reset_core.access_request import ExportFor
from reset_core.i18n import DOCUMENT_LANGUAGES
from reset_core.model import (
    PROCESSING,
    Assessment,
    AssessmentOutcome,
    CaseDetails,
    ContactAgreement,
    ContactKeeper,
    Party,
    PartyRole,
    PersonRole,
    TrajectoryStart,
    consent_state,
    person_subject,
)
from ui import focus, forms, party_spaces
from ui.documents import make_export, offer_export
from ui.forms import EARLIEST, LATEST
from ui.phase import phase_section
from ui.state import forget_case_outputs, lang, notice, notify, or_stop, t
from ui.text import plain

CASE_FORM = "intake_case"

me, db, case_id = focus.case_screen("intake.title", allow_new=True)


def case_form(case=None) -> None:
    """The case details; a new key per case version, so a saved form shows saved values."""
    suffix = f"{case.id}_{case.version}" if case else "new"
    d = case.details if case else None
    k = lambda name: f"intake_{name}_{suffix}"  # noqa: E731

    def collect() -> CaseDetails:
        ss = st.session_state
        outcome = ss[k("assessment")]
        return CaseDetails(
            employee=Party(PartyRole.EMPLOYEE, ss[k("employee_name")], ss[k("employee_job_title")], ss[k("employee_department")]),
            manager=Party(PartyRole.MANAGER, ss[k("manager_name")], ss[k("manager_job_title")]),
            sick_leave_start=ss[k("sick_leave_start")],
            intake_date=ss[k("intake_date")],
            expected_return=ss[k("expected_return")],
            actual_return=ss[k("actual_return")],
            started_by=ss[k("started_by")],
            assessment=Assessment(outcome, ss[k("assessment_date")], ss[k("assessment_modalities")]) if outcome else None,
        )

    def submit(request: str) -> None:
        if case is None:
            opened = intake.open_case(
                db, me, collect(), confirm_duplicate=st.session_state.get(k("confirm"), False), request=request
            )
            focus.set_focus(opened.id)
            notify("intake", t("intake.opened", id=opened.id))
        else:
            intake.update_case(db, me, case.id, collect(), case.version, request=request)
            notify("intake", t("intake.saved"))

    def dated(name: str, value) -> None:
        st.date_input(t(f"intake.{name}"), value=value, min_value=EARLIEST, max_value=LATEST, key=k(name), format="DD/MM/YYYY")
        forms.error(CASE_FORM, name)

    def text(name: str, label: str, value: str, limit: int) -> None:
        st.text_input(label, value=value, max_chars=limit, key=k(name))
        forms.error(CASE_FORM, name)

    with st.form(forms.keyed(f"{CASE_FORM}_{suffix}")):
        left, right = st.columns(2)
        with left:
            st.subheader(t("intake.employee_section"))
            text("employee_name", t("intake.name"), d.employee.name if d else "", intake.MAX_NAME)
            text("employee_job_title", t("intake.job_title"), d.employee.job_title if d else "", intake.MAX_SHORT_TEXT)
            text("employee_department", t("intake.department"), d.employee.department if d else "", intake.MAX_SHORT_TEXT)
        with right:
            st.subheader(t("intake.manager_section"))
            text("manager_name", t("intake.name"), d.manager.name if d else "", intake.MAX_NAME)
            text("manager_job_title", t("intake.manager_role"), d.manager.job_title if d else "", intake.MAX_SHORT_TEXT)
        st.subheader(t("intake.dates_section"))
        cols = st.columns(4)
        for col, name in zip(cols, ("sick_leave_start", "intake_date", "expected_return", "actual_return")):
            with col:
                dated(name, getattr(d, name) if d else (date.today() if name == "intake_date" else None))
        starts = [None, *TrajectoryStart]
        st.selectbox(
            t("intake.started_by"), starts, index=starts.index(d.started_by) if d else 0, key=k("started_by"),
            format_func=lambda v: t("intake.started_by_none") if v is None else t(f"trajectory.{v.value}"),
        )
        st.subheader(t("intake.assessment_section"))
        st.caption(t("intake.assessment_note"))
        outcomes = [None, *AssessmentOutcome]
        a = d.assessment if d else None
        st.selectbox(
            t("intake.assessment"), outcomes, index=outcomes.index(a.outcome) if a else 0, key=k("assessment"),
            format_func=lambda v: t("intake.assessment_none") if v is None else t(f"assessment_outcome.{v.value}"),
        )
        dated("assessment_date", a.on_date if a else None)
        st.text_area(t("intake.assessment_modalities"), value=a.modalities if a else "", max_chars=intake.MAX_TEXT, key=k("assessment_modalities"))
        forms.error(CASE_FORM, "assessment_modalities")
        if case is None and forms.has_error(CASE_FORM, "employee_name"):
            st.checkbox(t("intake.confirm_duplicate"), key=k("confirm"))
        st.form_submit_button(
            t("intake.save_case") if case else t("intake.open_case"), type="primary",
            on_click=forms.action(CASE_FORM, submit, request_of=f"{CASE_FORM}_{suffix}"),
        )
    forms.error(CASE_FORM, "form")
    forms.error(CASE_FORM)


notice("intake")

if case_id is None:
    case_form()
    st.stop()

record = or_stop(intake.load, db, me, case_id)
case = record.case

phase_section(db, me, case_id, "intake")

tab_case, tab_consent, tab_people, tab_contact, tab_space, tab_history, tab_privacy = st.tabs(
    [t("intake.tab_case"), t("intake.tab_consent"), t("intake.tab_people"), t("intake.tab_contact"), t("space.tab"), t("intake.tab_history"), t("privacy.tab")]
)

with tab_case:
    case_form(case)


def subject_label(subject: str) -> str:
    if subject == PROCESSING:
        return t("intake.consent_processing")
    for view in record.people:
        if person_subject(view.person.id) == subject:
            return t("intake.consent_person", role=t(f"person_role.{view.person.role.value}"), name=view.person.name)
    return subject


def state_label(subject: str) -> str:
    entries = [e for e in record.ledger if e.subject == subject]
    if not entries:
        return t("intake.consent_none")
    return t("intake.consent_given") if consent_state(record.ledger, subject) else t("intake.consent_withdrawn")


with tab_consent:
    st.write(t("intake.consent_intro"))
    subjects = [PROCESSING] + [person_subject(v.person.id) for v in record.people]
    st.subheader(t("intake.consent_status"))
    st.dataframe(  # a table cell would render a typed name as Markdown
        {t("intake.consent_subject"): [subject_label(s) for s in subjects], t("intake.given_or_withdrawn"): [state_label(s) for s in subjects]},
        hide_index=True, width="stretch",
    )

    # The words the employee is asked in; each consent recorded keeps this version, and
    # the employee reads the same words again in their personal space.
    # German exists for reading out in the German-speaking area, not as the screen's language.
    with st.expander(t("space.consent_words", version=consent_texts.current_version())):
        words_lang = st.selectbox(
            t("german.consent_words_language"), DOCUMENT_LANGUAGES, index=DOCUMENT_LANGUAGES.index(lang()),
            key="intake_consent_words_lang", format_func=lambda code: t(f"app.language_{code}"),
        )
        for subject in subjects:
            person = next((v.person for v in record.people if person_subject(v.person.id) == subject), None)
            st.caption(plain(subject_label(subject)))
            st.text(consent_texts.text(subject, consent_texts.current_version(), words_lang, person))

    CONSENT_FORM = "intake_consent"

    def record_consent(request: str) -> None:
        ss = st.session_state
        intake.record_consent(
            db, me, case_id, ss.intake_consent_subject, ss.intake_consent_given, ss.intake_consent_date,
            ss.intake_consent_note, request=request,
        )
        notify("intake", t("intake.consent_recorded"))

    with st.form(forms.keyed(CONSENT_FORM), clear_on_submit=False):
        st.selectbox(t("intake.consent_subject"), subjects, format_func=subject_label, key="intake_consent_subject")
        forms.error(CONSENT_FORM, "consent_subject")
        st.radio(
            t("intake.consent_action"), [True, False], horizontal=True, key="intake_consent_given",
            format_func=lambda given: t("intake.consent_give") if given else t("intake.consent_withdraw"),
        )
        st.date_input(t("intake.consent_date"), value=date.today(), min_value=EARLIEST, max_value=LATEST, key="intake_consent_date", format="DD/MM/YYYY")
        forms.error(CONSENT_FORM, "consent_date")
        st.text_input(t("intake.consent_note"), max_chars=intake.MAX_SHORT_TEXT, key="intake_consent_note")
        st.form_submit_button(t("intake.consent_record"), type="primary", on_click=forms.action(CONSENT_FORM, record_consent, with_request=True))
    forms.error(CONSENT_FORM)

    st.subheader(t("intake.consent_ledger"))
    st.dataframe(
        [
            {
                t("intake.consent_subject"): subject_label(e.subject),
                t("intake.given_or_withdrawn"): t("intake.consent_given") if e.given else t("intake.consent_withdrawn"),
                t("intake.consent_date"): formats.day(e.on_date, lang()),
                t("intake.note"): e.note,
                t("intake.recorded_by"): history.who(e.recorded_by, record.names, lang()),
                t("intake.recorded_at"): formats.moment(e.recorded_at, lang()),
            }
            for e in record.ledger
        ],
        hide_index=True,
        width="stretch",
    )

with tab_people:
    st.write(t("intake.people_intro"))
    if not record.people:
        st.info(t("intake.no_people"))
    for view in record.people:
        person = view.person
        with st.expander(plain(f"{t(f'person_role.{person.role.value}')}: {person.name}"), expanded=False):
            st.text(" · ".join(x for x in (person.organisation, person.contact) if x))
            st.caption(f"{t('intake.given_or_withdrawn')}: {state_label(person_subject(person.id))}")
            if not view.consent_given:
                st.info(t("intake.contact_hidden"))
                continue
            st.markdown(f"**{t('intake.contacts')}**")
            if not view.contacts:
                st.caption(t("intake.no_contacts"))
            for entry in view.contacts:
                st.text(f"{formats.day(entry.on_date, lang())} · {entry.note}")
            contact_form = f"intake_contact_{person.id}"

            def add_contact(request: str, person_id=person.id, form=contact_form) -> None:
                ss = st.session_state
                intake.log_contact(db, me, case_id, person_id, ss[f"{form}_date"], ss[f"{form}_note"], request=request)
                notify("intake", t("intake.contact_added"))

            with st.form(forms.keyed(contact_form), clear_on_submit=True):
                st.date_input(t("intake.contact_date"), value=date.today(), min_value=EARLIEST, max_value=LATEST, key=f"{contact_form}_date", format="DD/MM/YYYY")
                forms.error(contact_form, "contact_date")
                st.text_area(t("intake.contact_note"), max_chars=intake.MAX_TEXT, key=f"{contact_form}_note")
                forms.error(contact_form, "contact_note")
                st.form_submit_button(t("intake.add_contact"), on_click=forms.action(contact_form, add_contact, with_request=True))
            forms.error(contact_form, "person")
            forms.error(contact_form)

    PERSON_FORM = "intake_person"

    def add_person(request: str) -> None:
        ss = st.session_state
        intake.add_person(
            db, me, case_id, ss.intake_person_role, ss.intake_person_name, ss.intake_person_organisation,
            ss.intake_person_contact, request=request,
        )
        notify("intake", t("intake.person_added"))

    st.subheader(t("intake.add_person"))
    with st.form(forms.keyed(PERSON_FORM), clear_on_submit=True):
        st.selectbox(t("intake.person_role"), list(PersonRole), key="intake_person_role", format_func=lambda r: t(f"person_role.{r.value}"))
        st.text_input(t("intake.person_name"), max_chars=intake.MAX_NAME, key="intake_person_name")
        forms.error(PERSON_FORM, "person_name")
        st.text_input(t("intake.person_organisation"), max_chars=intake.MAX_SHORT_TEXT, key="intake_person_organisation")
        st.text_input(t("intake.person_contact"), max_chars=intake.MAX_SHORT_TEXT, key="intake_person_contact")
        st.form_submit_button(t("intake.add_person"), on_click=forms.action(PERSON_FORM, add_person, with_request=True))
    forms.error(PERSON_FORM)

with tab_contact:
    CONTACT_FORM = "intake_contact_agreement"
    current = record.contact_agreement or ContactAgreement(ContactKeeper.MANAGER)
    keepers = list(ContactKeeper)

    def save_contact() -> None:
        ss = st.session_state
        intake.save_contact_agreement(
            db, me, case_id,
            ContactAgreement(
                keeper=ss.intake_keeper, frequency=ss.intake_frequency, channel=ss.intake_channel,
                not_wanted=ss.intake_not_wanted, colleagues_informed=ss.intake_colleagues_informed,
                colleagues_message=ss.intake_colleagues_message, manager_present_day_one=ss.intake_manager_present,
                workplace_ready=ss.intake_workplace_ready, accounts_ready=ss.intake_accounts_ready,
                first_week_plan=ss.intake_first_week_plan,
            ),
        )
        notify("intake", t("intake.saved"))

    with st.form(CONTACT_FORM):
        st.subheader(t("intake.contact_section"))
        st.selectbox(t("intake.contact_keeper"), keepers, index=keepers.index(current.keeper), key="intake_keeper", format_func=lambda k: t(f"contact_keeper.{k.value}"))
        st.text_input(t("intake.contact_frequency"), value=current.frequency, max_chars=intake.MAX_SHORT_TEXT, key="intake_frequency")
        st.text_input(t("intake.contact_channel"), value=current.channel, max_chars=intake.MAX_SHORT_TEXT, key="intake_channel")
        st.text_area(t("intake.contact_not_wanted"), value=current.not_wanted, max_chars=intake.MAX_TEXT, key="intake_not_wanted")
        st.subheader(t("intake.reboarding_section"))
        st.caption(t("intake.reboarding_intro"))
        st.checkbox(t("intake.colleagues_informed"), value=current.colleagues_informed, key="intake_colleagues_informed")
        st.text_area(t("intake.colleagues_message"), value=current.colleagues_message, max_chars=intake.MAX_TEXT, key="intake_colleagues_message")
        st.checkbox(t("intake.manager_present_day_one"), value=current.manager_present_day_one, key="intake_manager_present")
        st.checkbox(t("intake.workplace_ready"), value=current.workplace_ready, key="intake_workplace_ready")
        st.checkbox(t("intake.accounts_ready"), value=current.accounts_ready, key="intake_accounts_ready")
        st.text_area(t("intake.first_week_plan"), value=current.first_week_plan, max_chars=intake.MAX_TEXT, key="intake_first_week_plan")
        st.form_submit_button(t("intake.save_contact"), type="primary", on_click=forms.action(CONTACT_FORM, save_contact))
    forms.error(CONTACT_FORM)

with tab_space:
    party_spaces.section(db, me, case_id, subject_label)

with tab_history:
    kind = st.selectbox(t("intake.history_filter"), history.KINDS, key="intake_history_kind", format_func=lambda k: t(f"history_kind.{k}"))
    st.dataframe(
        [
            {
                t("intake.history_when"): history.when(line, lang()),
                t("intake.history_who"): line.who,
                t("intake.history_what"): line.what,
                t("intake.history_detail"): line.detail,
            }
            for line in history.case_history(db, me, case_id, lang(), kind)
        ],
        hide_index=True,
        width="stretch",
    )

with tab_privacy:
    st.subheader(t("privacy.export_title"))
    st.caption(t("privacy.export_explain"))
    # Each party gets what concerns them; the whole case is the administrator's, with a reason.
    for_whom = st.radio(
        t("privacy.export_for"), [ExportFor.EMPLOYEE, ExportFor.MANAGER], key="intake_export_for",
        format_func=lambda w: t(f"privacy.export_for_{w.value}"), horizontal=True,
    )
    EXPORT = "intake_export"

    def export() -> None:  # the party as sent with the click, not as drawn before
        chosen = st.session_state.intake_export_for
        make_export(EXPORT, case_id, chosen, lambda: privacy.export_case(db, me, case_id, lang(), for_whom=chosen))

    st.button(t("privacy.export_make"), key=EXPORT, on_click=forms.action(EXPORT, export))
    forms.error(EXPORT)
    offer_export(EXPORT, case_id, for_whom)

    st.subheader(t("privacy.erase_title"))
    st.warning(t("privacy.erase_explain"))
    ERASE = "intake_erase"

    def erase() -> None:
        privacy.erase_case(db, me, case_id, st.session_state.intake_erase_confirm)
        notify("intake", t("privacy.erased", id=case_id))
        forget_case_outputs()
        focus.set_focus(focus.NEW)  # not another case in its place

    with st.form(ERASE, clear_on_submit=True):
        st.text_input(t("privacy.erase_confirm", id=case_id), key="intake_erase_confirm")
        forms.error(ERASE, "confirmation")
        st.form_submit_button(t("privacy.erase_submit"), on_click=forms.action(ERASE, erase))
