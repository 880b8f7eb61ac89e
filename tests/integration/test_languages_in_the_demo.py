"""The demo shows cases that mix languages: each party's links and documents in their own
language, and a French-speaking facilitator whose account opens in French."""

from reset_core import accounts
from reset_core.demo import DEMO_USERS
from reset_core.model import Respondent


def case_of(store, employee: str):
    with store.read() as q:
        return next(c for c in q.cases.all_cases() if c.details.employee.name == employee)


def test_the_brussels_case_gives_the_french_speaking_employee_and_the_dutch_speaking_manager_each_their_language(demo_store):
    case = case_of(demo_store, "Julie Lambert")
    with demo_store.read() as q:
        scan_links = {(link.respondent, link.language) for link in q.scans.links_of_case(case.id)}
        space_links = {(link.respondent, link.language) for link in q.spaces.links_of_case(case.id) if link.revoked_at is None}
    assert scan_links == space_links == {(Respondent.EMPLOYEE, "fr"), (Respondent.MANAGER, "nl")}


def test_the_french_speaking_facilitator_has_a_french_case_and_an_account_in_french(demo_store):
    camille = next(u for u in DEMO_USERS if u.username == "demo-fr")
    assert accounts.language(demo_store, camille) == "fr"
    assert case_of(demo_store, "Sébastien Dubois").facilitator == "demo-fr"
    assert accounts.language(demo_store, DEMO_USERS[0]) in (None, "nl")
