"""Template helpers for the catalogue: money in kroner, weekday names, time of day."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from ..forms import WEEKDAYS

register = template.Library()


@register.filter
def kroner(ore: int | None) -> str:
    """4950 → "49,50 kr"; 20000 → "200 kr" (in the active language's number format)."""
    if ore is None:
        return ""
    if ore % 100 == 0:
        return _("%(amount)s kr") % {"amount": number_format(ore // 100, force_grouping=True)}
    return _("%(amount)s kr") % {"amount": number_format(ore / 100, decimal_pos=2, force_grouping=True)}


@register.filter
def weekday_name(day: int) -> str:
    return str(dict(WEEKDAYS).get(day, ""))


@register.filter
def weekday_names(days: Any) -> str:
    names = dict(WEEKDAYS)
    return ", ".join(str(names[d]) for d in days or [] if d in names)


@register.simple_tag
def price_text(activity: Any) -> str:
    if activity.price_type == "free":
        return _("Free")
    if activity.price_type == "fixed":
        return f"{kroner(activity.price_ore)} {activity.get_price_period_display()}"
    return _("From %(price)s") % {"price": kroner(activity.price_from_ore)}
