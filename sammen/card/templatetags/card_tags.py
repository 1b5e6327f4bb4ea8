from django import template

from sammen.card.money import format_kr

register = template.Library()


@register.filter
def kr(ore: int | None) -> str:
    """Øre as kroner: 12345 → 123,45 kr."""
    return format_kr(int(ore or 0))
