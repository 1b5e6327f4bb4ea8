"""Demo inspiration library: the initiatives described in seed 001 (Inspirasjonstorget), summarised anew."""

from sammen.core.demo import DemoContext

from .models import Case, CaseStatus, TargetGroup, Theme

THEMES = {
    "medvirkning": "Medvirkning",
    "inkludering": "Inkludering",
    "fysisk-aktivitet": "Fysisk aktivitet",
    "friluftsliv": "Friluftsliv",
    "mat": "Mat og måltider",
    "frivillighet": "Frivillighet og samarbeid",
    "moteplasser": "Møteplasser",
    "utstyr": "Utstyr og deling",
}
GROUPS = {
    "barn-og-unge": "Barn og unge",
    "eldre": "Eldre",
    "innvandrere": "Innvandrere",
    "nedsatt-funksjonsevne": "Personer med nedsatt funksjonsevne",
    "lavinntekt": "Familier med lav inntekt",
    "alle": "Alle innbyggere",
}

# (title, place, actors, themes, groups, summary)
CASES = [
    (
        "Bodø Bylab",
        "Bodø",
        "Bodø kommune",
        ["medvirkning", "moteplasser"],
        ["alle"],
        "Et åpent verksted på biblioteket der innbyggerne kan stikke innom og legge fram forslag til hvordan byen kan "
        "bli bedre å bo i. Kommunen bruker laben til å hente ideer fra dem som kjenner byen best, og til å gi "
        "løsningene den velger større oppslutning.",
    ),
    (
        "MED ungdom i fokus",
        "Nordland",
        "Nordland fylkeskommune med Brønnøy, Vefsn og Hemnes kommune",
        ["medvirkning"],
        ["barn-og-unge"],
        "Fokusdager der ungdom diskuterer det som opptar dem og utvikler egne ideer uten voksne i rommet. "
        "Resultatene tas med videre inn i kommunens arbeid, og dagen blir starten på en fast dialog mellom unge og "
        "voksne.",
    ),
    (
        "Fritid123",
        "Modum, Sigdal og Krødsherad",
        "Modum kommune",
        ["inkludering", "fysisk-aktivitet"],
        ["barn-og-unge", "alle"],
        "Da innbyggerne ble spurt hva som skulle til for at flere deltok i fritidsaktiviteter, var svaret bedre "
        "informasjon. Kommunen laget sammen med dem en nettside med alle organiserte fritidstilbud i tre kommuner, "
        "og deltakelsen økte.",
    ),
    (
        "Innbyggertorg",
        "Asker",
        "Asker kommune",
        ["moteplasser", "frivillighet"],
        ["alle"],
        "Møteplasser og kulturarenaer på tvers av generasjoner der innbyggere, foreninger, næringsliv og kommunale "
        "tjenester fyller programmet sammen. Aktivitetene springer ut av lokale ønsker og drives i stor grad av "
        "frivillige.",
    ),
    (
        "Frivilligbørs",
        "Oppegård",
        "Oppegård kommune",
        ["frivillighet"],
        ["alle"],
        "En møteplass der frivillige lag, næringsliv og kommunen viser hva de kan tilby og hva de trenger, og går "
        "derfra med konkrete samarbeidsavtaler om alt fra kurs og dugnader til lån av utstyr.",
    ),
    (
        "Velferdsrabben",
        "Asker",
        "Asker kommune",
        ["inkludering", "frivillighet"],
        ["lavinntekt", "barn-og-unge"],
        "Familier og unge i en vanskelig situasjon får ett samlet lag rundt seg i stedet for mange atskilte "
        "instanser. Spørsmålet «hva er viktig for deg?» styrer arbeidet, og offentlige, frivillige og private "
        "aktører samarbeider om langsiktige løsninger.",
    ),
    (
        "Fremtidens sentrum",
        "Melhus",
        "Melhus kommune",
        ["medvirkning"],
        ["alle", "barn-og-unge"],
        "En medvirkningsdag med sang, lek og debatt samlet rundt 400 innspill til hvordan sentrum skal utformes. "
        "Store og små kunne skrive eller tegne forslagene sine, og et filmteam fanget opp ideene underveis.",
    ),
    (
        "Folkehelsealliansen",
        "Nordland",
        "Nordland fylkeskommune",
        ["frivillighet"],
        ["alle"],
        "Et fast partnerskap mellom offentlige, private og frivillige aktører som deler erfaringer, drøfter "
        "strategier og setter i gang felles tiltak for bedre folkehelse i fylket.",
    ),
    (
        "Nærdemokrati i nye Kristiansand",
        "Kristiansand",
        "Kristiansand kommune",
        ["medvirkning"],
        ["alle"],
        "En politisk arbeidsgruppe brukte selv samskaping for å finne ut hvordan kommunen kan få flere engasjert. "
        "Anbefalingene var blant annet faste dialogmøter i utvalgte områder, ungdomsprosjekter og enkle kanaler for "
        "innspill og oppfølging.",
    ),
    (
        "Sisters in Business",
        "Asker",
        "Sisters in Business i samarbeid med Asker kommune og NAV",
        ["inkludering"],
        ["innvandrere"],
        "En sosial virksomhet som gir arbeid til innvandrerkvinner utenfor arbeidslivet gjennom bærekraftig "
        "tekstilproduksjon. Arbeidsfellesskapet er utviklet sammen med kommunen og NAV og kan tas i bruk andre "
        "steder.",
    ),
    (
        "Smaksverkstedet",
        "Flere kommuner",
        "Folkelig med Oppegård, Gjøvik, Asker, Bodø, Fjaler og Kristiansand",
        ["mat", "inkludering"],
        ["barn-og-unge", "lavinntekt"],
        "Et gratis fritidstilbud der barn og unge lager enkel mat uten oppskrift sammen med engasjerte "
        "instruktører. Målet er matglede, matkunnskap og et godt forhold til mat uansett familiens økonomi.",
    ),
    (
        "Biblioteket som samskaper",
        "Oppland",
        "Oppland fylkesbibliotek",
        ["medvirkning", "moteplasser"],
        ["alle"],
        "Folkebibliotek gjennomfører egne samskapingsprosjekter i hjemkommunene sine for å utvikle nye tjenester "
        "sammen med innbyggerne, og blir slik en aktiv part i å løse lokale utfordringer.",
    ),
    (
        "Helsefremmende barnehager og skoler",
        "Nordland",
        "Nordland fylkeskommune",
        ["fysisk-aktivitet", "mat"],
        ["barn-og-unge"],
        "En sertifisering for skoler og barnehager som legger vekt på daglig fysisk aktivitet, søvn, gode "
        "matvaner, trygghet og mestring. Flere hundre skoler og barnehager er sertifisert.",
    ),
    (
        "ALLEMED",
        "Hele landet",
        "Nasjonal dugnad mot fattigdom og utenforskap blant barn og unge",
        ["inkludering"],
        ["barn-og-unge", "lavinntekt"],
        "Et gratis verktøy for å samle lokale aktører til dugnad om hvordan flere barn kan delta i fritidsaktiviteter "
        "uavhengig av familiens økonomi. Deltakerne kartlegger barrierer og blir enige om hva de selv kan gjøre.",
    ),
    (
        "Aktivitetsguide",
        "Asker",
        "Asker idrettsråd med idrettslagene, kommunen, NAV og Lions",
        ["inkludering", "fysisk-aktivitet"],
        ["barn-og-unge", "innvandrere"],
        "Flerkulturelle guider hjelper barn inn i organisert idrett: de finner et tilbud barnet selv vil være med på, "
        "forklarer foreldrene hvordan idretten fungerer og sørger for et godt første møte med laget.",
    ),
    (
        "TVERGA",
        "Hele landet",
        "TVERGA",
        ["fysisk-aktivitet", "medvirkning"],
        ["barn-og-unge"],
        "Et ressurssenter for egenorganisert idrett som hjelper kommuner å planlegge anlegg for skating, parkour og "
        "annen aktivitet sammen med miljøene som skal bruke dem.",
    ),
    (
        "A!A – Aktiv i Asker",
        "Asker",
        "Asker kommune",
        ["inkludering", "fysisk-aktivitet"],
        ["barn-og-unge", "lavinntekt"],
        "En app med oversikt over fritidsaktiviteter og rabatter for alle barn fra 6 til 16 år. Foreldre, "
        "besteforeldre og kommunen kan sette inn penger eller gratistilbud på barnets kort.",
    ),
    (
        "BUA utstyrsbibliotek",
        "Hele landet",
        "BUA",
        ["utstyr", "fysisk-aktivitet"],
        ["barn-og-unge", "alle"],
        "Utlånssentraler for sports- og fritidsutstyr der alle kan låne gratis. Det gjør det lettere å prøve nye "
        "aktiviteter, øker deltakelsen og reduserer forbruket.",
    ),
    (
        "Natur, kultur og helse (NaKuHel)",
        "Asker",
        "Nasjonalt senter for natur, kultur og helse",
        ["moteplasser", "friluftsliv", "frivillighet"],
        ["alle"],
        "En møteplass for alle med rundt førti aktivitetsgrupper, drevet av frivillige, folk utenfor ordinært "
        "arbeidsliv, studenter og ansatte, i samarbeid med kommunen, NAV og forskningsmiljøer.",
    ),
    (
        "Carpet Bowls",
        "Østfold og Halden",
        "Carpet Bowls Forbund med Østfold fylkeskommune",
        ["fysisk-aktivitet", "moteplasser"],
        ["eldre"],
        "Et lavterskel kulespill på teppe som trener balanse og koordinasjon og samler mange eldre. Frivilligsentraler "
        "og folkehelsekoordinatorer har hjulpet klubbene fram over hele landet.",
    ),
    (
        "Tur for alle",
        "Verdal",
        "Verdal kommune og Verdal Helsesportslag",
        ["friluftsliv", "fysisk-aktivitet"],
        ["nedsatt-funksjonsevne", "alle"],
        "Et sammenhengende nett av sentrumsnære turveier som er tilrettelagt for rullestol, sykkel og gange. "
        "Prosjektet ble utviklet sammen med helsesportslaget og har fått pris for universell utforming.",
    ),
]


def load(ctx: DemoContext) -> None:
    fjordvik = ctx.municipalities["fjordvik"]
    themes = {
        slug: Theme.objects.update_or_create(municipality=fjordvik, slug=slug, defaults={"name": name})[0]
        for slug, name in THEMES.items()
    }
    groups = {
        slug: TargetGroup.objects.update_or_create(municipality=fjordvik, slug=slug, defaults={"name": name})[0]
        for slug, name in GROUPS.items()
    }
    author = ctx.users.get("coordinator_borgen")
    for title, place, actors, theme_slugs, group_slugs, summary in CASES:
        case, _created = Case.objects.update_or_create(
            municipality=fjordvik,
            title=title,
            defaults={
                "place": place,
                "actors": actors,
                "summary": summary,
                "language": "nb",
                "status": CaseStatus.PUBLISHED,
                "created_by": author,
            },
        )
        case.themes.set([themes[s] for s in theme_slugs])
        case.target_groups.set([groups[s] for s in group_slugs])
        ctx.objects[f"case:{title}"] = case
