"""The facilitator's scan page: start a moment, hand out the two links, follow their
state, and read the results side by side and over time."""

from datetime import date

import streamlit as st

from reset_core import formats, organisation, scan, services, sharing
from reset_core.allowed import Use
from reset_core.documents import scan_report
from reset_core.i18n import LANGUAGES
from reset_core.instrument import load_instrument
from reset_core.model import LinkStatus, MomentKind, ReleaseVia, Respondent
from ui import focus, forms, scan_charts
from ui import scan_review as review_section
from ui.documents import offer_download
from ui.state import lang, link_base, link_url, notice, notify, refused, t, theme_name
from ui.text import plain

me, db, case_id = focus.case_screen("scan.title")
ss = st.session_state
allowance = services.allowance(db, me, case_id)
# Withdrawn consent or a closed case: no new moment or link, and the reason instead.
new_links = not refused(allowance, Use.SCAN_MOMENTS)


def when(moment) -> str:
    return formats.moment(moment, lang()) or "—"  # a lone "-" would draw as a list bullet


# --- a new moment --------------------------------------------------------------
NEW = "scan_new"


def create(request: str) -> None:
    # Shown once: only a hash of each token is stored. Bound to this case: a link shown
    # under another case would send its answers to this one. A repeated click returns no
    # tokens and finds the first click's links in the same place.
    fresh, base = focus.keep("scan_fresh_links", case_id, request), link_base()
    moment, tokens = scan.create_moment(
        db, me, case_id, ss.scan_new_kind, ss.scan_new_planned,
        {Respondent.EMPLOYEE: ss.scan_new_lang_employee, Respondent.MANAGER: ss.scan_new_lang_manager},
        int(ss.scan_new_valid_days), reason=ss.scan_new_reason, request=request,
    )
    fresh.update({r.value: link_url(token, base) for r, token in tokens.items()})


fresh = focus.kept("scan_fresh_links", case_id)
if new_links:
    with st.expander(t("scan.new_moment"), expanded=not fresh):
        with st.form(forms.keyed(NEW)):
            st.selectbox(t("scan.kind"), list(MomentKind), key="scan_new_kind", format_func=lambda k: t(f"moment_kind.{k.value}"))
            st.date_input(t("scan.planned_on"), value=date.today(), key="scan_new_planned", format="DD/MM/YYYY")
            forms.error(NEW, "planned_on")
            st.number_input(t("scan.valid_days"), min_value=1, max_value=scan.MAX_VALID_DAYS, value=scan.DEFAULT_VALID_DAYS, step=1, key="scan_new_valid_days", help=t("scan.valid_days_help"))
            forms.error(NEW, "valid_days")
            left, right = st.columns(2)
            left.selectbox(t("scan.language_employee"), LANGUAGES, key="scan_new_lang_employee", format_func=lambda c: t(f"app.language_{c}"))
            right.selectbox(t("scan.language_manager"), LANGUAGES, key="scan_new_lang_manager", format_func=lambda c: t(f"app.language_{c}"))
            st.text_input(t("scan.reason"), max_chars=scan.MAX_REASON, key="scan_new_reason", help=t("scan.reason_help"))
            forms.error(NEW, "reason")
            forms.error(NEW, "language")
            st.form_submit_button(t("scan.create"), type="primary", on_click=forms.action(NEW, create, with_request=True))
        forms.error(NEW)

# --- the case's scan version ---------------------------------------------------------
MOVE = "scan_version_move"
version = scan.case_version(db, me, case_id)


def move(request: str) -> None:
    to, reason = ss.scan_version_to, ss.scan_version_reason
    scan.move_to_version(db, me, case_id, to, reason, request=request)
    notify("scan", t("scan_versions.moved", version=to))


with st.expander(t("scan_versions.title") + f": {version.version}"):
    st.write(t("scan_versions.current", version=version.version))
    st.caption(t("scan_versions.explain"))
    for made in version.moves:
        st.caption(plain(t(
            "scan_versions.move_line", date=formats.day(made.moved_at, lang()), from_version=made.from_version,
            to_version=made.to_version, who=made.moved_by, reason=made.reason,
        )))
    if not version.newer:
        st.caption(t("scan_versions.newest"))
    elif new_links:
        with st.form(forms.keyed(MOVE)):
            st.selectbox(t("scan_versions.to_version"), version.newer, key="scan_version_to", format_func=lambda v: t("scan_versions.version_of", version=v))
            forms.error(MOVE, "version")
            st.text_input(t("scan_versions.reason"), max_chars=scan.MAX_REASON, key="scan_version_reason", help=t("scan_versions.reason_help"))
            forms.error(MOVE, "reason")
            st.form_submit_button(t("scan_versions.move"), on_click=forms.action(MOVE, move, with_request=True))
        forms.error(MOVE)

notice("scan")
if fresh:
    st.success(t("scan.created"))
    st.warning(t("scan.links_once"))
    for respondent, url in fresh.items():
        st.caption(t("scan.link_for", respondent=t(f"respondent.{respondent}")))
        st.code(url, language=None)

# --- the moments and their links ------------------------------------------------
st.header(t("scan.moments"))
moments = scan.overview(db, me, case_id)
if not moments:
    st.info(t("scan.no_moments"))
for item in reversed(moments):
    moment = item.moment
    st.subheader(t("scan.moment_heading", kind=t(f"moment_kind.{moment.kind.value}"), date=formats.day(moment.planned_on, lang())))
    if moment.reason:
        st.caption(plain(t("scan.moment_reason", reason=moment.reason)))
    st.table(
        {
            t("scan.respondent"): [t(f"respondent.{s.respondent.value}") for s in item.links],
            t("scan.status"): [t(f"link_status.{s.status.value}") for s in item.links],
            t("scan.expires"): [when(s.expires_at) for s in item.links],
            t("scan.opened"): [when(s.opened_at) for s in item.links],
            t("scan.submitted"): [when(s.submitted_at) for s in item.links],
        }
    )
    columns = st.columns(4)
    for position, state in enumerate(item.links):
        if state.status is LinkStatus.SUBMITTED:
            continue
        who = t(f"respondent.{state.respondent.value}")
        form = f"scan_link_{moment.id}_{state.respondent.value}"

        def reissue(request: str, moment_id=moment.id, respondent=state.respondent) -> None:
            made, base = focus.keep("scan_reissued", case_id, request), link_base()
            token = scan.reissue_link(db, me, case_id, moment_id, respondent, request=request)
            if token:  # a repeated click makes no link and finds the first one in `made`
                made.update(respondent=respondent.value, url=link_url(token, base))

        def revoke(moment_id=moment.id, respondent=state.respondent) -> None:
            scan.revoke_link(db, me, case_id, moment_id, respondent)

        if new_links:
            columns[position * 2].button(
                t("scan.reissue", respondent=who), key=f"{forms.keyed(form)}_reissue", on_click=forms.action(form, reissue, with_request=True)
            )
        if state.status in (LinkStatus.NOT_OPENED, LinkStatus.IN_PROGRESS):
            columns[position * 2 + 1].button(t("scan.revoke", respondent=who), key=f"{form}_revoke", on_click=forms.action(form, revoke))
        forms.error(form)
    if not any(s.status is LinkStatus.SUBMITTED for s in item.links):
        withdraw_form = f"scan_withdraw_{moment.id}"

        def withdraw(moment_id=moment.id) -> None:
            scan.withdraw_moment(db, me, case_id, moment_id)
            ss.pop("scan_fresh_links", None)
            notify("scan", t("scan.withdrawn"))

        st.button(t("scan.withdraw"), key=withdraw_form, on_click=forms.action(withdraw_form, withdraw))
        forms.error(withdraw_form, "moment")
        forms.error(withdraw_form)

reissued = focus.kept("scan_reissued", case_id, pop=True)
if reissued:
    st.success(t("scan.reissued", respondent=t(f"respondent.{reissued['respondent']}")))
    st.code(reissued["url"], language=None)
    st.warning(t("scan.links_once"))

# --- results -------------------------------------------------------------------
if not allowance.allows(Use.SCAN_RESULTS):
    st.stop()  # the basic consent withdrawn: said at the top, and no answer is shown
st.header(t("scan.results"))
st.caption(t("scan.results_note"))
results = [r for r in scan.results(db, me, case_id) if r.employee or r.manager]
if not results:
    st.info(t("scan.no_results"))
    st.stop()

labels = {r.moment.id: t(f"moment_kind.{r.moment.kind.value}") + f" ({formats.day(r.moment.planned_on, lang())})" for r in results}
chosen = st.selectbox(t("scan.result_moment"), list(labels), index=len(labels) - 1, format_func=labels.get, key="scan_result_moment")
result = next(r for r in results if r.moment.id == chosen)

if result.side_by_side is None:
    missing = [t(f"respondent.{r.value}") for r, scores in ((Respondent.EMPLOYEE, result.employee), (Respondent.MANAGER, result.manager)) if scores is None]
    st.info(t("scan.waiting_for", who=", ".join(missing)))
    rows = [(theme, s) for scores in (result.employee, result.manager) if scores for theme, s in scores.items()]
    st.dataframe(
        [{t("scan.theme"): theme_name(theme), t("scan.employee_score" if result.employee else "scan.manager_score"): formats.fixed(s.mean, lang()) or "-", t("scan.answered"): f"{s.answered}/{s.items}"} for theme, s in rows],
        hide_index=True, width="stretch",
    )
else:
    st.subheader(t("scan.comparison"))
    frame = scan_report.comparison_frame(result, lang(), for_facilitator=True)
    scan_charts.comparison(frame, me.username, case_id)
    st.caption(t("scan.legend"))

    def flags(row) -> str:
        marks = [t("scan.shared_concern")] if row.shared_concern else []
        marks += [t("scan.worth_discussing")] if row.worth_discussing else []
        marks += [t("scan.not_enough")] if not (row.employee.enough and row.manager.enough) else []
        return ", ".join(marks)

    st.dataframe(
        [
            {
                t("scan.theme"): theme_name(row.theme),
                t("scan.employee_score"): formats.fixed(row.employee.mean, lang()) or "-",
                t("scan.manager_score"): formats.fixed(row.manager.mean, lang()) or "-",
                t("scan.gap"): formats.fixed(row.gap, lang(), sign=True) or "-",
                t("scan.flags"): flags(row),
            }
            for row in result.side_by_side
        ],
        hide_index=True, width="stretch",
    )
    # Beside the themes: every statement with both answers, the largest gap first, for
    # what a theme's mean hides.
    with st.expander(t("goals.mirror_title")):
        rows = scan.mirror(db, me, case_id, result.moment.id)
        if rows is None:
            st.caption(t("goals.mirror_none"))
        else:
            scan_charts.mirror_table(rows, result.moment.instrument_version)
if result.continuum:
    st.write(t("scan.continuum", level=scan_report.continuum_label(result.continuum, lang())))
if result.open_answers:
    with st.expander(t("scan.open_answers")):
        for label, text in scan_report.open_answers(result, lang()):
            st.caption(label)
            st.text(text)

if result.side_by_side is not None:
    overview = {o.moment.id: o for o in moments}
    submitted = {s.respondent.value: s.submitted_at for s in overview[result.moment.id].links}
    if st.button(t("scan.report"), key="scan_report_make"):
        with st.spinner(t("scan.report_busy")):
            case = services.get_case(db, me, case_id)
            report = focus.keep("scan_report_pdf", case_id, str(result.moment.id))
            report.update(moment=result.moment.id, pdf=scan_report.build(case, result, submitted, lang(), organisation.profile(db)))
    made = focus.kept("scan_report_pdf", case_id)
    if made and made["moment"] == result.moment.id:
        offer_download(
            t("scan.report"), made["pdf"], file_name=t("scan.report_file", id=case_id, kind=result.moment.kind.value),
            mime="application/pdf", key="scan_report_download", case_id=case_id,
        )

# --- what each party chose for the joint dialogue -------------------------------
st.subheader(t("sharing.facilitator_title"))
st.caption(t("sharing.facilitator_explain"))
if result.side_by_side is not None:
    (st.success if result.comparison else st.info)(t("sharing.shown_joint" if result.comparison else "sharing.not_shown_joint"))


def release_state(respondent: Respondent) -> str:
    row = result.releases.get(respondent)
    if row is None:
        return t("sharing.state_none")
    via = t("sharing.via_link") if row.via is ReleaseVia.LINK else t("sharing.via_facilitator", by=row.recorded_by, how=row.how_asked)
    return t("sharing.state_released" if row.released else "sharing.state_withdrawn", when=formats.moment(row.recorded_at, lang()), via=via)


st.dataframe(
    [
        {
            t("sharing.column_party"): t(f"respondent.{r.value}"),
            t("sharing.column_release"): plain(release_state(r)),
            t("sharing.column_flags"): ", ".join(theme_name(th) for th, who in result.flags.items() if r in who) or t("sharing.no_flags"),
        }
        for r in Respondent
    ],
    hide_index=True, width="stretch",
)
SHARING = "scan_sharing"
submitted_by = [r for r, scores in ((Respondent.EMPLOYEE, result.employee), (Respondent.MANAGER, result.manager)) if scores]
RECORD = ("release", "withdraw", "flag", "unflag")


def record(moment_id=result.moment.id) -> None:
    who, what, theme, how = ss.scan_sharing_who, ss.scan_sharing_what, ss.scan_sharing_theme, ss.scan_sharing_how
    if what in ("release", "withdraw"):
        sharing.record_release(db, me, case_id, moment_id, who, what == "release", how)
    else:
        sharing.record_flag(db, me, case_id, moment_id, who, theme, what == "flag", how)
    notify("scan", t("sharing.recorded"))


with st.expander(t("sharing.record_title")):
    st.caption(t("sharing.record_explain"))
    with forms.draft_form(SHARING):
        st.selectbox(t("sharing.record_who"), submitted_by, key="scan_sharing_who", format_func=lambda r: t(f"respondent.{r.value}"))
        st.selectbox(t("sharing.record_what"), RECORD, key="scan_sharing_what", format_func=lambda w: t(f"sharing.record_{w}"))
        st.selectbox(t("sharing.record_theme"), load_instrument(result.moment.instrument_version).themes(), key="scan_sharing_theme", format_func=theme_name)
        forms.error(SHARING, "theme")
        st.text_area(t("sharing.how_asked"), max_chars=sharing.MAX_HOW_ASKED, help=t("sharing.how_asked_help"), **forms.field(SHARING, "scan_sharing_how"))
        forms.error(SHARING, "how_asked")
        forms.error(SHARING, "released")
        forms.submit(SHARING, t("sharing.record_save"), forms.action(SHARING, record))
    forms.error(SHARING)

# --- going over the scan with each party alone, before the joint dialogue ---------
review_section.draw(db, me, case_id, result, allowance)

st.subheader(t("scan.trends"))
scan_charts.trends(results, me.username, case_id)
