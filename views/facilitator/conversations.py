"""Card conversations: the facilitator meets the employee and the manager apart, puts
cards on the table, notes what comes up per card and records insights. Notes are
private; an insight is shared only with its owner's consent, one at a time."""

from datetime import date

import streamlit as st

from reset_core import conversations as talks
from reset_core import services
from reset_core.allowed import Use
from reset_core.card_views import card_face, card_title, theme_name
from reset_core.cards import PHASES, load_card_set
from reset_core.formats import day, moment
from reset_core.model import AdjustmentKind, Audience, Conversation, ConversationParty, Insight
from ui import cards as card_ui
from ui import edits, focus, forms
from ui.forms import EARLIEST, LATEST
from ui.state import lang, or_stop, refused, t

NEW = 0

me, db, case_id = focus.case_screen("conversation.title", "conversation.intro")
card_set = load_card_set()
ss = st.session_state
case = or_stop(services.get_case, db, me, case_id)
allowance = or_stop(services.allowance, db, me, case_id)
# Withdrawn consent: the reason, and nothing of the conversations.
if refused(allowance, Use.CONVERSATIONS):
    st.stop()
# Closed: the reason on top of conversations that stay readable; a change is refused with it.
refused(allowance, Use.CONVERSATION_EDITS)


def party_label(party: ConversationParty) -> str:
    return t(f"conversation.party_{party.value}")


def owner_label(party: ConversationParty) -> str:
    return t(f"conversation.owner_{party.value}")


party = edits.choice(
    st.radio, t("conversation.party"), list(ConversationParty), "conversations_party", ConversationParty.EMPLOYEE,
    party_label, horizontal=True,
)
names = {ConversationParty.EMPLOYEE: case.employee.name, ConversationParty.MANAGER: case.manager.name}
if party in names:
    st.text(names[party])

held = or_stop(talks.list_conversations, db, me, case_id, party)
by_id = {c.id: c for c in held}

pick_key = f"conversations_current_{case_id}_{party.value}"
options = [NEW] + [c.id for c in reversed(held)]  # the newest first


def conversation_label(conversation_id: int) -> str:
    if conversation_id == NEW:
        return t("conversation.new")
    c = by_id[conversation_id]
    return t(
        "conversation.conversation_label", number=c.id, date=day(c.on_date), phase=card_ui.phase_label(c.phase),
        cards=len(c.cards),
    )


current_id = edits.choice(
    st.selectbox, t("conversation.pick"), options, pick_key, options[1] if held else NEW, conversation_label
)

# A notice stays until the next action on this case: popped in a run that a rerun then
# cut short, it would never be seen, and the click would look ignored.
NOTICE = "conversations_notice"
notice = ss.get(NOTICE)
if notice and notice[0] == case_id:
    st.success(notice[1])


def tell(key: str) -> None:
    ss[NOTICE] = (case_id, t(key))


def act(form: str, fn, with_request: bool = False) -> object:
    """forms.action, after clearing the notice of the previous action."""

    def run(*request: str) -> None:
        ss.pop(NOTICE, None)
        fn(*request)

    return forms.action(form, run, with_request=with_request)

# --- a new conversation -----------------------------------------------------------------

if current_id == NEW:
    NEW_FORM = "conversations_new"

    def start(request: str) -> None:
        started = talks.start_conversation(
            db, me, case_id, party, ss.conversations_new_date, ss.conversations_new_phase,
            ss.get("conversations_new_with_whom", ""), request=request,
        )
        edits.choose(pick_key, started.id)
        tell("conversation.started")

    with st.form(NEW_FORM):
        st.subheader(t("conversation.new_title"))
        st.date_input(
            t("conversation.on_date"), value=date.today(), min_value=EARLIEST, max_value=LATEST,
            key="conversations_new_date", format="DD/MM/YYYY",
        )
        forms.error(NEW_FORM, "on_date")
        phases = list(PHASES)
        st.selectbox(
            t("conversation.phase"), phases, index=phases.index(talks.CARD_PHASE[case.phase]),
            key="conversations_new_phase", format_func=card_ui.phase_label,
        )
        if party is ConversationParty.OTHER:
            st.text_input(t("conversation.with_whom"), max_chars=talks.MAX_WITH_WHOM, key="conversations_new_with_whom")
            forms.error(NEW_FORM, "with_whom")
        st.form_submit_button(t("conversation.start"), type="primary", on_click=act(NEW_FORM, start, with_request=True))
    forms.error(NEW_FORM)
    st.stop()

conversation: Conversation = by_id[current_id]
cid = conversation.id
focus_key = f"conversations_focus_{cid}"

st.subheader(t("conversation.header", date=day(conversation.on_date), phase=card_ui.phase_label(conversation.phase)))
if conversation.with_whom:
    st.text(conversation.with_whom)


def focus(card_id: str | None) -> None:
    ss[focus_key] = card_id


def draw(card_id: str) -> None:
    talks.use_card(db, me, case_id, cid, card_id)
    focus(card_id)


def note_area(card_id: str) -> None:
    """The private note on one card, saved when the field is left, against the version
    it was drawn from (ui.edits)."""
    note = saved_notes.get(card_id)

    def save(text: str, base: int) -> edits.Stored:
        saved = talks.save_card_note(db, me, case_id, cid, card_id, text, base=base)
        return edits.Stored(saved.note, saved.version, saved.saved_at)

    edits.text_area(
        f"conversations_note_{cid}_{card_id}", t("conversation.note"),
        edits.Stored(note.note, note.version, note.saved_at) if note else edits.Stored("", 0), save,
        max_chars=talks.MAX_NOTE, height=180, help=t("conversation.note_help"),
    )


saved_notes = {n.card_id: n for n in conversation.cards}

# --- one card on the table --------------------------------------------------------------

focused = ss.get(focus_key)
if focused:
    card = card_set.card(focused)
    used = list(conversation.card_ids)
    at = used.index(focused) if focused in used else None
    back, previous, following = st.columns(3)
    back.button(t("conversation.focus_back"), key="conversations_focus_back", on_click=focus, args=(None,), icon=":material/grid_view:")
    previous.button(
        t("conversation.focus_previous"), key="conversations_focus_previous", on_click=focus,
        args=(used[at - 1] if at else None,), disabled=not at, icon=":material/arrow_back:",
    )
    following.button(
        t("conversation.focus_next"), key="conversations_focus_next", on_click=focus,
        args=(used[at + 1] if at is not None and at + 1 < len(used) else None,),
        disabled=at is None or at + 1 >= len(used), icon=":material/arrow_forward:",
    )
    face = card_face(card_set, card, lang(), party)
    with st.container(border=True):
        card_ui.full(face)
    card_ui.hint(face)
    note_area(focused)

    QUICK = "conversations_quick_insight"

    def quick_insight(request: str) -> None:
        talks.add_insight(db, me, case_id, cid, ss.conversations_quick_insight_text, card_id=focused, request=request)
        tell("conversation.insight_added")

    with st.form(forms.keyed(QUICK), clear_on_submit=True):
        st.text_area(t("conversation.insight_text"), max_chars=talks.MAX_INSIGHT, key="conversations_quick_insight_text", height=80)
        forms.error(QUICK, "insight_text")
        st.form_submit_button(t("conversation.add_insight"), on_click=act(QUICK, quick_insight, with_request=True))
    forms.error(QUICK)
    st.stop()

# --- the conversation -------------------------------------------------------------------

with st.expander(t("conversation.edit")):
    EDIT = f"conversations_edit_{cid}"

    def save_details(base: int = conversation.version) -> None:
        talks.update_conversation(
            db, me, case_id, cid, ss[f"{EDIT}_date"], ss[f"{EDIT}_phase"], ss.get(f"{EDIT}_with_whom", ""), base=base,
        )
        tell("conversation.saved")

    with st.form(EDIT):
        st.date_input(
            t("conversation.on_date"), value=conversation.on_date, min_value=EARLIEST, max_value=LATEST,
            key=f"{EDIT}_date", format="DD/MM/YYYY",
        )
        forms.error(EDIT, "on_date")
        phases = list(PHASES)
        st.selectbox(
            t("conversation.phase"), phases, index=phases.index(conversation.phase), key=f"{EDIT}_phase",
            format_func=card_ui.phase_label,
        )
        if party is ConversationParty.OTHER:
            st.text_input(t("conversation.with_whom"), value=conversation.with_whom, max_chars=talks.MAX_WITH_WHOM, key=f"{EDIT}_with_whom")
            forms.error(EDIT, "with_whom")
        st.form_submit_button(t("conversation.save"), on_click=act(EDIT, save_details))
    forms.error(EDIT, "conversation")
    forms.error(EDIT)

tab_cards, tab_notes, tab_insights, tab_items, tab_earlier = st.tabs(
    [
        t("conversation.tab_cards"), t("conversation.tab_notes"), t("conversation.tab_insights"),
        t("conversation.tab_adjustments"), t("conversation.tab_earlier"),
    ]
)

DRAW = "conversations_draw"

with tab_cards:
    forms.error(DRAW, "card")
    forms.error(DRAW)
    chosen = card_ui.filters(card_set, "conversations_browse")
    if not chosen:
        st.info(t("conversation.no_cards"))
    for card in chosen:
        with st.container(border=True):
            card_ui.summary(card_face(card_set, card, lang(), party))
            if card.id in conversation.card_ids:
                st.caption(t("conversation.used"))
            st.button(
                t("conversation.draw"), key=f"conversations_draw_{card.id}", icon=":material/style:",
                on_click=act(DRAW, lambda card_id=card.id: draw(card_id)),
            )

with tab_notes:
    st.caption(t("conversation.notes_private"))
    if not conversation.cards:
        st.info(t("conversation.no_cards_used"))
    for used in conversation.cards:
        st.markdown(f"**{used.position}. {card_title(card_set, used.card_id, lang())}**")
        note_area(used.card_id)
        st.button(
            t("conversation.open_card"), key=f"conversations_open_{used.card_id}", on_click=focus,
            args=(used.card_id,), icon=":material/open_in_full:",
        )


def reference(insight: Insight) -> str:
    parts = []
    if insight.card_id:
        parts.append(card_title(card_set, insight.card_id, lang()))
    if insight.theme_id and insight.card_id != f"theme_{insight.theme_id}":  # a theme card names its theme
        parts.append(theme_name(card_set, insight.theme_id, lang()))
    return " · ".join(parts)


def sharing_state(insight: Insight) -> str:
    latest = talks.latest_sharing(insight)
    if latest is None:
        return t("conversation.insight_private")
    if talks.is_shared(insight):
        return t("conversation.insight_shared", party=owner_label(latest.agreed_by), date=day(latest.on_date))
    return t("conversation.insight_withdrawn", party=owner_label(insight.owner), date=day(latest.on_date))


def show_insight(insight: Insight) -> None:
    st.text(insight.text)
    if reference(insight):
        st.caption(reference(insight))
    st.caption(sharing_state(insight))


with tab_insights:
    st.caption(t("conversation.insights_intro"))
    if not conversation.insights:
        st.info(t("conversation.no_insights"))
    for insight in conversation.insights:
        with st.container(border=True):
            show_insight(insight)
            if talks.is_shared(insight):
                form = f"conversations_withdraw_{insight.id}"

                def withdraw(insight_id=insight.id, form=form) -> None:
                    talks.withdraw_sharing(db, me, case_id, insight_id, ss[f"{form}_date"], ss[f"{form}_note"])
                    tell("conversation.withdrawn_done")

                with st.expander(t("conversation.withdraw_title"), expanded=forms.has_error(form, "sharing_date")):
                    with st.form(form):
                        st.date_input(t("conversation.withdraw_date"), value=date.today(), min_value=EARLIEST, max_value=LATEST, key=f"{form}_date", format="DD/MM/YYYY")
                        forms.error(form, "sharing_date")
                        st.text_input(t("conversation.sharing_note"), max_chars=talks.MAX_SHARING_NOTE, key=f"{form}_note")
                        st.form_submit_button(t("conversation.withdraw"), on_click=act(form, withdraw))
                forms.error(form, "insight")
                forms.error(form)
            else:
                form = f"conversations_share_{insight.id}"

                def share(insight=insight, form=form) -> None:
                    agreed = insight.owner if ss[f"{form}_consent"] else None
                    talks.share_insight(db, me, case_id, insight.id, agreed, ss[f"{form}_date"], ss[f"{form}_note"])
                    tell("conversation.shared_done")

                failed = forms.has_error(form, "agreed_by") or forms.has_error(form, "sharing_date")
                with st.expander(t("conversation.share_title"), expanded=failed):
                    with st.form(form):
                        st.checkbox(t("conversation.share_consent", party=owner_label(insight.owner)), key=f"{form}_consent")
                        forms.error(form, "agreed_by")
                        st.date_input(t("conversation.sharing_date"), value=date.today(), min_value=EARLIEST, max_value=LATEST, key=f"{form}_date", format="DD/MM/YYYY")
                        forms.error(form, "sharing_date")
                        st.text_input(t("conversation.sharing_note"), max_chars=talks.MAX_SHARING_NOTE, key=f"{form}_note")
                        st.form_submit_button(t("conversation.share"), type="primary", on_click=act(form, share))
                forms.error(form, "insight")
                forms.error(form)
                if not insight.sharing:
                    remove_form = f"conversations_remove_insight_{insight.id}"

                    def remove(insight_id=insight.id) -> None:
                        talks.remove_insight(db, me, case_id, insight_id)
                        tell("conversation.removed")

                    st.button(t("conversation.remove"), key=remove_form, on_click=act(remove_form, remove))
                    forms.error(remove_form, "insight")
                    forms.error(remove_form)
            if insight.sharing:
                with st.expander(t("conversation.sharing_history")):
                    st.dataframe(
                        [
                            {
                                t("conversation.history_state"): t("conversation.history_shared") if e.shared else t("conversation.history_withdrawn"),
                                t("conversation.history_date"): e.on_date,
                                t("conversation.history_agreed_by"): owner_label(e.agreed_by),
                                t("conversation.history_note"): e.note,
                                t("conversation.history_recorded"): f"{e.recorded_by}, {moment(e.recorded_at)}",
                            }
                            for e in insight.sharing
                        ],
                        hide_index=True,
                        width="stretch",
                    )

    INSIGHT = "conversations_insight"
    theme_ids = [theme.id for theme in card_set.themes]

    def add_insight(request: str) -> None:
        talks.add_insight(
            db, me, case_id, cid, ss.conversations_insight_text, ss.conversations_insight_card, ss.conversations_insight_theme,
            request=request,
        )
        tell("conversation.insight_added")

    st.subheader(t("conversation.add_insight"))
    with forms.draft_form(INSIGHT):
        st.text_area(t("conversation.insight_text"), max_chars=talks.MAX_INSIGHT, **forms.field(INSIGHT, "conversations_insight_text"))
        forms.error(INSIGHT, "insight_text")
        left, right = st.columns(2)
        with left:
            st.selectbox(
                t("conversation.insight_card"), [None, *conversation.card_ids], key="conversations_insight_card",
                format_func=lambda c: t("conversation.none") if c is None else card_title(card_set, c, lang()),
            )
            forms.error(INSIGHT, "card")
        with right:
            st.selectbox(
                t("conversation.insight_theme"), [None, *theme_ids], key="conversations_insight_theme",
                format_func=lambda th: t("conversation.none") if th is None else theme_name(card_set, th, lang()),
            )
            forms.error(INSIGHT, "theme")
        forms.submit(INSIGHT, t("conversation.add_insight"), act(INSIGHT, add_insight, with_request=True))
    forms.error(INSIGHT)

    st.subheader(t("conversation.visible_title"))
    st.caption(t("conversation.visible_intro"))
    visible = talks.shared_insights(db, me, case_id, Audience.JOINT)
    if not visible:
        st.info(t("conversation.visible_none"))
    for shared in visible:
        st.text(f"{party_label(shared.owner)} · {day(shared.shared_on)}: {shared.text}")

with tab_items:
    st.caption(t("conversation.items_private"))
    st.subheader(t("conversation.adjustments"))
    if not conversation.adjustments:
        st.caption(t("conversation.no_adjustments"))
    for adjustment in conversation.adjustments:
        text_col, button_col = st.columns([5, 1])
        text_col.text(f"{t(f'conversation.adjustment_kind_{adjustment.kind.value}')}: {adjustment.text}")

        def drop_adjustment(adjustment_id=adjustment.id) -> None:
            talks.remove_adjustment(db, me, case_id, adjustment_id)

        button_col.button(
            t("conversation.remove"), key=f"conversations_remove_adjustment_{adjustment.id}",
            on_click=act("conversations_remove_item", drop_adjustment),
        )

    ADJUSTMENT = "conversations_adjustment"

    def add_adjustment(request: str) -> None:
        talks.add_adjustment(
            db, me, case_id, cid, ss.conversations_adjustment_kind, ss.conversations_adjustment_text, request=request
        )

    with forms.draft_form(ADJUSTMENT):
        kind_col, text_col = st.columns([1, 3])
        kind_col.selectbox(
            t("conversation.adjustment_kind"), list(AdjustmentKind), key="conversations_adjustment_kind",
            format_func=lambda k: t(f"conversation.adjustment_kind_{k.value}"),
        )
        text_col.text_input(t("conversation.adjustment_text"), max_chars=talks.MAX_ITEM, **forms.field(ADJUSTMENT, "conversations_adjustment_text"))
        forms.error(ADJUSTMENT, "adjustment_text")
        forms.submit(ADJUSTMENT, t("conversation.add_adjustment"), act(ADJUSTMENT, add_adjustment, with_request=True), primary=False)
    forms.error(ADJUSTMENT)

    st.subheader(t("conversation.goals"))
    if not conversation.goals:
        st.caption(t("conversation.no_goals"))
    for goal in conversation.goals:
        text_col, button_col = st.columns([5, 1])
        label = theme_name(card_set, goal.theme_id, lang()) if goal.theme_id else ""
        text_col.text(f"{goal.text} ({label})" if label else goal.text)

        def drop_goal(goal_id=goal.id) -> None:
            talks.remove_goal(db, me, case_id, goal_id)

        button_col.button(
            t("conversation.remove"), key=f"conversations_remove_goal_{goal.id}",
            on_click=act("conversations_remove_item", drop_goal),
        )
    forms.error("conversations_remove_item")

    GOAL = "conversations_goal"

    def add_goal(request: str) -> None:
        talks.add_goal(db, me, case_id, cid, ss.conversations_goal_text, ss.conversations_goal_theme, request=request)

    with forms.draft_form(GOAL):
        text_col, theme_col = st.columns([3, 1])
        text_col.text_input(t("conversation.goal_text"), max_chars=talks.MAX_ITEM, **forms.field(GOAL, "conversations_goal_text"))
        forms.error(GOAL, "goal_text")
        theme_col.selectbox(
            t("conversation.goal_theme"), [None, *[theme.id for theme in card_set.themes]], key="conversations_goal_theme",
            format_func=lambda th: t("conversation.none") if th is None else theme_name(card_set, th, lang()),
        )
        forms.submit(GOAL, t("conversation.add_goal"), act(GOAL, add_goal, with_request=True), primary=False)
    forms.error(GOAL)


def open_conversation(conversation_id: int) -> None:
    edits.choose(pick_key, conversation_id)


with tab_earlier:
    earlier = [c for c in reversed(held) if c.id != cid]
    if not earlier:
        st.info(t("conversation.earlier_none"))
    for other in earlier:
        with st.expander(conversation_label(other.id)):
            if other.with_whom:
                st.text(other.with_whom)
            st.markdown(f"**{t('conversation.cards_used')}**")
            if not other.cards:
                st.caption(t("conversation.no_cards_used"))
            for used in other.cards:
                st.caption(f"{used.position}. {card_title(card_set, used.card_id, lang())}")
                if used.note:
                    st.text(used.note)
            st.markdown(f"**{t('conversation.insights')}**")
            for insight in other.insights:
                show_insight(insight)
            if other.adjustments:
                st.markdown(f"**{t('conversation.adjustments')}**")
                for adjustment in other.adjustments:
                    st.text(f"{t(f'conversation.adjustment_kind_{adjustment.kind.value}')}: {adjustment.text}")
            if other.goals:
                st.markdown(f"**{t('conversation.goals')}**")
                for goal in other.goals:
                    st.text(goal.text)
            st.button(
                t("conversation.open"), key=f"conversations_open_conversation_{other.id}",
                on_click=open_conversation, args=(other.id,),
            )
