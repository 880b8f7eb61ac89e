"""The documents ReSet hands out, as bytes: the PDF base, scan charts, the plan (PDF and
calendar file), the scan report and the card sheet.

Documents are built from domain data and read the rule modules; no rule module reads
them (tests/unit/test_architecture.py). Formatting they share with the screens and the
rules (dates, numbers, theme names) lives in reset_core.formats.
"""
