"""Card conversations against a real database: cards, private notes, insights shared
only with their owner's consent, withdrawal honoured at once, and access per case."""

from datetime import date, datetime

import pytest

from reset_core import conversations as talks
from reset_core import intake, services
from reset_core.errors import NotFound, PermissionDenied, ValidationError
from reset_core.model import PROCESSING, AdjustmentKind, Audience, ConversationParty
from tests.conftest import Clock, open_case

EMPLOYEE, MANAGER, OTHER = ConversationParty.EMPLOYEE, ConversationParty.MANAGER, ConversationParty.OTHER
TODAY = date(2026, 7, 1)


@pytest.fixture
def clock():
    return Clock(datetime(2026, 7, 1, 14, 0))


@pytest.fixture
def case_id(store, facilitator):
    case_id = open_case(store, facilitator)
    intake.record_consent(store, facilitator, case_id, PROCESSING, True, date(2026, 6, 3))
    return case_id


@pytest.fixture
def talk(store, facilitator, case_id, clock):
    return talks.start_conversation(store, facilitator, case_id, EMPLOYEE, date(2026, 6, 20), clock=clock)


def every_text(visible) -> str:
    return "\n".join(str(value) for shared in visible for value in vars(shared).values())


def test_a_conversation_keeps_its_cards_in_order_with_a_note_per_card(store, facilitator, case_id, talk, clock):
    for card_id in ("process_preparation", "theme_team_relations", "theme_hindering_demands"):
        talks.use_card(store, facilitator, case_id, talk.id, card_id, clock)
    talks.use_card(store, facilitator, case_id, talk.id, "theme_team_relations", clock)  # drawn again: keeps its place
    talks.save_card_note(store, facilitator, case_id, talk.id, "theme_team_relations", "  Spanning met een collega.  ", clock)
    (held,) = talks.list_conversations(store, facilitator, case_id, EMPLOYEE, clock)
    assert held.card_ids == ("process_preparation", "theme_team_relations", "theme_hindering_demands")
    assert [c.position for c in held.cards] == [1, 2, 3]
    assert held.cards[1].note == "Spanning met een collega."
    # The case has its basic consent, so it is in preparation, and so is its conversation.
    assert (held.phase, held.on_date, held.party) == ("preparation", date(2026, 6, 20), EMPLOYEE)


def test_a_note_on_a_card_not_drawn_yet_puts_the_card_on_the_table(store, facilitator, case_id, talk, clock):
    talks.save_card_note(store, facilitator, case_id, talk.id, "theme_autonomy", "Wil zelf plannen.", clock)
    held = talks.get_conversation(store, facilitator, case_id, talk.id, clock)
    assert [(c.card_id, c.note) for c in held.cards] == [("theme_autonomy", "Wil zelf plannen.")]


def test_private_notes_never_appear_in_shared_insights_for_any_audience(store, facilitator, case_id, talk, clock):
    talks.save_card_note(store, facilitator, case_id, talk.id, "theme_team_relations", "GEHEIM: conflict met de binnendienst", clock)
    insight = talks.add_insight(store, facilitator, case_id, talk.id, "Wil duidelijke afspraken over bestellingen", "theme_team_relations", clock=clock)
    talks.share_insight(store, facilitator, case_id, insight.id, EMPLOYEE, TODAY, clock=clock)
    for audience in Audience:
        visible = talks.shared_insights(store, facilitator, case_id, audience, clock)
        assert [v.text for v in visible] == ["Wil duidelijke afspraken over bestellingen"]
        assert "GEHEIM" not in every_text(visible)


def test_an_insight_stays_private_until_its_owner_consents(store, facilitator, case_id, talk, clock):
    insight = talks.add_insight(store, facilitator, case_id, talk.id, "Twijfelt over het tempo", theme_id="return_confidence", clock=clock)
    assert talks.shared_insights(store, facilitator, case_id, Audience.MANAGER, clock) == []
    with pytest.raises(ValidationError) as err:
        talks.share_insight(store, facilitator, case_id, insight.id, None, TODAY, clock=clock)
    assert (err.value.key, err.value.field) == ("conversation.consent_required", "agreed_by")
    assert talks.shared_insights(store, facilitator, case_id, Audience.JOINT, clock) == []


def test_only_the_owner_party_can_consent_to_sharing_an_insight(store, facilitator, case_id, talk, clock):
    insight = talks.add_insight(store, facilitator, case_id, talk.id, "Van de medewerker", clock=clock)
    with pytest.raises(ValidationError) as err:
        talks.share_insight(store, facilitator, case_id, insight.id, MANAGER, TODAY, clock=clock)
    assert err.value.key == "conversation.consent_not_owner"
    assert talks.shared_insights(store, facilitator, case_id, Audience.JOINT, clock) == []


def test_sharing_one_insight_shares_that_one_only(store, facilitator, case_id, talk, clock):
    first = talks.add_insight(store, facilitator, case_id, talk.id, "Eerste", clock=clock)
    talks.add_insight(store, facilitator, case_id, talk.id, "Tweede", clock=clock)
    talks.share_insight(store, facilitator, case_id, first.id, EMPLOYEE, date(2026, 6, 25), "Akkoord aan het eind", clock)
    (visible,) = talks.shared_insights(store, facilitator, case_id, Audience.MANAGER, clock)
    assert (visible.text, visible.owner, visible.shared_on) == ("Eerste", EMPLOYEE, date(2026, 6, 25))


def test_a_withdrawn_sharing_disappears_for_every_audience_and_the_ledger_keeps_both_entries(store, facilitator, case_id, talk, clock):
    insight = talks.add_insight(store, facilitator, case_id, talk.id, "Wil een begeleid gesprek met de collega", clock=clock)
    talks.share_insight(store, facilitator, case_id, insight.id, EMPLOYEE, date(2026, 6, 21), clock=clock)
    assert len(talks.shared_insights(store, facilitator, case_id, Audience.JOINT, clock)) == 1
    withdrawn = talks.withdraw_sharing(store, facilitator, case_id, insight.id, date(2026, 6, 28), "Wil het eerst zelf bespreken", clock)
    for audience in Audience:
        assert talks.shared_insights(store, facilitator, case_id, audience, clock) == []
    assert [(e.shared, e.agreed_by, e.on_date, e.recorded_by) for e in withdrawn.sharing] == [
        (True, EMPLOYEE, date(2026, 6, 21), "fien"), (False, EMPLOYEE, date(2026, 6, 28), "fien"),
    ]
    assert not talks.is_shared(withdrawn)


def test_the_sharing_dates_follow_the_conversation_and_each_other(store, facilitator, case_id, talk, clock):
    insight = talks.add_insight(store, facilitator, case_id, talk.id, "X", clock=clock)
    with pytest.raises(ValidationError) as err:
        talks.share_insight(store, facilitator, case_id, insight.id, EMPLOYEE, date(2026, 6, 19), clock=clock)
    assert err.value.key == "conversation.sharing_before_conversation"
    with pytest.raises(ValidationError) as err:
        talks.share_insight(store, facilitator, case_id, insight.id, EMPLOYEE, date(2026, 7, 2), clock=clock)
    assert err.value.key == "conversation.sharing_in_future"
    talks.share_insight(store, facilitator, case_id, insight.id, EMPLOYEE, date(2026, 6, 25), clock=clock)
    with pytest.raises(ValidationError) as err:
        talks.withdraw_sharing(store, facilitator, case_id, insight.id, date(2026, 6, 24), clock=clock)
    assert err.value.key == "conversation.sharing_date_order"
    with pytest.raises(ValidationError) as err:
        talks.share_insight(store, facilitator, case_id, insight.id, EMPLOYEE, date(2026, 6, 26), clock=clock)
    assert err.value.key == "conversation.already_shared"


def test_a_sharing_never_given_cannot_be_withdrawn(store, facilitator, case_id, talk, clock):
    insight = talks.add_insight(store, facilitator, case_id, talk.id, "X", clock=clock)
    with pytest.raises(ValidationError) as err:
        talks.withdraw_sharing(store, facilitator, case_id, insight.id, TODAY, clock=clock)
    assert err.value.key == "conversation.not_shared"


def test_a_shared_insight_cannot_be_reworded_or_removed(store, facilitator, case_id, talk, clock):
    insight = talks.add_insight(store, facilitator, case_id, talk.id, "Zoals afgesproken", clock=clock)
    talks.share_insight(store, facilitator, case_id, insight.id, EMPLOYEE, TODAY, clock=clock)
    with pytest.raises(ValidationError) as err:
        talks.update_insight(store, facilitator, case_id, insight.id, "Iets anders", clock=clock)
    assert err.value.key == "conversation.insight_locked"
    talks.withdraw_sharing(store, facilitator, case_id, insight.id, TODAY, clock=clock)
    with pytest.raises(ValidationError) as err:
        talks.remove_insight(store, facilitator, case_id, insight.id, clock)
    assert err.value.key == "conversation.insight_has_history"
    reworded = talks.update_insight(store, facilitator, case_id, insight.id, "Iets anders", clock=clock)
    assert reworded.text == "Iets anders" and not talks.is_shared(reworded)


def test_a_private_insight_never_shared_can_be_removed(store, facilitator, case_id, talk, clock):
    insight = talks.add_insight(store, facilitator, case_id, talk.id, "Vergissing", clock=clock)
    talks.remove_insight(store, facilitator, case_id, insight.id, clock)
    assert talks.get_conversation(store, facilitator, case_id, talk.id, clock).insights == ()


def test_an_insight_belongs_to_a_card_used_in_its_conversation_or_to_a_theme(store, facilitator, case_id, talk, clock):
    with pytest.raises(ValidationError) as err:
        talks.add_insight(store, facilitator, case_id, talk.id, "X", card_id="theme_autonomy", clock=clock)
    assert err.value.key == "conversation.card_not_used"
    with pytest.raises(ValidationError) as err:
        talks.add_insight(store, facilitator, case_id, talk.id, "X", theme_id="wellbeing", clock=clock)
    assert err.value.key == "conversation.unknown_theme"
    talks.use_card(store, facilitator, case_id, talk.id, "theme_autonomy", clock)
    insight = talks.add_insight(store, facilitator, case_id, talk.id, "X", card_id="theme_autonomy", clock=clock)
    assert (insight.card_id, insight.theme_id, insight.owner) == ("theme_autonomy", "autonomy", EMPLOYEE)


def test_without_the_basic_consent_nothing_is_shown_to_anyone_else(store, facilitator, case_id, talk, clock):
    insight = talks.add_insight(store, facilitator, case_id, talk.id, "Gedeeld", clock=clock)
    talks.share_insight(store, facilitator, case_id, insight.id, EMPLOYEE, TODAY, clock=clock)
    intake.record_consent(store, facilitator, case_id, PROCESSING, False, TODAY, clock=clock)
    for audience in Audience:
        assert talks.shared_insights(store, facilitator, case_id, audience, clock) == []


def test_the_conversations_of_each_party_are_found_again_later(store, facilitator, case_id, talk, clock):
    manager_talk = talks.start_conversation(store, facilitator, case_id, MANAGER, date(2026, 6, 22), "preparation", clock=clock)
    other_talk = talks.start_conversation(store, facilitator, case_id, OTHER, date(2026, 6, 23), "preparation", " Hilde, HR-partner ", clock)
    talks.add_adjustment(store, facilitator, case_id, manager_talk.id, AdjustmentKind.TASK, "Regio tijdelijk kleiner", clock)
    talks.add_goal(store, facilitator, case_id, manager_talk.id, "Wekelijks contact", "manager_relationship", clock)
    assert [c.id for c in talks.list_conversations(store, facilitator, case_id, EMPLOYEE, clock)] == [talk.id]
    (found,) = talks.list_conversations(store, facilitator, case_id, MANAGER, clock)
    assert [(a.kind, a.text) for a in found.adjustments] == [(AdjustmentKind.TASK, "Regio tijdelijk kleiner")]
    assert [(g.text, g.theme_id) for g in found.goals] == [("Wekelijks contact", "manager_relationship")]
    (other,) = talks.list_conversations(store, facilitator, case_id, OTHER, clock)
    assert other.id == other_talk.id and other.with_whom == "Hilde, HR-partner"
    assert len(talks.list_conversations(store, facilitator, case_id, clock=clock)) == 3


def test_someone_else_than_employee_or_manager_must_be_named(store, facilitator, case_id, clock):
    with pytest.raises(ValidationError) as err:
        talks.start_conversation(store, facilitator, case_id, OTHER, TODAY, clock=clock)
    assert (err.value.key, err.value.field) == ("conversation.required", "with_whom")


@pytest.mark.parametrize(
    ("call", "key", "field"),
    [
        (lambda s, u, c: talks.start_conversation(s, u, c, EMPLOYEE, date(2026, 7, 2), clock=Clock(datetime(2026, 7, 1))), "conversation.date_in_future", "on_date"),
        (lambda s, u, c: talks.start_conversation(s, u, c, EMPLOYEE, None), "conversation.required", "on_date"),
        (lambda s, u, c: talks.start_conversation(s, u, c, EMPLOYEE, date(2026, 6, 1), "somewhere"), "conversation.unknown_phase", "phase"),
        (lambda s, u, c: talks.start_conversation(s, u, c, "neighbour", date(2026, 6, 1)), "conversation.unknown_party", "party"),
    ],
)
def test_a_bad_conversation_is_refused_at_its_field_and_nothing_is_saved(store, facilitator, case_id, call, key, field):
    with pytest.raises(ValidationError) as err:
        call(store, facilitator, case_id)
    assert (err.value.key, err.value.field) == (key, field)
    assert talks.list_conversations(store, facilitator, case_id) == []


def test_notes_and_insights_have_limits(store, facilitator, case_id, talk, clock):
    with pytest.raises(ValidationError) as err:
        talks.save_card_note(store, facilitator, case_id, talk.id, "theme_autonomy", "x" * (talks.MAX_NOTE + 1), clock)
    assert err.value.key == "conversation.too_long"
    with pytest.raises(ValidationError) as err:
        talks.add_insight(store, facilitator, case_id, talk.id, "   ", clock=clock)
    assert err.value.key == "conversation.required"
    with pytest.raises(ValidationError) as err:
        talks.use_card(store, facilitator, case_id, talk.id, "theme_wellbeing", clock)
    assert err.value.key == "conversation.unknown_card"


def test_another_facilitator_can_neither_read_nor_write_the_conversations(store, facilitator, other_facilitator, case_id, talk, clock):
    insight = talks.add_insight(store, facilitator, case_id, talk.id, "Gedeeld", clock=clock)
    talks.share_insight(store, facilitator, case_id, insight.id, EMPLOYEE, TODAY, clock=clock)
    reads = [
        lambda: talks.list_conversations(store, other_facilitator, case_id),
        lambda: talks.get_conversation(store, other_facilitator, case_id, talk.id),
        lambda: talks.shared_insights(store, other_facilitator, case_id, Audience.JOINT),
    ]
    writes = [
        lambda: talks.start_conversation(store, other_facilitator, case_id, MANAGER, TODAY),
        lambda: talks.use_card(store, other_facilitator, case_id, talk.id, "theme_autonomy"),
        lambda: talks.save_card_note(store, other_facilitator, case_id, talk.id, "theme_autonomy", "Ingebroken"),
        lambda: talks.add_insight(store, other_facilitator, case_id, talk.id, "Ingebroken"),
        lambda: talks.withdraw_sharing(store, other_facilitator, case_id, insight.id, TODAY),
        lambda: talks.add_adjustment(store, other_facilitator, case_id, talk.id, AdjustmentKind.TASK, "Ingebroken"),
        lambda: talks.add_goal(store, other_facilitator, case_id, talk.id, "Ingebroken"),
    ]
    for attempt in reads + writes:
        with pytest.raises(PermissionDenied):
            attempt()
    (held,) = talks.list_conversations(store, facilitator, case_id)
    assert held.cards == () and len(held.insights) == 1 and held.adjustments == () and held.goals == ()
    assert talks.is_shared(held.insights[0])
    denied = [e for e in services.case_history(store, facilitator, case_id) if e.action == "case.denied"]
    assert len(denied) == len(reads + writes)


def test_a_conversation_of_another_case_cannot_be_reached_through_ones_own_case(store, facilitator, case_id, talk, clock):
    own_other_case = open_case(store, facilitator, "Sofie Claes")
    with pytest.raises(NotFound):
        talks.get_conversation(store, facilitator, own_other_case, talk.id, clock)
    with pytest.raises(NotFound):
        talks.save_card_note(store, facilitator, own_other_case, talk.id, "theme_autonomy", "verkeerd dossier", clock)
    insight = talks.add_insight(store, facilitator, case_id, talk.id, "Van Marc", clock=clock)
    with pytest.raises(NotFound):
        talks.share_insight(store, facilitator, own_other_case, insight.id, EMPLOYEE, TODAY, clock=clock)
    assert talks.get_conversation(store, facilitator, case_id, talk.id, clock).cards == ()


def test_the_audit_log_says_what_happened_without_the_words_of_notes_or_insights(store, facilitator, case_id, talk, clock):
    talks.save_card_note(store, facilitator, case_id, talk.id, "theme_autonomy", "Vertrouwelijke notitie", clock)
    insight = talks.add_insight(store, facilitator, case_id, talk.id, "Vertrouwelijk inzicht", clock=clock)
    talks.share_insight(store, facilitator, case_id, insight.id, EMPLOYEE, TODAY, "Vertrouwelijke toelichting", clock)
    talks.withdraw_sharing(store, facilitator, case_id, insight.id, TODAY, clock=clock)
    history = services.case_history(store, facilitator, case_id, clock)
    actions = [e.action for e in history]
    for action in ("conversation.start", "conversation.note", "insight.add", "insight.share", "insight.withdraw"):
        assert action in actions
    assert not any("Vertrouwelijk" in e.detail for e in history)


def test_the_demo_cases_have_private_shared_and_withdrawn_insights(store):
    from reset_core import accounts
    from reset_core.demo import fill

    fill(store, date(2026, 7, 1))
    demo = accounts.verify_login(store, "demo", "demo-reset")
    for summary in services.list_cases(store, demo):
        held = talks.list_conversations(store, demo, summary.case.id)
        if summary.case.phase.value == "intake":
            assert held == []
            continue
        parties = {c.party for c in held}
        assert EMPLOYEE in parties
        if MANAGER not in parties:
            # Still preparing, or moved on by the T0 scan both submitted or by its return
            # date: the card conversation with the manager need not have been held.
            continue
        assert parties == {EMPLOYEE, MANAGER}
        insights = [i for c in held for i in c.insights]
        assert any(talks.is_shared(i) for i in insights)
        assert any(not i.sharing for i in insights)  # private, never shared
        assert any(i.sharing and not talks.is_shared(i) for i in insights)  # shared, then withdrawn
        assert all(c.cards and all(n.note for n in c.cards) for c in held)
        visible = talks.shared_insights(store, demo, summary.case.id, Audience.JOINT)
        notes = {n.note for c in held for n in c.cards}
        assert visible and not any(v.text in notes for v in visible)
    marc = next(s.case for s in services.list_cases(store, demo) if s.case.employee.name == "Marc Verbeke")
    marc_talks = talks.list_conversations(store, demo, marc.id)
    notes = " ".join(n.note for c in marc_talks for n in c.cards)
    assert "collega" in notes and "bestelsysteem" in notes
