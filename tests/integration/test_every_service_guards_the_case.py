"""A facilitator trying another facilitator's case through every service function.

Every public function of reset_core that takes (store, actor, case_id, ...) is
called by the wrong facilitator with arguments that would otherwise be accepted.
Each must refuse. The modules are found, not listed: a module renamed, moved or added
is searched like the others. A new use case without a value for one of its parameters
below fails this test until it is added: no function slips through unnoticed.
"""

import importlib
import inspect
import pkgutil
import re
from datetime import date, timedelta
from pathlib import Path

import pytest

import reset_core
from reset_core import conversations, database, dialogue, intake, scan
from reset_core.access_request import ExportFor
from reset_core.config import Settings
from reset_core.errors import PermissionDenied
from reset_core.model import (
    PROCESSING,
    AdjustmentKind,
    AgreementContent,
    Audience,
    ClosingOutcome,
    ContactAgreement,
    ContactKeeper,
    ConversationParty,
    Decision,
    GoalOwner,
    LessonKind,
    LessonLevel,
    MomentKind,
    Participants,
    PersonRole,
    Phase,
    Respondent,
    SchedulePeriod,
    Signer,
)
from tests.conftest import TEST_KEY, make_user, open_case, place_copy

INFRASTRUCTURE = {("services", "case_transaction")}
TODAY = date.today()


def module_names() -> list[str]:
    """Every module of reset_core, subpackages (and their __init__) included, as `name` or `package.name`."""
    return [info.name.removeprefix("reset_core.") for info in pkgutil.walk_packages(reset_core.__path__, "reset_core.")]


def guarded_functions():
    found = []
    for name in module_names():
        module = importlib.import_module(f"reset_core.{name}")
        for fname, fn in inspect.getmembers(module, inspect.isfunction):
            if fn.__module__ != module.__name__ or fname.startswith("_") or (name, fname) in INFRASTRUCTURE:
                continue
            if list(inspect.signature(fn).parameters)[:3] == ["store", "actor", "case_id"]:
                found.append(pytest.param(name, fname, id=f"{name}.{fname}"))
    return found


def test_every_module_that_opens_a_case_is_searched():
    # A guard on the search itself: each module whose code opens a case through
    # case_transaction must give at least one function to the test below.
    opening = {
        path.relative_to(Path(reset_core.__file__).parent).with_suffix("").as_posix().replace("/", ".").removesuffix(".__init__")
        for path in Path(reset_core.__file__).parent.rglob("*.py")
        if re.search(r"\bcase_transaction\(\s*store\b", path.read_text())
    }
    searched = {param.values[0] for param in guarded_functions()}
    assert opening and opening - searched == set()


def build_world(store, facilitator):
    """A case with something of every kind, owned by `facilitator`."""
    case_id = open_case(store, facilitator, sick_leave_start=TODAY - timedelta(days=200), actual_return=TODAY - timedelta(days=100))
    intake.record_consent(store, facilitator, case_id, PROCESSING, True, TODAY - timedelta(days=190))
    person = intake.add_person(store, facilitator, case_id, PersonRole.GP, "dr. Wuyts")
    talk = conversations.start_conversation(store, facilitator, case_id, ConversationParty.EMPLOYEE, TODAY)
    insight = conversations.add_insight(store, facilitator, case_id, talk.id, "inzicht")
    adjustment = conversations.add_adjustment(store, facilitator, case_id, talk.id, AdjustmentKind.TASK, "aanpassing")
    provisional = conversations.add_goal(store, facilitator, case_id, talk.id, "voorlopig doel")
    moment, _ = scan.create_moment(store, facilitator, case_id, MomentKind.T0, TODAY)
    goal = dialogue.add_goal(store, facilitator, case_id, "autonomy", GoalOwner.EMPLOYEE, "d", "i", MomentKind.M3)
    case = intake.load(store, facilitator, case_id).case
    return case_id, {
        "phase": None, "role": PersonRole.GP, "name": "X", "organisation": "", "contact": "", "person_id": person.id,
        "on_date": TODAY, "note": "n", "text": "t", "subject": PROCESSING, "given": True,
        "agreement": ContactAgreement(ContactKeeper.HR), "details": case.details, "expected_version": case.version,
        "conversation_id": talk.id, "theme_id": "autonomy", "card_id": "theme_autonomy", "adjustment_id": adjustment.id,
        "goal_id": provisional.id, "insight_id": insight.id, "party": ConversationParty.EMPLOYEE, "with_whom": "",
        "agreed_by": ConversationParty.EMPLOYEE, "audience": Audience.JOINT, "planned_on": TODAY, "languages": None,
        "valid_days": 14, "moment_id": moment.id, "respondent": Respondent.EMPLOYEE, "language": "nl",
        "gap_threshold": None, "theme": "autonomy", "owner": GoalOwner.EMPLOYEE, "description": "d", "indicator": "i",
        "target": MomentKind.M3, "discussed": True, "today": None, "key": "overdue", "held_on": TODAY,
        "participants": Participants.JOINT, "decision": Decision.CONTINUE, "reviews": (), "continuum": None,
        "works": "", "not_working": "", "moments": [], "number": 1, "lang": "nl", "reason": "r", "offered_on": TODAY,
        "expected_revision": 0, "reasons": "r", "confirmed": True, "content": AgreementContent(), "signer": Signer.EMPLOYEE,
        # names that mean different things in different modules
        ("phases", "phase"): Phase.JOINT_DIALOGUE, ("conversations", "phase"): "preparation", ("conversations", "kind"): AdjustmentKind.TASK,
        ("scan", "kind"): MomentKind.M3, ("scan", "version"): 2, ("followup", "kind"): "m3", ("dialogue", "goal_id"): goal.id, ("dialogue", "of"): [goal],
        ("closing", "kind"): LessonKind.WENT_WELL, ("closing", "closed_on"): TODAY, ("closing", "outcome"): ClosingOutcome.OWN_JOB,
        "level": LessonLevel.TEAM, "lesson_id": 1, "confirmation": str(case_id), "for_whom": ExportFor.EMPLOYEE,
        ("agreement", "position"): 0, "area": "tasks", "aim": "raise_resource", "hours": 38.0, ("agreement", "details"): AgreementContent(),
        "period": SchedulePeriod(TODAY, TODAY + timedelta(days=13), 19.0, None, 3, "t"),
        "released": True, "flagged": True, "how_asked": "mondeling gevraagd",
        ("legal_track", "track"): "voluntary",
        "ground": "objective", "made_on": TODAY, "step_start": TODAY, "filed_on": TODAY, "holds": True, "examined_on": TODAY,
        "received_on": TODAY, "reminded_on": TODAY, "how": "hand", "answer_by": TODAY, "recipient": "employee",
        "delivered_on": TODAY, "section": "overview",
        "went_well": "w", "could_be_better": "b", "prevention_idea": "p", "summary": "s", "due_on": TODAY, "action_id": 1,
        "week_rating": 3, "enabled": True, "weekly_weeks": 4,
        "stood_out": "s", "to_bring": "b", "themes": ("autonomy",), "private_note": "p",
    }


@pytest.fixture(scope="module")
def world_database(tmp_path_factory, migrated_database):
    """The world, built once for this file and kept as a database file (building it takes
    longer than a copy; every test below gets a copy of its own)."""
    config = place_copy(migrated_database, Settings(tmp_path_factory.mktemp("world"), TEST_KEY))
    store = database.open_store(config)
    try:
        facilitator = make_user(store, "fien", name="Fien Facilitator")
        other = make_user(store, "olaf", name="Olaf Other")
        case_id, values = build_world(store, facilitator)
    finally:
        store.close()
    return config.db_path, other, case_id, values


@pytest.fixture
def world(config, world_database):
    """This test's copy of the world: its store, the other facilitator, the case, the values."""
    original, other, case_id, values = world_database
    store = database.open_store(place_copy(original, config))
    yield store, other, case_id, values
    store.close()


@pytest.mark.parametrize(("module_name", "function_name"), guarded_functions())
def test_the_wrong_facilitator_is_refused(world, module_name, function_name):
    store, other_facilitator, case_id, values = world
    fn = getattr(importlib.import_module(f"reset_core.{module_name}"), function_name)
    kwargs = {}
    for name, parameter in list(inspect.signature(fn).parameters.items())[3:]:
        if (module_name, name) in values:
            kwargs[name] = values[(module_name, name)]
        elif name in values:
            kwargs[name] = values[name]
        elif parameter.default is inspect.Parameter.empty:
            pytest.fail(f"add a value for {module_name}.{function_name}({name}) to the world fixture")
    with pytest.raises(PermissionDenied):
        fn(store, other_facilitator, case_id, **kwargs)
