"""Demo data for the volunteer exchange in Fjordvik: about 30 actors (the demo organisations, new clubs,
businesses and municipal units, and four volunteers), an exchange event on today with offers and needs registered
beforehand and the first agreements, last year's event with its follow-ups, and volunteer tasks with shifts.

Idempotent: records are found by natural keys (names, titles, keys derived from names); shifts and follow-ups are
added only when their task or agreement has none, so running the demo again adds nothing.
"""

from __future__ import annotations

import datetime
import uuid
import zoneinfo

from allauth.account.models import EmailAddress
from django.utils import timezone

from sammen.accounts.models import User
from sammen.core.demo import DEMO_PASSWORD, DemoContext, demo_user
from sammen.organisations.models import MembershipRole, Organisation, OrganisationMembership, OrganisationStatus

from .models import (
    Actor,
    Agreement,
    EventParticipant,
    EventRole,
    ExchangeEvent,
    FollowUp,
    Listing,
    ParticipantStatus,
    Shift,
    ShiftSignup,
    VolunteerTask,
    weekday_mask,
)
from .services.common import tags_for

NAMESPACE = uuid.UUID("6a1f1d0e-8e55-4f7e-9d0b-3c1f6c1a2b01")

# name, kind, neighbourhood key (None: the whole municipality), contact person, about
NEW_ORGANISATIONS = [
    ("Rema 1000 Borgen", "business", "borgen", "Kari Butikksjef", "Dagligvarebutikken midt på Borgen."),
    ("Fjordvik Sparebank", "business", None, "Eirik Banken", "Lokalbanken som vil bidra til et aktivt Fjordvik."),
    ("Borgen Bakeri", "business", "borgen", "Lina Baker", "Bakeri og kafé ved torget."),
    ("Fjordvik Trykk", "business", None, "Tor Trykk", "Trykkeri: plakater, flygeblad og banner."),
    ("Sykkelverkstedet Ullerål", "business", "ullereal", "Ali Sykkel", "Reparerer sykler og låner ut verktøy."),
    ("Elektro-Hansen AS", "business", "ullereal", "Hans Hansen", "Elektriker med lærlinger som gjerne stiller opp."),
    ("Kafé Fjordlys", "business", "ullereal", "Nora Kafé", "Kafé med møterom for opptil 20 personer."),
    ("Fjordvik Bil og Buss", "business", None, "Per Buss", "Busselskap med minibusser som står stille i helgene."),
    ("Fjordvik bibliotek", "municipal_unit", "borgen", "Bibliotekar Berit", "Bibliotek med møterom og makerspace."),
    ("Borgen skole", "municipal_unit", "borgen", "Rektor Rune", "Barneskole med gymsal og skolegård."),
    ("Helsestasjon for ungdom", "municipal_unit", None, "Helsesykepleier Hege", "Gratis og åpen for alle 13–25 år."),
    ("Ullerål bo- og servicesenter", "municipal_unit", "ullereal", "Leder Liv", "Omsorgsboliger og dagsenter."),
    ("Fjordvik kulturskole", "municipal_unit", None, "Rektor Kari Kultur", "Musikk, dans og kunst for barn."),
    ("Fjordvik Røde Kors", "voluntary_organisation", None, "Rune Røde Kors", "Besøkstjeneste, leksehjelp, turer."),
    ("1. Fjordvik speidergruppe", "voluntary_organisation", "ullereal", "Speiderleder Siv", "Friluftsliv for 8–18 år."),
    ("Borgen skolekorps", "choir_or_band", "borgen", "Korpsleder Kjell", "Skolekorps med 40 musikanter."),
    ("Fjordvik turlag", "voluntary_organisation", None, "Turleder Tone", "Turer for alle, også med rullestol."),
    ("Ullerål velforening", "housing_association", "ullereal", "Velleder Vidar", "Vel for Ullerål: dugnad og fest."),
    ("Fjordvik menighet", "faith_community", None, "Diakon Dag", "Kirke med menighetssal og babysang."),
    ("Leksehjelpen Borgen", "voluntary_organisation", "borgen", "Koordinator Kamilla", "Gratis leksehjelp."),
]

# Demo organisations from sammen.organisations that join the exchange too.
EXISTING = [
    "Borgen IL",
    "Fjordvik frivilligsentral",
    "Somalisk kulturforening Fjordvik",
    "Fjordvik svømmehall",
    "Borgen sanitetsforening",
    "Ullerål seniorsenter",
]

# key, e-mail, full name, name shown, neighbourhood, about
VOLUNTEERS = [
    ("volunteer", "frivillig@example.com", "Sara Frivillig", "Sara F.", "borgen", "Student, liker barn og fotball."),
    ("", "frivillig.ola@example.com", "Ola Nordmann", "Ola N.", "ullereal", "Pensjonist med førerkort og bil."),
    ("", "frivillig.fatima@example.com", "Fatima Ali", "Fatima A.", "borgen", "Snakker somali, arabisk og norsk."),
    ("", "frivillig.jon@example.com", "Jon Berg", "Jon B.", None, "Snekker, hjelper gjerne med små reparasjoner."),
]

# actor name, side, category, title, description, neighbourhood key, tags, weekdays, quantity, unit
LISTINGS = [
    (
        "Borgen IL",
        "need",
        "volunteer_hours",
        "Trenere til allidrett for barn",
        "Vi trenger to voksne hver tirsdag.",
        "borgen",
        ["idrett", "barn"],
        [1],
        2,
        "personer",
    ),
    (
        "Borgen IL",
        "offer",
        "premises",
        "Klubbhuset tirsdag og torsdag kveld",
        "Plass til 40, kjøkken.",
        "borgen",
        ["møterom", "kjøkken"],
        [1, 3],
        None,
        "",
    ),
    (
        "Borgen IL",
        "need",
        "sponsorship",
        "Frukt til treningene",
        "Frukt og vann til 60 barn i uka.",
        "borgen",
        ["mat", "barn"],
        [1, 3],
        None,
        "",
    ),
    (
        "Fjordvik frivilligsentral",
        "offer",
        "competence",
        "Kurs i frivillighetsledelse",
        "To kvelder for ledere.",
        None,
        ["kurs", "ledelse"],
        [],
        None,
        "",
    ),
    (
        "Fjordvik frivilligsentral",
        "need",
        "transport",
        "Sjåfør til handleturer for eldre",
        "Hver torsdag formiddag.",
        "ullereal",
        ["eldre", "transport"],
        [3],
        1,
        "sjåfør",
    ),
    (
        "Somalisk kulturforening Fjordvik",
        "need",
        "premises",
        "Lokale til leksehjelp tirsdager",
        "For 25 barn.",
        "borgen",
        ["leksehjelp", "barn", "møterom"],
        [1],
        None,
        "",
    ),
    (
        "Somalisk kulturforening Fjordvik",
        "offer",
        "competence",
        "Tolkehjelp på somali",
        "Til møter og foreldremøter.",
        None,
        ["språk", "tolk"],
        [],
        10,
        "timer",
    ),
    (
        "Fjordvik svømmehall",
        "offer",
        "event",
        "Gratis familiebading lørdager",
        "For lag og foreninger.",
        "borgen",
        ["svømming", "familie"],
        [5],
        30,
        "plasser",
    ),
    (
        "Fjordvik svømmehall",
        "need",
        "volunteer_hours",
        "Badevakter til åpen hall",
        "Med livredningskurs.",
        "borgen",
        ["svømming"],
        [5],
        2,
        "personer",
    ),
    (
        "Borgen sanitetsforening",
        "offer",
        "volunteer_hours",
        "Besøksvenner til eldre",
        "Vi har åtte besøksvenner.",
        None,
        ["eldre", "besøk"],
        [],
        8,
        "personer",
    ),
    (
        "Borgen sanitetsforening",
        "need",
        "premises",
        "Lokale til strikkekafé",
        "Onsdager kl. 11–14.",
        "borgen",
        ["møterom", "kafé"],
        [2],
        None,
        "",
    ),
    (
        "Ullerål seniorsenter",
        "need",
        "volunteer_hours",
        "Yngre frivillige til kafeen",
        "Servering og prat.",
        "ullereal",
        ["eldre", "kafé"],
        [0, 2],
        3,
        "personer",
    ),
    (
        "Ullerål seniorsenter",
        "offer",
        "premises",
        "Kafélokale på formiddagen",
        "Ledig mandag og fredag.",
        "ullereal",
        ["møterom", "kafé"],
        [0, 4],
        None,
        "",
    ),
    (
        "Rema 1000 Borgen",
        "offer",
        "sponsorship",
        "Frukt og drikke til arrangementer",
        "Inntil 200 porsjoner.",
        "borgen",
        ["mat"],
        [],
        200,
        "porsjoner",
    ),
    (
        "Fjordvik Sparebank",
        "offer",
        "competence",
        "Kurs i privatøkonomi",
        "For ungdom og nyankomne.",
        None,
        ["kurs", "økonomi"],
        [],
        None,
        "",
    ),
    (
        "Borgen Bakeri",
        "offer",
        "sponsorship",
        "Boller til dugnader",
        "Inntil 100 boller i måneden.",
        "borgen",
        ["mat", "dugnad"],
        [],
        100,
        "boller",
    ),
    (
        "Fjordvik Trykk",
        "offer",
        "equipment",
        "Trykking av plakater",
        "Opptil 200 A3-plakater i året.",
        None,
        ["trykk", "plakat"],
        [],
        200,
        "plakater",
    ),
    (
        "Sykkelverkstedet Ullerål",
        "offer",
        "competence",
        "Sykkelverksted for ungdom",
        "Lær å reparere din sykkel.",
        "ullereal",
        ["sykkel", "ungdom"],
        [2],
        None,
        "",
    ),
    (
        "Elektro-Hansen AS",
        "offer",
        "volunteer_hours",
        "Lærlinger på dugnad",
        "To dager i året.",
        "ullereal",
        ["dugnad"],
        [],
        16,
        "timer",
    ),
    (
        "Kafé Fjordlys",
        "offer",
        "premises",
        "Møterom på kafeen",
        "Ledig mandag–onsdag ettermiddag.",
        "ullereal",
        ["møterom"],
        [0, 1, 2],
        20,
        "plasser",
    ),
    (
        "Fjordvik Bil og Buss",
        "offer",
        "transport",
        "Minibuss i helgene",
        "Med sjåfør, til turer for lag.",
        None,
        ["transport", "tur"],
        [5, 6],
        16,
        "seter",
    ),
    (
        "Fjordvik bibliotek",
        "offer",
        "premises",
        "Makerspace og møterom",
        "Gratis for lag og foreninger.",
        "borgen",
        ["møterom", "ungdom"],
        [0, 1, 2, 3],
        None,
        "",
    ),
    (
        "Fjordvik bibliotek",
        "need",
        "volunteer_hours",
        "Frivillige til språkkafé",
        "Torsdager kl. 18.",
        "borgen",
        ["språk", "kafé"],
        [3],
        4,
        "personer",
    ),
    (
        "Borgen skole",
        "offer",
        "premises",
        "Gymsalen på kveldstid",
        "Tirsdag–torsdag etter kl. 18.",
        "borgen",
        ["idrett", "møterom"],
        [1, 2, 3],
        None,
        "",
    ),
    (
        "Borgen skole",
        "need",
        "volunteer_hours",
        "Voksne til skolegårdsdugnad",
        "En lørdag i mai.",
        "borgen",
        ["dugnad", "barn"],
        [5],
        20,
        "personer",
    ),
    (
        "Helsestasjon for ungdom",
        "offer",
        "competence",
        "Foredrag om psykisk helse",
        "For lag med ungdom.",
        None,
        ["ungdom", "helse"],
        [],
        None,
        "",
    ),
    (
        "Ullerål bo- og servicesenter",
        "need",
        "event",
        "Underholdning til søndagskafé",
        "Musikk eller sang.",
        "ullereal",
        ["eldre", "musikk"],
        [6],
        None,
        "",
    ),
    (
        "Fjordvik kulturskole",
        "need",
        "premises",
        "Øvingslokale for band",
        "To kvelder i uka.",
        None,
        ["musikk", "ungdom"],
        [1, 3],
        None,
        "",
    ),
    (
        "Fjordvik Røde Kors",
        "offer",
        "competence",
        "Førstehjelpskurs",
        "For trenere og ledere.",
        None,
        ["kurs", "førstehjelp"],
        [],
        20,
        "plasser",
    ),
    (
        "1. Fjordvik speidergruppe",
        "need",
        "equipment",
        "Telt og kokeutstyr",
        "Til sommerleir.",
        "ullereal",
        ["friluftsliv", "utstyr"],
        [],
        None,
        "",
    ),
    (
        "Borgen skolekorps",
        "offer",
        "event",
        "Korpsmusikk på arrangementer",
        "Vi spiller gjerne!",
        "borgen",
        ["musikk"],
        [6],
        None,
        "",
    ),
    (
        "Fjordvik turlag",
        "offer",
        "volunteer_hours",
        "Turledere til fellesturer",
        "Turer tilpasset alle.",
        None,
        ["tur", "friluftsliv"],
        [6],
        4,
        "turledere",
    ),
    (
        "Ullerål velforening",
        "need",
        "equipment",
        "Verktøy til vårdugnaden",
        "Raker, trillebårer og hansker.",
        "ullereal",
        ["dugnad", "utstyr"],
        [],
        None,
        "",
    ),
    (
        "Fjordvik menighet",
        "offer",
        "premises",
        "Menighetssalen",
        "Plass til 80, med kjøkken.",
        None,
        ["møterom", "kjøkken"],
        [0, 4],
        None,
        "",
    ),
    (
        "Leksehjelpen Borgen",
        "need",
        "volunteer_hours",
        "Leksehjelpere i matte",
        "Tirsdager kl. 17–19.",
        "borgen",
        ["leksehjelp", "barn"],
        [1],
        4,
        "personer",
    ),
    (
        "Fjordvik Sparebank",
        "need",
        "event",
        "Korps og idrettsoppvisning til bankens jubileum",
        "En lørdag i juni.",
        "borgen",
        ["musikk", "idrett"],
        [5],
        None,
        "",
    ),
    (
        "Rema 1000 Borgen",
        "need",
        "volunteer_hours",
        "Frivillige til ryddeaksjon rundt butikken",
        "En kveld i mai.",
        "borgen",
        ["dugnad"],
        [2],
        10,
        "personer",
    ),
    (
        "Fjordvik turlag",
        "need",
        "transport",
        "Transport for rullestolbrukere til turene",
        "Søndager.",
        None,
        ["transport", "tur"],
        [6],
        None,
        "",
    ),
    (
        "Sara F.",
        "offer",
        "volunteer_hours",
        "Kan trene barn i fotball",
        "Har trenerkurs.",
        "borgen",
        ["idrett", "barn"],
        [1, 3],
        4,
        "timer i uka",
    ),
    (
        "Ola N.",
        "offer",
        "transport",
        "Kjører gjerne eldre til butikken",
        "Har egen bil.",
        "ullereal",
        ["transport", "eldre"],
        [3],
        None,
        "",
    ),
    (
        "Fatima A.",
        "offer",
        "competence",
        "Tolk somali og arabisk",
        "Kan hjelpe på foreldremøter.",
        "borgen",
        ["språk", "tolk"],
        [],
        None,
        "",
    ),
    (
        "Jon B.",
        "offer",
        "volunteer_hours",
        "Små reparasjoner for lag",
        "Snekring og maling.",
        None,
        ["dugnad", "snekring"],
        [5],
        None,
        "",
    ),
]

# first party, second party, what the first gives, what the second gives, category, status
AGREEMENTS_TODAY = [
    (
        "Rema 1000 Borgen",
        "Borgen IL",
        "Frukt og vann til treningene for barn",
        "Logoen på draktene",
        "sponsorship",
        "agreed",
    ),
    (
        "Fjordvik bibliotek",
        "Somalisk kulturforening Fjordvik",
        "Møterom til leksehjelp tirsdager",
        "",
        "premises",
        "agreed",
    ),
    (
        "Fjordvik Bil og Buss",
        "Ullerål seniorsenter",
        "Minibuss med sjåfør til en sommertur",
        "Kaffe og kake",
        "transport",
        "agreed",
    ),
    ("Borgen skolekorps", "Ullerål bo- og servicesenter", "Konsert på søndagskafeen i mars", "", "event", "agreed"),
    (
        "Fjordvik Røde Kors",
        "Borgen IL",
        "Førstehjelpskurs for 12 trenere",
        "Lån av klubbhuset til kurset",
        "competence",
        "agreed",
    ),
]
AGREEMENTS_LAST_YEAR = [
    (
        "Borgen Bakeri",
        "Borgen skole",
        "Boller til skolegårdsdugnaden",
        "",
        "sponsorship",
        "completed",
        "Gjennomført: 80 boller, godt oppmøte.",
    ),
    (
        "Fjordvik menighet",
        "Borgen sanitetsforening",
        "Menighetssalen til strikkekafé onsdager",
        "",
        "premises",
        "under_way",
        "Går fint; 15 faste deltakere.",
    ),
    (
        "Fjordvik Trykk",
        "Fjordvik turlag",
        "Plakater til fellesturene",
        "Omtale i turprogrammet",
        "equipment",
        "completed",
        "Levert i april.",
    ),
    (
        "Sykkelverkstedet Ullerål",
        "1. Fjordvik speidergruppe",
        "Sykkelkurs for speiderne",
        "",
        "competence",
        "cancelled",
        "Avlyst: verkstedet hadde ikke kapasitet.",
    ),
    (
        "Kafé Fjordlys",
        "Fjordvik frivilligsentral",
        "Møterom til frivilligmøter",
        "Frivillige til kafékvelder",
        "premises",
        "under_way",
        "Halvveis: møtene går, kafékveldene starter i høst.",
    ),
]


def _key(*parts: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, "|".join(parts))


def _volunteer_user(email: str, full_name: str) -> User:
    """A demo volunteer with the demo password, not printed at start (only Sara is)."""
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=DEMO_PASSWORD, full_name=full_name)
    EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return user


def load(ctx: DemoContext) -> None:
    fjordvik = ctx.municipalities["fjordvik"]
    tz = zoneinfo.ZoneInfo(fjordvik.timezone)
    actors: dict[str, Actor] = {}

    # Actors -----------------------------------------------------------------------------------------------------
    for name, kind, n_key, contact, about in NEW_ORGANISATIONS:
        slug = name.lower().replace(" ", "-").replace(".", "").replace("ø", "o").replace("å", "a").replace("æ", "ae")
        organisation, _created = Organisation.objects.update_or_create(
            municipality=fjordvik,
            name=name,
            defaults={
                "kind": kind,
                "status": OrganisationStatus.APPROVED,
                "description": about,
                "neighbourhood": ctx.neighbourhoods[n_key] if n_key else None,
                "email": f"post@{slug}.example",
                "contact_name": contact,
            },
        )
        ctx.objects[f"organisation:{name}"] = organisation
    for name in [*EXISTING, *(row[0] for row in NEW_ORGANISATIONS)]:
        organisation = ctx.objects[f"organisation:{name}"]
        about = next((row[4] for row in NEW_ORGANISATIONS if row[0] == name), organisation.description)
        actor, _created = Actor.objects.update_or_create(
            organisation=organisation,
            defaults={
                "municipality": fjordvik,
                "about": about,
                "neighbourhood": organisation.neighbourhood,
                "contact_name": organisation.contact_name,
                "contact_email": organisation.email,
            },
        )
        actors[name] = actor

    for key, email, full_name, shown, n_key, about in VOLUNTEERS:
        if key:
            user = demo_user(ctx, key=key, email=email, full_name=full_name, role="Volunteer", where="Fjordvik")
        else:
            user = _volunteer_user(email, full_name)
        actor, _created = Actor.objects.update_or_create(
            municipality=fjordvik,
            user=user,
            defaults={
                "display_name": shown,
                "about": about,
                "neighbourhood": ctx.neighbourhoods[n_key] if n_key else None,
                "contact_name": full_name,
                "contact_email": email,
            },
        )
        actors[shown] = actor

    organiser = demo_user(
        ctx,
        key="exchange_organiser",
        email="frivilligbors@fjordvik.example",
        full_name="Frida Børs",
        role="Exchange organiser and broker",
        where="Fjordvik frivilligsentral",
    )
    OrganisationMembership.objects.get_or_create(
        organisation=ctx.objects["organisation:Fjordvik frivilligsentral"],
        user=organiser,
        role=MembershipRole.REPRESENTATIVE,
    )
    second_broker = _volunteer_user("megler@fjordvik.example", "Mats Megler")

    # Events -----------------------------------------------------------------------------------------------------
    # Today's event is on now, so the broker form and the big screen can be tried straight away.
    start = timezone.localtime(timezone.now(), tz).replace(minute=0, second=0, microsecond=0)
    start -= datetime.timedelta(hours=1)
    venue = ctx.objects.get("venue:Borgen nærmiljøsenter")
    event, _created = ExchangeEvent.objects.update_or_create(
        municipality=fjordvik,
        title="Frivilligbørs på Borgen 2026",
        defaults={
            "description": (
                "Lag, foreninger, næringsliv og kommunen møtes for å vise hva de kan gi og hva de trenger. "
                "Meglere skriver ned avtalene, og storskjermen teller dem. Ta med kaffekoppen!"
            ),
            "starts_at": start,
            "ends_at": start + datetime.timedelta(hours=3),
            "venue": venue,
            "neighbourhood": ctx.neighbourhoods["borgen"],
            "agreement_goal": 25,
            "created_by": organiser,
        },
    )
    last_year_start = start - datetime.timedelta(days=365)
    past, _created = ExchangeEvent.objects.update_or_create(
        municipality=fjordvik,
        title="Frivilligbørs på Ullerål 2025",
        defaults={
            "description": "Den første frivilligbørsen i Fjordvik, på Ullerål skole.",
            "starts_at": last_year_start,
            "ends_at": last_year_start + datetime.timedelta(hours=3),
            "venue": ctx.objects.get("venue:Ullerål skole"),
            "neighbourhood": ctx.neighbourhoods["ullereal"],
            "agreement_goal": 10,
            "created_by": organiser,
        },
    )
    for ev in (event, past):
        EventRole.objects.get_or_create(event=ev, user=organiser, role="organiser")
        EventRole.objects.get_or_create(event=ev, user=organiser, role="broker")
    EventRole.objects.get_or_create(event=event, user=second_broker, role="broker")
    for index, actor in enumerate(actors.values()):
        # Most are coming; a few have not answered, one cannot come.
        status = ParticipantStatus.ATTENDING
        if index % 9 == 4:
            status = ParticipantStatus.INVITED
        elif index == 7:
            status = ParticipantStatus.DECLINED
        EventParticipant.objects.get_or_create(
            event=event, actor=actor, defaults={"status": status, "invited_by": organiser}
        )

    # Offers and needs registered beforehand -----------------------------------------------------------------------
    for actor_name, side, category, title, description, n_key, tags, days, quantity, unit in LISTINGS:
        actor = actors[actor_name]
        listing, _created = Listing.objects.update_or_create(
            actor=actor,
            title=title,
            defaults={
                "municipality": fjordvik,
                "side": side,
                "category": category,
                "description": description,
                "neighbourhood": ctx.neighbourhoods[n_key] if n_key else None,
                "weekdays": weekday_mask(days),
                "quantity": quantity,
                "unit": unit,
                "event": event,
                # Volunteers share their offers with registered actors only.
                "visibility": "actors" if actor.is_volunteer else "public",
            },
        )
        listing.tags.set(tags_for(fjordvik, tags))

    # Agreements -----------------------------------------------------------------------------------------------------
    for a, b, gives_a, gives_b, category, agreement_status in AGREEMENTS_TODAY:
        Agreement.objects.get_or_create(
            idempotency_key=_key("today", a, b),
            defaults={
                "municipality": fjordvik,
                "event": event,
                "party_a": actors[a],
                "party_b": actors[b],
                "party_a_gives": gives_a,
                "party_b_gives": gives_b,
                "party_a_contact": actors[a].contact_name,
                "party_b_contact": actors[b].contact_name,
                "category": category,
                "status": agreement_status,
                "registered_by": organiser,
            },
        )
    today = timezone.localdate(timezone.now(), tz)
    for a, b, gives_a, gives_b, category, agreement_status, outcome in AGREEMENTS_LAST_YEAR:
        agreement, _created = Agreement.objects.get_or_create(
            idempotency_key=_key("last-year", a, b),
            defaults={
                "municipality": fjordvik,
                "event": past,
                "party_a": actors[a],
                "party_b": actors[b],
                "party_a_gives": gives_a,
                "party_b_gives": gives_b,
                "party_a_contact": actors[a].contact_name,
                "party_b_contact": actors[b].contact_name,
                "category": category,
                "status": agreement_status,
                "registered_by": organiser,
            },
        )
        if not agreement.follow_ups.exists():
            done_at = timezone.now() - datetime.timedelta(days=200)
            FollowUp.objects.create(
                agreement=agreement,
                due_on=today - datetime.timedelta(days=200),
                what="Har samarbeidet kommet i gang?",
                assignee=organiser,
                reminder_sent_at=done_at,
                done_at=done_at,
                done_by=organiser,
                outcome=outcome,
            )
            if agreement_status == "under_way":
                FollowUp.objects.create(
                    agreement=agreement,
                    due_on=today + datetime.timedelta(days=7),
                    what="Hvordan gikk høsten?",
                    assignee=organiser,
                )

    # Volunteer tasks ----------------------------------------------------------------------------------------------
    volunteer = actors["Sara F."]
    tasks = [
        (
            "Leksehjelpen Borgen",
            "Leksehjelp i matte tirsdager",
            "Hjelp elever på 5.–7. trinn med matteleksene. Vi har kaffe og frukt.",
            "Politiattest, fordi du jobber med barn.",
            "borgen",
            "Borgen nærmiljøsenter",
            ["leksehjelp", "barn"],
            (1, 17, 2, 4, 8),  # weekday, hour, hours, places, weeks
        ),
        (
            "Ullerål seniorsenter",
            "Turvenn for seniorer",
            "Bli med på en rolig formiddagstur med beboere som trenger følge.",
            "",
            "ullereal",
            "Ullerål bo- og servicesenter",
            ["eldre", "tur"],
            (3, 11, 2, 3, 6),
        ),
        (
            "Ullerål velforening",
            "Vårdugnad i Ullerålparken",
            "Vi raker, planter og griller pølser etterpå. Ta med arbeidshansker.",
            "",
            "ullereal",
            None,
            ["dugnad"],
            (5, 10, 4, 15, 1),
        ),
    ]
    for owner, title, description, requirements, n_key, venue_name, tags, (day, hour, hours, places, weeks) in tasks:
        task, _created = VolunteerTask.objects.update_or_create(
            actor=actors[owner],
            title=title,
            defaults={
                "municipality": fjordvik,
                "description": description,
                "requirements": requirements,
                "neighbourhood": ctx.neighbourhoods[n_key],
                "venue": ctx.objects.get(f"venue:{venue_name}") if venue_name else None,
                "meeting_point": "Hovedinngangen" if venue_name else "Ved lekeplassen",
            },
        )
        task.tags.set(tags_for(fjordvik, tags))
        if task.shifts.exists():
            continue
        first = today + datetime.timedelta(days=(day - today.weekday()) % 7 or 7)
        series = uuid.uuid4() if weeks > 1 else None
        # Two shifts already done (for the hours history), then the ones to come.
        for week in range(-2 if weeks > 1 else 0, weeks):
            begins = datetime.datetime.combine(first + datetime.timedelta(weeks=week), datetime.time(hour), tz)
            shift = Shift.objects.create(
                task=task,
                starts_at=begins,
                ends_at=begins + datetime.timedelta(hours=hours),
                capacity=places,
                series=series,
            )
            if owner == "Leksehjelpen Borgen" and week in (-2, -1, 0):
                ShiftSignup.objects.create(shift=shift, volunteer=volunteer)
    ctx.objects["exchange:event"] = event
