"""The history tab of the intake page: in words, with names, views folded."""

from datetime import date

from reset_core import intake, services
from reset_core.model import PROCESSING
from tests.app.conftest import app_store, open_page, texts
from tests.conftest import open_case


def test_the_history_tab_reads_names_and_words_with_its_looks_folded(fien):
    store = app_store()
    case_id = open_case(store, fien)
    intake.record_consent(store, fien, case_id, PROCESSING, True, date.today())
    for _ in range(5):
        services.get_case(store, fien, case_id)
    at = open_page("intake", "fien", case_id)
    assert not at.exception
    history = at.dataframe[-1].value.to_csv()
    assert "Fien Peeters" in history and "Toestemming gegeven" in history
    assert "keer bekeken" in history and "Dossier bekeken\n" not in history
    for code in ("case.view", "processing", "fien,"):
        assert code not in history
    at.selectbox(key="intake_history_kind").set_value("consent").run()
    assert "Toestemming gegeven" in at.dataframe[-1].value.to_csv()
    assert "bekeken" not in at.dataframe[-1].value.to_csv()
    assert "None" not in texts(at)
