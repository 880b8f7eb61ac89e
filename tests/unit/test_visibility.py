"""Who may see what of the bilateral conversations: the pure rule every shared screen
and document goes through. Notes never; an insight only while its owner's consent
to share it holds."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reset_core.conversations import is_shared, visible_insights
from reset_core.model import (
    Audience,
    CardNote,
    Conversation,
    ConversationParty,
    Insight,
    SharedInsight,
    SharingEntry,
)

EMPLOYEE, MANAGER, OTHER = ConversationParty.EMPLOYEE, ConversationParty.MANAGER, ConversationParty.OTHER
NOW = datetime(2026, 6, 1, 10, 0)
_ids = iter(range(1, 10**9))


def entry(insight_id: int, shared: bool, by: ConversationParty, day: int = 1, note: str = "") -> SharingEntry:
    return SharingEntry(next(_ids), insight_id, shared, by, date(2026, 6, day), note, "fien", NOW)


def insight(insight_id: int, owner: ConversationParty, text: str, *ledger: tuple) -> Insight:
    sharing = tuple(entry(insight_id, *event) for event in ledger)
    return Insight(insight_id, 1, owner, text, "theme_autonomy", "autonomy", NOW, sharing)


def texts(visible: list[SharedInsight]) -> list[str]:
    return [v.text for v in visible]


@pytest.mark.parametrize("audience", list(Audience))
def test_a_private_insight_is_seen_by_no_audience(audience):
    assert visible_insights([insight(1, EMPLOYEE, "nog privé")], audience) == []


@pytest.mark.parametrize("audience", list(Audience))
def test_an_insight_shared_with_its_owners_consent_is_seen_by_every_audience(audience):
    shared = insight(1, EMPLOYEE, "wil vaste blokken in de voormiddag", (True, EMPLOYEE, 3))
    assert visible_insights([shared], audience) == [
        SharedInsight(1, "wil vaste blokken in de voormiddag", EMPLOYEE, "theme_autonomy", "autonomy", date(2026, 6, 3))
    ]


@pytest.mark.parametrize("audience", list(Audience))
def test_a_withdrawn_sharing_hides_the_insight_from_every_audience_at_once(audience):
    withdrawn = insight(1, MANAGER, "kan de regio verkleinen", (True, MANAGER, 3), (False, MANAGER, 9))
    assert visible_insights([withdrawn], audience) == []


def test_sharing_again_after_a_withdrawal_needs_and_gets_a_new_consent():
    again = insight(1, EMPLOYEE, "opnieuw gedeeld", (True, EMPLOYEE, 3), (False, EMPLOYEE, 5), (True, EMPLOYEE, 8))
    (visible,) = visible_insights([again], Audience.JOINT)
    assert visible.shared_on == date(2026, 6, 8)


def test_a_consent_recorded_for_someone_else_than_the_owner_shares_nothing():
    # The manager cannot agree to share what the employee said.
    assert visible_insights([insight(1, EMPLOYEE, "van de medewerker", (True, MANAGER, 3))], Audience.MANAGER) == []


def test_a_withdrawal_counts_whoever_recorded_it():
    withdrawn = insight(1, EMPLOYEE, "ingetrokken", (True, EMPLOYEE, 3), (False, MANAGER, 4))
    assert visible_insights([withdrawn], Audience.JOINT) == []


def test_the_latest_entry_decides_by_ledger_order_not_by_list_order():
    share = entry(1, True, EMPLOYEE, 3)
    withdraw = entry(1, False, EMPLOYEE, 4)
    shuffled = Insight(1, 1, EMPLOYEE, "x", None, None, NOW, (withdraw, share))
    assert not is_shared(shuffled)
    assert visible_insights([shuffled], Audience.JOINT) == []


def test_ledger_entries_of_another_insight_are_ignored():
    stray = Insight(1, 1, EMPLOYEE, "x", None, None, NOW, (entry(2, True, EMPLOYEE, 3),))
    assert visible_insights([stray], Audience.JOINT) == []


def test_owners_see_their_own_shared_insights_and_the_other_partys():
    mine = insight(1, EMPLOYEE, "van de medewerker", (True, EMPLOYEE, 3))
    theirs = insight(2, MANAGER, "van de leidinggevende", (True, MANAGER, 4))
    private = insight(3, MANAGER, "privé van de leidinggevende")
    for audience in Audience:
        assert texts(visible_insights([private, theirs, mine], audience)) == ["van de medewerker", "van de leidinggevende"]


def test_what_is_returned_carries_no_note_field_at_all():
    names = {f.name for f in dataclasses.fields(SharedInsight)}
    assert names == {"insight_id", "text", "owner", "card_id", "theme_id", "shared_on"}


def test_the_facilitator_is_not_an_audience():
    with pytest.raises(ValueError):
        visible_insights([], "facilitator")


# --- property: random conversations, random notes, random sharing histories ------------

parties = st.sampled_from(list(ConversationParty))
events = st.lists(st.tuples(st.booleans(), parties), max_size=6)  # (shared?, agreed by)


@st.composite
def conversations(draw) -> list[Conversation]:
    """Conversations with card notes and insights. Notes start with NOTE-, insight texts
    with INSIGHT-, so a leak is recognisable; sharing ledgers are random, including
    consents recorded for the wrong party and withdrawals never preceded by a share."""
    result = []
    ledger_id = 0
    insight_id = 0
    for conversation_id in range(1, draw(st.integers(0, 4)) + 1):
        party = draw(parties)
        notes = tuple(
            CardNote(conversation_id, f"theme_{n}", n, "NOTE-" + draw(st.text(max_size=20)), NOW)
            for n in range(draw(st.integers(0, 4)))
        )
        insights = []
        for _ in range(draw(st.integers(0, 4))):
            insight_id += 1
            ledger = []
            for shared, by in draw(events):
                ledger_id += 1
                ledger.append(SharingEntry(ledger_id, insight_id, shared, by, date(2026, 6, 1) + timedelta(days=ledger_id), "", "fien", NOW))
            if draw(st.booleans()):
                ledger.reverse()  # the order of the tuple must not matter
            text = "INSIGHT-" + draw(st.text(max_size=20))
            insights.append(Insight(insight_id, conversation_id, party, text, None, None, NOW, tuple(ledger)))
        result.append(
            Conversation(conversation_id, 7, party, "preparation", date(2026, 6, 1), "", "fien", NOW, NOW, notes, tuple(insights))
        )
    return result


def expected_visible(insight: Insight) -> bool:
    """The rule, written out separately: the newest entry shares, with the owner's consent."""
    if not insight.sharing:
        return False
    newest = sorted(insight.sharing, key=lambda e: e.id)[-1]
    return newest.shared and newest.agreed_by == insight.owner


@settings(max_examples=300, deadline=None)
@given(conversations(), st.sampled_from(list(Audience)))
def test_no_audience_ever_sees_a_note_a_private_insight_or_a_withdrawn_one(held, audience):
    insights = [i for c in held for i in c.insights]
    visible = visible_insights(insights, audience)

    notes = {n.note for c in held for n in c.cards}
    for shown in visible:
        for value in dataclasses.asdict(shown).values():
            assert value not in notes
            assert not (isinstance(value, str) and value.startswith("NOTE-"))

    by_id = {i.id: i for i in insights}
    shown_ids = [v.insight_id for v in visible]
    assert shown_ids == sorted(i.id for i in insights if expected_visible(i))
    for shown in visible:
        source = by_id[shown.insight_id]
        newest = max(source.sharing, key=lambda e: e.id)
        assert newest.shared, "an insight whose sharing was withdrawn was shown"
        assert (shown.text, shown.owner, shown.shared_on) == (source.text, source.owner, newest.on_date)


@settings(max_examples=100, deadline=None)
@given(conversations())
def test_every_audience_sees_the_same_shared_insights(held):
    insights = [i for c in held for i in c.insights]
    answers = [visible_insights(insights, audience) for audience in Audience]
    assert answers[0] == answers[1] == answers[2]
