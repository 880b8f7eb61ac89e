"""A party's personal space in the browser: the facilitator makes the employee's link,
the employee opens it in their own browser, reads their consents and withdraws one,
and the facilitator's screen shows it withdrawn."""

from datetime import date

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import PASSWORD, Server, log_in, one_case, screenshot, settle

pytestmark = pytest.mark.browser


@pytest.fixture
def server(tmp_path):
    from reset_core import intake
    from reset_core.model import PersonRole, person_subject

    data = tmp_path / "data"
    with one_case(data) as (store, fien, case_id):
        gp = intake.add_person(store, fien, case_id, PersonRole.GP, "dr. Wuyts")
        intake.record_consent(store, fien, case_id, person_subject(gp.id), True, date.today())
    s = Server(data)
    yield s
    s.stop()


def test_the_employee_withdraws_a_consent_in_their_space_and_the_facilitator_sees_it(server, browser):
    facilitator = log_in(browser, server.url, "fien", PASSWORD)
    facilitator.goto(server.url + "/intake?case=1")
    settle(facilitator)
    facilitator.get_by_role("tab", name="Persoonlijke ruimte").click()
    settle(facilitator)
    facilitator.get_by_role("button", name="Link maken voor de medewerker").click()
    settle(facilitator)
    code = facilitator.locator('[data-testid="stCode"]').first
    code.wait_for(timeout=30_000)
    link = code.inner_text().strip()
    assert "/?p=" in link

    employee = browser.new_context().new_page()
    employee.goto(link)
    settle(employee)
    expect(employee.get_by_text("Jouw toestemmingen")).to_be_visible(timeout=15_000)
    body = employee.inner_text("body")
    assert "Marc Verbeke" in body and "Katrien" not in body and "dr. Wuyts" in body
    screenshot(employee, "space-consents")
    consent = employee.locator(".st-key-space_consent_box_1")  # the second: after the basic consent
    expect(consent).to_contain_text("dr. Wuyts")
    consent.get_by_role("button", name="Toestemming intrekken").click()
    settle(employee)
    expect(employee.get_by_text("Ingetrokken. Dat geldt vanaf nu overal.")).to_be_visible(timeout=15_000)
    expect(consent.get_by_text("Ingetrokken op")).to_be_visible()

    facilitator.reload()
    settle(facilitator)
    facilitator.get_by_role("tab", name="Persoonlijke ruimte").click()
    settle(facilitator)
    space = facilitator.get_by_role("tabpanel", name="Persoonlijke ruimte")
    expect(space.get_by_text("Contact met huisarts: dr. Wuyts: ingetrokken")).to_be_visible(timeout=15_000)
    expect(space.get_by_text("Eerst geopend op")).to_be_visible()
    screenshot(facilitator, "space-facilitator")
