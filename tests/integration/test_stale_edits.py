"""Text edited in place is saved against the version its screen was drawn from: a save
from a stale screen is refused and never overwrites what was stored since."""

from datetime import date, datetime, timedelta

import pytest

from reset_core import conversations as talks
from reset_core import dialogue, intake
from reset_core.errors import StaleEdit
from reset_core.i18n import describe
from reset_core.model import PROCESSING, ConversationParty
from tests.conftest import Clock, open_case

CARD = "theme_autonomy"


@pytest.fixture
def clock():
    return Clock(datetime(2026, 7, 1, 14, 32))


@pytest.fixture
def case_id(store, facilitator):
    case_id = open_case(store, facilitator)
    intake.record_consent(store, facilitator, case_id, PROCESSING, True, date(2026, 6, 3))
    return case_id


@pytest.fixture
def talk(store, facilitator, case_id, clock):
    held = talks.start_conversation(store, facilitator, case_id, ConversationParty.EMPLOYEE, date(2026, 6, 20), clock=clock)
    talks.use_card(store, facilitator, case_id, held.id, CARD, clock)
    return held


def stored_note(store, facilitator, case_id, talk):
    return talks.get_conversation(store, facilitator, case_id, talk.id).cards[0]


def test_a_note_saved_from_the_version_it_was_read_from_is_stored_with_its_time(store, facilitator, case_id, talk, clock):
    drawn = stored_note(store, facilitator, case_id, talk)
    assert (drawn.note, drawn.version, drawn.saved_at) == ("", 0, None)
    saved = talks.save_card_note(store, facilitator, case_id, talk.id, CARD, "Wil zelf plannen.", clock, base=drawn.version)
    assert (saved.note, saved.version, saved.saved_at) == ("Wil zelf plannen.", 1, datetime(2026, 7, 1, 14, 32))
    assert stored_note(store, facilitator, case_id, talk) == saved


def test_a_note_from_a_stale_screen_is_refused_and_the_newer_note_stays(store, facilitator, case_id, talk, clock):
    first_screen = stored_note(store, facilitator, case_id, talk)
    second_screen = stored_note(store, facilitator, case_id, talk)
    talks.save_card_note(store, facilitator, case_id, talk.id, CARD, "Uit het tweede tabblad.", clock, base=second_screen.version)
    clock.now += timedelta(minutes=3)
    with pytest.raises(StaleEdit) as refused:
        talks.save_card_note(store, facilitator, case_id, talk.id, CARD, "Uit het eerste tabblad.", clock, base=first_screen.version)
    assert refused.value.field == "note"
    assert "01/07/2026 14:32" in describe(refused.value, "nl")
    assert stored_note(store, facilitator, case_id, talk).note == "Uit het tweede tabblad."


def test_a_blank_from_a_stale_screen_never_overwrites_a_stored_note(store, facilitator, case_id, talk, clock):
    blank_screen = stored_note(store, facilitator, case_id, talk)
    talks.save_card_note(store, facilitator, case_id, talk.id, CARD, "X1 wat er echt gezegd werd", clock, base=blank_screen.version)
    with pytest.raises(StaleEdit):
        talks.save_card_note(store, facilitator, case_id, talk.id, CARD, "", clock, base=blank_screen.version)
    assert stored_note(store, facilitator, case_id, talk).note == "X1 wat er echt gezegd werd"


def test_a_field_that_comes_back_unchanged_writes_nothing_whatever_its_version(store, facilitator, case_id, talk, clock):
    drawn = stored_note(store, facilitator, case_id, talk)
    saved = talks.save_card_note(store, facilitator, case_id, talk.id, CARD, "Zelfde tekst", clock, base=drawn.version)
    clock.now += timedelta(hours=1)
    again = talks.save_card_note(store, facilitator, case_id, talk.id, CARD, "Zelfde tekst ", clock, base=drawn.version)
    assert again == saved  # same version and time: not written again, not refused


def test_a_conversation_corrected_from_a_stale_form_is_refused(store, facilitator, case_id, talk, clock):
    drawn = talks.get_conversation(store, facilitator, case_id, talk.id)
    talks.update_conversation(store, facilitator, case_id, talk.id, date(2026, 6, 21), "preparation", clock=clock, base=drawn.version)
    with pytest.raises(StaleEdit):
        talks.update_conversation(store, facilitator, case_id, talk.id, date(2026, 6, 19), "intake", clock=clock, base=drawn.version)
    now = talks.get_conversation(store, facilitator, case_id, talk.id)
    assert (now.on_date, now.phase) == (date(2026, 6, 21), "preparation")


def test_an_insight_reworded_from_a_stale_screen_is_refused(store, facilitator, case_id, talk, clock):
    insight = talks.add_insight(store, facilitator, case_id, talk.id, "Eerste woorden", clock=clock)
    talks.update_insight(store, facilitator, case_id, insight.id, "Tweede woorden", clock=clock, base=insight.version)
    with pytest.raises(StaleEdit):
        talks.update_insight(store, facilitator, case_id, insight.id, "Derde woorden", clock=clock, base=insight.version)
    (kept,) = talks.get_conversation(store, facilitator, case_id, talk.id).insights
    assert kept.text == "Tweede woorden"


def test_a_dialogue_note_from_a_stale_screen_is_refused_and_ticking_the_box_leaves_the_note(store, facilitator, case_id, clock):
    first = dialogue.save_topic(store, facilitator, case_id, "autonomy", None, "Samen afgesproken", clock, base=0)
    assert (first.note, first.note_version) == ("Samen afgesproken", 1)
    with pytest.raises(StaleEdit) as refused:
        dialogue.save_topic(store, facilitator, case_id, "autonomy", None, "", clock, base=0)
    assert refused.value.field == "note_autonomy"
    ticked = dialogue.save_topic(store, facilitator, case_id, "autonomy", True, None, clock)
    assert (ticked.discussed, ticked.note, ticked.note_version) == (True, "Samen afgesproken", 1)
    then = dialogue.save_topic(store, facilitator, case_id, "autonomy", None, "Samen afgesproken, en meer", clock, base=1)
    assert (then.discussed, then.note, then.note_version) == (True, "Samen afgesproken, en meer", 2)
