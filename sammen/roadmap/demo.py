"""Demo roadmap for the Borgen-like process: seed 000's main goal, its four focus areas, goals, strategies and 22
measures with their actors, each linked to the inputs that led to it; most other inputs have a fate too."""

from __future__ import annotations

from typing import Any

from sammen.core.demo import DemoContext
from sammen.participation import demo_texts as texts
from sammen.participation.models import FocusArea, Input, InputStatus, Process

from .models import FateState, Goal, InputFate, Measure, MeasureActor, MeasureStatus, Roadmap, Strategy

MAIN_GOAL = "Et aktivt, åpent og inkluderende lokalsamfunn"
KNOWLEDGE_BASE = (
    "Borgen har en ung befolkning, mange barnefamilier og en høy andel eldre som bor alene. Levekårsundersøkelsen "
    "viser lavere inntekt og lavere deltakelse i organiserte fritidsaktiviteter enn i resten av kommunen, og mange "
    "innbyggere sier at de savner steder å møtes.\n\n"
    "Kunnskapsgrunnlaget bygger på folkehelseoversikten, statistikk fra skolen og helsestasjonen, og erfaringene fra "
    "ansatte, lag og foreninger som ble samlet på erfaringskonferansen."
)
U, O, B, R = "municipality", "organisation", "business", "residents"  # noqa: E741

# Focus area key → goals; each goal: (title, strategies, measures). A measure: (title, status, strategy index or None,
# [(kind, name, role, responsibility)], [starts of the ideas it answers], inspiration case title or "").
ROADMAP: dict[str, list[tuple[str, list[str], list[tuple[Any, ...]]]]] = {
    texts.CO_CREATION: [
        (
            "Innbyggerne er med og bestemmer i nærmiljøet",
            ["Faste arenaer for dialog", "Tilbakemelding på alle innspill"],
            [
                (
                    "Nærmiljøråd for Borgen",
                    MeasureStatus.IN_PROGRESS,
                    0,
                    [
                        (U, "Nærmiljøkoordinator", "Leder", "Kaller inn og skriver referat"),
                        (O, "Borgen velforening", "Medlem", "Stiller med to representanter"),
                    ],
                    ["Et nærmiljøråd", "Politikerne bør møte"],
                    "Nærdemokrati i nye Kristiansand",
                ),
                (
                    "Folkemøter på kveldstid med barnepass",
                    MeasureStatus.ADOPTED,
                    0,
                    [
                        (U, "Nærmiljøkoordinator", "Ansvarlig", "Planlegger fire møter i året"),
                        (O, "Borgen IL", "Partner", "Står for barnepass"),
                    ],
                    ["Flere folkemøter"],
                    "",
                ),
                (
                    "Svar på hvert innspill i veikartet",
                    MeasureStatus.DONE,
                    1,
                    [(U, "Kommunikasjonsenheten", "Ansvarlig", "Publiserer hva som skjer med innspillene")],
                    ["Kommunen må fortelle"],
                    "",
                ),
                (
                    "Barn og unge planlegger uteområdene",
                    MeasureStatus.ADOPTED,
                    None,
                    [
                        (U, "Borgen skole", "Vertskap", "Elevrådet deltar i planleggingen"),
                        (U, "Eiendomsenheten", "Ansvarlig", "Følger opp forslagene"),
                    ],
                    ["La barn og unge"],
                    "MED ungdom i fokus",
                ),
            ],
        ),
        (
            "Lag, foreninger og næringsliv jobber sammen med kommunen",
            [],
            [
                (
                    "Frivilligbørs for små oppdrag",
                    MeasureStatus.PROPOSED,
                    None,
                    [
                        (O, "Frivilligsentralen", "Ansvarlig", "Drifter børsen"),
                        (R, "Innbyggere", "Frivillige", "Melder seg til oppdrag"),
                    ],
                    ["En frivilligbørs", "Bruk foreningene"],
                    "Folkehelsealliansen",
                ),
                (
                    "Innvandrerforeningene med fra start",
                    MeasureStatus.IN_PROGRESS,
                    None,
                    [
                        (O, "Innvandrerrådet", "Partner", "Inviterer foreningene"),
                        (U, "Nærmiljøkoordinator", "Ansvarlig", "Tar dem med i planleggingen"),
                    ],
                    ["Invitere innvandrerforeningene"],
                    "",
                ),
                (
                    "Sponsoravtaler med lokale bedrifter",
                    MeasureStatus.DROPPED,
                    None,
                    [(B, "Borgen senter", "Partner", "")],
                    ["Lokale butikker og bedrifter"],
                    "",
                ),
            ],
        ),
    ],
    texts.ACTIVITIES: [
        (
            "Alle har et sted å møtes og noe å være med på",
            ["Møteplasser for alle aldre", "Aktiviteter uten kostnad"],
            [
                (
                    "Åpen ungdomsklubb tre kvelder i uka",
                    MeasureStatus.IN_PROGRESS,
                    0,
                    [
                        (U, "Fritidsetaten", "Ansvarlig", "Ansetter to ungdomsarbeidere"),
                        (U, "Borgen skole", "Vertskap", "Låner ut lokaler"),
                    ],
                    ["Åpen ungdomsklubb", "Jeg vil ha et sted å sykle"],
                    "TVERGA",
                ),
                (
                    "Formiddagstreff og turgruppe for eldre",
                    MeasureStatus.DONE,
                    0,
                    [
                        (O, "Frivilligsentralen", "Ansvarlig", "Organiserer treffene"),
                        (U, "Hjemmetjenesten", "Partner", "Forteller brukerne om tilbudet"),
                    ],
                    ["Fast formiddagstreff", "Turgruppe på søndager", "Trim i varmtvannsbassenget"],
                    "Carpet Bowls",
                ),
                (
                    "Språkkafé og kvinnetreff på biblioteket",
                    MeasureStatus.IN_PROGRESS,
                    0,
                    [
                        (U, "Biblioteket", "Vertskap", "Stiller lokaler og en ansatt"),
                        (O, "Røde Kors", "Partner", "Frivillige samtalepartnere"),
                    ],
                    ["Språkkafé", "Møteplass for kvinner", "Svømmekurs for voksne kvinner"],
                    "Biblioteket som samskaper",
                ),
                (
                    "Gratis aktiviteter og utstyrslån for barn",
                    MeasureStatus.ADOPTED,
                    1,
                    [
                        (O, "Borgen IL", "Ansvarlig", "Tilbyr gratis prøvetrening"),
                        (O, "BUA", "Partner", "Låner ut utstyr"),
                    ],
                    ["Gratis idrettsaktiviteter", "Åpen barnehage"],
                    "BUA utstyrsbibliotek",
                ),
                (
                    "Leksehjelp etter skoletid",
                    MeasureStatus.ADOPTED,
                    1,
                    [
                        (U, "Biblioteket", "Vertskap", ""),
                        (R, "Pensjonister og studenter", "Frivillige", "Hjelper med lekser"),
                    ],
                    ["Leksehjelp"],
                    "",
                ),
            ],
        ),
        (
            "Kultur og fellesskap gjennom året",
            [],
            [
                (
                    "Nabodugnad og matfestival",
                    MeasureStatus.DONE,
                    None,
                    [
                        (O, "Borgen velforening", "Ansvarlig", "Arrangerer dugnaden"),
                        (B, "Matbutikken på senteret", "Sponsor", "Gir grillmat"),
                    ],
                    ["Nabodugnad", "Internasjonal matfestival", "Sommerkonsert"],
                    "Smaksverkstedet",
                ),
                (
                    "Reparasjonskafé",
                    MeasureStatus.PROPOSED,
                    None,
                    [(R, "Innbyggere", "Frivillige", "Fikser sykler og klær")],
                    ["Reparasjonskafé"],
                    "",
                ),
            ],
        ),
    ],
    texts.SERVICES: [
        (
            "Tjenestene er lette å finne og bruke",
            ["Én dør inn", "Tjenester der folk er"],
            [
                (
                    "Én kontaktperson og felles oversikt",
                    MeasureStatus.DONE,
                    0,
                    [
                        (U, "Nærmiljøkoordinator", "Ansvarlig", "Er kontaktperson"),
                        (U, "Kommunikasjonsenheten", "Partner", "Lager oversikten"),
                    ],
                    ["Én kontaktperson", "En felles oversikt", "Ansatte trenger en oversikt"],
                    "",
                ),
                (
                    "Informasjon på flere språk og tolk",
                    MeasureStatus.IN_PROGRESS,
                    0,
                    [(U, "Helsestasjonen", "Ansvarlig", "Bestiller tolk"), (U, "Tolketjenesten", "Leverandør", "")],
                    ["Informasjon fra kommunen på flere", "Tolk på foreldremøter"],
                    "",
                ),
                (
                    "Kveldsåpen helsestasjon og mer helsesykepleier",
                    MeasureStatus.ADOPTED,
                    1,
                    [(U, "Helsestasjonen", "Ansvarlig", "Holder åpent til 19 en dag i uka")],
                    ["Helsestasjonen burde", "Helsesøster på skolen"],
                    "",
                ),
                (
                    "Besøksvenn for eldre som bor alene",
                    MeasureStatus.IN_PROGRESS,
                    1,
                    [
                        (U, "Hjemmetjenesten", "Ansvarlig", "Melder fra om ensomhet"),
                        (O, "Frivilligsentralen", "Partner", "Skaffer besøksvenner"),
                    ],
                    ["Besøkstjeneste for eldre", "Hjemmetjenesten ser mange"],
                    "Natur, kultur og helse (NaKuHel)",
                ),
            ],
        ),
        (
            "Skolen og kommunale bygg brukes av nærmiljøet",
            [],
            [
                (
                    "Skolen åpen for lag og foreninger på kveldstid",
                    MeasureStatus.ADOPTED,
                    None,
                    [
                        (U, "Borgen skole", "Ansvarlig", "Åpner lokalene"),
                        (O, "Lag og foreninger", "Brukere", "Booker lokaler"),
                    ],
                    ["Skolens lokaler står tomme"],
                    "",
                ),
            ],
        ),
    ],
    texts.PLACE: [
        (
            "Trygge og tilgjengelige uteområder",
            ["Trygg skolevei", "Universell utforming"],
            [
                (
                    "Lys i undergangen og ved garasjene",
                    MeasureStatus.DONE,
                    0,
                    [(U, "Vei og park", "Ansvarlig", "Setter opp lys")],
                    ["Bedre belysning", "Det er skummelt å gå"],
                    "",
                ),
                (
                    "Fartsdumper og trygg kryssing",
                    MeasureStatus.IN_PROGRESS,
                    0,
                    [
                        (U, "Vei og park", "Ansvarlig", ""),
                        (O, "FAU på Borgen skole", "Partner", "Peker ut farlige steder"),
                    ],
                    ["Fartsdumper", "Det er vanskelig å krysse"],
                    "",
                ),
                (
                    "Benker og ramper for alle",
                    MeasureStatus.ADOPTED,
                    1,
                    [
                        (U, "Eiendomsenheten", "Ansvarlig", "Ramper og dører på nærmiljøsenteret"),
                        (O, "Pensjonistforeningen", "Rådgiver", "Tester løsningene"),
                    ],
                    ["Flere benker langs", "Ramper og automatiske"],
                    "Tur for alle",
                ),
            ],
        ),
        (
            "Grønne og levende møteplasser ute",
            [],
            [
                (
                    "Grønn møteplass mellom blokkene",
                    MeasureStatus.ADOPTED,
                    None,
                    [
                        (U, "Vei og park", "Ansvarlig", "Bygger bord, benker og grill"),
                        (R, "Beboerne i blokkene", "Medskapere", "Planter og passer bedene"),
                    ],
                    ["En grønn møteplass", "Et lite kafélokale"],
                    "Bodø Bylab",
                ),
                (
                    "Ny ballbinge og lekeplass",
                    MeasureStatus.PROPOSED,
                    None,
                    [
                        (U, "Eiendomsenheten", "Ansvarlig", ""),
                        (R, "Barn på Borgen", "Medskapere", "Tegner lekeplassen"),
                    ],
                    ["Rust opp ballbingen", "Vi vil ha en klatrepark", "En trygg lekeplass", "Det er glass og søppel"],
                    "",
                ),
            ],
        ),
    ],
}

ANSWERED = "Kommunen har svart på dette i et brev til velforeningen og på folkemøtet i mai."
NOT_PURSUED = "Dette er utenfor det nærmiljøsatsingen kan gjøre noe med nå; vi har sendt det videre til rett instans."
DROPPED = "Bedriftene ønsket heller å bidra til enkeltarrangementer enn å binde seg til en avtale."


def _variants(start: str) -> list[str]:
    for idea in texts.IDEAS:
        if idea.variants[0][1].startswith(start):
            return [text[1:45].casefold() for _lang, text in idea.variants]
    return [start[1:].casefold()]


def _case(ctx: DemoContext, title: str) -> Any:
    if not title:
        return None
    case = ctx.objects.get(f"case:{title}")
    if case is None:
        from sammen.inspiration.models import Case

        case = Case.objects.filter(municipality=ctx.municipalities["fjordvik"], title=title).first()
    return case


def load(ctx: DemoContext) -> None:
    process: Process | None = ctx.objects.get("process:borgen")
    if process is None:
        return
    if not ctx.objects.get("case:Tur for alle"):
        # The inspiration app loads after this one; its loader is idempotent, so run it first for the links.
        from sammen.inspiration import demo as inspiration_demo

        inspiration_demo.load(ctx)
    Roadmap.objects.update_or_create(
        process=process,
        defaults={
            "main_goal": MAIN_GOAL,
            "introduction": (
                "Veikartet er laget sammen med innbyggere, ansatte, lag, foreninger og næringsliv. Vi har felles mål, "
                "men ulike roller og ansvar."
            ),
            "knowledge_base": KNOWLEDGE_BASE,
            "is_published": True,
        },
    )
    inputs = list(Input.objects.filter(process=process, status=InputStatus.PUBLISHED).only("id", "text"))
    texts_by_id = {i.pk: i.text.casefold() for i in inputs}
    linked: dict[int, Measure] = {}
    for area_key, goals in ROADMAP.items():
        area = FocusArea.objects.get(process=process, key=area_key)
        for g_pos, (goal_title, strategy_titles, measures) in enumerate(goals):
            goal, _ = Goal.objects.update_or_create(focus_area=area, title=goal_title, defaults={"position": g_pos})
            strategies = [
                Strategy.objects.update_or_create(goal=goal, title=title, defaults={"position": s_pos})[0]
                for s_pos, title in enumerate(strategy_titles)
            ]
            for m_pos, (title, status, strategy_index, actors, ideas, case_title) in enumerate(measures):
                measure, _ = Measure.objects.update_or_create(
                    process=process,
                    title=title,
                    defaults={
                        "goal": goal,
                        "strategy": strategies[strategy_index] if strategy_index is not None else None,
                        "status": status,
                        "dropped_reason": DROPPED if status == MeasureStatus.DROPPED else "",
                        "position": m_pos,
                        "description": "",
                    },
                )
                measure.actors.all().delete()
                MeasureActor.objects.bulk_create(
                    MeasureActor(measure=measure, kind=kind, name=name, role=role, responsibility=resp, position=n)
                    for n, (kind, name, role, resp) in enumerate(actors)
                )
                case = _case(ctx, case_title)
                measure.inspired_by.set([case] if case is not None else [])
                needles = [needle for start in ideas for needle in _variants(start)]
                answered = [pk for pk, text in texts_by_id.items() if any(n in text for n in needles)]
                measure.inputs.set(answered)
                if status != MeasureStatus.DROPPED:
                    for pk in answered:
                        linked.setdefault(pk, measure)
    InputFate.objects.filter(input__process=process).delete()
    fates = []
    for item in inputs:
        target = linked.get(item.pk)
        if target is not None:
            fates.append(InputFate(input=item, state=FateState.IN_MEASURE, measure=target))
            continue
        bucket = item.pk % 10
        if bucket < 4:
            fates.append(InputFate(input=item, state=FateState.CONSIDERING))
        elif bucket < 6:
            fates.append(InputFate(input=item, state=FateState.ANSWERED, reason=ANSWERED))
        elif bucket < 8:
            fates.append(InputFate(input=item, state=FateState.NOT_PURSUED, reason=NOT_PURSUED))
    InputFate.objects.bulk_create(fates)
    ctx.objects["roadmap:borgen"] = process.roadmap
