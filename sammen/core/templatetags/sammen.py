"""Template helpers available in every template (registered as builtins)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import template
from django.forms import BoundField, CheckboxInput
from django.utils.safestring import SafeString, mark_safe

from sammen.core.sanitise import clean_html, text_direction

register = template.Library()


@register.filter
def accessible_widget(field: BoundField) -> SafeString:
    """Render the widget with aria-describedby pointing at its hint and error, and aria-invalid on error."""
    attrs: dict[str, Any] = {}
    if not field.use_fieldset:
        described = []
        if field.help_text:
            described.append(f"{field.auto_id}_helptext")
        if field.errors:
            described.append(f"{field.auto_id}_error")
        if described:
            attrs["aria-describedby"] = " ".join(described)
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)


@register.filter
def is_checkbox(field: BoundField) -> bool:
    return isinstance(field.field.widget, CheckboxInput)


@register.filter
def first_control_id(field: BoundField) -> str:
    """The id of the control an error summary link should move focus to."""
    if field.use_fieldset:
        subwidgets = list(field.subwidgets)
        if subwidgets:
            return str(subwidgets[0].id_for_label or field.auto_id)
    return str(field.id_for_label or field.auto_id)


@register.filter
def text_dir(language: str | None) -> str:
    return text_direction(language)


@register.filter
def sanitised(value: str | None) -> SafeString:
    return mark_safe(clean_html(value or ""))  # noqa: S308 - nh3 has removed anything unsafe.


@register.simple_tag(takes_context=True)
def query_with(context: template.Context, **changes: Any) -> str:
    """The current query string with some parameters replaced (None removes one): for pagination and filters."""
    request = context["request"]
    params = request.GET.copy()
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.simple_tag
def query_string(**params: Any) -> str:
    return "?" + urlencode({k: v for k, v in params.items() if v not in (None, "")})
