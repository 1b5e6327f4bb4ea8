"""User-written HTML is cleaned with nh3 before it is stored or shown; text direction for user content."""

import nh3

ALLOWED_TAGS = {"p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "blockquote", "h2", "h3", "h4", "bdi"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title", "hreflang"}, "*": {"lang", "dir"}}


def clean_html(value: str) -> str:
    return nh3.clean(
        value,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer nofollow",
    )


def strip_html(value: str) -> str:
    """Plain text: every tag removed, entities kept as text."""
    return nh3.clean(value, tags=set(), attributes={})


# Scripts written right to left (ISO 639-1 / BCP 47 primary subtags).
RTL_LANGUAGES = frozenset({"ar", "arc", "ckb", "dv", "fa", "he", "ks", "ku-arab", "ps", "sd", "ug", "ur", "yi"})


def text_direction(language: str | None) -> str:
    """'rtl', 'ltr', or 'auto' when the language is unknown, so the browser decides from the text."""
    if not language:
        return "auto"
    code = language.lower()
    if code in RTL_LANGUAGES or code.split("-")[0] in RTL_LANGUAGES:
        return "rtl"
    return "ltr"
