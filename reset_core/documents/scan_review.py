"""The take-home summary of a bilateral scan review, as PDF, for the one party it was held
with: built from `scan_review.Summary` alone, which holds that party's own answers, scores
and open answers and what they chose to bring, and nothing of the other party or of the
facilitator's private note."""

from __future__ import annotations

from datetime import datetime

from .. import scan_review
from ..accounts import Clock
from ..formats import day, fixed, theme_name
from ..i18n import translate
from ..instrument import load_instrument
from ..model import Organisation, Respondent, User
from ..organisation import profile as organisation_profile
from ..storage import Store
from .pdf import Document, Letterhead
from .scan_report import question_text


def build(summary: scan_review.Summary, lang: str = "nl", organisation: Organisation | None = None) -> bytes:
    t = lambda key, **p: translate(key, lang, **p)  # noqa: E731
    instrument = load_instrument(summary.instrument_version)
    party = summary.respondent.value
    kind = t(f"moment_kind.{summary.moment.kind.value}")
    title = t("scan_review.pdf_title")
    doc = Document(
        title,
        header_text=t("scan_review.pdf_header", id=summary.case_id, name=summary.name),
        page_label=t("scan.report_page", page="{page}", pages="{pages}"),
        letterhead=Letterhead.of(
            organisation, t("scan_review.pdf_footer", id=summary.case_id, kind=kind, date=day(summary.moment.planned_on, lang)),
        ),
    )
    doc.heading(title)
    doc.paragraph(t("scan_review.pdf_intro", date=day(summary.held_on, lang), kind=kind, planned=day(summary.moment.planned_on, lang)))
    doc.paragraph(t("scan_review.pdf_only_yours"), style="I", size=9)
    doc.ln(2)

    doc.section(t("scan_review.pdf_stood_out"))
    doc.paragraph(summary.stood_out)
    doc.ln(2)

    doc.section(t("scan_review.pdf_to_bring"))
    if summary.themes:
        doc.paragraph(t("scan_review.pdf_themes"), style="B", size=9)
        doc.bullets([theme_name(theme, lang) for theme in summary.themes])
    if summary.to_bring:
        doc.paragraph(summary.to_bring)
    doc.ln(2)

    doc.section(t("scan_review.pdf_scores"))
    doc.paragraph(t("scan.results_note"), style="I", size=8)
    doc.table_rows(
        (t("scan.theme"), t("scan_review.pdf_your_score")),
        [
            (theme_name(theme, lang), fixed(score.mean, lang) if score.enough else t("sharing.score_not_enough"))
            for theme, score in summary.scores.items()
        ],
        widths=(70, 30),
    )
    doc.ln(2)

    doc.section(t("scan_review.pdf_answers"))
    labels = {point.value: point.label.get(lang) or point.label.get("nl", "") for point in instrument.scale}
    not_applicable = instrument.not_applicable.get(lang) or instrument.not_applicable.get("nl", "")
    for theme in instrument.themes():
        doc.paragraph(theme_name(theme, lang), style="B")
        lines = []
        for item in instrument.items_for(theme):
            value = summary.answers.get(item.id)
            answer = not_applicable if value is None else f"{value} · {labels.get(value, '')}".rstrip(" ·")
            lines.append(t("sharing.answer_line", statement=item.text(party, lang), answer=answer))
        doc.bullets(lines)

    if summary.open_answers:
        doc.section(t("scan_review.pdf_open_answers"))
        for question_id, text in summary.open_answers.items():
            doc.paragraph(question_text(question_id, lang), style="B", size=9)
            doc.paragraph(text)
            doc.ln(1)
    return doc.to_bytes()


def document(
    store: Store, actor: User, case_id: int, moment_id: int, respondent: Respondent, lang: str = "nl",
    clock: Clock = datetime.now,
) -> bytes:
    """The summary for the party the review was held with, in `lang`; logged as made for them."""
    summary = scan_review.summary(store, actor, case_id, moment_id, respondent, clock)
    return build(summary, lang, organisation_profile(store))
