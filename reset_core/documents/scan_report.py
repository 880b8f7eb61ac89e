"""The scan report for the facilitator's file: one moment, both parties, as PDF bytes.
Not a document for the parties: it shows the comparison released or not."""

from __future__ import annotations

from datetime import datetime

from ..formats import day, fixed, theme_name
from ..i18n import translate
from ..instrument import available_versions, load_instrument
from ..model import Case, Organisation
from ..scan import MomentResult
from . import charts
from .pdf import Document, Letterhead


def comparison_frame(result: MomentResult, lang: str, *, for_facilitator: bool = False):
    """The joint comparison (both released); `for_facilitator`: the facilitator's own
    side-by-side view, released or not."""
    rows = result.side_by_side if for_facilitator else result.comparison
    return charts.comparison_frame(
        rows, lambda theme: theme_name(theme, lang), lambda party: translate(f"scan.{party}_score", lang),
        lambda value: fixed(value, lang),
    )


def _when(moment: datetime | None, lang: str) -> str:
    return day(moment, lang) if moment else translate("scan.not_submitted", lang)


def build(case: Case, result: MomentResult, submitted: dict, lang: str = "nl", organisation: Organisation | None = None) -> bytes:
    """submitted: respondent value -> submission time (or None). The report's version is
    its moment: the footer of every page names the case, the moment and its date."""
    t = lambda key, **p: translate(key, lang, **p)  # noqa: E731
    kind = t(f"moment_kind.{result.moment.kind.value}")
    doc = Document(
        t("scan.report_title", kind=kind),
        header_text=t("scan.report_case", id=case.id, employee=case.employee.name),
        page_label=t("scan.report_page", page="{page}", pages="{pages}"),
        letterhead=Letterhead.of(
            organisation, t("documents.footer_scan", id=case.id, kind=kind, date=day(result.moment.planned_on, lang)),
        ),
    )
    doc.heading(t("scan.report_title", kind=kind))
    doc.paragraph(
        t("scan.report_dates", planned=day(result.moment.planned_on, lang),
          employee=_when(submitted.get("employee"), lang), manager=_when(submitted.get("manager"), lang))
    )
    doc.paragraph(t("scan.results_note"), style="I", size=9)
    doc.ln(2)
    if result.side_by_side:
        doc.section(t("documents.scan_section_comparison"))
        frame = comparison_frame(result, lang, for_facilitator=True)
        charts.draw_comparison(doc, frame)
        doc.paragraph(t("scan.legend"), style="I", size=8)
        doc.ln(2)
        rows = [
            (
                theme_name(row.theme, lang),
                _score(row.employee.mean, lang),
                _score(row.manager.mean, lang),
                fixed(row.gap, lang, sign=True) if row.gap is not None else "-",
                ", ".join(
                    t(key) for key, on in (("scan.shared_concern", row.shared_concern), ("scan.worth_discussing", row.worth_discussing)) if on
                ),
            )
            for row in result.side_by_side
        ]
        doc.table_rows(
            (t("scan.theme"), t("scan.employee_score"), t("scan.manager_score"), t("scan.gap"), t("scan.flags")),
            rows, widths=(54, 22, 26, 26, 46),
        )
    if result.continuum:
        doc.ln(3)
        doc.paragraph(t("scan.continuum", level=continuum_label(result.continuum, lang)), style="B")
    answers = open_answers(result, lang)
    if answers:
        doc.ln(2)
        doc.section(t("scan.open_answers"))
        for label, text in answers:
            doc.paragraph(label, style="B", size=9)
            doc.paragraph(text)
            doc.ln(1)
    return doc.to_bytes()


def _score(mean: float | None, lang: str) -> str:
    return fixed(mean, lang) if mean is not None else translate("scan.not_enough", lang)


def open_answers(result: MomentResult, lang: str) -> list[tuple[str, str]]:
    """Each open answer given, as (who · the question in words, the answer): the
    question's id is for the database, never for a reader."""
    who = {r: translate(f"respondent.{r.value}", lang) for r in result.open_answers}
    return [
        (f"{who[respondent][:1].upper()}{who[respondent][1:]} · {question_text(question_id, lang)}", text)
        for respondent, texts in result.open_answers.items()
        for question_id, text in texts.items()
        if text and text.strip()
    ]


def question_text(question_id: str, lang: str) -> str:
    """An open question's text in `lang`, from whichever scan version holds it (newest first)."""
    for version in reversed(available_versions()):
        for question in load_instrument(version).open_questions:
            if question.id == question_id:
                return question.text.get(lang) or question.text.get("nl") or question_id
    return question_id


def continuum_label(level: str, lang: str) -> str:
    for option in load_instrument(1).continuum:
        if option.id == level:
            return option.label.get(lang) or level
    return level
