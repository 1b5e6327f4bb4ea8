"""Template helpers of the impact module."""

from typing import Any

from django import template

register = template.Library()


@register.filter
def impact_value(card: Any, cell: Any) -> str:
    """A dashboard cell formatted with the indicator's decimals (":" when hidden, "–" when missing)."""
    return str(card.formatted(cell))


@register.filter
def in_language(translations: dict[str, str] | None, language: str) -> str:
    translations = translations or {}
    return translations.get(language) or next((text for text in translations.values() if text), "")


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    return mapping.get(key, "")


@register.simple_tag(takes_context=True)
def impact_card(context: Any, card: Any, place: str) -> str:
    """One dashboard card (see sammen/impact/cards.py)."""
    from sammen.impact.cards import card_html

    return card_html(card, municipality_slug=context["municipality"].slug, place=place)
