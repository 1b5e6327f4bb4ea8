"""Demo co-creation: a Borgen-like process that reproduces seed 000 (15 engagements, 783 participants counted with
ranges at their upper bound, 458 inputs over four focus areas) and an Ullerål-like process in its early workshop
phase (seed 002). Idempotent: records are found by natural keys (slug, title, the input's demo key).
"""

from __future__ import annotations

import datetime
import hashlib
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from sammen.core.demo import DemoContext

from . import demo_texts as texts
from .models import (
    CHANNEL_FOR_KIND,
    DEFAULT_TARGET_GROUPS,
    Channel,
    Comment,
    CommentStatus,
    Engagement,
    EngagementAgeBand,
    EngagementKind,
    EngagementStatus,
    EngagementTargetGroup,
    FocusArea,
    Follow,
    Input,
    InputKind,
    InputStatus,
    Moderation,
    ParticipantRule,
    Phase,
    PhaseKind,
    Process,
    Registration,
    RegistrationStatus,
    Support,
    Tag,
    TargetGroup,
)
from .portal import anonymous_supporter_key
from .statistics import statistics_changed

BORGEN = "veikart-borgen"
ULLERAL = "fellesskap-ulleral"
BORGEN_CENTRE = (Decimal("59.838100"), Decimal("10.433900"))
ULLERAL_CENTRE = (Decimal("60.172400"), Decimal("10.247600"))

DINNER_GUIDE = "\n".join(
    [
        "Hva er det beste med å bo her?",
        "Hvor møter du naboene dine, og hvor skulle du ønske dere kunne møtes?",
        "Hva savner du i nærmiljøet?",
        "Hvem tror du er mest alene her, og hva kunne hjulpet dem?",
        "Hva kan du selv, eller foreningen din, bidra med?",
    ]
)

FOCUS_AREAS = [
    (texts.CO_CREATION, "Samskaping og deltakelse", "Innbyggere, lag og kommunen planlegger og gjør ting sammen."),
    (texts.ACTIVITIES, "Sosiale og kulturelle aktiviteter", "Møteplasser, aktiviteter og kultur for alle aldre."),
    (texts.SERVICES, "Offentlige tjenester", "Kommunale tjenester som er lette å finne, nå og bruke."),
    (texts.PLACE, "Stedsutvikling", "Trygge, grønne og tilgjengelige uteområder, veier og bygg."),
]

# (key, kind, title, date, min, max, reach, reach note, facilitator, venue, audiences, inputs, description)
R, C, S, N, P, O = texts.R, texts.C, texts.S, texts.N, texts.P, texts.O  # noqa: E741
BORGEN_ENGAGEMENTS: list[dict[str, Any]] = [
    {
        "kind": EngagementKind.CONFERENCE,
        "title": "Erfaringskonferanse for ansatte",
        "date": datetime.date(2016, 1, 20),
        "low": 59,
        "high": 59,
        "facilitator": "Prosjektleder og kommunedirektørens ledergruppe",
        "venue": "Borgen skole, gymsalen",
        "audiences": (S,),
        "inputs": 34,
        "description": "Ansatte fra skole, barnehage, helse, NAV og kultur delte erfaringer fra arbeidet på Borgen. "
        "Kommunedirektøren og ledergruppen var også til stede.",
    },
    {
        "kind": EngagementKind.CONFERENCE,
        "title": "Nærmiljøkonferanse 1",
        "date": datetime.date(2016, 2, 10),
        "low": 139,
        "high": 139,
        "facilitator": "Prosjektgruppen",
        "venue": "Borgenhallen",
        "audiences": (R,),
        "inputs": 62,
        "description": "Åpen konferanse for alle som bor eller jobber på Borgen, med gruppearbeid rundt bordene.",
        "groups": {"single_elderly": 18, "immigrants": 22, "single_parents": 9},
        "ages": {"20-66": 96, "67+": 31},
    },
    {
        "kind": EngagementKind.CONFERENCE,
        "title": "Nærmiljøkonferanse 2",
        "date": datetime.date(2016, 4, 13),
        "low": 100,
        "high": 100,
        "facilitator": "Prosjektgruppen",
        "venue": "Borgenhallen",
        "audiences": (R,),
        "inputs": 48,
        "description": "Andre konferanse: vi viste hva vi hadde hørt og spurte hva som er viktigst.",
        "groups": {"single_elderly": 12, "immigrants": 15, "municipal_housing": 8},
        "ages": {"20-66": 70, "67+": 25},
    },
    {
        "kind": EngagementKind.OPEN_OFFICE,
        "title": "Åpen nærmiljøsentral",
        "date": datetime.date(2016, 2, 1),
        "low": 4,
        "high": 4,
        "facilitator": "Nærmiljøkoordinator",
        "venue": "Borgen nærmiljøsenter",
        "audiences": ("open", R),
        "inputs": 6,
        "description": "Alle kunne stikke innom nærmiljøsentralen og si hva de mente.",
    },
    {
        "kind": EngagementKind.SOCIAL_MEDIA,
        "title": "Debatt på Facebook-siden «Vi på Borgen»",
        "date": datetime.date(2016, 3, 1),
        "low": 16,
        "high": 16,
        "reach": 611,
        "reach_note": "personer har klikket «liker» på siden",
        "place": "Facebook",
        "facilitator": "Prosjektleder",
        "audiences": (O,),
        "inputs": 21,
        "description": "Vi startet debatter om nærmiljøet på Facebook. 16 deltok i debattene; 611 liker siden.",
    },
    {
        "kind": EngagementKind.DIALOGUE_DINNER,
        "title": "Gjestebud i hjemmene på Borgen",
        "date": datetime.date(2016, 3, 15),
        "low": 148,
        "high": 148,
        "place": "Hjemme hos vertene",
        "facilitator": "Vertene, med spørsmålsguide",
        "audiences": (R,),
        "inputs": 88,
        "description": "Innbyggere inviterte naboer, venner og familie hjem til middag og samtale "
        "med kommunens spørsmålsguide, og sendte oss oppsummeringen.",
        "groups": {"single_elderly": 14, "immigrants": 20, "single_parents": 11, "municipal_housing": 9},
        "ages": {"20-66": 104, "67+": 30, "13-19": 14},
    },
    {
        "kind": EngagementKind.CHILDRENS_MAP,
        "title": "Barnetråkk med 5.–7. trinn",
        "date": datetime.date(2016, 3, 8),
        "low": 42,
        "high": 42,
        "facilitator": "Lærere og prosjektleder",
        "venue": "Borgen skole, gymsalen",
        "audiences": (C,),
        "inputs": 40,
        "description": "Elevene tegnet skoleveien, gode og dårlige steder og hva de gjør i fritiden, på kart.",
        "groups": {"children": 42},
        "ages": {"0-12": 42},
    },
    {
        "kind": EngagementKind.FOCUS_GROUP,
        "title": "Fokusgrupper om oppvekst, aktivitet, kultur, friluftsliv og bolig",
        "date": datetime.date(2016, 3, 22),
        "low": 74,
        "high": 74,
        "facilitator": "Prosjektgruppen",
        "venue": "Borgen nærmiljøsenter",
        "audiences": (R,),
        "inputs": 52,
        "description": "Sju fokusgrupper: foreldrerollen og oppvekst, aktiv hele livet, idrett, kultur, friluftsliv, "
        "boligstruktur og sosiale aktiviteter.",
        "groups": {"single_parents": 8, "single_elderly": 10, "disabled_adults": 3},
    },
    {
        "kind": EngagementKind.OTHER,
        "title": "Samling med sone- og virksomhetsledere",
        "date": datetime.date(2016, 1, 27),
        "low": 5,
        "high": 5,
        "facilitator": "Prosjektleder",
        "place": "Rådhuset",
        "audiences": (S,),
        "inputs": 8,
        "description": "Ledere i kommunens tjenester drøftet hvordan de kan jobbe på tvers i nærmiljøet.",
    },
    {
        "kind": EngagementKind.CONFERENCE,
        "title": "Konferanse arrangert av Somalisk trossamfunn",
        "date": datetime.date(2016, 4, 2),
        "low": 70,
        "high": 70,
        "facilitator": "Somalisk trossamfunn",
        "venue": "Borgen nærmiljøsenter",
        "audiences": (N,),
        "inputs": 30,
        "description": "Trossamfunnet inviterte medlemmene sine til en egen konferanse om livet på Borgen.",
        "groups": {"immigrants": 70, "single_parents": 12},
    },
    {
        "kind": EngagementKind.WORKSHOP,
        "title": "Veikartverksted",
        "date": datetime.date(2016, 5, 11),
        "low": 59,
        "high": 59,
        "facilitator": "Prosjektgruppen",
        "venue": "Borgenhallen",
        "audiences": (R, P),
        "inputs": 38,
        "description": "Innbyggere, lag, næringsliv og kommunen laget utkastet til veikart: mål, strategier og tiltak.",
        "groups": {"immigrants": 9, "single_elderly": 7},
    },
    {
        "kind": EngagementKind.POLITICIANS,
        "title": "Ad hoc-utvalg med politikere",
        "date": datetime.date(2016, 2, 24),
        "low": 8,
        "high": 8,
        "facilitator": "Utvalgsleder",
        "place": "Rådhuset",
        "audiences": (P,),
        "inputs": 5,
        "description": "Et politisk ad hoc-utvalg fulgte prosessen og møtte innbyggere.",
    },
    {
        "kind": EngagementKind.POLITICIANS,
        "title": "Ad hoc-utvalgets dialog med sju grupper",
        "date": datetime.date(2016, 4, 20),
        "low": 30,
        "high": 35,
        "facilitator": "Ad hoc-utvalget",
        "place": "Ulike steder på Borgen",
        "audiences": (R,),
        "inputs": 12,
        "description": "Politikerne i utvalget hadde dialog med sju ulike grupper, til sammen omtrent 30–35 personer.",
        "groups": {"municipal_housing": 6, "single_elderly": 5},
    },
    {
        "kind": EngagementKind.OTHER,
        "title": "Møter med enkeltinnbyggere og henvendelser",
        "date": datetime.date(2016, 5, 31),
        "low": 14,
        "high": 14,
        "facilitator": "Nærmiljøkoordinator",
        "venue": "Borgen nærmiljøsenter",
        "audiences": (R,),
        "inputs": 9,
        "description": "Samtaler, telefoner og e-post fra enkeltpersoner gjennom våren.",
    },
    {
        "kind": EngagementKind.INTERVIEWS,
        "title": "Intervjuer med «tause stemmer»",
        "date": datetime.date(2016, 5, 18),
        "low": 10,
        "high": 10,
        "facilitator": "Helsesøster og prosjektleder for innvandrerkvinner i arbeid",
        "place": "Helsestasjonen og hjemmebesøk",
        "audiences": ("interviews",),
        "inputs": 5,
        "description": "Intervjuer med personer som sjelden deltar på møter.",
        "groups": {"immigrants": 6, "single_parents": 4},
    },
]

BORGEN_PHASES = [
    (
        PhaseKind.KNOWLEDGE_BASE,
        "Kunnskapsgrunnlag: Livet på Borgen",
        datetime.date(2015, 9, 1),
        datetime.date(2016, 1, 15),
        "Statistikk, erfaringer fra tjenestene og samtaler med innbyggere om hvordan det er å bo på Borgen.",
    ),
    (
        PhaseKind.CO_CREATION,
        "Samskaping: veikart for Borgen",
        datetime.date(2016, 1, 16),
        datetime.date(2016, 6, 30),
        "Innbyggere, lag, næringsliv og kommunen lager sammen et veikart med mål, strategier og tiltak.",
    ),
    (
        PhaseKind.POLITICAL_TREATMENT,
        "Politisk behandling: temaplan for lokalsamfunnsutvikling",
        datetime.date(2016, 9, 1),
        datetime.date(2016, 12, 15),
        "Kommunestyret behandler veikartet som en temaplan.",
    ),
    (
        PhaseKind.IMPLEMENTATION,
        "Utvikling av tjenester, området og nærmiljøene",
        datetime.date(2017, 1, 1),
        None,
        "Tiltakene gjennomføres, med ulike roller og ansvar for innbyggere, lag og kommunen.",
    ),
]


def _digest(*parts: object) -> int:
    return int(hashlib.sha256("|".join(str(p) for p in parts).encode()).hexdigest()[:8], 16)


def _offset(key: str, centre: tuple[Decimal, Decimal]) -> tuple[Decimal, Decimal]:
    number = _digest("place", key)
    lat = centre[0] + Decimal((number % 400) - 200) / Decimal(100000)
    lon = centre[1] + Decimal(((number // 400) % 600) - 300) / Decimal(100000)
    return lat.quantize(Decimal("0.000001")), lon.quantize(Decimal("0.000001"))


def _process(ctx: DemoContext, *, slug: str, neighbourhood_key: str, **fields: Any) -> Process:
    municipality = ctx.municipalities["fjordvik"]
    process, _created = Process.objects.update_or_create(
        municipality=municipality,
        slug=slug,
        defaults={"neighbourhood": ctx.neighbourhoods[neighbourhood_key], **fields},
    )
    return process


def _phases(process: Process, phases: list[tuple[Any, ...]], current: str) -> None:
    for position, (kind, title, start, end, description) in enumerate(phases):
        Phase.objects.update_or_create(
            process=process,
            kind=kind,
            defaults={
                "title": title,
                "start_date": start,
                "end_date": end,
                "description": description,
                "position": position,
            },
        )
    process.current_phase = process.phases.get(kind=current)
    process.save(update_fields=["current_phase"])


def _target_groups(process: Process, extra: list[tuple[str, str]]) -> dict[str, TargetGroup]:
    groups = {}
    for position, key in enumerate(DEFAULT_TARGET_GROUPS):
        groups[key], _created = TargetGroup.objects.update_or_create(
            process=process, key=key, defaults={"position": position}
        )
    for offset, (key, name) in enumerate(extra, start=len(groups)):
        groups[key], _created = TargetGroup.objects.update_or_create(
            process=process, key=key, defaults={"name": name, "position": offset}
        )
    return groups


def _engagement(process: Process, ctx: DemoContext, data: dict[str, Any], groups: dict[str, TargetGroup]) -> Engagement:
    venue = ctx.objects.get(f"venue:{data['venue']}") if data.get("venue") else None
    engagement, _created = Engagement.objects.update_or_create(
        process=process,
        title=data["title"],
        defaults={
            "kind": data["kind"],
            "date": data["date"],
            "status": data.get("status", EngagementStatus.HELD),
            "participants_min": data.get("low"),
            "participants_max": data.get("high"),
            "reach": data.get("reach"),
            "reach_note": data.get("reach_note", ""),
            "venue": venue,
            "place": data.get("place", ""),
            "facilitator": data.get("facilitator", ""),
            "description": data.get("description", ""),
            "start_time": data.get("start_time"),
            "end_time": data.get("end_time"),
            "signup_enabled": data.get("signup_enabled", False),
            "capacity": data.get("capacity"),
        },
    )
    for key, count in data.get("groups", {}).items():
        EngagementTargetGroup.objects.update_or_create(
            engagement=engagement, target_group=groups[key], defaults={"participants": count}
        )
    for band, count in data.get("ages", {}).items():
        EngagementAgeBand.objects.update_or_create(engagement=engagement, band=band, defaults={"participants": count})
    return engagement


def _pool(audiences: tuple[str, ...]) -> list[texts.Idea]:
    return [idea for idea in texts.IDEAS if set(idea.audiences) & set(audiences)]


def _borgen_inputs(engagement: Engagement, data: dict[str, Any], start: int, used: set[str]) -> list[dict[str, Any]]:
    """The engagement's inputs as plain data, combined deterministically from the idea fragments."""
    rows: list[dict[str, Any]] = []
    audiences = data["audiences"]
    count = data["inputs"]
    specials: list[dict[str, Any]] = []
    if "interviews" in audiences:
        specials = [
            {"language": lang, "area": area, "text": text, "groups": groups, "tags": ("tause stemmer",)}
            for lang, area, text, groups in texts.INTERVIEWS
        ]
    if "open" in audiences:
        specials = [
            {
                "language": "nb",
                "area": texts.ACTIVITIES if i % 2 else texts.CO_CREATION,
                "text": text,
                "groups": (),
                "tags": ("møteplasser",),
            }
            for i, text in enumerate(texts.OPEN_OFFICE)
        ]
    pool = _pool(tuple(a for a in audiences if a not in {"open", "interviews"}))
    for index in range(count):
        number = start + index
        if index < len(specials):
            special = specials[index]
            rows.append({**special, "number": number, "located": False, "kind": InputKind.NEED})
            continue
        idea = pool[(index * 7 + _digest(engagement.title) % 5) % len(pool)]
        round_ = index // len(pool)
        language, text = idea.variants[(round_ + index) % len(idea.variants)]
        if language != "nb" and text in used:
            # A sentence in another language is said once; the others said it in Norwegian.
            language, text = idea.variants[0]
        used.add(text)
        if language == "nb":
            is_sentence = any(verb in f" {text.lower()} " for verb in texts.VERBS)
            opening = "" if is_sentence else texts.OPENINGS[_digest(number, "open") % len(texts.OPENINGS)]
            ending = texts.ENDINGS[_digest(number, "end") % len(texts.ENDINGS)]
            text = f"{opening}{text[0].lower() + text[1:] if opening else text}{ending}"
        elif not text.endswith((".", "!", "?")):
            text = text + "."
        kind = (InputKind.IDEA, InputKind.NEED, InputKind.IDEA, InputKind.PROBLEM)[_digest(number, "kind") % 4]
        if "?" in text:
            kind = InputKind.QUESTION
        rows.append(
            {
                "number": number,
                "language": language,
                "area": idea.area,
                "text": text,
                "groups": idea.groups,
                "tags": idea.tags,
                "located": idea.located,
                "kind": kind,
            }
        )
    return rows


def _save_inputs(
    process: Process,
    rows: list[dict[str, Any]],
    engagements: dict[int, Engagement],
    areas: dict[str, FocusArea],
    groups: dict[str, TargetGroup],
    centre: tuple[Decimal, Decimal],
    prefix: str,
) -> dict[str, Input]:
    """Create the missing demo inputs in bulk; existing ones (found by their demo key) are left as they are."""
    keys = [f"demo:{prefix}:{row['number']:04d}" for row in rows]
    existing = {i.import_key: i for i in Input.objects.filter(process=process, import_key__in=keys)}
    tags: dict[str, Tag] = {}
    new_rows = []
    for key, row in zip(keys, rows, strict=True):
        if key in existing:
            continue
        engagement = engagements[row["number"]]
        latitude = longitude = None
        if row.get("located"):
            latitude, longitude = _offset(key, centre)
        item = Input(
            process=process,
            text=row["text"],
            kind=row.get("kind", InputKind.IDEA),
            channel=row.get("channel") or CHANNEL_FOR_KIND.get(EngagementKind(engagement.kind), Channel.MEETING),
            engagement=engagement if row.get("channel") != Channel.PORTAL else None,
            received_on=row.get("date") or engagement.date,
            language=row["language"],
            latitude=latitude,
            longitude=longitude,
            status=row.get("status", InputStatus.PUBLISHED),
            reviewed_at=None if row.get("status") == InputStatus.PENDING else timezone.now(),
            import_key=key,
        )
        new_rows.append((item, row))
    with transaction.atomic():
        created = Input.objects.bulk_create([item for item, _row in new_rows])
        area_links, group_links, tag_links = [], [], []
        for item, row in zip(created, [row for _item, row in new_rows], strict=True):
            if row.get("area") and row["area"] in areas:
                area_links.append(Input.focus_areas.through(input_id=item.pk, focusarea_id=areas[row["area"]].pk))
            for key in row.get("groups", ()):
                if key in groups:
                    group_links.append(Input.target_groups.through(input_id=item.pk, targetgroup_id=groups[key].pk))
            for name in row.get("tags", ()):
                if name not in tags:
                    tags[name], _created = Tag.objects.get_or_create(process=process, name=name)
                tag_links.append(Input.tags.through(input_id=item.pk, tag_id=tags[name].pk))
        Input.focus_areas.through.objects.bulk_create(area_links)
        Input.target_groups.through.objects.bulk_create(group_links)
        Input.tags.through.objects.bulk_create(tag_links)
    existing.update({item.import_key: item for item in created})
    return existing


def _supports(process: Process, inputs: dict[str, Input]) -> None:
    """A few anonymous +1s, so "most supported" has something to show; the counter always matches the rows."""
    wanted = []
    for key, item in sorted(inputs.items()):
        count = _digest(key, "support") % 9
        if count >= 5:
            wanted += [Support(input=item, anonymous_key=anonymous_supporter_key(f"{key}:{n}")) for n in range(count)]
    Support.objects.bulk_create(wanted, ignore_conflicts=True)
    counts = dict(
        Support.objects.filter(input__process=process)
        .values("input_id")
        .annotate(n=Count("id"))
        .values_list("input_id", "n")
    )
    changed = [item for item in inputs.values() if item.support_count != counts.get(item.pk, 0)]
    for item in changed:
        item.support_count = counts.get(item.pk, 0)
    Input.objects.bulk_update(changed, ["support_count"])


def _load_borgen(ctx: DemoContext) -> Process:
    process = _process(
        ctx,
        slug=BORGEN,
        neighbourhood_key="borgen",
        title="Veikart for Borgen",
        summary="Sammen lager vi et veikart for et aktivt, åpent og inkluderende Borgen.",
        purpose=(
            "Borgen skal være et aktivt, åpent og inkluderende lokalsamfunn. Vi har samlet erfaringer og ønsker fra "
            "innbyggere, ansatte, lag og foreninger, næringsliv og politikere, og laget et veikart med felles mål, "
            "men ulike roller og ansvar. Veikartet er behandlet politisk som en temaplan, og nå gjennomfører vi "
            "tiltakene sammen."
        ),
        content_language="nb",
        is_published=True,
        accepts_ideas=True,
        moderation=Moderation.PRE,
        participant_rule=ParticipantRule.UPPER,
        dinner_kit_enabled=True,
        dinner_guide=DINNER_GUIDE,
    )
    _phases(process, BORGEN_PHASES, current=PhaseKind.IMPLEMENTATION)
    groups = _target_groups(process, [("children", "Barn og unge")])
    areas = {}
    for position, (key, name, description) in enumerate(FOCUS_AREAS):
        areas[key], _created = FocusArea.objects.update_or_create(
            process=process, key=key, defaults={"name": name, "description": description, "position": position}
        )
    rows: list[dict[str, Any]] = []
    by_number: dict[int, Engagement] = {}
    used: set[str] = set()
    for data in BORGEN_ENGAGEMENTS:
        engagement = _engagement(process, ctx, data, groups)
        engagement_rows = _borgen_inputs(engagement, data, start=len(rows) + 1, used=used)
        for row in engagement_rows:
            by_number[row["number"]] = engagement
        rows.extend(engagement_rows)
    inputs = _save_inputs(process, rows, by_number, areas, groups, BORGEN_CENTRE, "borgen")
    _supports(process, inputs)

    # Two ideas sent through the portal recently, waiting for the moderator: not counted until approved.
    today = timezone.localdate()
    portal_rows = [
        {
            "number": 9001,
            "language": "nb",
            "area": texts.PLACE,
            "text": "Kan vi få en hundepark ved ballbingen? Det er mange hunder her og ingen steder de kan løpe fritt.",
            "kind": InputKind.IDEA,
            "channel": Channel.PORTAL,
            "status": InputStatus.PENDING,
            "date": today,
            "tags": (),
        },
        {
            "number": 9002,
            "language": "en",
            "area": texts.ACTIVITIES,
            "text": "Could the library stay open on Saturdays? It is the only quiet place for students here.",
            "kind": InputKind.NEED,
            "channel": Channel.PORTAL,
            "status": InputStatus.PENDING,
            "date": today,
            "tags": (),
        },
    ]
    first = next(iter(by_number.values()))
    _save_inputs(process, portal_rows, {9001: first, 9002: first}, areas, groups, BORGEN_CENTRE, "borgen")

    citizen = ctx.users.get("citizen")
    coordinator = ctx.users.get("coordinator_borgen")
    popular = sorted(inputs.values(), key=lambda i: (-Support.objects.filter(input=i).count(), i.pk))[:2]
    if citizen is not None and coordinator is not None and popular:
        item = popular[0]
        for author, text, staff in [
            (citizen, "Helt enig! Jeg kan gjerne være med og arrangere.", False),
            (coordinator, "Takk! Dette er tatt med i veikartet under sosiale og kulturelle aktiviteter.", True),
        ]:
            Comment.objects.get_or_create(
                input=item,
                author=author,
                text=text,
                defaults={"status": CommentStatus.PUBLISHED, "is_staff_reply": staff},
            )
        Input.objects.filter(pk=item.pk).update(
            comment_count=Comment.objects.filter(input=item, status=CommentStatus.PUBLISHED).count()
        )
        Follow.objects.get_or_create(input=item, user=citizen)
    statistics_changed(process.pk)
    ctx.objects["process:borgen"] = process
    return process


def _load_ulleral(ctx: DemoContext) -> Process:
    today = timezone.localdate()
    process = _process(
        ctx,
        slug=ULLERAL,
        neighbourhood_key="ullereal",
        title="Fellesskap på Ullerål",
        summary="Vi vil forebygge ensomhet og passivitet gjennom møteplasser og aktiviteter som innbyggerne "
        "skaper sammen.",
        purpose=(
            "Ullerål skal styrkes som nærmiljø. Sammen med innbyggerne finner vi ut hvilke møteplasser og aktiviteter "
            "som kan forebygge ensomhet og passivitet, og vi prøver ut en modell som siden kan brukes i flere "
            "nærmiljøer. Vi vil særlig høre fra dem som står i fare for å bli alene."
        ),
        content_language="nb",
        is_published=True,
        accepts_ideas=True,
        moderation=Moderation.POST,
        participant_rule=ParticipantRule.UPPER,
        dinner_kit_enabled=True,
        dinner_guide=DINNER_GUIDE,
        copied_from=ctx.objects.get("process:borgen"),
    )
    _phases(
        process,
        [
            (
                PhaseKind.KNOWLEDGE_BASE,
                "",
                today - datetime.timedelta(days=150),
                today - datetime.timedelta(days=36),
                "Folkehelseoversikten viser mye ensomhet og passivitet. Vi har samlet kunnskap om Ullerål.",
            ),
            (
                PhaseKind.CO_CREATION,
                "",
                today - datetime.timedelta(days=35),
                today + datetime.timedelta(days=90),
                "Verksteder med innbyggere og samarbeidspartnere, med kreative metoder.",
            ),
            (
                PhaseKind.POLITICAL_TREATMENT,
                "",
                today + datetime.timedelta(days=120),
                today + datetime.timedelta(days=200),
                "",
            ),
            (PhaseKind.IMPLEMENTATION, "", today + datetime.timedelta(days=201), None, ""),
        ],
        current=PhaseKind.CO_CREATION,
    )
    groups = _target_groups(process, [])
    workshops = [
        {
            "kind": EngagementKind.WORKSHOP,
            "title": "Verksted 1 (digitalt) for samarbeidspartnere",
            "date": today - datetime.timedelta(days=21),
            "low": 16,
            "high": 16,
            "place": "Digitalt møte",
            "facilitator": "Folkehelsekoordinator",
            "description": "Interne samarbeidspartnere drøftet hva vi vil oppnå med satsingen.",
        },
        {
            "kind": EngagementKind.WORKSHOP,
            "title": "Verksted 2 for innbyggere på Ullerål",
            "date": today - datetime.timedelta(days=7),
            "low": 27,
            "high": 27,
            "venue": "Ullerål bo- og servicesenter",
            "facilitator": "Erfarne fasilitatorer fra frivilligsentralen",
            "description": "Innbyggere jobbet med kreative metoder: kart, post-it-lapper og tegninger "
            "av drømmenabolaget.",
            "groups": {"single_elderly": 9, "immigrants": 4, "disabled_adults": 3, "municipal_housing": 5},
            "ages": {"20-66": 15, "67+": 12},
        },
        {
            "kind": EngagementKind.WORKSHOP,
            "title": "Verksted 3: fra ideer til tiltak",
            "date": today + datetime.timedelta(days=14),
            "status": EngagementStatus.PLANNED,
            "start_time": datetime.time(18, 0),
            "end_time": datetime.time(20, 30),
            "venue": "Ullerål skole",
            "facilitator": "Folkehelsekoordinator",
            "signup_enabled": True,
            "capacity": 30,
            "description": "Vi går gjennom det vi har hørt og velger sammen hva vi skal prøve ut først. "
            "Enkel servering. Alle er velkomne, meld deg på så vi vet hvor mye mat vi trenger.",
        },
    ]
    engagements = [_engagement(process, ctx, data, groups) for data in workshops]
    partner_rows: list[dict[str, Any]] = [
        {"number": n, "language": "nb", "text": text, "tags": tags, "groups": (), "kind": InputKind.IDEA}
        for n, (text, tags) in enumerate(
            [
                ("Vi må bruke de møteplassene som allerede finnes før vi lager nye", ("møteplasser",)),
                ("Hjemmetjenesten kan hjelpe oss å nå dem som bor alene", ("ensomhet", "samarbeid")),
                ("Mål effekten: spør de samme innbyggerne om et år", ("samarbeid",)),
                ("Biblioteket kan være med som arena", ("lokaler",)),
                ("Frivilligsentralen har folk som vil bidra, men mangler oppgaver her", ("frivillighet",)),
                ("Modellen må kunne brukes i andre nærmiljøer etterpå", ("samarbeid",)),
            ],
            start=1,
        )
    ]
    resident_rows: list[dict[str, Any]] = [
        {"number": 100 + n, "language": lang, "text": text, "tags": tags, "groups": groups_, "kind": InputKind.IDEA}
        for n, (lang, text, tags, groups_) in enumerate(texts.ULLERAL_INPUTS, start=1)
    ]
    by_number = {row["number"]: engagements[0] for row in partner_rows}
    by_number.update({row["number"]: engagements[1] for row in resident_rows})
    for row in partner_rows + resident_rows:
        if not row["text"].endswith((".", "!", "?")):
            row["text"] += "."
    _save_inputs(process, partner_rows + resident_rows, by_number, {}, groups, ULLERAL_CENTRE, "ulleral")
    upcoming = engagements[2]
    for name, email, seats in [
        ("Randi Solberg", "randi.solberg@example.com", 1),
        ("Ahmed Ali", "ahmed.ali@example.com", 2),
        ("Berit og Kjell Haugen", "haugen@example.com", 2),
    ]:
        Registration.objects.get_or_create(
            engagement=upcoming,
            email=email,
            defaults={
                "name": name,
                "seats": seats,
                "status": RegistrationStatus.CONFIRMED,
                "token": hashlib.sha256(f"demo-registration:{email}".encode()).hexdigest()[:32],
            },
        )
    statistics_changed(process.pk)
    ctx.objects["process:ulleral"] = process
    return process


def load(ctx: DemoContext) -> None:
    _load_borgen(ctx)
    _load_ulleral(ctx)
