"""The case in focus: one case for every case page, chosen once, kept in the address.

Streamlit forgets a widget's value when its page is left, and a click in the sidebar
drops the query string. So the focus lives in a plain session key, which survives page
switches, and every case page writes it back into `?case=ID`, which survives a reload,
a new tab and a shared link. An id in the address wins over the session: it is what a
link or a reload asks for. A case the user may not see gets a message, never another
case in its place.

The joint screen on the projector is the same focus plus `present=1` in the address,
so that a reload of the presenting tab comes back to the same case's joint screen.
"""

from __future__ import annotations

import streamlit as st

from reset_core import services
from reset_core.errors import ResetError
from reset_core.model import CaseSummary, Phase, User
from reset_core.storage import Store

from .state import forget_case_outputs, store, t, user
from .text import plain

FOCUS = "case_focus"  # the case id in focus (or NEW on intake), in this browser session
PICKER = "case_focus_pick"  # the picker's widget key, set from FOCUS before every draw
PRESENTING = "case_presenting"
NEW = 0

# Where a case's next step is done: a row clicked on the home page opens it.
NEXT_PAGE = {
    Phase.INTAKE: "intake",
    Phase.PREPARATION: "conversations",
    Phase.JOINT_DIALOGUE: "dialogue",
    Phase.RETURN: "agreement",
    Phase.FOLLOW_UP: "followup",
    Phase.CLOSED: "closing",
}


def _asked() -> int | None:
    """The case the address asks for: an id, or -1 for something that is none."""
    wanted = st.query_params.get("case")
    if wanted is None:
        return None
    # ASCII digits only, and short: "²" is a digit to str.isdigit but not to int(), and a
    # number beyond the database's integers would fail in the query (issue 13, ?case=²).
    return int(wanted) if wanted.isascii() and wanted.isdigit() and 0 < len(wanted) <= 9 and int(wanted) > 0 else -1


def current() -> int | None:
    """The case in focus in this session (NEW for a new case on intake), or None."""
    return st.session_state.get(FOCUS)


def set_focus(case_id: int | None) -> None:
    """Put `case_id` in focus (None: none, NEW: a new case), in the session and the address.

    Whatever the session holds for the case left behind (fresh links, documents) goes:
    it must never show under the next one."""
    ss = st.session_state
    if ss.get(FOCUS) != case_id:
        forget_case_outputs()
    if case_id is None:
        ss.pop(FOCUS, None)
    else:
        ss[FOCUS] = case_id
    if case_id:
        st.query_params["case"] = str(case_id)
    else:
        st.query_params.pop("case", None)


def go_to(page: str, case_id: int) -> None:
    """Open another case page (a facilitator's screen) on `case_id`."""
    set_focus(case_id)
    st.switch_page(f"views/facilitator/{page}.py", query_params={"case": str(case_id)})


def open_next_step(summary: CaseSummary) -> None:
    go_to(NEXT_PAGE.get(summary.case.phase, "intake"), summary.case.id)


def _picked() -> None:
    set_focus(st.session_state[PICKER])


def _refused(db: Store, me: User, case_id: int) -> None:
    """The address names a case this user may not see: say so, and log the attempt."""
    if case_id > 0:
        try:  # reset_core decides, and logs a refusal in the case's history
            services.get_case(db, me, case_id)
        except ResetError:
            pass
    st.error(t("focus.unavailable", id=case_id if case_id > 0 else plain(st.query_params.get("case", ""))))
    st.session_state.pop(FOCUS, None)


def case_page(db: Store, me: User, *, allow_new: bool = False) -> int | None:
    """The top of every case page: the picker and the header of the case in focus.

    Returns the case id; on intake (`allow_new`) None when a new case is chosen. Stops
    the page when no case is in focus yet, or the address names one the user may not see.
    """
    summaries = {s.case.id: s for s in services.list_cases(db, me)}
    if not summaries and not allow_new:
        st.info(t("home.no_cases"))
        st.stop()
    asked = _asked()
    if asked is not None and asked not in summaries:
        _refused(db, me, asked)
        focus = None
    elif asked is not None:
        focus = asked
    else:
        focus = current()
        if focus not in summaries and not (allow_new and focus == NEW):
            focus = None
    if asked is None and FOCUS not in st.session_state:  # nothing chosen yet in this tab
        if not summaries:
            focus = NEW
        elif len(summaries) == 1:
            focus = next(iter(summaries))  # the only case: nobody else can slip in
    if focus is not None:
        set_focus(focus)

    options = ([NEW] if allow_new else []) + list(summaries)
    labels = {case_id: t("intake.case_label", id=case_id, employee=s.case.employee.name) for case_id, s in summaries.items()}
    st.session_state[PICKER] = focus
    left, right = st.columns([2, 5], vertical_alignment="bottom")
    left.selectbox(
        t("intake.pick_case"), options, key=PICKER, on_change=_picked, placeholder=t("focus.choose"),
        format_func=lambda case_id: t("intake.new_case") if case_id == NEW else labels[case_id],
    )
    if focus is None:
        st.info(t("focus.choose_hint"))
        st.stop()
    if focus == NEW:
        return None
    with right:
        header(summaries[focus])
    return focus


def case_screen(title_key: str, intro_key: str | None = None, *, allow_new: bool = False) -> tuple[User, Store, int | None]:
    """The top of a facilitator's case page: its title (and intro), then `case_page`.
    Returns the logged-in user, the database and the case in focus."""
    me, db = user(), store()
    st.title(t(title_key))
    if intro_key:
        st.caption(t(intro_key))
    return me, db, case_page(db, me, allow_new=allow_new)


def header(summary: CaseSummary) -> None:
    """Who the case is about and where it stands, on top of every case page."""
    case = summary.case
    facts = (
        (t("home.employee"), case.employee.name),
        (t("home.manager"), case.manager.name),
        (t("home.phase"), t(f"phase.{case.phase.value}")),
        (t("home.next_step"), t(summary.next_step)),
    )
    with st.container(border=True, key="case_header"):
        for column, (label, value) in zip(st.columns([3, 3, 3, 4]), facts):
            column.caption(label)
            column.markdown(f"**{plain(value)}**")


# --- the joint screen on the projector -------------------------------------------------


def presenting() -> bool:
    """Whether this tab shows the joint screen on the projector (app.py routes on it)."""
    return st.query_params.get("present") == "1" or bool(st.session_state.get(PRESENTING))


def start_presenting(case_id: int) -> None:
    set_focus(case_id)
    st.session_state[PRESENTING] = True
    st.query_params["present"] = "1"


def stop_presenting() -> None:
    st.session_state.pop(PRESENTING, None)
    st.query_params.pop("present", None)


def presented_case(db: Store, me: User) -> int | None:
    """The case on the projector: the one in focus, if this user may see it; None when
    there is none, and the screen stays neutral (no picker, no other case)."""
    st.session_state[PRESENTING] = True
    st.query_params["present"] = "1"
    asked = _asked()
    focus = asked if asked is not None else current()
    if not focus or focus < 0:
        return None
    try:
        services.get_case(db, me, focus)
    except ResetError:
        return None
    set_focus(focus)
    return focus


# --- what a page keeps in the session for one case ----------------------------------------


def keep(key: str, case_id: int, made_by: str) -> dict:
    """The place under `key` for what the click `made_by` (a request token, a moment)
    makes for `case_id` only: fresh links, a built document. A callback takes it *before*
    it writes to the database and fills it after: a session write after the database write
    can be cut off by the next click, filling a dict in hand cannot (ui.forms.ERRORS). A
    repeat of the same click gets the same place back, with what the first one put there."""
    held = st.session_state.get(key)
    if isinstance(held, tuple) and len(held) == 3 and held[:2] == (case_id, made_by):
        return held[2]
    box: dict = {}
    st.session_state[key] = (case_id, made_by, box)
    return box


def kept(key: str, case_id: int, *, pop: bool = False) -> dict | None:
    """What `keep`'s place under `key` holds for this very case; None for any other case."""
    held = st.session_state.pop(key, None) if pop else st.session_state.get(key)
    if isinstance(held, tuple) and len(held) == 3 and held[0] == case_id and held[2]:
        return held[2]
    return None
