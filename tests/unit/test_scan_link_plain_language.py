"""The scan link said plainly (B1) and its length said up front: what a respondent back
from burn-out reads before and while answering."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from reset_core import scan
from reset_core.i18n import LANGUAGES, catalogue
from reset_core.instrument import load_instrument

B1_WORDS_PER_SENTENCE = 20
# The crisis help lines are a list of numbers to call, read when needed, not a sentence to follow.
NOT_PROSE = {"scan_link.continuum_support"}


def long_sentences(text: str) -> list[str]:
    sentences = re.split(r"(?<=[.!?])\s+", " ".join(text.split()))
    return [s for s in sentences if len(re.findall(r"\w+(?:['’]\w+)*", s)) > B1_WORDS_PER_SENTENCE]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_text_of_the_scan_link_speaks_in_short_sentences(lang):
    texts = {k: v for k, v in catalogue(lang).items() if k.startswith(("scan_link.", "scan_access.")) and k not in NOT_PROSE}
    assert {key: long for key, text in texts.items() if (long := long_sentences(text))} == {}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_count_left_open_reads_right_for_one_statement_and_for_several(lang):
    # "uitspraak/uitspraken", "statement(s)": a slash or brackets read badly aloud.
    texts = {k: v for k, v in catalogue(lang).items() if k.startswith(("scan_link.", "scan_access."))}
    assert [k for k, v in texts.items() if re.search(r"\w/\w|\w\(s\)", v)] == []


def test_the_time_it_takes_follows_the_number_of_statements():
    full = load_instrument(1)
    half, longer = replace(full, items=full.items[: len(full.items) // 2]), replace(full, items=full.items * 2)
    for party in ("employee", "manager"):
        assert scan.minutes_needed(half, party) < scan.minutes_needed(full, party) < scan.minutes_needed(longer, party)


def test_the_time_it_takes_is_a_round_estimate_and_never_less_than_the_reading_takes():
    instrument = load_instrument(1)
    for party in ("employee", "manager"):
        minutes = scan.minutes_needed(instrument, party)
        assert minutes % 5 == 0
        reading = scan.SECONDS_PER_STATEMENT * len(instrument.items) + scan.SECONDS_PER_OPEN_QUESTION * len(instrument.questions_for(party))
        assert minutes * 60 >= reading
