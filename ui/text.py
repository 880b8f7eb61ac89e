"""Showing user text in elements that render Markdown (headings, captions, labels)."""

import re

# Everything Markdown, Streamlit's emoji/icon shortcodes (:name:) or LaTeX ($) would act on;
# & too, or a typed "&amp;" or "&#128512;" would show as "&" or an emoji.
_ACTIVE = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=^&])")


def plain(text: str) -> str:
    """`text` escaped so that it shows literally: no bold, links, images or icons."""
    return _ACTIVE.sub(r"\\\1", text or "")
