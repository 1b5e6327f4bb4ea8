"""The REST API: one NinjaAPI, one router per app, OpenAPI 3 at /api/v1/openapi.json."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError

from sammen.activities.api import router as activities_router
from sammen.card.api import router as card_router
from sammen.exchange.api import router as exchange_router
from sammen.impact.api import router as impact_router
from sammen.inspiration.api import router as inspiration_router
from sammen.lending.api import router as lending_router
from sammen.participation.api import router as participation_router
from sammen.places.api import router as places_router
from sammen.roadmap.api import router as roadmap_router

api = NinjaAPI(
    title="sammen API",
    version="1.0.0",
    description="Open data and staff operations for co-created, health-promoting neighbourhoods.",
    urls_namespace="api-1.0.0",
)


def _pydantic_message(error: dict[str, Any]) -> str:
    """A translated message for the common pydantic error types; the field path says where."""
    kind = error.get("type", "")
    messages = {
        "missing": _("This field is required."),
        "string_type": _("Enter text."),
        "int_parsing": _("Enter a whole number."),
        "int_type": _("Enter a whole number."),
        "decimal_parsing": _("Enter a number."),
        "float_parsing": _("Enter a number."),
        "bool_parsing": _("Enter true or false."),
        "date_from_datetime_parsing": _("Enter a valid date (YYYY-MM-DD)."),
        "date_parsing": _("Enter a valid date (YYYY-MM-DD)."),
        "datetime_parsing": _("Enter a valid date and time."),
        "json_invalid": _("The request body is not valid JSON."),
        "model_attributes_type": _("The request body must be a JSON object."),
    }
    return messages.get(kind, _("Enter a valid value."))


@api.exception_handler(NinjaValidationError)
def on_request_invalid(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors = [
        {
            "field": ".".join(str(part) for part in e.get("loc", ()) if part not in ("body", "payload")),
            "message": _pydantic_message(e),
        }
        for e in exc.errors
    ]
    return api.create_response(request, {"detail": _("The request is not valid."), "errors": errors}, status=422)


@api.exception_handler(DjangoValidationError)
def on_service_invalid(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    if hasattr(exc, "error_dict"):
        errors = [
            {"field": field if field != "__all__" else "", "message": str(message)}
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
    else:
        errors = [{"field": "", "message": str(message)} for message in exc.messages]
    return api.create_response(request, {"detail": _("The request is not valid."), "errors": errors}, status=400)


@api.exception_handler(PermissionDenied)
def on_forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": _("You do not have permission to do this.")}, status=403)


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(request, {"detail": _("Log in or send a valid API token.")}, status=401)


api.add_router("/places", places_router)
api.add_router("/inspiration", inspiration_router)
api.add_router("/card", card_router)
api.add_router("/lending", lending_router)
api.add_router("/exchange", exchange_router)
api.add_router("/impact", impact_router)
api.add_router("/participation", participation_router)
api.add_router("/roadmap", roadmap_router)
api.add_router("/activities", activities_router)
