"""Demo equipment library for Fjordvik: BUA Borgen (reservable), BUA Ullerål (drop-in) and a self-service cupboard,
with a realistic catalogue, borrowers, a season of past loans, loans out now (one overdue) and a reservation."""

from __future__ import annotations

import datetime
import random
from typing import Any

from django.utils import timezone

from sammen.core.demo import DemoContext, demo_user

from .calendar import today_in
from .models import (
    Booking,
    Borrower,
    Depot,
    DepotStaff,
    ItemType,
    Loan,
    OpeningException,
    OpeningHours,
    Reservation,
    Unit,
)

DEPOTS: list[dict[str, Any]] = [
    {
        "slug": "borgen",
        "name": "BUA Borgen",
        "venue": "Borgen nærmiljøsenter",
        "neighbourhood": "borgen",
        "street_address": "",
        "description": (
            "Lån ski, skøyter, telt, sykler og mye mer – gratis. BUA Borgen holder til i kjelleren på "
            "nærmiljøsenteret. Reserver på nett, så står utstyret klart når du kommer."
        ),
        "mode": "reservable",
        "confirms_automatically": False,
        "code_prefix": "BOR",
        "email": "bua.borgen@fjordvik.example",
        "phone": "+4767001234",
        "solo_age": 15,
        "hours": {
            0: ("15:00", "19:00"),
            2: ("15:00", "19:00"),
            3: ("12:00", "19:00"),
            4: ("12:00", "16:00"),
            5: ("11:00", "15:00"),
        },
    },
    {
        "slug": "ulleral",
        "name": "BUA Ullerål",
        "venue": None,
        "neighbourhood": "ullereal",
        "street_address": "Ulleråls gate 44 (inngang fra bakgården)",
        "postal_code": "3513",
        "city": "Fjordvik",
        "description": "Drop-in: kom innom når vi har åpent og lån det som står på hylla.",
        "mode": "drop_in",
        "confirms_automatically": False,
        "code_prefix": "ULL",
        "email": "bua.ulleral@fjordvik.example",
        "phone": "",
        "solo_age": None,
        "hours": {1: ("14:00", "18:00"), 3: ("14:00", "18:00"), 5: ("10:00", "13:00")},
    },
    {
        "slug": "utlansskapet",
        "name": "Utlånsskapet på Ullerål",
        "venue": "Ullerål bo- og servicesenter",
        "neighbourhood": "ullereal",
        "street_address": "",
        "description": "Et ubemannet skap i resepsjonen. Skann koden på utstyret med mobilen og lån selv.",
        "mode": "drop_in",
        "confirms_automatically": False,
        "is_self_service": True,
        "code_prefix": "SKAP",
        "email": "",
        "phone": "",
        "solo_age": None,
        "hours": dict.fromkeys(range(7), ("08:00", "20:00")),
    },
]

# depot slug, category, name, description, (min age, max age), loan days, sizes (one unit each)
CATALOGUE = [
    (
        "borgen",
        "skating",
        "Skøyter, barn",
        "Hockeyskøyter for barn, slipt før hver sesong.",
        (4, 12),
        7,
        ["28", "30", "31", "32", "32", "33", "33", "34", "34", "35", "36"],
    ),
    (
        "borgen",
        "skating",
        "Skøyter, voksen",
        "Hockeyskøyter og kunstløpskøyter.",
        (13, None),
        7,
        ["37", "38", "39", "40", "41", "42", "43", "44", "45"],
    ),
    (
        "borgen",
        "protective",
        "Hjelm",
        "Hjelm til skøyter, sykkel og ski. Justerbar.",
        (3, None),
        7,
        ["XS", "S", "S", "M", "M", "M", "L", "L"],
    ),
    (
        "borgen",
        "skiing",
        "Langrennsski, barn",
        "Smørefrie ski med feller. Vi hjelper deg å finne riktig lengde.",
        (4, 12),
        7,
        ["100 cm", "110 cm", "120 cm", "130 cm", "140 cm"],
    ),
    ("borgen", "skiing", "Skisko, barn", "Skisko med NNN-binding.", (4, 12), 7, ["28", "30", "32", "34", "36"]),
    ("borgen", "skiing", "Akebrett", "Rattkjelke og rumpeakebrett.", (3, None), 7, ["", "", ""]),
    ("borgen", "skiing", "Truger", "Truger for voksne og ungdom.", (12, None), 7, ["", ""]),
    ("borgen", "camping", "Telt, 2 personer", "Lett tunnelltelt, 2,4 kg.", (None, None), 7, ["", "", ""]),
    ("borgen", "camping", "Telt, 4 personer", "Familietelt med to soverom.", (None, None), 7, ["", ""]),
    (
        "borgen",
        "camping",
        "Sovepose",
        "Dunsovepose, komfort ned til −5 °C.",
        (None, None),
        7,
        ["Barn", "Voksen", "Voksen", "Voksen"],
    ),
    ("borgen", "camping", "Stormkjøkken", "Med brenner og gass.", (None, None), 7, ["", ""]),
    (
        "borgen",
        "water",
        "Kano",
        "Kano for tre personer, med padler og vester. Lånes for én dag.",
        (None, None),
        1,
        [""],
    ),
    (
        "borgen",
        "water",
        "Redningsvest",
        "Redningsvest, godkjent.",
        (None, None),
        7,
        ["Barn 15–30 kg", "Barn 30–40 kg", "Voksen", "Voksen"],
    ),
    ("borgen", "cycling", "Sykkel, 20 tommer", "Barnesykkel med gir.", (6, 10), 7, ['20"', '20"']),
    ("borgen", "cycling", "Sykkel, 24 tommer", "Sykkel for større barn.", (9, 14), 7, ['24"', '24"']),
    ("borgen", "cycling", "Sykkelvogn", "Sykkelvogn for to barn.", (None, None), 7, [""]),
    ("borgen", "ball_games", "Kubbespill", "Klassisk kubb i bjørk.", (None, None), 7, ["", ""]),
    ("borgen", "ball_games", "Badmintonsett", "Fire racketer, baller og nett.", (None, None), 7, ["", ""]),
    (
        "ulleral",
        "skating",
        "Skøyter",
        "Hockeyskøyter til barn og voksne.",
        (4, None),
        7,
        ["30", "32", "34", "36", "38", "40", "42"],
    ),
    ("ulleral", "protective", "Hjelm", "Hjelm i flere størrelser.", (3, None), 7, ["S", "M", "M", "L"]),
    ("ulleral", "skiing", "Langrennsski", "Smørefrie ski.", (None, None), 7, ["120 cm", "150 cm", "170 cm", "190 cm"]),
    ("ulleral", "water", "Fiskestang", "Haspelsnøre med sluker.", (None, None), 7, ["", "", ""]),
    ("ulleral", "water", "SUP-brett", "Oppblåsbart padlebrett med vest. Lånes for én dag.", (12, None), 1, [""]),
    ("ulleral", "camping", "Hengekøye", "Hengekøye med stropper.", (None, None), 7, ["", ""]),
    ("utlansskapet", "ball_games", "Kubbespill", "Kubb i tøypose.", (None, None), 7, [""]),
    ("utlansskapet", "camping", "Hengekøye", "Hengekøye med stropper.", (None, None), 7, ["", ""]),
    ("utlansskapet", "ball_games", "Frisbeegolf-sett", "Tre disker i bag.", (8, None), 7, ["", ""]),
]

BORROWERS = [
    ("Ingrid Solberg", "+4790011001", 1984),
    ("Tomas Lie", "+4790011002", 1979),
    ("Fatima Ali", "+4790011003", 1990),
    ("Jon Bakken", "+4790011004", 1972),
    ("Sara Nguyen", "+4790011005", 1988),
    ("Erik Dahl", "+4790011006", 1995),
    ("Hanne Strand", "+4790011007", 1981),
    ("Mohammed Yusuf", "+4790011008", 1986),
    ("Lise Berg", "+4790011009", 1969),
    ("Ola Haugen", "+4790011010", 1992),
    ("Nora Eide", "+4790011011", 2001),
    ("Kasper Moe", "+4790011012", 1977),
    ("Aisha Rahman", "+4790011013", 1983),
    ("Anders Lunde", "+4790011014", 1958),
]


def _time(value: str) -> datetime.time:
    return datetime.time.fromisoformat(value)


def load(ctx: DemoContext) -> None:
    fjordvik = ctx.municipalities["fjordvik"]
    today = today_in(fjordvik)
    staff_user = demo_user(
        ctx,
        key="depot_staff",
        email="bua@fjordvik.example",
        full_name="Bjørn Utlån",
        role="Equipment library staff",
        where="Fjordvik – BUA Borgen and BUA Ullerål (desk: /fjordvik/lending/desk/borgen/)",
    )
    depots: dict[str, Depot] = {}
    for data in DEPOTS:
        fields = {k: v for k, v in data.items() if k not in {"slug", "hours", "venue", "neighbourhood"}}
        venue = ctx.objects.get(f"venue:{data['venue']}") if data["venue"] else None
        depot, _created = Depot.objects.update_or_create(
            municipality=fjordvik,
            slug=data["slug"],
            defaults={**fields, "venue": venue, "neighbourhood": ctx.neighbourhoods[str(data["neighbourhood"])]},
        )
        depots[depot.slug] = depot
        ctx.objects[f"depot:{depot.slug}"] = depot
        for weekday, (opens, closes) in data["hours"].items():
            OpeningHours.objects.update_or_create(
                depot=depot, weekday=weekday, defaults={"opens": _time(opens), "closes": _time(closes)}
            )
    OpeningException.objects.get_or_create(
        depot=depots["borgen"],
        reason="Sommerstengt",
        start_date=datetime.date(today.year, 7, 1),
        defaults={"end_date": datetime.date(today.year, 7, 31)},
    )
    OpeningException.objects.get_or_create(
        depot=depots["borgen"],
        reason="Julestengt",
        start_date=datetime.date(today.year, 12, 23),
        defaults={"end_date": datetime.date(today.year, 12, 27)},
    )
    for slug in ("borgen", "ulleral"):
        DepotStaff.objects.get_or_create(depot=depots[slug], user=staff_user)

    units: dict[str, list[Unit]] = {}
    counters: dict[str, int] = {}
    for slug, category, name, description, (low, high), days, sizes in CATALOGUE:
        depot = depots[slug]
        item_type, _created = ItemType.objects.update_or_create(
            depot=depot,
            name=name,
            defaults={
                "municipality": fjordvik,
                "category": category,
                "description": description,
                "language": "nb",
                "min_age": low,
                "max_age": high,
                "default_loan_days": days,
            },
        )
        for size in sizes:
            counters[slug] = counters.get(slug, 0) + 1
            code = f"{depot.code_prefix}-{counters[slug]:04d}"
            unit, _created = Unit.objects.get_or_create(
                municipality=fjordvik, code=code, defaults={"item_type": item_type, "size": size}
            )
            units.setdefault(f"{slug}:{name}", []).append(unit)

    borrowers = []
    for name, phone, year in BORROWERS:
        borrower, _created = Borrower.objects.get_or_create(
            municipality=fjordvik,
            full_name=name,
            defaults={"phone": phone, "birth_year": year, "id_checked_at": timezone.now(), "id_checked_by": staff_user},
        )
        borrowers.append(borrower)
    guardian = ctx.users["guardian"]
    amina, _created = Borrower.objects.get_or_create(
        municipality=fjordvik,
        user=guardian,
        responsible_adult=None,
        defaults={
            "full_name": guardian.full_name,
            "email": guardian.email,
            "phone": "+4791112233",
            "birth_year": 1987,
            "id_checked_at": timezone.now(),
            "id_checked_by": staff_user,
        },
    )
    minors = []
    for key in ("child:Yusuf", "child:Leila"):
        child = ctx.objects[key]
        minor, _created = Borrower.objects.get_or_create(
            municipality=fjordvik,
            responsible_adult=amina,
            child=child,
            defaults={"full_name": str(child), "birth_year": child.birth_date.year, "language": "nb"},
        )
        minors.append(minor)
    citizen = ctx.users["citizen"]
    per, _created = Borrower.objects.get_or_create(
        municipality=fjordvik,
        user=citizen,
        responsible_adult=None,
        defaults={"full_name": citizen.full_name, "email": citizen.email, "phone": "+4798765432", "birth_year": 1975},
    )
    school, _created = Borrower.objects.get_or_create(
        municipality=fjordvik,
        kind="organisation",
        organisation_name="Borgen skole, 6. trinn",
        defaults={"full_name": "Jonas Berg", "phone": "+4790022001", "email": "jonas.berg@borgen-skole.example"},
    )
    ctx.objects["borrower:amina"] = amina

    if Loan.objects.filter(depot__in=depots.values()).exists():
        return  # the season of loans is made once; running the demo again changes nothing
    rng = random.Random(2026)
    people = [*borrowers, amina, per]
    borgen_units = [u for key, found in units.items() if key.startswith("borgen:") for u in found]
    ulleral_units = [u for key, found in units.items() if key.startswith("ulleral:") for u in found]
    now = timezone.now()
    # A season of finished loans: about 260 over the last five months, as a busy BUA lends.
    for n in range(260):
        days_ago = rng.randint(12, 150)
        start = today - datetime.timedelta(days=days_ago)
        depot, pool = (depots["borgen"], borgen_units) if n % 3 else (depots["ulleral"], ulleral_units)
        borrower = rng.choice(people)
        picked = rng.sample(pool, rng.randint(1, 3))
        due = start + datetime.timedelta(days=min(u.item_type.default_loan_days for u in picked))
        loan = Loan.objects.create(
            municipality=fjordvik,
            depot=depot,
            borrower=borrower,
            start_date=start,
            due_date=due,
            checked_out_at=now - datetime.timedelta(days=days_ago),
            checked_out_by=staff_user,
            user_birth_year=rng.choice([borrower.birth_year, today.year - rng.randint(5, 15)]),
            closed_at=now - datetime.timedelta(days=days_ago - (due - start).days),
        )
        for unit in picked:
            Booking.objects.create(
                municipality=fjordvik,
                depot=depot,
                unit=unit,
                item_type=unit.item_type,
                loan=loan,
                start_date=start,
                end_date=due,
                is_active=False,
                returned_at=loan.closed_at,
                returned_to=staff_user,
                return_condition="good",
            )
    # Out now: Amina's skates and helmet for Yusuf; the school's tents; and one overdue loan.
    skates, helmet = units["borgen:Skøyter, barn"][3], units["borgen:Hjelm"][3]
    current = [
        (amina, [skates, helmet], today - datetime.timedelta(days=2), today + datetime.timedelta(days=5), [minors[0]]),
        (
            school,
            units["borgen:Telt, 4 personer"][:2],
            today - datetime.timedelta(days=1),
            today + datetime.timedelta(days=6),
            [],
        ),
        (
            borrowers[1],
            units["borgen:Telt, 2 personer"][:1] + units["borgen:Sovepose"][1:2],
            today - datetime.timedelta(days=10),
            today - datetime.timedelta(days=3),
            [],
        ),
    ]
    for borrower, picked, start, due, co in current:
        loan = Loan.objects.create(
            municipality=fjordvik,
            depot=depots["borgen"],
            borrower=borrower,
            start_date=start,
            due_date=due,
            checked_out_at=now - datetime.timedelta(days=(today - start).days),
            checked_out_by=staff_user,
            user_birth_year=co[0].birth_year if co else borrower.birth_year,
        )
        if co:
            loan.co_borrowers.set(co)
        for unit in picked:
            Booking.objects.create(
                municipality=fjordvik,
                depot=loan.depot,
                unit=unit,
                item_type=unit.item_type,
                loan=loan,
                start_date=start,
                end_date=due,
            )
    # One unit waits for repair.
    Unit.objects.filter(pk=units["borgen:Sykkel, 20 tommer"][1].pk).update(
        state="in_repair", condition="damaged", notes="Bremsen tar dårlig. Sendt til sykkelverkstedet."
    )
    # Per has asked to borrow the canoe: it waits for the staff to confirm.
    from .calendar import DepotCalendar

    calendar = DepotCalendar.for_depot(depots["borgen"])
    pickup = calendar.next_open_day(today + datetime.timedelta(days=3)) or today + datetime.timedelta(days=3)
    back = calendar.next_open_day(pickup + datetime.timedelta(days=1)) or pickup + datetime.timedelta(days=1)
    reservation = Reservation.objects.create(
        municipality=fjordvik,
        depot=depots["borgen"],
        borrower=per,
        start_date=pickup,
        end_date=back,
        status="requested",
        created_by=citizen,
        note="Vi skal padle på Borgentjernet med barna.",
    )
    canoe = units["borgen:Kano"][0]
    Booking.objects.create(
        municipality=fjordvik,
        depot=reservation.depot,
        unit=canoe,
        item_type=canoe.item_type,
        reservation=reservation,
        start_date=pickup,
        end_date=back,
    )
