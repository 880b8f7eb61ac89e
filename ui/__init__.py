"""Streamlit glue shared by the pages: the open database, language, login."""
