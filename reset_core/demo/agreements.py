"""Re-integration plans for the demo cases that came that far, made through the same
use cases a facilitator uses.

The joint-dialogue case has a draft; the cases that returned have a signed plan, signed
on paper and recorded by the facilitator. The case about to return answered through the
parties' own links: the employee refused version 1 with reasons, both signed version 2. The
follow-up case has two versions, as in the white paper's case study: at the first
follow-up the relations in the team needed a second round, the facilitator decided to
adjust the plan, and version 2 adds support there and keeps version 1 on file. Everything here is invented.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, time, timedelta

from .. import agreement, dialogue, followup, party_space, plan_answer, scan
from ..dates import add_months
from ..model import (
    AdjustmentArea,
    AgreementContent,
    Case,
    CraftingAim,
    Decision,
    GoalOwner,
    GoalReview,
    GoalStatus,
    MomentKind,
    Participants,
    Phase,
    PlanAdjustment,
    Respondent,
    SchedulePeriod,
    Signer,
    User,
)
from ..storage import Store
from .spaces import new_link

A, AIM = AdjustmentArea, CraftingAim
CONTRACT_HOURS = 38.0


def _at(day: date, hour: int, minute: int = 0) -> Callable[[], datetime]:
    moment = datetime.combine(day, time(hour, minute))
    return lambda: moment


def _content(case: Case, first_name: str, chart_moment_id: int | None) -> AgreementContent:
    start = agreement.return_date(case)
    follow_ups = agreement.proposed_follow_ups(case)
    return AgreementContent(
        contract_hours=CONTRACT_HOURS,
        adjustments=(
            PlanAdjustment(A.WORKLOAD, AIM.LOWER_HINDERING_DEMAND, "De eerste maand geen piekmomenten: de maandagdrukte neemt een collega over."),
            PlanAdjustment(A.HOURS_SCHEDULE, AIM.LOWER_HINDERING_DEMAND, "Geen avond- of weekendwerk tijdens de opbouw; laptop dicht om 18 uur."),
            PlanAdjustment(A.WORKPLACE_TOOLS, AIM.RAISE_RESOURCE, "Een korte opleiding en een vast aanspreekpunt voor het nieuwe systeem."),
            PlanAdjustment(A.RELATIONS_SUPPORT, AIM.RAISE_RESOURCE, "Elke vrijdagochtend een kort gesprek met de leidinggevende: wat liep goed, wat kan anders."),
            PlanAdjustment(A.TASKS, AIM.RAISE_CHALLENGE, f"Na de opbouw neemt {first_name} de inwerking van een nieuwe collega mee op."),
        ),
        schedule=(
            SchedulePeriod(start, start + timedelta(days=13), 19.0, None, 3.0, "Bijlezen, inloggen, vaste klanten en collega's terugzien."),
            SchedulePeriod(start + timedelta(days=14), start + timedelta(days=27), 22.8, None, 3.0, "Eigen taken zonder piekmomenten."),
            SchedulePeriod(start + timedelta(days=28), start + timedelta(days=55), 30.4, None, 4.0, "Eigen taken; de maandagdrukte nog niet."),
        ),
        buddy="Een collega van het eigen team, gekozen door de medewerker",
        coaching="Nog drie gesprekken bij de loopbaancoach, in de eerste twee maanden.",
        training="Opleiding in het nieuwe systeem in de tweede week, in kleine groep.",
        colleagues_message=f"Dat {first_name} terugkomt met een opbouw van de uren en aangepaste taken; niets over de reden van de afwezigheid.",
        colleagues_told_by="De leidinggevende, in het teamoverleg vóór de terugkeer",
        contact="Elke vrijdag een kort gesprek met de leidinggevende; bij twijfel eerst bellen, niet alleen doorwerken.",
        follow_ups=follow_ups,
        valid_from=start,
        valid_until=follow_ups[-1],
        chart_moment_id=chart_moment_id,
    )


def _sign_all(store: Store, facilitator: User, case: Case, number: int, on: date) -> None:
    names = {Signer.EMPLOYEE: case.employee.name, Signer.MANAGER: case.manager.name, Signer.FACILITATOR: facilitator.name}
    for minute, signer in enumerate(Signer):
        # Signed on paper at the meeting; the facilitator records each paper signature.
        agreement.sign(
            store, facilitator, case.id, number, signer, names[signer], confirmed=True, paper_date=on,
            clock=_at(on, 16, 10 + 5 * minute),
        )


def _offer_and_sign(store: Store, facilitator: User, case: Case, number: int, offered: date, signed: date) -> None:
    version = agreement.load(store, facilitator, case.id, _at(offered, 10)).version(number)
    agreement.offer(store, facilitator, case.id, number, offered, version.revision, _at(offered, 11))
    _sign_all(store, facilitator, case, number, signed)


def _answered_through_links(store: Store, facilitator: User, case: Case, start: date, first_name: str) -> None:
    """Version 1 offered with a hand-over code per party and sent with a new link to each
    party's space: the employee refused it there with reasons and her view. Version 2 builds
    up more slowly; the manager and the employee signed it through their links, the
    facilitator confirmed. (The codes, like the tokens, are not kept.)"""
    offered = start - timedelta(days=24)
    version = agreement.load(store, facilitator, case.id, _at(offered, 10)).version(1)
    _, codes = plan_answer.offer(store, facilitator, case.id, 1, offered, version.revision, _at(offered, 11))
    links = {r: new_link(store, facilitator, case.id, r, _at(offered, 11, 5)) for r in Respondent}
    employee, manager = links[Respondent.EMPLOYEE], links[Respondent.MANAGER]
    party_space.open_space(store, employee, _at(offered + timedelta(days=1), 20))
    plan_answer.answer(
        store, employee, 1, codes[Signer.EMPLOYEE], agree=False, name=case.employee.name,
        reasons="Drie dagen per week vanaf de derde week is te snel voor mij: ik ben 's avonds nog te moe.",
        view="Ik wil graag terugkomen en vind de aanpassingen goed. Ik vraag alleen een tragere opbouw van de uren.",
        clock=_at(offered + timedelta(days=2), 20, 30),
    )
    second = agreement.new_version(
        store, facilitator, case.id, f"{first_name} weigerde versie 1: de opbouw ging te snel. Tragere opbouw van de uren.",
        _at(offered + timedelta(days=5), 10),
    )
    slower = replace(second.content.schedule[1], hours_per_week=19.0, percent=None, tasks="Eigen taken, nog steeds halve dagen.")
    agreement.save_draft(
        store, facilitator, case.id, 2, replace(second.content, schedule=(second.content.schedule[0], slower, *second.content.schedule[2:])),
        second.revision, _at(offered + timedelta(days=5), 10, 30),
    )
    offered = start - timedelta(days=14)
    version = agreement.load(store, facilitator, case.id, _at(offered, 10)).version(2)
    _, codes = plan_answer.offer(store, facilitator, case.id, 2, offered, version.revision, _at(offered, 11))
    plan_answer.answer(store, manager, 2, codes[Signer.MANAGER], agree=True, name=case.manager.name, clock=_at(offered + timedelta(days=1), 8, 30))
    plan_answer.answer(
        store, employee, 2, codes[Signer.EMPLOYEE], agree=True, name=case.employee.name,
        view="Akkoord met deze opbouw. Na vier weken wil ik samen bekijken of de drukke maandagen al haalbaar zijn.",
        clock=_at(offered + timedelta(days=2), 19),
    )
    agreement.sign(store, facilitator, case.id, 2, Signer.FACILITATOR, facilitator.name, confirmed=True, clock=_at(offered + timedelta(days=3), 16))


def fill(store: Store, facilitator: User, case: Case, phase: Phase, today: date) -> None:
    """A plan for the cases from the joint dialogue on; none before it."""
    if phase in (Phase.INTAKE, Phase.PREPARATION):
        return
    start = agreement.return_date(case)
    if start is None:
        return
    first_name = case.employee.name.split()[0]
    t0 = [r.moment.id for r in scan.results(store, facilitator, case.id) if r.comparison and r.moment.kind is MomentKind.T0]
    # The case that returns soon answered through the parties' own links (a refusal, then
    # a second version both signed): its plan was made ten days earlier.
    made = min(today, start - timedelta(days=26 if phase is Phase.RETURN else 16))
    agreement.start(store, facilitator, case.id, _at(made, 15))
    version = agreement.load(store, facilitator, case.id, _at(made, 15)).version(1)
    agreement.save_draft(
        store, facilitator, case.id, 1, _content(case, first_name, t0[0] if t0 else None), version.revision, _at(made, 15, 30)
    )
    if phase is Phase.JOINT_DIALOGUE:
        return  # still a draft: the plan is being written together
    if phase is Phase.RETURN:
        _answered_through_links(store, facilitator, case, start, first_name)
        return
    offered = start - timedelta(days=14)
    _offer_and_sign(store, facilitator, case, 1, offered, offered + timedelta(days=3))
    if phase is not Phase.FOLLOW_UP:
        return

    # At the first follow-up the team relations needed a second round: the facilitator
    # decides to adjust the plan, which opens version 2 with the reason.
    review = add_months(start, 3) + timedelta(days=5)
    if review > today:
        return  # still in the first weeks back: the first follow-up is to come
    reviews = [
        GoalReview(g.id, GoalStatus.AT_RISK if g.theme == "social_support" else GoalStatus.ON_TRACK,
                   "De buddy heeft weinig tijd." if g.theme == "social_support" else "")
        for g in dialogue.goals(store, facilitator, case.id)
    ]
    followup.record_followup(
        store, facilitator, case.id, "m3", review, Participants.JOINT, Decision.ADJUST, reviews, "surviving",
        "De vrijdaggesprekken met de leidinggevende helpen.",
        "Overdrachten in het team lopen mis; de medewerker voelt zich buiten het teamoverleg gehouden.",
        "Bij de opvolging na 3 maanden bleek de samenwerking in het team nog stroef: overdrachten lopen mis "
        "en de medewerker voelt zich buiten het teamoverleg gehouden. De relaties met het team krijgen een tweede ronde.",
        clock=_at(review, 13),
    )
    dialogue.add_goal(
        store, facilitator, case.id, "team_relations", GoalOwner.TEAM,
        "Het team spreekt af hoe taken en bestellingen worden doorgegeven, met de medewerker erbij.",
        "Bij de scan na 6 maanden zijn team en medewerker het eens over de samenwerking.", MomentKind.M6,
        clock=_at(review, 14),
    )
    draft = agreement.load(store, facilitator, case.id, _at(review, 15)).version(2)
    content = draft.content
    content = replace(
        content,
        adjustments=content.adjustments + (
            PlanAdjustment(A.RELATIONS_SUPPORT, AIM.RAISE_RESOURCE, "Een begeleid teamgesprek over hoe we overdrachten doen, met de facilitator erbij."),
            PlanAdjustment(A.RELATIONS_SUPPORT, AIM.RAISE_RESOURCE, f"{first_name} zit opnieuw vast in het wekelijkse teamoverleg."),
        ),
        buddy="Een vaste buddy in het team, voor vragen over het werk en het systeem",
        contact="Elke vrijdag een kort gesprek met de leidinggevende; na het teamgesprek een evaluatie met de facilitator.",
    )
    agreement.save_draft(store, facilitator, case.id, 2, content, draft.revision, _at(review, 15, 30))
    _offer_and_sign(store, facilitator, case, 2, review + timedelta(days=2), review + timedelta(days=6))
