"""Factories for co-creation records in tests."""

from __future__ import annotations

import datetime
import secrets
from typing import Any

from sammen.core.testing import unique
from sammen.participation.models import (
    Engagement,
    EngagementKind,
    FocusArea,
    Input,
    InputStatus,
    Process,
    Registration,
    RegistrationStatus,
    TargetGroup,
)
from sammen.participation.services import process_create
from sammen.places.models import Municipality, Neighbourhood


def make_process(
    municipality: Municipality,
    neighbourhood: Neighbourhood | None = None,
    *,
    published: bool = True,
    areas: int = 0,
    **fields: Any,
) -> Process:
    """A process from the default template (four phases, six target groups), written directly without a service."""
    if neighbourhood is None:
        neighbourhood = municipality.neighbourhoods.first()
        if neighbourhood is None:
            from sammen.core.testing import make_neighbourhood

            neighbourhood = make_neighbourhood(municipality)
    slug = fields.pop("slug", unique("prosess"))
    process = Process.objects.create(
        municipality=municipality,
        neighbourhood=neighbourhood,
        slug=slug,
        title=fields.pop("title", slug.replace("-", " ").title()),
        is_published=published,
        **fields,
    )
    from sammen.participation.models import DEFAULT_TARGET_GROUPS, Phase, PhaseKind

    for position, kind in enumerate(
        [PhaseKind.KNOWLEDGE_BASE, PhaseKind.CO_CREATION, PhaseKind.POLITICAL_TREATMENT, PhaseKind.IMPLEMENTATION]
    ):
        Phase.objects.create(process=process, kind=kind, position=position)
    for position, key in enumerate(DEFAULT_TARGET_GROUPS):
        TargetGroup.objects.create(process=process, key=key, position=position)
    for n in range(areas):
        FocusArea.objects.create(process=process, key=f"omrade-{n + 1}", name=f"Område {n + 1}", position=n)
    process.current_phase = process.phases.order_by("position").first()
    process.save(update_fields=["current_phase"])
    return process


def make_engagement(process: Process, **fields: Any) -> Engagement:
    defaults: dict[str, Any] = {
        "kind": EngagementKind.WORKSHOP,
        "title": unique("Verksted"),
        "date": datetime.date(2025, 2, 1),
    }
    defaults.update(fields)
    return Engagement.objects.create(process=process, **defaults)


def make_input(process: Process, **fields: Any) -> Input:
    defaults: dict[str, Any] = {
        "text": unique("Flere benker"),
        "channel": "meeting",
        "received_on": datetime.date(2025, 2, 1),
        "status": InputStatus.PUBLISHED,
    }
    defaults.update(fields)
    areas = defaults.pop("focus_areas", [])
    item = Input.objects.create(process=process, **defaults)
    if areas:
        item.focus_areas.set(areas)
    return item


def make_registration(engagement: Engagement, **fields: Any) -> Registration:
    defaults: dict[str, Any] = {
        "name": "Kari",
        "email": f"{unique('kari')}@example.com",
        "status": RegistrationStatus.CONFIRMED,
        "token": secrets.token_urlsafe(16),
    }
    defaults.update(fields)
    return Registration.objects.create(engagement=engagement, **defaults)


def create_process_with_service(world: Any, **fields: Any) -> Process:
    return process_create(
        actor=world.users["municipality_admin"],
        municipality=world.municipality,
        neighbourhood=world.neighbourhood,
        title=fields.pop("title", "Samskaping i Sentrum"),
        slug=fields.pop("slug", "sentrum"),
        **fields,
    )
