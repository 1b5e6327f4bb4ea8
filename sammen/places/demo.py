"""Demo places: a Norwegian municipality with two neighbourhoods modelled on the seeds, and a Danish one."""

from decimal import Decimal

from sammen.core.demo import DemoContext

from .models import Municipality, Neighbourhood, Venue

MUNICIPALITIES = [
    {
        "slug": "fjordvik",
        "name": "Fjordvik kommune",
        "country": "NO",
        "code": "",
        "default_language": "nb",
        "timezone": "Europe/Oslo",
        "intro": (
            "Fjordvik kommune utvikler gode nærmiljøer sammen med innbyggere, frivillige lag og næringsliv. "
            "Her finner du det som skjer i nabolaget ditt, og du kan si hva du mener."
        ),
        "contact_email": "postmottak@fjordvik.example",
        "privacy_controller": "Fjordvik kommune ved kommunedirektøren",
        "privacy_contact": "personvernombud@fjordvik.example",
        "privacy_text": (
            "Fjordvik kommune behandler personopplysninger for å kunne drive medvirkning, aktiviteter og "
            "tjenester i nærmiljøene. Vi samler ikke inn mer enn vi trenger, og vi sletter det når formålet er nådd."
        ),
        "accessibility_contact": "uu@fjordvik.example",
    },
    {
        "slug": "gladvig",
        "name": "Gladvig Kommune",
        "country": "DK",
        "code": "",
        "default_language": "da",
        "timezone": "Europe/Copenhagen",
        "intro": "Gladvig Kommune skaber sunde lokalsamfund sammen med borgere, foreninger og erhvervsliv.",
        "contact_email": "kommunen@gladvig.example",
        "privacy_controller": "Gladvig Kommune",
        "privacy_contact": "dpo@gladvig.example",
        "privacy_text": "Gladvig Kommune behandler kun de personoplysninger, der er nødvendige.",
        "accessibility_contact": "tilgaengelighed@gladvig.example",
    },
]

NEIGHBOURHOODS = [
    {
        "key": "borgen",
        "municipality": "fjordvik",
        "slug": "borgen",
        "name": "Borgen",
        "population": 4200,
        "latitude": Decimal("59.838100"),
        "longitude": Decimal("10.433900"),
        "description": (
            "Borgen er et mangfoldig nærmiljø med blokker, rekkehus og kommunale boliger, skole, idrettslag og et "
            "aktivt nærmiljøsenter. Her har innbyggere, frivillige og kommunen jobbet sammen om et veikart for et "
            "aktivt, åpent og inkluderende lokalsamfunn."
        ),
    },
    {
        "key": "ullereal",
        "municipality": "fjordvik",
        "slug": "ulleral",
        "name": "Ullerål",
        "population": 3100,
        "latitude": Decimal("60.172400"),
        "longitude": Decimal("10.247600"),
        "description": (
            "Ullerål er et nærmiljø der mange bor alene, og der kommunen nå samler innbyggere i verksteder for å "
            "forebygge ensomhet og passivitet gjennom fellesskap og aktiviteter."
        ),
    },
    {
        "key": "morkhoj",
        "municipality": "gladvig",
        "slug": "morkhoj-ost",
        "name": "Mørkhøj Øst",
        "population": 5200,
        "latitude": Decimal("55.741000"),
        "longitude": Decimal("12.482000"),
        "description": (
            "Et boligområde med almene boliger, hvor kommune og boligforening arbejder i lokalt partnerskab."
        ),
    },
]

VENUES = [
    (
        "fjordvik",
        "borgen",
        "Borgen nærmiljøsenter",
        "Borgenveien 12",
        "1383",
        "Fjordvik",
        "59.838600",
        "10.434700",
        True,
        True,
        True,
    ),
    (
        "fjordvik",
        "borgen",
        "Borgen skole, gymsalen",
        "Skoleveien 3",
        "1383",
        "Fjordvik",
        "59.836900",
        "10.431200",
        True,
        True,
        False,
    ),
    (
        "fjordvik",
        "borgen",
        "Borgenhallen",
        "Idrettsveien 8",
        "1383",
        "Fjordvik",
        "59.840100",
        "10.437800",
        True,
        True,
        True,
    ),
    (
        "fjordvik",
        "borgen",
        "Fjordvik svømmehall",
        "Badeveien 1",
        "1384",
        "Fjordvik",
        "59.842300",
        "10.441000",
        True,
        True,
        False,
    ),
    (
        "fjordvik",
        "ullereal",
        "Ullerål skole",
        "Ulleråls gate 40",
        "3513",
        "Fjordvik",
        "60.171800",
        "10.246100",
        True,
        True,
        False,
    ),
    (
        "fjordvik",
        "ullereal",
        "Ullerål bo- og servicesenter",
        "Ulleråls gate 52",
        "3513",
        "Fjordvik",
        "60.173000",
        "10.249300",
        True,
        True,
        True,
    ),
    (
        "gladvig",
        "morkhoj",
        "Mørkhøj Medborgerhus",
        "Mørkhøj Parkallé 2",
        "2860",
        "Gladvig",
        "55.741500",
        "12.483100",
        True,
        True,
        True,
    ),
]


def load(ctx: DemoContext) -> None:
    for data in MUNICIPALITIES:
        municipality, _created = Municipality.objects.update_or_create(
            slug=data["slug"], defaults={k: v for k, v in data.items() if k != "slug"}
        )
        ctx.municipalities[municipality.slug] = municipality
    for n_data in NEIGHBOURHOODS:
        municipality = ctx.municipalities[str(n_data["municipality"])]
        fields = {k: v for k, v in n_data.items() if k not in {"key", "municipality", "slug"}}
        neighbourhood, _created = Neighbourhood.objects.update_or_create(
            municipality=municipality, slug=n_data["slug"], defaults=fields
        )
        ctx.neighbourhoods[str(n_data["key"])] = neighbourhood
    for m_slug, n_key, name, street, postcode, city, lat, lon, step_free, toilet, loop in VENUES:
        venue, _created = Venue.objects.update_or_create(
            municipality=ctx.municipalities[m_slug],
            name=name,
            defaults={
                "neighbourhood": ctx.neighbourhoods[n_key],
                "street_address": street,
                "postal_code": postcode,
                "city": city,
                "latitude": Decimal(lat),
                "longitude": Decimal(lon),
                "is_step_free": step_free,
                "has_accessible_toilet": toilet,
                "has_hearing_loop": loop,
            },
        )
        ctx.objects[f"venue:{name}"] = venue
