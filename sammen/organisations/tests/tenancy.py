from sammen.core.testing import TenantKwarg, add_member, make_organisation, make_user
from sammen.organisations.models import Organisation, OrganisationMembership


def _membership(municipality, built):
    organisation = built.get("organisation_id") or make_organisation(municipality)
    user = add_member(organisation, make_user())
    return OrganisationMembership.objects.get(organisation=organisation, user=user)


URL_KWARGS = {
    "organisation_id": TenantKwarg(Organisation, "pk", lambda m, built: make_organisation(m, status="pending")),
    "membership_id": TenantKwarg(OrganisationMembership, "pk", _membership),
}
