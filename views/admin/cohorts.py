"""Admin of a demo database: the training room. A cohort of trainee accounts, each with
copies of the fictitious cases of their own (reset_core.training); their passwords shown
once, as a sheet to print; a reset per trainee or per cohort between sessions."""

import streamlit as st

from reset_core import training
from reset_core.formats import day
from reset_core.training import MAX_TRAINEES
from ui import forms
from ui.state import store, t, user
from ui.text import plain

MAKE = "cohorts_make"
RESET = "cohorts_reset"
# Taken from the session before a click writes (ui/forms.py): the fresh passwords, shown
# until the trainer says they are noted, and what the last click did.
FRESH = "cohorts_fresh"
TOLD = "cohorts_told"

st.title(t("training.title"))
me, db = user(), store()
if not training.is_training_room(db):
    st.info(t("training.demo_only"))
    st.stop()
st.write(t("training.intro"))


def make(request: str) -> None:
    ss = st.session_state
    fresh, told = ss.setdefault(FRESH, {}), ss.setdefault(TOLD, {})
    name, prefix, size = ss.cohorts_name, ss.cohorts_prefix, ss.cohorts_size
    made = training.make_cohort(db, me, name, prefix, int(size), request=request)
    if made.passwords is not None:  # a repeated click shows nothing new: the first click's sheet stays
        fresh.clear()
        fresh.update(
            cohort=made.cohort.name,
            rows=[(tr.username, tr.name, made.passwords[tr.username]) for tr in made.cohort.trainees],
        )
    told["text"] = t("training.made", name=plain(made.cohort.name), count=len(made.cohort.trainees))


def noted() -> None:
    st.session_state.pop(FRESH, None)


def reset_trainee(username: str) -> None:
    told = st.session_state.setdefault(TOLD, {})
    erased = training.reset_trainee(db, me, username)
    told["text"] = t("training.reset_done", count=erased)


def reset_cohort(cohort_id: int) -> None:
    told = st.session_state.setdefault(TOLD, {})
    count = training.reset_cohort(db, me, cohort_id)
    told["text"] = t("training.reset_cohort_done", count=count)


st.header(t("training.form_title"))
with st.form(forms.keyed(MAKE)):
    st.text_input(t("training.name"), key="cohorts_name", max_chars=training.MAX_COHORT_NAME, help=t("training.name_help"))
    forms.error(MAKE, "name")
    st.text_input(t("training.prefix"), key="cohorts_prefix", max_chars=training.MAX_PREFIX, help=t("training.prefix_help"))
    forms.error(MAKE, "prefix")
    st.number_input(t("training.size"), key="cohorts_size", min_value=1, max_value=MAX_TRAINEES, value=15, step=1)
    forms.error(MAKE, "size")
    st.form_submit_button(t("training.submit"), type="primary", on_click=forms.action(MAKE, make, with_request=True))
forms.error(MAKE)

told = st.session_state.get(TOLD, {}).pop("text", None)
if told:
    st.success(told)

fresh = st.session_state.get(FRESH)
if fresh:
    with st.container(border=True, key="cohorts_sheet"):
        st.subheader(t("training.sheet_title"))
        st.write(t("training.sheet_once"))
        st.table(
            [
                {t("training.username"): username, t("training.trainee_name"): name, t("training.password"): password}
                for username, name, password in fresh["rows"]
            ]
        )
        st.button(t("training.sheet_done"), key="cohorts_noted", on_click=noted)

# The copies of new or reset trainees, made here trainee by trainee, so that the trainer
# sees how far it is; a run cut off leaves the rest waiting for the next one.
waiting = training.waiting(db, me)
if waiting:
    with st.status(t("training.building", username=waiting[0].username, number=1, total=len(waiting))) as status:
        for number, trainee in enumerate(waiting, start=1):
            status.update(label=t("training.building", username=trainee.username, number=number, total=len(waiting)))
            training.make_copies(db, me, trainee.username)
        status.update(label=t("training.built", count=len(waiting)), state="complete", expanded=False)

st.header(t("training.cohorts_title"))
listing = training.cohorts(db, me)
if not listing:
    st.write(t("training.no_cohorts"))
for cohort in listing:
    with st.container(border=True, key=f"cohorts_cohort_{cohort.id}"):
        st.subheader(cohort.name)
        st.caption(t("training.cohort_caption", date=day(cohort.made_at.date()), by=plain(cohort.made_by)))
        st.dataframe(
            [
                {
                    t("training.username"): tr.username,
                    t("training.trainee_name"): tr.name,
                    t("training.copies"): t(f"training.copies_{tr.copies.value}"),
                    t("training.cases"): tr.cases,
                }
                for tr in cohort.trainees
            ],
            hide_index=True,
            width="stretch",
        )
        st.caption(t("training.reset_explain"))
        left, right = st.columns(2)
        with left:
            chosen = st.selectbox(
                t("training.reset_choose"), [tr.username for tr in cohort.trainees], key=f"cohorts_trainee_{cohort.id}",
            )
            st.button(
                t("training.reset_trainee"), key=f"cohorts_reset_trainee_{cohort.id}",
                on_click=forms.action(RESET, lambda username=chosen: reset_trainee(username)),
            )
        with right:
            st.button(
                t("training.reset_cohort"), key=f"cohorts_reset_cohort_{cohort.id}",
                on_click=forms.action(RESET, lambda cohort_id=cohort.id: reset_cohort(cohort_id)),
            )
forms.error(RESET)
