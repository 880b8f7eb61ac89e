"""The card conversation page and the card set page, through AppTest."""

import io
from datetime import date, timedelta

import pytest
from pypdf import PdfReader

from reset_core import accounts, intake
from reset_core import conversations as talks
from reset_core.card_views import card_face
from reset_core.cards import load_card_set
from reset_core.model import COMMAND_LINE, PROCESSING, AdjustmentKind, Audience, ConversationParty, Role
from tests.app.conftest import app_store, logged_in, open_page, submit_button, texts, view
from tests.conftest import PASSWORD, open_case
from ui.focus import PICKER

EMPLOYEE, MANAGER = ConversationParty.EMPLOYEE, ConversationParty.MANAGER


@pytest.fixture
def case_id(fien):
    store = app_store()
    case_id = open_case(store, fien, "Marc Verbeke", sick_leave_start=date.today() - timedelta(days=90))
    intake.record_consent(store, fien, case_id, PROCESSING, True, date.today() - timedelta(days=60))
    return case_id


def keyed(widgets, prefix):
    """The one widget whose key is `prefix` and a generation (ui.edits draws it anew when needed)."""
    def drawn_for(key: str) -> bool:
        head, _, generation = key.rpartition("_")
        return key == prefix or (head == prefix and generation.isdigit())

    (widget,) = [w for w in widgets if w.key and drawn_for(w.key)]
    return widget


def note(at, talk_id, card_id):
    return keyed(at.text_area, f"conversations_note_{talk_id}_{card_id}")


def party_radio(at):
    return keyed(at.radio, "conversations_party")


def page(case_id, username="fien"):
    return open_page("conversations", username, case_id)


def start(at, party=EMPLOYEE):
    if party is not EMPLOYEE:
        party_radio(at).set_value(party).run()
    return at.button(key="FormSubmitter:conversations_new-Gesprek starten").click().run()


def held(fien, case_id, party=EMPLOYEE):
    return talks.list_conversations(app_store(), fien, case_id, party)


def test_a_facilitator_holds_a_conversation_shares_one_insight_and_finds_it_back_in_a_new_session(fien, case_id):
    card = load_card_set().card("theme_team_relations").text("nl")
    at = start(page(case_id))
    assert not at.exception
    assert "Het gesprek is gestart." in texts(at)
    (talk,) = held(fien, case_id)

    # Put a card on the table: large, with the employee's side only.
    at.button(key="conversations_draw_theme_team_relations").click().run()
    page_text = texts(at)
    assert card.title in page_text
    assert card.employee_questions[0] in page_text
    assert card.manager_questions[0] not in page_text

    # Note while talking: saved as soon as the field changes.
    note(at, talk.id, "theme_team_relations").input("Spanning met een collega van de binnendienst.").run()
    assert held(fien, case_id)[0].cards[0].note == "Spanning met een collega van de binnendienst."

    at.text_area(key="conversations_quick_insight_text").input("Wil duidelijke afspraken over bestellingen.")
    submit_button(at, "conversations_quick_insight", "Inzicht toevoegen").click().run()
    assert "Inzicht toegevoegd" in texts(at)
    (insight,) = held(fien, case_id)[0].insights
    assert insight.card_id == "theme_team_relations" and not talks.is_shared(insight)

    # Back at the table overview: share that one insight with the employee's consent.
    at.button(key="conversations_focus_back").click().run()
    assert "Privé: niet gedeeld." in texts(at)
    at.checkbox(key=f"conversations_share_{insight.id}_consent").check()
    at.button(key=f"FormSubmitter:conversations_share_{insight.id}-Delen").click().run()
    assert "Het inzicht is gedeeld." in texts(at)
    (visible,) = talks.shared_insights(app_store(), fien, case_id, Audience.MANAGER)
    assert visible.text == "Wil duidelijke afspraken over bestellingen."

    # A new browser session: everything is found back.
    again = page(case_id)
    assert not again.exception
    assert keyed(again.selectbox, f"conversations_current_{case_id}_employee").value == talk.id
    assert note(again, talk.id, "theme_team_relations").value == "Spanning met een collega van de binnendienst."
    found = texts(again)
    assert "Wil duidelijke afspraken over bestellingen." in found
    assert "Gedeeld met toestemming van de medewerker sinds" in found


def test_nothing_is_shared_without_ticking_the_owners_consent(fien, case_id):
    at = start(page(case_id))
    (talk,) = held(fien, case_id)
    insight = talks.add_insight(app_store(), fien, case_id, talk.id, "Twijfelt over het tempo.")
    at.run()
    at.button(key=f"FormSubmitter:conversations_share_{insight.id}-Delen").click().run()
    assert "Vink het akkoord aan" in texts(at)
    assert talks.shared_insights(app_store(), fien, case_id, Audience.JOINT) == []


def test_a_withdrawal_on_the_page_makes_the_insight_private_again_everywhere(fien, case_id):
    store = app_store()
    talk = talks.start_conversation(store, fien, case_id, MANAGER, date.today() - timedelta(days=3), "preparation")
    insight = talks.add_insight(store, fien, case_id, talk.id, "Kan de regio tijdelijk kleiner maken.")
    talks.share_insight(store, fien, case_id, insight.id, MANAGER, date.today() - timedelta(days=3))
    at = page(case_id)
    party_radio(at).set_value(MANAGER).run()
    assert "Gedeeld met toestemming van de leidinggevende" in texts(at)
    at.button(key=f"FormSubmitter:conversations_withdraw_{insight.id}-Delen intrekken").click().run()
    assert "Het delen is ingetrokken" in texts(at)
    assert "Nog niets gedeeld in dit dossier." in texts(at)
    for audience in Audience:
        assert talks.shared_insights(store, fien, case_id, audience) == []


def test_a_private_note_is_never_listed_among_what_the_other_party_sees(fien, case_id):
    store = app_store()
    talk = talks.start_conversation(store, fien, case_id, EMPLOYEE, date.today(), "preparation")
    talks.save_card_note(store, fien, case_id, talk.id, "theme_autonomy", "PRIVÉ-NOTITIE over de collega")
    insight = talks.add_insight(store, fien, case_id, talk.id, "Wil zelf zijn dag plannen.", "theme_autonomy")
    talks.share_insight(store, fien, case_id, insight.id, EMPLOYEE, date.today())
    at = page(case_id)
    shown = [e.value for e in at.text]
    assert "Medewerker · " + f"{date.today():%d/%m/%Y}: Wil zelf zijn dag plannen." in shown
    assert not any("PRIVÉ-NOTITIE" in value for value in shown)
    assert "PRIVÉ-NOTITIE" not in texts(at)  # the note lives only in its own text field
    assert note(at, talk.id, "theme_autonomy").value == "PRIVÉ-NOTITIE over de collega"


def test_typed_text_stays_in_the_note_field_across_reruns_and_moves(fien, case_id):
    at = start(page(case_id))
    (talk,) = held(fien, case_id)
    at.button(key="conversations_draw_theme_autonomy").click().run()
    at.button(key="conversations_focus_back").click().run()
    at.button(key="conversations_draw_process_preparation").click().run()
    at.button(key="conversations_focus_previous").click().run()  # back to the autonomy card
    note(at, talk.id, "theme_autonomy").input("Eerste gedachte")
    at.button(key="conversations_focus_next").click().run()  # moving on saves what was typed
    assert held(fien, case_id)[0].cards[0].note == "Eerste gedachte"
    at.button(key="conversations_focus_previous").click().run()
    assert note(at, talk.id, "theme_autonomy").value == "Eerste gedachte"
    at.run()
    assert note(at, talk.id, "theme_autonomy").value == "Eerste gedachte"


def test_cards_are_filtered_by_kind_and_search(fien, case_id):
    at = start(page(case_id))
    at.selectbox(key="conversations_browse_kind").select("process").run()
    draws = {b.key for b in at.button if b.key and b.key.startswith("conversations_draw_")}
    assert draws == {f"conversations_draw_{c.id}" for c in load_card_set().process_cards}
    at.selectbox(key="conversations_browse_kind").select(None)
    at.text_input(key="conversations_browse_search").input("vertrouwen leidinggevende").run()
    draws = {b.key for b in at.button if b.key and b.key.startswith("conversations_draw_")}
    assert "conversations_draw_theme_manager_relationship" in draws
    assert "conversations_draw_process_evaluation" not in draws


def test_the_stigma_card_lies_on_the_table_with_the_manager_and_speaks_to_the_manager(fien, case_id):
    at = start(page(case_id), MANAGER)
    at.selectbox(key="conversations_browse_kind").select("topic").run()
    draws = {b.key for b in at.button if b.key and b.key.startswith("conversations_draw_")}
    assert draws == {"conversations_draw_topic_stigma", "conversations_draw_topic_organisation"}
    at.button(key="conversations_draw_topic_stigma").click().run()
    assert not at.exception
    card = load_card_set().card("topic_stigma").text("nl")
    shown = texts(at)
    assert "Onderwerpkaart" in shown and card.title in shown
    assert card.manager_explanation in shown and card.manager_questions[0] in shown
    assert card.employee_questions[0] not in shown
    assert [c.card_id for c in held(fien, case_id, MANAGER)[0].cards] == ["topic_stigma"]


def test_each_party_has_its_own_conversations_and_someone_else_must_be_named(fien, case_id):
    at = start(page(case_id))
    at = start(at, MANAGER)
    assert "Het gesprek is gestart." in texts(at)
    party_radio(at).set_value(ConversationParty.OTHER).run()
    at.button(key="FormSubmitter:conversations_new-Gesprek starten").click().run()
    assert "Dit veld is verplicht." in texts(at)
    assert [len(held(fien, case_id, p)) for p in ConversationParty] == [1, 1, 0]


def test_an_adjustment_and_a_provisional_goal_are_added(fien, case_id):
    at = start(page(case_id))
    at.text_input(key="conversations_adjustment_text").input("Opleiding voor het nieuwe bestelsysteem")
    at.selectbox(key="conversations_adjustment_kind").select(AdjustmentKind.TRAINING)
    submit_button(at, "conversations_adjustment", "Aanpassing toevoegen").click().run()
    at.text_input(key="conversations_goal_text").input("Zelfstandig orders ingeven binnen zes weken")
    submit_button(at, "conversations_goal", "Doel toevoegen").click().run()
    (talk,) = held(fien, case_id)
    assert [(a.kind.value, a.text) for a in talk.adjustments] == [("training", "Opleiding voor het nieuwe bestelsysteem")]
    assert [g.text for g in talk.goals] == ["Zelfstandig orders ingeven binnen zes weken"]
    assert "opleiding: Opleiding voor het nieuwe bestelsysteem" in texts(at)


def test_another_facilitator_does_not_see_the_case_or_its_conversations(fien, case_id):
    accounts.add_user(app_store(), COMMAND_LINE, "olaf", "Olaf", PASSWORD, Role.FACILITATOR)
    open_case(app_store(), next(u for u in accounts.login_directory(app_store()) if u.username == "olaf"), "Hanne Vermeulen")
    talk = talks.start_conversation(app_store(), fien, case_id, EMPLOYEE, date.today(), "preparation")
    talks.save_card_note(app_store(), fien, case_id, talk.id, "theme_autonomy", "Alleen voor Fien")
    other = page(case_id, "olaf")
    assert not other.exception
    assert case_id not in other.selectbox(key=PICKER).options
    assert "Marc Verbeke" not in texts(other)
    assert not any(ta.value == "Alleen voor Fien" for ta in other.text_area)


def test_the_card_set_page_makes_a_printable_sheet_of_the_chosen_cards(fien):
    at = logged_in("fien")
    at.switch_page(view("cards"))
    at.run()
    assert not at.exception
    at.selectbox(key="cards_browse_kind").select("theme").run()
    at.multiselect(key="cards_browse_themes").select("team_relations").run()
    face = card_face(load_card_set(), load_card_set().card("theme_team_relations"), "nl")
    shown = texts(at)  # the card itself, each question on its own line of the list
    assert face.explanation in shown and all(f"- {q}" in shown for _, questions in face.groups for q in questions)
    at.button(key="cards_sheet_take_filtered").click().run()
    assert at.multiselect(key="cards_sheet_cards").value == ["theme_team_relations"]
    at.button(key="cards_sheet_make").click().run()
    assert not at.exception
    data = at.session_state["cards_sheet_pdf"]
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    assert load_card_set().card("theme_team_relations").text("nl").title in text
    assert len(PdfReader(io.BytesIO(data)).pages) == 1


NOTES = {
    "theme_autonomy": "X1 wil zelf zijn dag plannen",
    "theme_team_relations": "A1 spanning met de binnendienst",
    "process_preparation": "X3 start in kleine stappen",
}


def stored_notes(fien, case_id):
    return {c.card_id: c.note for c in held(fien, case_id)[0].cards}


def redraw_at_defaults(at):
    """What a browser sends after it drew the page's widgets anew at their declared
    defaults, as it does after a page switch whose run was cut short: every note field
    with its `value`, every choice at its `index`."""
    for area in at.text_area:
        if area.key and area.key.startswith("conversations_note_"):
            area.set_value(area.proto.default)
    for box in at.selectbox:
        if box.key and box.key.startswith("conversations_current_"):
            box.select_index(box.proto.default)
    for radio in at.radio:
        if radio.key and radio.key.startswith("conversations_party"):
            radio.set_value(list(ConversationParty)[radio.proto.default])
    return at.run()


def conversation_with_three_cards(fien, case_id):
    at = start(page(case_id))
    for card_id in NOTES:
        at.button(key=f"conversations_draw_{card_id}").click().run()
        at.button(key="conversations_focus_back").click().run()
    return at, held(fien, case_id)[0]


def test_notes_are_still_shown_and_stored_after_going_to_another_page_and_back(fien, case_id):
    at, talk = conversation_with_three_cards(fien, case_id)
    for card_id, text in NOTES.items():
        note(at, talk.id, card_id).input(text).run()
        at.switch_page(view("cards")).run()
        assert not at.exception
        at.switch_page(view("conversations")).run()
        assert not at.exception
    assert {card_id: note(at, talk.id, card_id).value for card_id in NOTES} == NOTES
    assert keyed(at.selectbox, f"conversations_current_{case_id}_employee").value == talk.id
    assert stored_notes(fien, case_id) == NOTES


def test_widgets_drawn_anew_by_the_browser_show_the_stored_notes_and_never_save_blanks(fien, case_id):
    at, talk = conversation_with_three_cards(fien, case_id)
    for card_id, text in NOTES.items():
        note(at, talk.id, card_id).input(text).run()
    at.switch_page(view("cards")).run()
    at.switch_page(view("conversations")).run()
    at = redraw_at_defaults(at)
    assert not at.exception
    assert "Nieuw gesprek" not in [s.value for s in at.subheader]
    assert keyed(at.selectbox, f"conversations_current_{case_id}_employee").value == talk.id
    assert {card_id: note(at, talk.id, card_id).value for card_id in NOTES} == NOTES
    note(at, talk.id, "process_preparation").input("C nieuw").run()  # the next edit
    assert stored_notes(fien, case_id) == {**NOTES, "process_preparation": "C nieuw"}


def test_a_note_saved_meanwhile_elsewhere_refuses_the_stale_screen_and_keeps_its_text_to_copy(fien, case_id):
    at, talk = conversation_with_three_cards(fien, case_id)
    elsewhere = talks.get_conversation(app_store(), fien, case_id, talk.id).cards[0]
    talks.save_card_note(app_store(), fien, case_id, talk.id, elsewhere.card_id, "Uit het andere tabblad", base=elsewhere.version)
    note(at, talk.id, elsewhere.card_id).input("Mijn tekst van dit scherm").run()
    assert not at.exception
    assert stored_notes(fien, case_id)[elsewhere.card_id] == "Uit het andere tabblad"
    assert any("intussen elders opgeslagen" in e.value for e in at.error)
    assert "Mijn tekst van dit scherm" in [c.value for c in at.code]
    assert note(at, talk.id, elsewhere.card_id).value == "Uit het andere tabblad"  # the field shows what is stored
    at.button(key=f"conversations_note_{talk.id}_{elsewhere.card_id}__dismiss").click().run()
    assert "Mijn tekst van dit scherm" not in [c.value for c in at.code]


def test_a_note_says_when_it_was_saved(fien, case_id):
    at, talk = conversation_with_three_cards(fien, case_id)
    note(at, talk.id, "theme_autonomy").input("Iets om te onthouden").run()
    saved_at = talks.get_conversation(app_store(), fien, case_id, talk.id).cards[0].saved_at
    assert f"Opgeslagen om {saved_at:%H:%M}" in [c.value for c in at.caption]


def test_the_notice_of_a_share_survives_a_rerun_nobody_asked_for(fien, case_id):
    # The login cookie component and a field being left both start reruns of their own;
    # one of them could cut short the run that showed the notice, and the share looked ignored.
    at = start(page(case_id))
    (talk,) = held(fien, case_id)
    insight = talks.add_insight(app_store(), fien, case_id, talk.id, "Wil op maandag starten.")
    at.run()
    at.checkbox(key=f"conversations_share_{insight.id}_consent").check()
    at.button(key=f"FormSubmitter:conversations_share_{insight.id}-Delen").click().run()
    assert "Het inzicht is gedeeld." in texts(at)
    at.run()
    assert "Het inzicht is gedeeld." in texts(at)
    at.text_input(key="conversations_goal_text").input("Een volgend doel")
    submit_button(at, "conversations_goal", "Doel toevoegen").click().run()
    assert "Het inzicht is gedeeld." not in texts(at)  # the next action says its own
