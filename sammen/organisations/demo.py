"""Demo organisations in Fjordvik, with a representative and a provider account."""

from sammen.core.demo import DemoContext, demo_user

from .models import MembershipRole, Organisation, OrganisationKind, OrganisationMembership, OrganisationStatus

ORGANISATIONS = [
    (
        "Borgen IL",
        OrganisationKind.SPORTS_CLUB,
        "borgen",
        OrganisationStatus.APPROVED,
        "Idrettslaget på Borgen: fotball, allidrett for barn og trim for voksne. Alle kan være med.",
    ),
    (
        "Fjordvik frivilligsentral",
        OrganisationKind.VOLUNTEER_CENTRE,
        None,
        OrganisationStatus.APPROVED,
        "Frivilligsentralen kobler folk som vil bidra med folk og lag som trenger en hånd.",
    ),
    (
        "Somalisk kulturforening Fjordvik",
        OrganisationKind.VOLUNTARY_ORGANISATION,
        "borgen",
        OrganisationStatus.APPROVED,
        "Møteplass, leksehjelp og kulturkvelder for somaliske familier og alle andre.",
    ),
    (
        "Fjordvik svømmehall",
        OrganisationKind.MUNICIPAL_UNIT,
        "borgen",
        OrganisationStatus.APPROVED,
        "Kommunens svømmehall med publikumsbad, svømmeopplæring og varmtvannsbasseng.",
    ),
    (
        "Borgen sanitetsforening",
        OrganisationKind.VOLUNTARY_ORGANISATION,
        "borgen",
        OrganisationStatus.APPROVED,
        "Besøksvenner, strikkekafé og turgrupper for alle aldre.",
    ),
    (
        "Ullerål seniorsenter",
        OrganisationKind.VOLUNTARY_ORGANISATION,
        "ullereal",
        OrganisationStatus.APPROVED,
        "Seniorsenteret har kafé, trim og turer, og ønsker flere yngre frivillige.",
    ),
    (
        "Ullerål strikkeklubb",
        OrganisationKind.OTHER,
        "ullereal",
        OrganisationStatus.PENDING,
        "Vi strikker, prater og drikker kaffe hver onsdag.",
    ),
]


def load(ctx: DemoContext) -> None:
    fjordvik = ctx.municipalities["fjordvik"]
    for name, kind, neighbourhood_key, status, description in ORGANISATIONS:
        organisation, _created = Organisation.objects.update_or_create(
            municipality=fjordvik,
            name=name,
            defaults={
                "kind": kind,
                "status": status,
                "description": description,
                "neighbourhood": ctx.neighbourhoods[neighbourhood_key] if neighbourhood_key else None,
                "email": f"post@{name.lower().split()[0]}.example",
            },
        )
        ctx.objects[f"organisation:{name}"] = organisation

    representative = demo_user(
        ctx,
        key="organisation_representative",
        email="leder@borgen-il.example",
        full_name="Jonas Idrett",
        role="Organisation representative",
        where="Borgen IL",
    )
    provider = demo_user(
        ctx,
        key="provider",
        email="kasse@fjordvik-svommehall.example",
        full_name="Lise Luke",
        role="Provider staff",
        where="Fjordvik svømmehall",
    )
    OrganisationMembership.objects.get_or_create(
        organisation=ctx.objects["organisation:Borgen IL"], user=representative, role=MembershipRole.REPRESENTATIVE
    )
    OrganisationMembership.objects.get_or_create(
        organisation=ctx.objects["organisation:Fjordvik svømmehall"], user=provider, role=MembershipRole.PROVIDER_STAFF
    )
