"""Forged, altered, expired, revoked and used-up scan links: one refusal for all, and
not a single answer written through them."""

from __future__ import annotations

import string
from datetime import date, datetime, timedelta

import pytest

from reset_core import scan
from reset_core.errors import ValidationError
from reset_core.i18n import describe
from reset_core.instrument import load_instrument
from reset_core.model import MomentKind, Respondent
from reset_core.scan import CURRENT_VERSION, LinkRefused
from tests.conftest import Clock, open_case

INSTRUMENT = load_instrument(CURRENT_VERSION)
ITEM = INSTRUMENT.items[0].id
QUESTION = "v2_employee_energy"


@pytest.fixture
def clock():
    return Clock(datetime(2026, 6, 20, 9, 0))


@pytest.fixture
def tokens(store, facilitator, clock):
    case_id = open_case(store, facilitator)
    _, tokens = scan.create_moment(store, facilitator, case_id, MomentKind.T0, date(2026, 6, 20), valid_days=14, clock=clock)
    return tokens


def every_use(store, token, clock):
    """Every way a token can be used, each as a call."""
    return {
        "open": lambda: scan.open_link(store, token, clock),
        "resume": lambda: scan.resume(store, token, clock),
        "save_answer": lambda: scan.save_answer(store, token, ITEM, 3, clock),
        "save_answers": lambda: scan.save_answers(store, token, {ITEM: 3}, clock),
        "save_open_answer": lambda: scan.save_open_answer(store, token, QUESTION, "tekst", clock),
        "save_continuum": lambda: scan.save_continuum(store, token, "surviving", clock),
        "submit": lambda: scan.submit(store, token, clock),
    }


def stored_answers(store) -> tuple[int, int, int]:
    with store.read() as q:
        return tuple(
            q.cur.execute(sql).fetchone()[0]
            for sql in (
                "SELECT count(*) FROM scan_answers",
                "SELECT count(*) FROM scan_open_answers",
                "SELECT count(*) FROM scan_responses WHERE continuum IS NOT NULL OR submitted_at IS NOT NULL OR opened_at IS NOT NULL",
            )
        )


def one_character_off(token: str) -> list[str]:
    """The token with one character changed, at the start, in the middle and at the end;
    plus one character added or dropped and the case of a letter flipped."""
    alphabet = string.ascii_letters + string.digits + "-_"
    variants = []
    for i in (0, len(token) // 2, len(token) - 1):
        other = next(c for c in alphabet if c != token[i])
        variants.append(token[:i] + other + token[i + 1:])
    variants += [token + "A", token[:-1], token.swapcase(), " " + token, token + "\n"]
    return [v for v in variants if v != token]


def test_a_token_one_character_off_opens_nothing_and_writes_nothing(store, tokens, clock):
    token = tokens[Respondent.EMPLOYEE]
    for forged in one_character_off(token):
        for _use, call in every_use(store, forged, clock).items():
            with pytest.raises(LinkRefused):
                call()
    assert stored_answers(store) == (0, 0, 0)
    scan.open_link(store, token, clock)  # the real one still works


FORGED = ["", " ", "null", "None", "' OR '1'='1", "%", "*", "a" * 10_000, "\x00", "😀" * 32, "../../etc/passwd"]


def test_a_forged_token_of_any_shape_gets_the_one_refusal(store, tokens, clock):
    for forged in [*FORGED, None]:
        for _use, call in every_use(store, forged, clock).items():
            with pytest.raises(LinkRefused):
                call()
    assert stored_answers(store) == (0, 0, 0)


def test_wrong_expired_and_revoked_links_are_refused_in_exactly_the_same_words(store, facilitator, tokens, clock):
    employee, manager = tokens[Respondent.EMPLOYEE], tokens[Respondent.MANAGER]
    moment_id = scan.open_link(store, manager, clock).moment_id
    case_id = scan.open_link(store, manager, clock).case_id
    scan.revoke_link(store, facilitator, case_id, moment_id, Respondent.MANAGER, clock)
    refusals = {}
    with pytest.raises(LinkRefused) as wrong:
        scan.open_link(store, employee[:-1] + ("A" if employee[-1] != "A" else "B"), clock)
    refusals["wrong"] = wrong.value
    with pytest.raises(LinkRefused) as revoked:
        scan.open_link(store, manager, clock)
    refusals["revoked"] = revoked.value
    later = Clock(clock.now + timedelta(days=15))
    with pytest.raises(LinkRefused) as expired:
        scan.open_link(store, employee, later)
    refusals["expired"] = expired.value
    for lang in ("nl", "en"):
        assert len({describe(e, lang) for e in refusals.values()}) == 1
    assert len({(e.key, e.field, tuple(e.params.items())) for e in refusals.values()}) == 1


def test_an_expired_link_cannot_save_or_submit_what_it_had_started(store, tokens, clock):
    token = tokens[Respondent.MANAGER]
    scan.save_answers(store, token, {i.id: 4 for i in INSTRUMENT.items}, clock)
    before = stored_answers(store)
    later = Clock(clock.now + timedelta(days=14))  # exactly at the expiry
    for _use, call in every_use(store, token, later).items():
        with pytest.raises(LinkRefused):
            call()
    assert stored_answers(store) == before


def test_a_submitted_link_can_be_read_but_can_change_nothing(store, tokens, clock):
    token = tokens[Respondent.EMPLOYEE]
    scan.save_answers(store, token, {i.id: 2 for i in INSTRUMENT.items}, clock)
    scan.save_continuum(store, token, "struggling", clock)
    scan.save_open_answer(store, token, QUESTION, "Mijn klanten", clock)
    scan.submit(store, token, clock)
    before = scan.resume(store, token, clock).response
    for use, call in every_use(store, token, clock).items():
        if use in ("open", "resume"):
            assert call().response.submitted  # it only says thank you
            continue
        with pytest.raises(ValidationError) as err:
            call()
        assert err.value.key == "scan_link.already_submitted", use
    after = scan.resume(store, token, clock).response
    assert (after.answers, after.open_answers, after.continuum, after.submitted_at) == (
        before.answers, before.open_answers, before.continuum, before.submitted_at,
    )


def test_a_link_reused_after_it_was_reissued_writes_nothing(store, facilitator, tokens, clock):
    old = tokens[Respondent.EMPLOYEE]
    session = scan.open_link(store, old, clock)
    scan.save_answer(store, old, ITEM, 1, clock)
    new = scan.reissue_link(store, facilitator, session.case_id, session.moment_id, Respondent.EMPLOYEE, clock=clock)
    for _use, call in every_use(store, old, clock).items():
        with pytest.raises(LinkRefused):
            call()
    assert scan.resume(store, new, clock).response.answers == {ITEM: 1}


def test_one_respondents_link_never_writes_the_other_respondents_answers(store, tokens, clock):
    scan.save_answer(store, tokens[Respondent.MANAGER], ITEM, 5, clock)
    with pytest.raises(ValidationError):
        scan.save_open_answer(store, tokens[Respondent.MANAGER], QUESTION, "x", clock)  # an employee-only question
    assert scan.resume(store, tokens[Respondent.EMPLOYEE], clock).response.answers == {}
    assert scan.resume(store, tokens[Respondent.MANAGER], clock).response.answers == {ITEM: 5}
