"""Properties of every free-text field, account and scan answer, against a real database:
what is accepted comes back exactly as typed (only trimmed); what is refused leaves
nothing behind and says why in both languages. One database per test function."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from reset_core import accounts, conversations, dialogue, followup, intake, scan
from reset_core.errors import ResetError, ValidationError
from reset_core.instrument import load_instrument
from reset_core.model import (
    PROCESSING,
    AdjustmentKind,
    ContactAgreement,
    ContactKeeper,
    ConversationParty,
    Decision,
    GoalOwner,
    GoalReview,
    GoalStatus,
    MomentKind,
    Participants,
    PersonRole,
    Respondent,
    Role,
    person_subject,
)
from reset_core.scan import CURRENT_VERSION
from tests.conftest import PASSWORD, open_case
from tests.strategies import DB_PROPERTY, LONG, acceptable, assert_explained, texts

TODAY = date.today()
INSTRUMENT = load_instrument(CURRENT_VERSION)


@pytest.fixture
def world(store, facilitator):
    """One case after the return, with consent, a person, a conversation, a goal and a scan."""
    case_id = open_case(store, facilitator, sick_leave_start=TODAY - timedelta(days=400), actual_return=TODAY - timedelta(days=230))
    intake.record_consent(store, facilitator, case_id, PROCESSING, True, TODAY - timedelta(days=390))
    person = intake.add_person(store, facilitator, case_id, PersonRole.GP, "Dr. Janssens")
    intake.record_consent(store, facilitator, case_id, person_subject(person.id), True, TODAY - timedelta(days=390))
    toggled = intake.add_person(store, facilitator, case_id, PersonRole.HR, "Hilde HR")
    talk = conversations.start_conversation(store, facilitator, case_id, ConversationParty.EMPLOYEE, TODAY - timedelta(days=10))
    goal = dialogue.add_goal(store, facilitator, case_id, "social_support", GoalOwner.TEAM, "Een buddy", "Wekelijks", MomentKind.M3)
    _, tokens = scan.create_moment(store, facilitator, case_id, MomentKind.M3, TODAY)
    return SimpleNamespace(
        store=store, me=facilitator, case_id=case_id, person=person.id, toggled=toggled.id,
        talk=talk.id, goal=goal.id, token=tokens[Respondent.EMPLOYEE],
    )


# --- one row per free-text field: how to save it and how to read back what is stored ---


@dataclass(frozen=True)
class Field:
    name: str
    limit: int
    required: bool
    refusals: tuple[str, ...]  # the message keys a refusal may carry
    save: Callable
    stored: Callable  # every value of this field now stored, oldest first
    appends: bool = True  # False: a save replaces the one stored value


def stored(read: Callable) -> Callable:
    """What the database holds, read straight from it (a service read would log an audit entry)."""

    def run(w):
        with w.store.read() as q:
            return read(q, w.case_id)

    return run


def _case_update(party: str, attribute: str):
    def save(w, text):
        with w.store.read() as q:
            case = q.cases.case(w.case_id)
        details = replace(case.details, **{party: replace(getattr(case.details, party), **{attribute: text})})
        intake.update_case(w.store, w.me, w.case_id, details, case.version)

    return save


def _toggle_consent(w, text):
    subject = person_subject(w.toggled)
    with w.store.read() as q:
        mine = [e for e in q.intake.consent_ledger(w.case_id) if e.subject == subject]
    intake.record_consent(w.store, w.me, w.case_id, subject, not (mine and mine[-1].given), TODAY, text)


def _agreement(attribute: str):
    def save(w, text):
        with w.store.read() as q:
            current = q.intake.contact_agreement(w.case_id) or ContactAgreement(ContactKeeper.MANAGER)
        intake.save_contact_agreement(w.store, w.me, w.case_id, replace(current, **{attribute: text}))

    return save, stored(lambda q, c: [getattr(q.intake.contact_agreement(c) or ContactAgreement(ContactKeeper.MANAGER), attribute)])


SHARED = "Een inzicht om te delen"


def _share(w, text):
    insight = conversations.add_insight(w.store, w.me, w.case_id, w.talk, SHARED)
    conversations.share_insight(w.store, w.me, w.case_id, insight.id, ConversationParty.EMPLOYEE, TODAY, text)


def _record_followup(attribute: str):
    def save(w, text):
        reviews = [GoalReview(w.goal, GoalStatus.ON_TRACK, text if attribute == "remark" else "")]
        values = {attribute: text} if attribute != "remark" else {}
        followup.record_followup(
            w.store, w.me, w.case_id, "m3", TODAY - timedelta(days=1), Participants.JOINT, Decision.CONTINUE, reviews, **values
        )

    def read(q, case_id):
        return [f.reviews[0].remark if attribute == "remark" else getattr(f, attribute) for f in q.followup.followups_of(case_id)]

    return save, stored(read)


def _scan_open_answer(w):
    return [scan.resume(w.store, w.token).response.open_answers.get("v2_employee_energy", "")]


FIELDS = [
    Field("intake employee name", intake.MAX_NAME, True, ("intake.required", "intake.too_long"),
          _case_update("employee", "name"), stored(lambda q, c: [q.cases.case(c).employee.name]), appends=False),
    Field("intake manager job title", intake.MAX_SHORT_TEXT, False, ("intake.too_long",),
          _case_update("manager", "job_title"), stored(lambda q, c: [q.cases.case(c).manager.job_title]), appends=False),
    Field("intake person name", intake.MAX_NAME, True, ("intake.required", "intake.too_long"),
          lambda w, text: intake.add_person(w.store, w.me, w.case_id, PersonRole.OTHER, text),
          stored(lambda q, c: [p.name for p in q.intake.people_of(c)])),
    Field("intake person contact", intake.MAX_SHORT_TEXT, False, ("intake.too_long",),
          lambda w, text: intake.add_person(w.store, w.me, w.case_id, PersonRole.OTHER, "Iemand", contact=text),
          stored(lambda q, c: [p.contact for p in q.intake.people_of(c)])),
    Field("intake contact note", intake.MAX_TEXT, True, ("intake.required", "intake.too_long"),
          lambda w, text: intake.log_contact(w.store, w.me, w.case_id, w.person, TODAY, text),
          stored(lambda q, c: [e.note for e in q.intake.contact_log(c)])),
    Field("intake consent note", intake.MAX_SHORT_TEXT, False, ("intake.too_long",),
          _toggle_consent, stored(lambda q, c: [e.note for e in q.intake.consent_ledger(c)])),
    Field("intake what the employee does not want", intake.MAX_TEXT, False, ("intake.too_long",),
          *_agreement("not_wanted"), appends=False),
    Field("conversation card note", conversations.MAX_NOTE, False, ("conversation.too_long",),
          lambda w, text: conversations.save_card_note(w.store, w.me, w.case_id, w.talk, "theme_autonomy", text),
          stored(lambda q, c: [n.note for n in q.conversations.card_notes_of_case(c) if n.card_id == "theme_autonomy"] or [""]), appends=False),
    Field("conversation insight", conversations.MAX_INSIGHT, True, ("conversation.required", "conversation.too_long"),
          lambda w, text: conversations.add_insight(w.store, w.me, w.case_id, w.talk, text),
          stored(lambda q, c: [i.text for i in q.conversations.insights_of_case(c) if i.text != SHARED])),
    Field("conversation adjustment", conversations.MAX_ITEM, True, ("conversation.required", "conversation.too_long"),
          lambda w, text: conversations.add_adjustment(w.store, w.me, w.case_id, w.talk, AdjustmentKind.TASK, text),
          stored(lambda q, c: [a.text for a in q.conversations.adjustments_of_case(c)])),
    Field("conversation provisional goal", conversations.MAX_ITEM, True, ("conversation.required", "conversation.too_long"),
          lambda w, text: conversations.add_goal(w.store, w.me, w.case_id, w.talk, text),
          stored(lambda q, c: [g.text for g in q.conversations.goals_of_case(c)])),
    Field("conversation with whom", conversations.MAX_WITH_WHOM, True, ("conversation.required", "conversation.too_long"),
          lambda w, text: conversations.start_conversation(w.store, w.me, w.case_id, ConversationParty.OTHER, TODAY, with_whom=text),
          stored(lambda q, c: [t.with_whom for t in q.conversations.conversations_of_case(c) if t.party is ConversationParty.OTHER])),
    Field("conversation sharing note", conversations.MAX_SHARING_NOTE, False, ("conversation.too_long",),
          _share, stored(lambda q, c: [e.note for e in q.conversations.sharing_ledger(c)])),
    Field("dialogue goal description", dialogue.MAX_GOAL_TEXT, True, ("dialogue.required", "dialogue.too_long"),
          lambda w, text: dialogue.add_goal(w.store, w.me, w.case_id, "autonomy", GoalOwner.EMPLOYEE, text, "Score 3", MomentKind.M6),
          stored(lambda q, c: [g.description for g in q.dialogue.plan_goals_of(c) if g.theme == "autonomy"])),
    Field("dialogue goal indicator", dialogue.MAX_GOAL_TEXT, True, ("dialogue.required", "dialogue.too_long"),
          lambda w, text: dialogue.add_goal(w.store, w.me, w.case_id, "task_fit", GoalOwner.MANAGER, "Minder taken", text, MomentKind.M6),
          stored(lambda q, c: [g.indicator for g in q.dialogue.plan_goals_of(c) if g.theme == "task_fit"])),
    Field("dialogue topic note", dialogue.MAX_NOTE, False, ("dialogue.too_long",),
          lambda w, text: dialogue.save_topic(w.store, w.me, w.case_id, "recovery_energy", True, text),
          stored(lambda q, c: [t.note for t in q.dialogue.topics_of(c)] or [""]), appends=False),
    Field("follow-up what works", followup.MAX_TEXT, False, ("followup.too_long",), *_record_followup("works")),
    Field("follow-up goal remark", followup.MAX_TEXT, False, ("followup.too_long",), *_record_followup("remark")),
    Field("follow-up early sign note", followup.MAX_TEXT, True, ("followup.note_required", "followup.too_long"),
          lambda w, text: followup.note_signal(w.store, w.me, w.case_id, "overdue", text),
          stored(lambda q, c: [n for (_, key), n in q.followup.signal_notes_of([c]).items() if key == "overdue"] or [""]), appends=False),
    Field("scan open answer", scan.MAX_OPEN_ANSWER, False, ("scan_link.too_long",),
          lambda w, text: scan.save_open_answer(w.store, w.token, "v2_employee_energy", text), _scan_open_answer, appends=False),
]


def check_field(w, field: Field) -> None:
    seen = {"accepted": 0, "refused": 0}

    @DB_PROPERTY
    @given(text=texts(field.limit))
    @example(text=LONG)  # 10,000 characters: more than any field allows
    @example(text="y" * (field.limit + 1))
    @example(text=" \n" + "y" * field.limit + "\t ")  # at the limit once trimmed
    @example(text=" \u00a0 ")  # only whitespace
    def check(text):
        before = field.stored(w)
        try:
            field.save(w, text)
        except ValidationError as err:
            assert not acceptable(text, field.limit, field.required), f"{field.name}: refused good text: {err.key}"
            assert err.key in (*field.refusals, "error.control_character"), field.name
            assert_explained(err)
            assert field.stored(w) == before, f"{field.name}: a refused save changed what is stored"
            seen["refused"] += 1
            return
        assert acceptable(text, field.limit, field.required), f"{field.name}: accepted text the rules refuse"
        expected = before + [text.strip()] if field.appends else [text.strip()]
        assert field.stored(w) == expected, field.name
        seen["accepted"] += 1

    check()
    assert seen["accepted"] and seen["refused"], (field.name, seen)  # both sides of the rule were exercised


# One database per group: the fields of one module share a case.
GROUPS = {}
for _field in FIELDS:
    GROUPS.setdefault(_field.name.split()[0], []).append(_field)


@pytest.mark.parametrize("group", list(GROUPS))
def test_free_text_is_stored_trimmed_and_intact_or_refused_leaving_nothing(world, group):
    for field in GROUPS[group]:
        check_field(world, field)


# --- accounts ------------------------------------------------------------------------


USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{1,31}")
usernames = st.one_of(
    st.from_regex(USERNAME, fullmatch=True),
    st.builds(lambda left, name, right: left + name + right, st.sampled_from(["", " ", "\t"]),
              st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._-]{0,33}", fullmatch=True), st.sampled_from(["", " ", "\n"])),
    st.text(max_size=40),
)


def test_an_account_is_kept_as_typed_and_logs_in_with_what_was_typed_or_is_refused(store, admin):
    seen = {"accepted": 0, "refused": 0}

    @DB_PROPERTY
    @given(username=usernames, name=texts(accounts.MAX_NAME_LENGTH))
    def check(username, name):
        normal = username.strip().lower()
        with store.read() as q:
            taken = q.accounts.user_login_row(normal) is not None
        fits = bool(USERNAME.fullmatch(normal)) and not taken and acceptable(name, accounts.MAX_NAME_LENGTH, True)
        before = accounts.accounts(store, admin)
        try:
            accounts.add_user(store, admin, username, name, PASSWORD, Role.FACILITATOR)
        except ValidationError as err:
            assert not fits, f"refused a good account: {err.key}"
            assert_explained(err)
            assert accounts.accounts(store, admin) == before
            seen["refused"] += 1
            return
        assert fits, "accepted an account the rules refuse"
        account = next(a for a in accounts.accounts(store, admin) if a.username == normal)
        assert account.name == name.strip()
        assert accounts.verify_login(store, username, PASSWORD).username == normal  # the same typing logs in
        seen["accepted"] += 1

    check()
    assert seen["accepted"] and seen["refused"], seen


def test_a_chosen_password_works_exactly_as_typed_or_is_refused(store, admin, facilitator):
    seen = {"accepted": 0, "refused": 0}
    current = {"password": PASSWORD}

    @DB_PROPERTY
    @given(password=st.one_of(texts(accounts.MIN_PASSWORD_LENGTH), texts(accounts.MAX_PASSWORD_LENGTH), st.text(min_size=10, max_size=30)))
    @example(password="p" * accounts.MAX_PASSWORD_LENGTH)  # bcrypt's last byte: nothing typed after it may count
    @example(password="é" * 37)  # 37 characters, 74 bytes
    def check(password):
        try:
            accounts.change_password(store, facilitator, password, current["password"])
        except ValidationError as err:
            assert_explained(err)
            if err.key == "account.password_same":  # the one it already is
                return
            with pytest.raises(ResetError):
                accounts.verify_login(store, facilitator.username, password)  # nothing changed
            seen["refused"] += 1
            return
        current["password"] = password
        assert accounts.verify_login(store, facilitator.username, password).username == facilitator.username
        with pytest.raises(ResetError):
            accounts.verify_login(store, facilitator.username, password + "x")
        seen["accepted"] += 1

    check()
    assert seen["accepted"] and seen["refused"], seen


# --- scan answers --------------------------------------------------------------------


def test_a_scan_answer_is_kept_only_as_one_to_five_or_not_applicable(world):
    known = [item.id for item in INSTRUMENT.items]
    model: dict[str, int | None] = {}
    seen = {"accepted": 0, "refused": 0}

    @DB_PROPERTY
    @given(
        answers=st.dictionaries(
            st.one_of(st.sampled_from(known), st.text(max_size=20)),
            st.one_of(st.none(), st.integers(-3, 9), st.integers()),
            min_size=1, max_size=4,
        )
    )
    def check(answers):
        good = all(item in known and (value is None or 1 <= value <= 5) for item, value in answers.items())
        try:
            scan.save_answers(world.store, world.token, answers)
        except ValidationError as err:
            assert not good
            assert err.key in ("scan_link.unknown_item", "scan_link.bad_value")
            assert_explained(err)
            seen["refused"] += 1
        else:
            assert good
            model.update(answers)
            seen["accepted"] += 1
        assert scan.resume(world.store, world.token).response.answers == model  # all or nothing

    check()
    assert seen["accepted"] and seen["refused"], seen
