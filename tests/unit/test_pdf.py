import io

from pypdf import PdfReader

from reset_core.documents.pdf import Document


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_a_document_keeps_accents_and_shows_markup_literally():
    doc = Document("Test", header_text="Dossier #7")
    doc.heading("Zoë D'hondt en Çağla Öztürk")
    doc.paragraph("<b>geen vet</b> **geen markdown** 10 €")
    text = pdf_text(doc.to_bytes())
    assert "Zoë D'hondt en Çağla Öztürk" in text
    assert "<b>geen vet</b> **geen markdown** 10 €" in text
    assert "Dossier #7" in text
