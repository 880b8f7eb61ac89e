"""The employee answers the offered plan in their own browser, through their personal
space link, with the hand-over code the facilitator gave them apart.

The facilitator offers the plan: the codes show once. The facilitator makes the
employee's space link. The employee opens it in a browser of their own, reads the plan,
tries a wrong code (nothing counts, the message stands next to the code field), then
refuses with reasons and writes their own view with the right code. The facilitator's
screen shows the refusal through the link, and the view.
"""

from dataclasses import replace
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.e2e.conftest import PASSWORD, Server, flat, log_in, one_case, screenshot, settle

REASONS = "Drie dagen per week vanaf de derde week is te snel voor mij."
VIEW = "Ik wil graag terug; ik vraag alleen een tragere opbouw van de uren."

pytestmark = pytest.mark.browser


@pytest.fixture
def server(tmp_path):
    """A case with a plan written and not yet offered."""
    from reset_core import agreement
    from reset_core.model import AdjustmentArea, CraftingAim, PlanAdjustment, SchedulePeriod

    data = tmp_path / "data"
    back = date.today() + timedelta(days=10)
    with one_case(data, sick_leave_start=date.today() - timedelta(days=90), expected_return=back) as (store, fien, case_id):
        first = agreement.start(store, fien, case_id)
        agreement.save_draft(
            store, fien, case_id, 1,
            replace(
                first.content, contract_hours=38.0,
                adjustments=(
                    PlanAdjustment(AdjustmentArea.WORKLOAD, CraftingAim.LOWER_HINDERING_DEMAND, "Geen piekdagen op maandag"),
                    PlanAdjustment(AdjustmentArea.RELATIONS_SUPPORT, CraftingAim.RAISE_RESOURCE, "Wekelijks gesprek met de leidinggevende"),
                ),
                schedule=(SchedulePeriod(back, back + timedelta(days=13), None, 50.0, 3.0, "Bijlezen en klanten terugzien"),),
            ),
            first.revision,
        )
    s = Server(data)
    yield s
    s.stop()


def test_the_employee_refuses_the_plan_in_their_own_browser_with_the_code_and_the_facilitator_sees_it(server, browser):
    facilitator = log_in(browser, server.url, "fien", PASSWORD)
    facilitator.goto(server.url + "/agreement?case=1")
    settle(facilitator)
    facilitator.get_by_role("tab", name="Ondertekenen").click()
    facilitator.get_by_role("button", name="Aanbieden ter ondertekening").click()
    settle(facilitator)
    expect(facilitator.get_by_text("Het plan is aangeboden ter ondertekening.")).to_be_visible(timeout=15_000)
    codes = facilitator.locator('[data-testid="stCode"]')
    expect(codes).to_have_count(2, timeout=15_000)
    shown = codes.all_inner_texts()
    employee_code = next(c for c in shown if "medewerker" in c).strip().rsplit(" ", 1)[1]
    screenshot(facilitator, "plan-answer-codes")

    facilitator.goto(server.url + "/intake?case=1")
    settle(facilitator)
    facilitator.get_by_role("tab", name="Persoonlijke ruimte").click()
    settle(facilitator)
    facilitator.get_by_role("button", name="Link maken voor de medewerker").click()
    settle(facilitator)
    link_box = facilitator.locator('[data-testid="stCode"]').first
    link_box.wait_for(timeout=30_000)
    link = link_box.inner_text().strip()
    assert "/?p=" in link

    employee = browser.new_context().new_page()  # the employee's own browser
    employee.goto(link)
    settle(employee)
    expect(employee.get_by_role("heading", name="Jouw re-integratieplan")).to_be_visible(timeout=15_000)
    expect(employee.get_by_text("Geen piekdagen op maandag")).to_be_visible()
    form = employee.locator('[data-testid="stForm"]').filter(has_text="Code van je facilitator")
    form.get_by_text("Ik ga niet akkoord, om de redenen hieronder.").click()
    form.get_by_label("Redenen waarom je niet akkoord gaat").fill(REASONS)
    form.get_by_role("textbox", name="Je eigen zienswijze (mag leeg blijven)").fill(VIEW)
    form.get_by_role("textbox", name="Code van je facilitator").fill("AAA-AAA" if employee_code != "AAA-AAA" else "CCC-CCC")
    form.get_by_role("button", name="Antwoord versturen").click()
    settle(employee)
    expect(employee.get_by_text("Deze code klopt niet. Je kunt het nog 4 keer proberen.")).to_be_visible(timeout=15_000)
    # Nothing typed is lost: the reasons and the view are still there for the next try.
    expect(form.get_by_label("Redenen waarom je niet akkoord gaat")).to_have_value(REASONS)
    form.get_by_role("textbox", name="Code van je facilitator").fill(employee_code)
    form.get_by_role("button", name="Antwoord versturen").click()
    settle(employee)
    expect(employee.get_by_text("Dank je. Je weigering en je redenen zijn geregistreerd.")).to_be_visible(timeout=15_000)
    expect(employee.get_by_text(VIEW)).to_be_visible()
    screenshot(employee, "plan-answer-refused-in-space")
    # Their own copy, fetched without a login: the link is what lets it through.
    employee.locator(".st-key-space_plan_pdf").get_by_role("button").click()
    settle(employee)
    download = employee.locator(".st-key-space_plan_pdf_download").get_by_role("button")
    expect(download).to_be_visible(timeout=30_000)
    with employee.expect_download() as info:
        download.click()
    text = flat("\n".join(p.extract_text() for p in PdfReader(info.value.path()).pages))
    assert "Geen piekdagen op maandag" in text and flat(VIEW) in text and "Zienswijze van de werknemer" in text

    facilitator.goto(server.url + "/agreement?case=1")
    settle(facilitator)
    facilitator.get_by_role("tab", name="Ondertekenen").click()
    sign = facilitator.get_by_role("tabpanel", name="Ondertekenen")
    expect(sign.get_by_text("Geweigerd via de eigen link door Marc Verbeke")).to_be_visible(timeout=15_000)
    expect(sign.get_by_text(VIEW)).to_be_visible()
    expect(sign.get_by_text(REASONS)).to_be_visible()
    expect(facilitator.get_by_role("heading", name="Versie 1 - geweigerd door de medewerker")).to_be_visible()
    assert "Code voor de" not in facilitator.inner_text("body")  # the codes showed once
    screenshot(facilitator, "plan-answer-facilitator")
