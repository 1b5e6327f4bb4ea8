"""Demo people: one account for every role, with confirmed e-mail addresses."""

import datetime

from sammen.core.demo import DemoContext, demo_user

from .models import Child, Guardianship, Role, RoleAssignment


def load(ctx: DemoContext) -> None:
    fjordvik = ctx.municipalities["fjordvik"]
    gladvig = ctx.municipalities["gladvig"]
    borgen = ctx.neighbourhoods["borgen"]
    ullereal = ctx.neighbourhoods["ullereal"]

    demo_user(
        ctx,
        key="platform_admin",
        email="plattform@sammen.example",
        full_name="Petra Plattform",
        role="Platform administrator",
        where="all municipalities",
        superuser=True,
    )
    admin = demo_user(
        ctx,
        key="municipality_admin",
        email="admin@fjordvik.example",
        full_name="Mona Kommunesen",
        role="Municipality administrator",
        where="Fjordvik",
    )
    coordinator = demo_user(
        ctx,
        key="coordinator_borgen",
        email="koordinator.borgen@fjordvik.example",
        full_name="Kari Koordinator",
        role="Coordinator",
        where="Fjordvik – Borgen",
    )
    coordinator_u = demo_user(
        ctx,
        key="coordinator_ulleral",
        email="koordinator.ulleral@fjordvik.example",
        full_name="Ola Folkehelse",
        role="Coordinator",
        where="Fjordvik – Ullerål",
    )
    caseworker = demo_user(
        ctx,
        key="caseworker",
        email="saksbehandler@fjordvik.example",
        full_name="Siri Saksbehandler",
        role="Caseworker",
        where="Fjordvik",
    )
    gladvig_admin = demo_user(
        ctx,
        key="gladvig_admin",
        email="admin@gladvig.example",
        full_name="Mette Kommune",
        role="Municipality administrator",
        where="Gladvig (Denmark)",
        language="da",
    )
    guardian = demo_user(
        ctx,
        key="guardian",
        email="forelder@example.com",
        full_name="Amina Hassan",
        role="Resident and guardian of two children",
        where="Fjordvik",
    )
    demo_user(
        ctx, key="citizen", email="innbygger@example.com", full_name="Per Nabo", role="Resident", where="Fjordvik"
    )

    for user, municipality, role, neighbourhood in [
        (admin, fjordvik, Role.MUNICIPALITY_ADMIN, None),
        (coordinator, fjordvik, Role.COORDINATOR, borgen),
        (coordinator_u, fjordvik, Role.COORDINATOR, ullereal),
        (caseworker, fjordvik, Role.CASEWORKER, None),
        (gladvig_admin, gladvig, Role.MUNICIPALITY_ADMIN, None),
    ]:
        RoleAssignment.objects.get_or_create(
            user=user, municipality=municipality, role=role, neighbourhood=neighbourhood
        )

    for given, family, born in [
        ("Yusuf", "Hassan", datetime.date(2015, 3, 14)),
        ("Leila", "Hassan", datetime.date(2018, 9, 2)),
    ]:
        child = Child.objects.filter(guardians=guardian, given_name=given).first()
        if child is None:
            child = Child.objects.create(municipality=fjordvik, given_name=given, family_name=family, birth_date=born)
            Guardianship.objects.create(guardian=guardian, child=child, relation=Guardianship.Relation.PARENT)
        ctx.objects[f"child:{given}"] = child
