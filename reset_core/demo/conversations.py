"""Card conversations for the demo cases: a conversation with the employee and one
with the manager, with cards, private notes, insights of which some are shared with
consent, one shared and later withdrawn, adjustments and provisional goals.

Everything here is invented and written in our own words. The first demo case is
shaped like the white paper's case study: a salesperson of 57 for whom a conflict
with a colleague and a new IT order system were among the causes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from .. import conversations
from ..accounts import Clock
from ..model import AdjustmentKind, Case, ConversationParty, Phase, User
from ..storage import Store
from .case import DemoCase

SHARED = "shared"
WITHDRAWN = "withdrawn"  # shared first, withdrawn later by its owner
PRIVATE = "private"


@dataclass(frozen=True)
class DemoInsight:
    text: str
    sharing: str
    card_id: str | None = None
    theme_id: str | None = None
    withdraw_note: str = ""


@dataclass(frozen=True)
class DemoConversation:
    party: ConversationParty
    days_after_intake: int
    cards: tuple[tuple[str, str], ...]  # (card id, private note), in the order used
    insights: tuple[DemoInsight, ...]
    adjustments: tuple[tuple[AdjustmentKind, str], ...] = ()
    goals: tuple[tuple[str, str | None], ...] = ()  # (text, theme id)
    phase: str = "preparation"
    with_whom: str = ""


def _case_study() -> tuple[DemoConversation, ...]:
    """Marc Verbeke, 57, salesperson in the field; manager Katrien De Smet."""
    employee = DemoConversation(
        ConversationParty.EMPLOYEE, 20,
        cards=(
            ("process_preparation", "Marc wil eerst zijn eigen verhaal kwijt. Rustig tempo; na een uur gestopt, dat was genoeg."),
            ("theme_team_relations", "Spanning met een collega van de binnendienst over bestellingen die verkeerd doorgestuurd werden. In het teamoverleg voelde Marc zich terechtgewezen waar iedereen bij was; sindsdien mijdt hij die collega. Hij wil geen ruzie oprakelen, wel duidelijke afspraken."),
            ("theme_hindering_demands", "Het nieuwe bestelsysteem kwam er in de drukste maanden, zonder opleiding voor de buitendienst. 's Avonds zat hij orders in te geven. Hij schaamt zich dat het hem niet lukte, 'op mijn leeftijd'."),
            ("theme_challenge_growth", "Straalt als hij over zijn klanten praat: dertig jaar dezelfde regio, kent iedereen bij naam."),
            ("theme_return_confidence", "Bang dat de avonden weer vollopen. Wil een vaste grens: laptop dicht om 18 uur."),
        ),
        insights=(
            DemoInsight("Marc wil terugkomen in de buitendienst: het contact met zijn vaste klanten geeft hem energie.", SHARED, card_id="theme_challenge_growth"),
            DemoInsight("Marc vraagt een opleiding op maat voor het nieuwe bestelsysteem, in kleine stappen en samen met een collega die het goed kent.", SHARED, card_id="theme_hindering_demands"),
            DemoInsight(
                "Marc wil duidelijke afspraken over hoe bestellingen tussen buitendienst en binnendienst doorgegeven worden, en een begeleid gesprek met de collega van de binnendienst.",
                WITHDRAWN, card_id="theme_team_relations",
                withdraw_note="Marc wil het eerst zelf met zijn collega bespreken voor het op tafel komt.",
            ),
            DemoInsight("Marc twijfelt of hij het tempo van vroeger nog wil halen in de jaren tot zijn pensioen.", PRIVATE, card_id="theme_return_confidence"),
        ),
        adjustments=(
            (AdjustmentKind.TRAINING, "Opleiding op maat voor het bestelsysteem, met een collega als peter"),
            (AdjustmentKind.SCHEDULE, "Progressieve start: de eerste maand drie halve dagen per week"),
            (AdjustmentKind.RELATIONAL, "Begeleid gesprek met de collega van de binnendienst, als Marc dat wil"),
        ),
        goals=(
            ("Binnen zes weken zelfstandig orders ingeven in het nieuwe systeem", "hindering_demands"),
            ("Geen orders meer ingeven na 18 uur", "recovery_energy"),
        ),
    )
    manager = DemoConversation(
        ConversationParty.MANAGER, 27,
        cards=(
            ("process_preparation", "Katrien wil vooral weten wat ze wel en niet mag vragen. Uitgelegd dat Marc zelf beslist wat gedeeld wordt."),
            ("theme_manager_relationship", "Katrien had de signalen gezien (mails laat op de avond, korter aangebonden) maar wist niet hoe ze het moest aankaarten. Ze voelt zich schuldig."),
            ("theme_team_relations", "Ze ziet het conflict als een misverstand tussen twee koppige mensen. Heeft de collega van de binnendienst er nog niet over gesproken."),
            ("theme_conditions_schedule", "De regio kan tijdelijk kleiner; de grootste vaste klanten kunnen bij Marc blijven."),
        ),
        insights=(
            DemoInsight("Katrien wil de regio van Marc tijdelijk kleiner maken, zodat hij zijn vaste klanten kan houden.", SHARED, card_id="theme_conditions_schedule"),
            DemoInsight("Katrien erkent dat het bestelsysteem te snel werd ingevoerd voor de buitendienst en wil een opleiding voorzien.", SHARED, theme_id="hindering_demands"),
            DemoInsight("Katrien vindt het moeilijk om de collega van de binnendienst aan te spreken op de toon in het teamoverleg.", PRIVATE, card_id="theme_team_relations"),
        ),
        adjustments=(
            (AdjustmentKind.TASK, "Regio tijdelijk kleiner; de vaste klanten blijven bij Marc"),
            (AdjustmentKind.WORKPLACE, "Laptop met het bestelsysteem vooraf ingesteld en getest"),
        ),
        goals=(("Elke maandag een kort contactmoment van een kwartier", "manager_relationship"),),
    )
    return employee, manager


def _generic(employee_name: str, manager_name: str) -> tuple[DemoConversation, ...]:
    first, manager_first = employee_name.split()[0], manager_name.split()[0]
    employee = DemoConversation(
        ConversationParty.EMPLOYEE, 20,
        cards=(
            ("process_preparation", f"{first} vertelt open over de maanden voor de afwezigheid. Gesprek van een uur; aan het eind moe maar opgelucht."),
            ("theme_hindering_demands", "De grootste energievreters: de hele dag door onderbroken worden en deadlines die zonder overleg verschoven."),
            ("theme_recovery_energy", "Wandelt elke ochtend; merkt dat de energie na de middag snel zakt."),
            ("theme_manager_relationship", f"Vindt {manager_first} correct, maar durfde niet te zeggen dat het te veel werd."),
        ),
        insights=(
            DemoInsight(f"{first} wil de eerste weken vaste blokken zonder onderbrekingen, bij voorkeur in de voormiddag.", SHARED, card_id="theme_hindering_demands"),
            DemoInsight(
                f"{first} wil dat {manager_first} geregeld vraagt hoe het gaat, ook als alles lijkt te lopen.",
                WITHDRAWN, card_id="theme_manager_relationship",
                withdraw_note="Wil dit liever zelf zeggen in het gezamenlijk gesprek.",
            ),
            DemoInsight(f"{first} is bang dat collega's denken dat het maar een rustpauze was.", PRIVATE, theme_id="return_confidence"),
        ),
        adjustments=(
            (AdjustmentKind.SCHEDULE, "Starten in de voormiddag en de uren stap voor stap opbouwen"),
            (AdjustmentKind.COGNITIVE, "Prioriteiten samen vastleggen in plaats van alles tegelijk"),
        ),
        goals=(("Na vier weken drie voormiddagen per week zonder onderbreking werken", "hindering_demands"),),
    )
    manager = DemoConversation(
        ConversationParty.MANAGER, 27,
        cards=(
            ("process_preparation", f"{manager_first} wil helpen maar weet niet goed wat wel en niet gevraagd mag worden."),
            ("theme_social_support", "Wil steunen zonder te betuttelen en vraagt hoe dat concreet kan."),
            ("theme_conditions_schedule", "Een deel van de planning kan tijdelijk naar een collega; teamvergaderingen kunnen naar de voormiddag."),
        ),
        insights=(
            DemoInsight(f"{manager_first} kan de teamvergaderingen de eerste maand naar de voormiddag verplaatsen.", SHARED, card_id="theme_conditions_schedule"),
            DemoInsight(f"{manager_first} maakt zich zorgen over de werkdruk voor de rest van het team tijdens de opstart.", PRIVATE, card_id="theme_social_support"),
        ),
        adjustments=((AdjustmentKind.TASK, "De planning tijdelijk bij een collega"),),
        goals=(("Elke vrijdag een kort opvolgmoment", "manager_relationship"),),
    )
    return employee, manager


def fill(store: Store, facilitator: User, case: Case, demo: DemoCase, today: date, clock: Clock) -> None:
    """Hold the demo conversations of one case that is past its intake; in preparation
    only the employee's so far (with both held the case is ready for the joint dialogue)."""
    intake_day = case.intake_date or today
    first_case = case.employee.name == "Marc Verbeke"
    held = _case_study() if first_case else _generic(case.employee.name, case.manager.name)
    if demo.phase is Phase.PREPARATION:
        held = held[:1]
    for plan in held:
        on_date = min(intake_day + timedelta(days=plan.days_after_intake), today)
        talk = conversations.start_conversation(
            store, facilitator, case.id, plan.party, on_date, plan.phase, plan.with_whom, clock
        )
        for card_id, note in plan.cards:  # saving a note puts its card on the table
            conversations.save_card_note(store, facilitator, case.id, talk.id, card_id, note, clock)
        for item in plan.insights:
            insight = conversations.add_insight(
                store, facilitator, case.id, talk.id, item.text, item.card_id, item.theme_id, clock
            )
            if item.sharing in (SHARED, WITHDRAWN):
                conversations.share_insight(
                    store, facilitator, case.id, insight.id, plan.party, on_date,
                    "Akkoord gegeven aan het eind van het gesprek.", clock,
                )
            if item.sharing == WITHDRAWN:
                conversations.withdraw_sharing(
                    store, facilitator, case.id, insight.id, min(on_date + timedelta(days=10), today),
                    item.withdraw_note, clock,
                )
        for kind, text in plan.adjustments:
            conversations.add_adjustment(store, facilitator, case.id, talk.id, kind, text, clock)
        for text, theme_id in plan.goals:
            conversations.add_goal(store, facilitator, case.id, talk.id, text, theme_id, clock)
