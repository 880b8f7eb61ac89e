"""Card notes survive a facilitator who keeps leaving the page, in a real browser.

A note is typed into each of three cards; right after typing (the field still has the
focus) the facilitator clicks another page in the sidebar and comes back, between every
note, ten rounds. Leaving the field and leaving the page then race each other, which is
how notes used to be wiped: the page came back with blank fields and "+ Nieuw gesprek",
and the next edit saved the blanks. At the end the server is stopped and a new store
reads what was stored: every note exactly as last typed.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from reset_core import accounts, conversations, database, intake
from reset_core.config import Settings
from reset_core.i18n import translate
from reset_core.model import COMMAND_LINE, PROCESSING, CaseDetails, ConversationParty, Party, PartyRole, Role
from tests.e2e.conftest import KEY, Server, go_to, log_in, screenshot, settle

pytestmark = pytest.mark.browser

PASSWORD = "a long enough passphrase"
CARDS = ("theme_autonomy", "theme_team_relations", "process_preparation")
ROUNDS = 10


def t(key: str, **params: object) -> str:
    return translate(key, "nl", **params)


def typed(round_: int, position: int) -> str:
    return f"Ronde {round_ + 1}, kaart {position + 1}: wat er echt gezegd werd ({'X' * (round_ + 1)})"


@pytest.fixture
def data(tmp_path):
    """A new installation with one facilitator, one case and one conversation with three cards."""
    settings = Settings(data_dir=tmp_path / "data", key=KEY)
    store = database.open_store(settings)
    try:
        fien = accounts.add_user(store, COMMAND_LINE, "fien", "Fien Peeters", PASSWORD, Role.FACILITATOR)
        case = intake.open_case(store, fien, CaseDetails(
            employee=Party(PartyRole.EMPLOYEE, "Zoë D'hondt", "Boekhouder", "Financiën"),
            manager=Party(PartyRole.MANAGER, "Katrien De Smet", "Teamleider"),
            sick_leave_start=date.today() - timedelta(days=120),
        ))
        intake.record_consent(store, fien, case.id, PROCESSING, True, date.today() - timedelta(days=100))
        talk = conversations.start_conversation(store, fien, case.id, ConversationParty.EMPLOYEE, date.today())
        for card_id in CARDS:
            conversations.use_card(store, fien, case.id, talk.id, card_id)
    finally:
        store.close()
    return settings, fien, case.id, talk.id


def stored_notes(settings, fien, case_id, talk_id) -> dict[str, str]:
    store = database.open_store(settings)
    try:
        held = conversations.get_conversation(store, fien, case_id, talk_id)
        return {card.card_id: card.note for card in held.cards}
    finally:
        store.close()


def test_notes_typed_between_page_switches_are_all_stored_as_typed(data, browser):
    settings, fien, case_id, talk_id = data
    server = Server(settings.data_dir)
    expected = {card_id: "" for card_id in CARDS}
    try:
        page = log_in(browser, server.url, "fien", PASSWORD)
        page.goto(f"{server.url}/conversations?case={case_id}")
        settle(page)
        for round_ in range(ROUNDS):
            for position, card_id in enumerate(CARDS):
                tab = page.get_by_role("tab", name=t("conversation.tab_notes"))
                try:
                    expect(tab).to_be_visible(timeout=30_000)
                except AssertionError:
                    screenshot(page, f"notes-round-{round_}-{position}-no-conversation")
                    raise
                tab.click()
                fields = page.get_by_role("textbox", name=t("conversation.note"), exact=True)
                expect(fields).to_have_count(len(CARDS))
                shown = [fields.nth(i).input_value() for i in range(len(CARDS))]
                if shown != [expected[c] for c in CARDS]:
                    screenshot(page, f"notes-round-{round_}-{position}-wrong")
                    page.reload()
                    settle(page)
                    page.get_by_role("tab", name=t("conversation.tab_notes")).click()
                    settle(page)
                    again = [fields.nth(i).input_value() for i in range(len(CARDS))]
                    print("DIAG shown", shown, "after reload", again, "expected", expected)
                assert shown == [expected[c] for c in CARDS], f"round {round_ + 1}, before note {position + 1}"
                fields.nth(position).fill(typed(round_, position))
                expected[card_id] = typed(round_, position)
                # Straight to another page: leaving the field and the page race each other.
                go_to(page, t("page.cards"))
                go_to(page, t("page.conversations"))
        page.get_by_role("tab", name=t("conversation.tab_notes")).click()
        fields = page.get_by_role("textbox", name=t("conversation.note"), exact=True)
        assert [fields.nth(i).input_value() for i in range(len(CARDS))] == [expected[c] for c in CARDS]
        page.context.close()
    finally:
        server.stop()
    assert stored_notes(settings, fien, case_id, talk_id) == expected
