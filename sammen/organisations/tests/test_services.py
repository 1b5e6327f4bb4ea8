import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from sammen.accounts.roles import held_roles
from sammen.core.models import AuditEntry
from sammen.core.testing import client_for, make_user
from sammen.organisations import services
from sammen.organisations.models import MembershipRole, Organisation, OrganisationMembership, OrganisationStatus

pytestmark = pytest.mark.django_db

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7V\xbd\xfa\x00\x00\x00\x00IEND\xaeB`\x82"
)


def test_registration_waits_for_approval_and_makes_the_registrant_representative(world):
    resident = world.users["citizen"]
    organisation = services.organisation_register(
        actor=resident,
        municipality=world.municipality,
        name="Strikkeklubben",
        kind="other",
        description="<script>alert(1)</script>Vi strikker",
    )
    assert organisation.status == OrganisationStatus.PENDING
    assert organisation.description == "Vi strikker"
    assert held_roles(resident).member_of(organisation.pk, MembershipRole.REPRESENTATIVE)
    # Not public while pending, visible to its representative.
    assert client_for(None).get(organisation.get_absolute_url()).status_code == 404
    assert client_for(resident).get(organisation.get_absolute_url()).status_code == 200


def test_coordinator_approves_and_rejection_needs_a_reason(world):
    organisation = services.organisation_register(
        actor=world.users["citizen"], municipality=world.municipality, name="Klubben", kind="other"
    )
    with pytest.raises(ValidationError) as error:
        services.organisation_review(
            actor=world.users["coordinator"], organisation=organisation, status="rejected", reason=" "
        )
    assert "reason" in error.value.message_dict
    organisation.refresh_from_db()
    assert organisation.status == OrganisationStatus.PENDING
    services.organisation_review(actor=world.users["coordinator"], organisation=organisation, status="approved")
    organisation.refresh_from_db()
    assert organisation.status == OrganisationStatus.APPROVED
    assert AuditEntry.objects.filter(action="organisations.organisation.review").count() == 1


def test_only_municipality_staff_review(world):
    organisation = services.organisation_register(
        actor=world.users["citizen"], municipality=world.municipality, name="Klubben", kind="other"
    )
    for role in ("citizen", "organisation_representative", "caseworker", "other_municipality_admin"):
        with pytest.raises(PermissionDenied):
            services.organisation_review(actor=world.users[role], organisation=organisation, status="approved")
    organisation.refresh_from_db()
    assert organisation.status == OrganisationStatus.PENDING


def test_a_logo_needs_a_description(world):
    logo = SimpleUploadedFile("logo.png", PNG, content_type="image/png")
    with pytest.raises(ValidationError) as error:
        services.organisation_update(
            actor=world.users["organisation_representative"], organisation=world.organisation, logo=logo, logo_alt=""
        )
    assert "logo_alt" in error.value.message_dict
    world.organisation.refresh_from_db()
    assert not world.organisation.logo


def test_representative_adds_provider_staff_but_cannot_remove_the_last_representative(world):
    rep = world.users["organisation_representative"]
    newcomer = make_user("kasse@example.com")
    services.membership_add(
        actor=rep, organisation=world.organisation, email="kasse@example.com", role=MembershipRole.PROVIDER_STAFF
    )
    assert held_roles(newcomer).member_of(world.organisation.pk, MembershipRole.PROVIDER_STAFF)
    own = OrganisationMembership.objects.get(user=rep)
    with pytest.raises(ValidationError):
        services.membership_remove(actor=rep, membership=own)
    assert OrganisationMembership.objects.filter(pk=own.pk).exists()


def test_suspended_organisation_gives_no_rights(world):
    services.organisation_review(
        actor=world.users["municipality_admin"],
        organisation=world.organisation,
        status="suspended",
        reason="Ikke aktiv",
    )
    rep = Organisation.objects.get(pk=world.organisation.pk).memberships.get().user
    assert not rep.has_perm("organisations.change_organisation", world.organisation)
