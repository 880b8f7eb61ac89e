"""The card set: browse every card with all its sides, and make a printable card sheet
(PDF) of a chosen set for facilitators who also work on paper. No case data here."""

import streamlit as st

from reset_core import organisation
from reset_core.card_views import card_face, card_title
from reset_core.cards import load_card_set
from reset_core.documents.card_sheet import card_sheet
from reset_core.i18n import LANGUAGES
from ui import cards as card_ui
from ui.documents import offer_download
from ui.state import lang, store, t, user

user()  # facilitators only reach this page through the menu; still, no login, no page
card_set = load_card_set()
ss = st.session_state

st.title(t("card_sheet.page_title"))
st.caption(t("card_sheet.intro"))

chosen = card_ui.filters(card_set, "cards_browse")
if not chosen:
    st.info(t("conversation.no_cards"))
for card in chosen:
    face = card_face(card_set, card, lang())
    with st.expander(f"{card_ui.kicker(face)} · {face.title}"):
        # One block per card, not one per line: the page lists every card (issue 19).
        groups = (f"**{t(key)}**\n\n" + "\n".join(f"- {question}" for question in questions) for key, questions in face.groups)
        st.markdown("\n\n".join((face.explanation, *groups)))
        st.caption(f"{t('card_sheet.hint')}: {face.hint}")


def forget_sheet() -> None:
    """A changed choice makes the sheet made before out of date."""
    ss.pop("cards_sheet_pdf", None)


def take_filtered(card_ids: list[str]) -> None:
    ss["cards_sheet_cards"] = card_ids
    forget_sheet()


st.header(t("card_sheet.make_title"))
all_ids = [card.id for card in card_set.cards]
if "cards_sheet_cards" not in ss:
    ss["cards_sheet_cards"] = [card.id for card in chosen]
st.multiselect(
    t("card_sheet.choose"), all_ids, key="cards_sheet_cards", format_func=lambda c: card_title(card_set, c, lang()),
    on_change=forget_sheet,
)
st.button(t("card_sheet.take_filtered"), key="cards_sheet_take_filtered", on_click=take_filtered, args=([c.id for c in chosen],))
st.selectbox(
    t("card_sheet.language"), LANGUAGES, index=LANGUAGES.index(lang()), key="cards_sheet_language",
    format_func=lambda code: t(f"app.language_{code}"), on_change=forget_sheet,
)

if st.button(t("card_sheet.make"), key="cards_sheet_make", type="primary"):
    if not ss.cards_sheet_cards:
        st.error(t("card_sheet.none_chosen"))
    else:
        with st.spinner(t("card_sheet.busy")):
            ss["cards_sheet_pdf"] = card_sheet(ss.cards_sheet_cards, ss.cards_sheet_language, organisation=organisation.profile(store()))
if ss.get("cards_sheet_pdf"):
    offer_download(
        t("card_sheet.download"), ss["cards_sheet_pdf"], file_name="reset-kaarten.pdf", mime="application/pdf",
        key="cards_sheet_download", icon=":material/download:",
    )
