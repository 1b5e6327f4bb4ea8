"""URL kwargs of the participation app, for the tenancy crawler (sammen/core/tests/test_tenancy.py)."""

import secrets

from django.core.files.base import ContentFile

from sammen.core.testing import TenantKwarg, make_user
from sammen.participation.models import (
    Comment,
    Engagement,
    EngagementAttachment,
    FocusArea,
    Input,
    InputAttachment,
    Phase,
    Process,
    Registration,
    TargetGroup,
)

from .factories import make_engagement, make_input, make_process, make_registration


def _process(municipality, built):
    return built.get("process_slug") or make_process(municipality, areas=1)


def _input(municipality, built):
    return make_input(_process(municipality, built))


def _engagement(municipality, built):
    return make_engagement(_process(municipality, built), signup_enabled=True)


def _input_attachment(municipality, built):
    item = built.get("input_id") or _input(municipality, built)
    return InputAttachment.objects.create(input=item, file=ContentFile(b"%PDF-1.4", name="notat.pdf"))


def _engagement_attachment(municipality, built):
    engagement = built.get("engagement_id") or _engagement(municipality, built)
    return EngagementAttachment.objects.create(engagement=engagement, file=ContentFile(b"%PDF-1.4", name="notat.pdf"))


def _comment(municipality, built):
    item = _input(municipality, built)
    return Comment.objects.create(input=item, author=make_user(), text="Enig!", status="pending")


def _dinner(municipality, built):
    return make_engagement(_process(municipality, built), kind="dialogue_dinner", host_token=secrets.token_urlsafe(16))


def _registration(municipality, built):
    return make_registration(make_engagement(_process(municipality, built), signup_enabled=True))


URL_KWARGS = {
    "process_slug": TenantKwarg(Process, "slug", lambda m, built: make_process(m, areas=1)),
    "input_id": TenantKwarg(Input, "pk", _input),
    "engagement_id": TenantKwarg(Engagement, "pk", _engagement),
    "phase_id": TenantKwarg(Phase, "pk", lambda m, built: _process(m, built).phases.first()),
    "group_id": TenantKwarg(TargetGroup, "pk", lambda m, built: _process(m, built).target_groups.first()),
    "area_id": TenantKwarg(FocusArea, "pk", lambda m, built: _process(m, built).focus_areas.first()),
    "input_attachment_id": TenantKwarg(InputAttachment, "pk", _input_attachment),
    "engagement_attachment_id": TenantKwarg(EngagementAttachment, "pk", _engagement_attachment),
    "comment_id": TenantKwarg(Comment, "pk", _comment),
    "host_token": TenantKwarg(Engagement, "host_token", _dinner),
    "registration_token": TenantKwarg(Registration, "token", _registration),
}
