from ui.text import plain


def test_markdown_links_images_and_emphasis_are_escaped():
    assert plain("**vet** _schuin_ [a](b) ![img](x)") == r"\*\*vet\*\* \_schuin\_ \[a\]\(b\) \!\[img\]\(x\)"


def test_shortcodes_latex_and_html_are_escaped():
    assert plain(":material/home: $x$ <b>") == r"\:material/home\: \$x\$ \<b\>"


def test_ordinary_text_with_accents_is_left_alone():
    assert plain("Zoë D'hondt, Çağla") == "Zoë D'hondt, Çağla"
