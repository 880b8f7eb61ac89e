"""The team briefing: one printable page for whoever tells the team about the return.

Built from the newest plan version both parties confirmed and nothing else: what the
employee agreed colleagues may be told (`colleagues_message`), who tells it
(`colleagues_told_by`), and fixed questions the team may have with answers that keep
to that (content/messages/*/team_briefing.yaml). No notes, no scan answers, no goals,
no adjustments: the team hears only what the employee agreed to. A draft or an offered
version is not agreed yet, so it never feeds the briefing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .. import agreement
from ..accounts import Clock
from ..allowed import Use
from ..errors import NotFound
from ..i18n import translate
from ..model import AgreementStatus, AgreementVersion, Organisation, User
from ..organisation import profile as organisation_profile
from ..services import case_transaction
from ..storage import Store
from .pdf import Document, Letterhead

QUESTIONS = 6  # team_briefing.question_<n> and answer_<n>, 1 to 6


@dataclass(frozen=True)
class Briefing:
    """Everything the page may say: the agreed message and teller of one confirmed version."""

    case_id: int
    version: int
    employee: str
    message: str
    told_by: str


def briefing_of(case_id: int, versions: tuple[AgreementVersion, ...] | list[AgreementVersion]) -> Briefing | None:
    """What the newest confirmed version says the team may hear; None before any is confirmed."""
    signed = [v for v in versions if v.status is AgreementStatus.SIGNED]
    if not signed:
        return None
    version = max(signed, key=lambda v: v.number)
    content = version.content
    return Briefing(case_id, version.number, version.parties.employee.name, content.colleagues_message, content.colleagues_told_by)


def build(briefing: Briefing, lang: str = "nl", organisation: Organisation | None = None) -> bytes:
    t = lambda key, **p: translate(key, lang, **p)  # noqa: E731
    title = t("team_briefing.title", name=briefing.employee)
    doc = Document(
        title,
        header_text=t("team_briefing.header", id=briefing.case_id),
        page_label=t("team_briefing.page", page="{page}", pages="{pages}"),
        letterhead=Letterhead.of(organisation, t("team_briefing.footer", id=briefing.case_id, number=briefing.version)),
    )
    doc.heading(title)
    doc.paragraph(t("team_briefing.intro", number=briefing.version), style="I", size=9)
    doc.ln(2)
    for heading, value in (("team_briefing.message_heading", briefing.message), ("team_briefing.teller_heading", briefing.told_by)):
        doc.section(t(heading))
        doc.paragraph(value or t("team_briefing.not_agreed"), style="" if value else "I")
        doc.ln(2)
    doc.section(t("team_briefing.never_heading"))
    doc.paragraph(t("team_briefing.never_text"))
    doc.ln(2)
    doc.section(t("team_briefing.questions_heading"))
    for n in range(1, QUESTIONS + 1):
        doc.paragraph(t(f"team_briefing.question_{n}"), style="B")
        doc.paragraph(t(f"team_briefing.answer_{n}"))
        doc.ln(1.5)
    return doc.to_bytes()


def team_briefing(store: Store, actor: User, case_id: int, lang: str = "nl", clock: Clock = datetime.now) -> bytes:
    """The team briefing of a case as PDF, for its own facilitator (logged); NotFound
    while no version of the plan is confirmed by both parties."""
    with case_transaction(store, actor, case_id, "team_briefing.pdf", lang, clock, use=Use.SIGNED_PLAN) as (q, case):
        briefing = briefing_of(case_id, agreement.file_of(q, case, actor).versions)
        if briefing is None:  # raised inside: nothing made, nothing logged
            raise NotFound("team_briefing.no_signed_plan")
    return build(briefing, lang, organisation_profile(store))
