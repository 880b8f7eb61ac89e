"""What a case allows now, from the employee's basic consent and the case's phase: the
one rule every use case asks (`services.case_transaction(..., use=...)`, and the scan
link's own transaction) and every screen draws from.

- **Basic consent withdrawn.** The GDPR ends processing on consent at the withdrawal,
  and the method rests on the employee's free participation: nothing new about the case
  is processed and nothing of its content is shown to anyone or built into a document.
  A scan link takes no answer; card conversations, scan results, the joint screen, the
  plan and its documents, follow-up and closing are neither shown nor changed. What
  stays open: the intake (people, the consent ledger, contact log, phase and history),
  so that the facilitator can record the consent again; the employee's rights (export,
  erasure; reset_core.privacy); and what only stops processing (revoking a link,
  withdrawing a moment nobody answered, withdrawing an insight's sharing). Nothing is
  deleted: the consent recorded again opens everything as it was.
- **Basic consent not yet recorded** (a new case). The facilitator prepares (card
  conversations, a scan moment and its links), but nothing that binds the parties waits
  for less than the consent: no plan, none of its documents, no closing, and no insight
  reaches the other party or the joint screen.
- **Closed.** No answers and no new content: a scan link, new moments and links,
  conversations, the joint screen's topics and goals, the plan and follow-up are read
  only. What is on file can still be read, and a signed plan still comes down as PDF
  and calendar file: the signed plan is the legal re-integration plan, kept available
  for the inspectorate. Reopening (reset_core.closing) is the way back.

Each refusal says why, in the words of the one who reads it: the facilitator reads the
date and what to do; a respondent reads that the questionnaire no longer takes answers,
without being told whose decision stopped it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum

from .errors import Unavailable
from .formats import day
from .model import PROCESSING, Case, Phase
from .storage import Queries


class Use(Enum):
    """What a use case does with a case."""

    SCAN_LINK = "scan_link"  # a respondent opens their link, answers, submits
    SCAN_MOMENTS = "scan_moments"  # a new scan moment, a new link to one
    SCAN_RESULTS = "scan_results"  # answers and scores read, the scan report
    CONVERSATIONS = "conversations"  # card conversations, notes, insights read
    CONVERSATION_EDITS = "conversation_edits"  # ... written
    SHARING = "sharing"  # insights shown to the other party or on the joint screen
    JOINT = "joint"  # the joint screen: comparison, topics, insights, goals; presented
    JOINT_EDITS = "joint_edits"  # topics ticked and noted, goals agreed or dropped
    PLAN = "plan"  # the plan's versions read
    PLAN_EDITS = "plan_edits"  # a plan started, drafted, offered, signed, refused
    PLAN_DOCUMENT = "plan_document"  # a version not (yet) signed, as PDF or calendar file
    SIGNED_PLAN = "signed_plan"  # a signed version, as PDF or calendar file
    FOLLOW_UP = "follow_up"  # the schedule, follow-ups, early signs read
    FOLLOW_UP_EDITS = "follow_up_edits"  # ... recorded or changed
    CLOSING = "closing"  # outcome and lessons read
    CLOSING_EDITS = "closing_edits"  # closing, reopening, lessons


class Consent(Enum):
    GIVEN = "given"
    NOT_YET = "not_yet"
    WITHDRAWN = "withdrawn"


NEEDS_CONSENT_RECORDED = frozenset({Use.SHARING, Use.PLAN_EDITS, Use.PLAN_DOCUMENT, Use.SIGNED_PLAN, Use.CLOSING_EDITS})
NEW_CONTENT = frozenset({
    Use.SCAN_LINK, Use.SCAN_MOMENTS, Use.CONVERSATION_EDITS, Use.JOINT_EDITS, Use.PLAN_EDITS, Use.PLAN_DOCUMENT,
    Use.FOLLOW_UP_EDITS,
})
# A respondent is not told whose decision stopped the questionnaire; the closed case and
# the draft document get words of their own.
WORDING = {
    (Consent.WITHDRAWN, Use.SCAN_LINK): "allowed.link_stopped",
    (Phase.CLOSED, Use.SCAN_LINK): "allowed.link_closed",
    (Phase.CLOSED, Use.PLAN_DOCUMENT): "allowed.closed_signed_only",
}


@dataclass(frozen=True)
class Allowance:
    """Where a case stands for the rule: its basic consent and whether it is closed."""

    consent: Consent
    consent_on: date | None = None  # the date of the basic consent's latest entry
    closed_on: date | None = None  # None: the case is open

    def refusal(self, use: Use) -> Unavailable | None:
        """Why the case does not allow `use` now, or None when it does."""
        use = Use(use)
        if self.consent is Consent.WITHDRAWN:
            return Unavailable(WORDING.get((Consent.WITHDRAWN, use), "allowed.consent_withdrawn"), date=day(self.consent_on))
        if self.consent is Consent.NOT_YET and use in NEEDS_CONSENT_RECORDED:
            return Unavailable("allowed.consent_not_yet")
        if self.closed_on is not None and use in NEW_CONTENT:
            return Unavailable(WORDING.get((Phase.CLOSED, use), "allowed.closed"), date=day(self.closed_on))
        return None

    def allows(self, use: Use) -> bool:
        return self.refusal(use) is None

    def require(self, use: Use) -> None:
        refusal = self.refusal(use)
        if refusal is not None:
            raise refusal


def of(q: Queries, case: Case) -> Allowance:
    """The case's allowance, read inside the caller's transaction (two small queries at most)."""
    basic = [entry for entry in q.intake.consent_ledger(case.id) if entry.subject == PROCESSING]
    if not basic:
        consent, consent_on = Consent.NOT_YET, None
    else:
        consent, consent_on = (Consent.GIVEN if basic[-1].given else Consent.WITHDRAWN), basic[-1].on_date
    closed_on = None
    if case.phase is Phase.CLOSED:
        active = [c for c in q.closing.closings_of(case.id) if c.active]
        closed_on = active[-1].closed_on if active else case.updated_at.date()
    return Allowance(consent, consent_on, closed_on)


def require(q: Queries, case: Case, use: Use) -> None:
    """Raise the reason `use` is not allowed on the case now (`Unavailable`), if any."""
    of(q, case).require(use)
