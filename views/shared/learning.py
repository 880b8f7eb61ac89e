"""The learning view: what the organisation (admin) or the facilitator's own cases
teach, in aggregates of at least the minimum group size. Never a case."""

import streamlit as st

from reset_core import learning
from reset_core.formats import number, percent
from reset_core.model import Role
from ui import forms
from ui.documents import offer_download
from ui.state import lang, notice, notify, store, t, user

me = user()
db = store()
ss = st.session_state
st.title(t("learning.title"))
st.write(t("learning.intro_admin") if me.role is Role.ADMIN else t("learning.intro_own"))

if me.role is Role.ADMIN:
    SETTING = "learning_setting"

    def set_min_group() -> None:
        value = learning.set_min_group(db, me, ss.learning_min_group)
        notify("learning", t("learning.min_group_saved", n=value))

    with st.expander(t("learning.setting_section")):
        with st.form(SETTING):
            st.number_input(
                t("learning.min_group"), min_value=learning.FLOOR_MIN_GROUP, max_value=learning.MAX_MIN_GROUP,
                value=learning.min_group(db), step=1, key="learning_min_group", help=t("learning.min_group_help"),
            )
            forms.error(SETTING, "min_group")
            st.form_submit_button(t("learning.min_group_save"), on_click=forms.action(SETTING, set_min_group))
        forms.error(SETTING)

notice("learning")

view = learning.view(db, me)
st.caption(t("learning.rule", n=view.min_group))
st.caption(t("learning.closings_rule", n=view.min_group))
if view.closings_until:
    st.caption(t("learning.closings_until", day=f"{view.closings_until:%d/%m/%Y}"))
else:
    st.caption(t("learning.closings_none", n=view.min_group))
if view.empty:
    st.info(t("learning.too_few", n=view.min_group))
    st.stop()


def theme(key: str) -> str:
    return learning.theme_label(key, lang())


def counts(section: str, folded: learning.Folded, label) -> None:
    st.header(t(f"learning.section_{section}"))
    if not folded.visible:
        st.caption(t("learning.hidden"))
        return
    rows = folded.rows()
    st.dataframe(
        [
            {
                t("learning.group"): t("learning.other_groups") if key == learning.OTHER else label(key),
                t("learning.count"): n,
                t("learning.share"): percent(n / folded.total, lang()),
            }
            for key, n in rows
        ] + [{t("learning.group"): t("learning.total"), t("learning.count"): folded.total, t("learning.share"): percent(1, lang())}],
        hide_index=True,
        width="stretch",
    )


def median(section: str, value: learning.Median | None, column) -> None:
    with column:
        if value is None:
            st.metric(t(f"learning.section_{section}"), "-", help=t("learning.hidden"))
        else:
            st.metric(
                t(f"learning.section_{section}"), t("learning.median_value", days=number(value.days, lang(), decimals=1)),
                help=t("learning.cases", n=value.cases),
            )
            st.caption(f"{t('learning.median_days')} · {t('learning.cases', n=value.cases)}")


counts("phases", view.phases, lambda key: t(f"phase.{key}"))
left, right = st.columns(2)
with left:
    counts("outcomes", view.outcomes, lambda key: t(f"outcome.{key}"))
with right:
    counts("at_work_9m", view.at_work_9m, lambda key: t(f"closing.at_work_{key}"))
left, right = st.columns(2)
median("days_to_return", view.days_to_return, left)
median("days_return_to_closure", view.days_return_to_closure, right)
counts("agreements", view.agreements, lambda key: t(f"learning.profile_{key}"))

st.header(t("learning.section_gap_themes"))
if view.gap_themes:
    st.caption(t("learning.of_cases", n=view.gap_cases))
    st.dataframe(
        [
            {t("learning.theme"): theme(key), t("learning.count"): n, t("learning.share"): percent(n / view.gap_cases, lang())}
            for key, n in view.gap_themes
        ],
        hide_index=True,
        width="stretch",
    )
else:
    st.caption(t("learning.hidden"))

st.header(t("learning.section_lesson_cells"))
if view.lesson_cells:
    st.dataframe(
        [
            {t("learning.theme"): theme(key), t("learning.level"): t(f"level.{level}"), t("learning.count"): n}
            for key, level, n in view.lesson_cells
        ],
        hide_index=True,
        width="stretch",
    )
else:
    st.caption(t("learning.hidden"))

st.header(t("learning.section_lessons"))
if not view.lessons:
    st.caption(t("learning.hidden"))
for group in view.lessons:
    with st.expander(f"{theme(group.key)} · {t('learning.cases', n=group.cases)}"):
        for (level, kind, text), times in group.items:
            st.caption(f"{t(f'level.{level}')} · {t(f'closing.kind_{kind}')}")
            st.text(text if times == 1 else f"{text} {t('learning.times', n=times)}")

st.header(t("learning.section_prevention"))
if not view.prevention:
    st.caption(t("learning.hidden"))
for group in view.prevention:
    with st.expander(f"{theme(group.key)} · {t('learning.cases', n=group.cases)}"):
        for (level, text), times in group.items:
            st.caption(t(f"prevention.level_{level}"))
            st.text(text if times == 1 else f"{text} {t('learning.times', n=times)}")

offer_download(
    t("learning.download"), learning.to_csv(view, lang()), file_name="reset-learning.csv", mime="text/csv",
    key="learning_download", on_click=lambda: learning.record_export(db, me),
)
