"""Demo inputs for the Borgen-like and Ullerål-like processes, written for this project.

Each idea has a focus area, the audiences it fits (which engagements it can come from), theme tags, target groups
it speaks for, and a few phrasings in the language a resident would use. `demo.py` combines them deterministically
with openings and endings, so the same data comes out every time and no two inputs read exactly alike.
"""

from __future__ import annotations

from dataclasses import dataclass

# Focus areas of the Borgen roadmap (seed 000).
CO_CREATION = "samskaping"
ACTIVITIES = "aktiviteter"
SERVICES = "tjenester"
PLACE = "stedsutvikling"


@dataclass(frozen=True)
class Idea:
    area: str
    audiences: tuple[str, ...]  # residents, children, staff, newcomers, politicians, online
    tags: tuple[str, ...]
    groups: tuple[str, ...]  # target group keys this input speaks for
    variants: tuple[tuple[str, str], ...]  # (language, text)
    located: bool = False  # about a place on the map


R, C, S, N, P, O = "residents", "children", "staff", "newcomers", "politicians", "online"  # noqa: E741

IDEAS: tuple[Idea, ...] = (
    # --- Place development -----------------------------------------------------------------------------------
    Idea(
        PLACE,
        (R, O, P),
        ("møteplasser", "eldre"),
        ("single_elderly",),
        (
            ("nb", "Flere benker langs gangveien ned mot butikken, så de eldre kan hvile på veien"),
            ("nb", "Vi trenger benker på vei til senteret. Mange eldre orker ikke gå hele veien uten en pause"),
            ("nn", "Det trengst fleire benkar langs gangvegen til butikken, slik at eldre kan kvile"),
        ),
        located=True,
    ),
    Idea(
        PLACE,
        (R, C, O),
        ("trygghet",),
        (),
        (
            ("nb", "Bedre belysning i undergangen ved skolen. Det er mørkt og utrygt om kvelden"),
            ("nb", "Mer lys i undergangen ved skolen"),
            ("nb", "Undergangen under riksveien må få lys, jeg går ikke der alene når det er mørkt"),
            ("pl", "Brakuje oświetlenia w przejściu podziemnym przy szkole"),
        ),
        located=True,
    ),
    Idea(
        PLACE,
        (R, O),
        ("møteplasser", "friluftsliv"),
        (),
        (
            ("nb", "En grønn møteplass med bord, benker og grill på plenen mellom blokkene"),
            ("nb", "Gjør om den store plenen til et sted der naboer kan grille og sitte sammen om sommeren"),
            ("en", "Turn the lawn between the blocks into a shared garden with tables and a barbecue"),
        ),
        located=True,
    ),
    Idea(
        PLACE,
        (R, C),
        ("barn og unge", "idrett"),
        ("children",),
        (
            ("nb", "Rust opp ballbingen, nettet er ødelagt og kunstgresset er slitt"),
            ("nb", "Nytt kunstgress og nye mål i ballbingen"),
            ("nb", "Ballbingen trenger nytt dekke og nye mål"),
            ("en", "The football cage needs a new surface and new goals"),
            ("nb", "Ballbingen er i dårlig stand, nettet henger og målene er rustne"),
        ),
        located=True,
    ),
    Idea(
        PLACE,
        (R, O, P),
        ("trafikk", "trygghet", "barn og unge"),
        ("children",),
        (
            ("nb", "Fartsdumper i Borgenveien. Bilene kjører altfor fort forbi barnehagen"),
            ("nb", "Det må gjøres noe med farten i Borgenveien før det skjer en ulykke"),
            ("pl", "Samochody jeżdżą za szybko obok przedszkola"),
            ("nb", "Altfor høy fart forbi barnehagen i Borgenveien, vi trenger fartsdumper"),
        ),
        located=True,
    ),
    Idea(
        PLACE,
        (R, O),
        ("universell utforming",),
        ("disabled_adults", "single_elderly"),
        (
            ("nb", "Ramper og automatiske dører på nærmiljøsenteret, det er umulig å komme inn med rullator"),
            ("nb", "Inngangen til senteret må bli trinnfri, i dag må jeg ha hjelp til å komme inn med rullestolen"),
            ("nb", "Automatisk døråpner og rampe ved inngangen til nærmiljøsenteret"),
        ),
        located=True,
    ),
    Idea(
        PLACE,
        (R, O),
        ("friluftsliv",),
        (),
        (
            ("nb", "Rydd turstien langs bekken og sett opp et par skilt, mange vet ikke at den finnes"),
            ("nb", "Stien langs bekken er gjengrodd. Den burde ryddes og merkes"),
            ("en", "The path along the stream is overgrown and should be cleared and signposted"),
        ),
        located=True,
    ),
    Idea(
        PLACE,
        (R, O),
        ("bolig",),
        ("municipal_housing",),
        (
            ("nb", "Fasadene på de kommunale blokkene trenger maling, området ser forlatt ut"),
            ("nb", "Pusse opp uteområdene ved de kommunale boligene, det gjør noe med hvordan man har det"),
            ("en", "The outdoor areas around the municipal flats look neglected and need upkeep"),
        ),
        located=True,
    ),
    Idea(
        PLACE,
        (R, O),
        ("møteplasser",),
        (),
        (
            ("nb", "Et lite kafélokale i første etasje på senteret, et sted å stikke innom uten å måtte kjøpe noe"),
            ("nb", "Vi mangler et sted å bare være, en stue for nabolaget med kaffe og aviser"),
        ),
    ),
    Idea(
        PLACE,
        (R, O),
        ("renhold",),
        (),
        (
            ("nb", "Flere søppeldunker og hyppigere tømming ved lekeplassen"),
            ("nb", "Det flyter med søppel rundt containerne ved blokk C"),
        ),
        located=True,
    ),
    Idea(
        PLACE,
        (R, O),
        ("kultur", "møteplasser"),
        (),
        (
            ("nb", "La ungdommen male en vegg i undergangen, det blir finere og de får eierskap"),
            ("nb", "Et kunstprosjekt på betongveggen ved skolen, gjerne med barna"),
        ),
        located=True,
    ),
    Idea(
        PLACE,
        (R, O),
        ("trafikk",),
        (),
        (
            ("nb", "Bussen burde gå oftere på kvelden og i helgene, nå blir man sittende hjemme"),
            ("nb", "Busstoppet trenger leskur og benk"),
            ("nn", "Bussen bør gå oftare om kvelden og i helgane"),
            ("en", "More buses in the evening, otherwise people without a car stay at home"),
        ),
        located=True,
    ),
    # --- Social and cultural activities ------------------------------------------------------------------------
    Idea(
        ACTIVITIES,
        (R, O, P),
        ("møteplasser", "eldre"),
        ("single_elderly",),
        (
            ("nb", "Fast formiddagstreff for eldre med kaffe, trim og en prat"),
            ("nb", "Eldretreff en gang i uka. Mange av oss sitter mye alene"),
            ("nb", "Et sted eldre kan møtes til kaffe og en prat hver uke"),
            ("nn", "Eit fast treff for eldre med kaffi og trim ein gong i veka"),
        ),
    ),
    Idea(
        ACTIVITIES,
        (R, C, O),
        ("barn og unge", "møteplasser"),
        ("children",),
        (
            ("nb", "Åpen ungdomsklubb flere kvelder i uka, ikke bare fredag"),
            ("nb", "Ungdommene trenger et sted å være på kveldene, klubben er stengt for ofte"),
            ("en", "The youth club should be open more evenings, not only on Fridays"),
            ("nb", "Utvidet åpningstid på ungdomsklubben"),
        ),
    ),
    Idea(
        ACTIVITIES,
        (R, N, O),
        ("kultur", "språk og integrering"),
        ("immigrants",),
        (
            ("nb", "Internasjonal matfestival der alle tar med en rett fra sitt land"),
            ("nb", "Fellesmiddag med mat fra ulike land, det er den beste måten å bli kjent på"),
            ("en", "A food festival where neighbours bring dishes from home would bring people together"),
        ),
    ),
    Idea(
        ACTIVITIES,
        (R, O),
        ("frivillighet", "friluftsliv"),
        (),
        (
            ("nb", "Turgruppe på søndager som går fra senteret, så ingen må gå alene"),
            ("nb", "Felles søndagstur med en frivillig turleder"),
            ("nn", "Ei turgruppe som går frå senteret kvar sundag"),
        ),
    ),
    Idea(
        ACTIVITIES,
        (R, C),
        ("idrett", "barn og unge"),
        ("children", "single_parents"),
        (
            ("nb", "Gratis idrettsaktiviteter for barn, mange familier har ikke råd til kontingent og utstyr"),
            ("nb", "Idrettslaget burde ha et lavterskeltilbud uten krav om dyrt utstyr"),
            ("nb", "Utstyrslager der barn kan låne ski og skøyter gratis"),
            ("en", "Free sports for children, many families cannot afford fees and equipment"),
        ),
    ),
    Idea(
        ACTIVITIES,
        (R, O),
        ("kultur",),
        (),
        (
            ("nb", "Sommerkonsert på plenen ved skolen med lokale musikere"),
            ("nb", "Flere kulturarrangementer i nærmiljøet, man må reise inn til byen for alt"),
            ("nb", "Konserter og teater på senteret et par ganger i året"),
        ),
    ),
    Idea(
        ACTIVITIES,
        (R, O),
        ("frivillighet", "møteplasser"),
        (),
        (
            ("nb", "Reparasjonskafé der vi fikser sykler og klær sammen"),
            ("nb", "Et verksted der naboer hjelper hverandre å reparere ting"),
        ),
    ),
    Idea(
        ACTIVITIES,
        (R, N),
        ("språk og integrering", "møteplasser"),
        ("immigrants",),
        (
            ("nb", "Språkkafé der man kan øve på norsk med naboer"),
            ("nb", "Norsktrening i uformelle former, for eksempel en språkkafé på biblioteket"),
            ("en", "A language café where newcomers can practise Norwegian with neighbours"),
        ),
    ),
    Idea(
        ACTIVITIES,
        (R, O),
        ("møteplasser",),
        ("single_parents",),
        (
            ("nb", "Åpen barnehage eller babytreff for foreldre som er hjemme"),
            ("nb", "Treffsted for småbarnsforeldre på dagtid, det kan være ensomt i permisjonen"),
            ("pl", "Spotkania dla rodziców z małymi dziećmi w ciągu dnia"),
        ),
    ),
    Idea(
        ACTIVITIES,
        (R, O),
        ("helse", "eldre"),
        ("single_elderly", "disabled_adults"),
        (
            ("nb", "Trim i varmtvannsbassenget for dem med vondt i leddene"),
            ("nb", "Bassengtrening for eldre og folk med nedsatt funksjonsevne"),
        ),
    ),
    Idea(
        ACTIVITIES,
        (R, O),
        ("frivillighet",),
        (),
        (
            ("nb", "Nabodugnad hver vår med grilling etterpå"),
            ("nb", "Felles dugnad for hele området, ikke bare hvert borettslag for seg"),
        ),
    ),
    Idea(
        ACTIVITIES,
        (R, O),
        ("kultur", "barn og unge"),
        ("children",),
        (
            ("nb", "Leksehjelp og spill på biblioteket etter skoletid"),
            ("nb", "Et sted barna kan være etter SFO, med voksne til stede"),
        ),
    ),
    # --- Public services -------------------------------------------------------------------------------------
    Idea(
        SERVICES,
        (R, N, O, S),
        ("informasjon", "språk og integrering"),
        ("immigrants",),
        (
            ("nb", "Informasjon fra kommunen på flere språk, ikke bare norsk"),
            ("nb", "Brosjyrene om tilbudene burde oversettes til de språkene folk her snakker"),
            ("pl", "Informacje z gminy powinny być także po angielsku i po polsku"),
        ),
    ),
    Idea(
        SERVICES,
        (R, O, S),
        ("helse",),
        (),
        (
            ("nb", "Helsestasjonen burde ha kveldsåpent en dag i uka for oss som jobber"),
            ("nb", "Lengre åpningstider på helsestasjonen"),
            ("en", "The health centre should stay open one evening a week for working parents"),
            ("nb", "Kveldsåpen helsestasjon en dag i uka"),
        ),
    ),
    Idea(
        SERVICES,
        (R, N, O),
        ("helse", "barn og unge"),
        ("single_parents", "immigrants"),
        (
            ("nb", "Helsesøster på skolen flere dager i uka, barna trenger noen å snakke med"),
            ("nb", "Skolehelsetjenesten må styrkes, det er for lang ventetid"),
        ),
    ),
    Idea(
        SERVICES,
        (R, O, S),
        ("informasjon",),
        (),
        (
            ("nb", "En felles oversikt over alt som skjer på Borgen, på nett og på papir"),
            ("nb", "Det er vanskelig å vite hva som finnes av tilbud. Lag en kalender for nærmiljøet"),
            ("en", "A single calendar of everything happening in the neighbourhood would help a lot"),
        ),
    ),
    Idea(
        SERVICES,
        (R, O, S),
        ("eldre", "helse"),
        ("single_elderly",),
        (
            ("nb", "Besøkstjeneste for eldre som bor alene, gjerne i samarbeid med frivillige"),
            ("nb", "Noen burde ringe til de eldre som aldri kommer ut"),
            ("nb", "Besøksvenner for eldre som bor alene"),
        ),
    ),
    Idea(
        SERVICES,
        (R, O),
        ("bolig",),
        ("municipal_housing",),
        (
            ("nb", "Raskere vedlikehold i kommunale boliger, vi venter i månedsvis på reparasjoner"),
            ("nb", "Boligkontoret svarer ikke når vi melder feil"),
            ("en", "Repairs in the municipal flats take months"),
        ),
    ),
    Idea(
        SERVICES,
        (R, N, S),
        ("arbeid", "språk og integrering"),
        ("immigrants",),
        (
            ("nb", "Hjelp til å finne praksisplass og jobb i nærmiljøet"),
            ("nb", "NAV burde ha kontordag på senteret, så man slipper å reise til byen"),
        ),
    ),
    Idea(
        SERVICES,
        (R, O),
        ("barn og unge",),
        ("single_parents",),
        (
            ("nb", "Barnehageplass nærmere hjemmet, vi må kjøre langt hver dag"),
            ("nb", "Flere barnehageplasser på Borgen"),
            ("en", "We need kindergarten places closer to home"),
        ),
    ),
    Idea(
        SERVICES,
        (R, O, S),
        ("informasjon", "samarbeid"),
        (),
        (
            ("nb", "Én kontaktperson i kommunen for nærmiljøet, så vi vet hvem vi skal ringe"),
            ("nb", "En nærmiljøkontakt som kjenner området og kan svare på spørsmål"),
        ),
    ),
    Idea(
        SERVICES,
        (R, O),
        ("helse", "eldre"),
        ("single_elderly", "disabled_adults"),
        (
            ("nb", "Bedre tilrettelagt transport til legen for dem som ikke kan ta buss"),
            ("nb", "Tilrettelagt transport er vanskelig å få, og man må bestille lenge før"),
            ("nb", "Enklere å få tilrettelagt transport til lege og aktiviteter"),
        ),
    ),
    # --- Co-creation and participation ------------------------------------------------------------------------
    Idea(
        CO_CREATION,
        (R, O, P),
        ("samarbeid",),
        (),
        (
            ("nb", "Et nærmiljøråd der innbyggere, lag og kommunen møtes jevnlig"),
            ("nb", "Fast samarbeidsforum for borettslagene, idrettslaget og kommunen"),
            ("nn", "Eit nærmiljøråd der innbyggjarar, lag og kommunen møtest fast"),
        ),
    ),
    Idea(
        CO_CREATION,
        (R, O),
        ("informasjon", "samarbeid"),
        (),
        (
            ("nb", "Kommunen må fortelle hva som skjer med innspillene våre, ellers gidder ingen å si noe"),
            ("nb", "Gi tilbakemelding på hva som blir gjort med det vi sier på møtene"),
            ("nn", "Kommunen må fortelje kva som skjer med innspela våre"),
            ("en", "Please tell us what happens with our suggestions afterwards"),
        ),
    ),
    Idea(
        CO_CREATION,
        (R, N),
        ("språk og integrering", "samarbeid"),
        ("immigrants",),
        (
            ("nb", "Invitere innvandrerforeningene med når det planlegges, ikke bare etterpå"),
            ("nb", "Snakk med trossamfunnene, der når dere mange som aldri kommer på folkemøter"),
        ),
    ),
    Idea(
        CO_CREATION,
        (R, O),
        ("frivillighet",),
        (),
        (
            ("nb", "En frivilligbørs der man kan melde seg til små oppgaver i nabolaget"),
            ("nb", "Mange vil bidra, men vet ikke hvordan. Lag en enkel oversikt over hva det trengs hjelp til"),
        ),
    ),
    Idea(
        CO_CREATION,
        (R, C),
        ("barn og unge", "samarbeid"),
        ("children",),
        (
            ("nb", "La barn og unge være med og bestemme hvordan uteområdene skal se ut"),
            ("nb", "Et ungdomsråd for Borgen"),
            ("nb", "Ungdomsråd der barn og unge får si sin mening om uteområdene"),
        ),
    ),
    Idea(
        CO_CREATION,
        (R, O),
        ("samarbeid",),
        (),
        (
            ("nb", "Flere folkemøter på kveldstid, og gjerne med barnepass"),
            ("nb", "Møtene må holdes når folk kan komme, ikke midt på dagen"),
            ("en", "Hold meetings in the evening and offer childcare"),
        ),
    ),
    Idea(
        CO_CREATION,
        (R, O),
        ("samarbeid", "kultur"),
        (),
        (
            ("nb", "Lokale butikker og bedrifter kan sponse arrangementer i nærmiljøet"),
            ("en", "Local shops could sponsor neighbourhood events"),
            ("nb", "Få næringslivet med på laget, for eksempel matbutikken og bensinstasjonen"),
        ),
    ),
    # --- Children's route mapping (Barnetråkk) ---------------------------------------------------------------
    Idea(
        PLACE,
        (C,),
        ("barn og unge", "trygghet"),
        ("children",),
        (
            ("nb", "Det er skummelt å gå forbi garasjene når det er mørkt"),
            ("nb", "Jeg liker ikke å gå forbi garasjene, det er mørkt der"),
        ),
        located=True,
    ),
    Idea(
        PLACE,
        (C,),
        ("barn og unge", "idrett"),
        ("children",),
        (
            ("nb", "Jeg liker å spille fotball på løkka bak skolen"),
            ("nb", "Løkka bak skolen er det beste stedet, der spiller vi hver dag"),
        ),
        located=True,
    ),
    Idea(
        PLACE,
        (C,),
        ("barn og unge", "møteplasser"),
        ("children",),
        (
            ("nb", "Vi vil ha en klatrepark eller store husker på lekeplassen"),
            ("nb", "Lekeplassen er for små barn, vi vil ha noe for oss som er større"),
        ),
        located=True,
    ),
    Idea(
        PLACE,
        (C,),
        ("barn og unge", "trafikk"),
        ("children",),
        (
            ("nb", "Det er vanskelig å krysse veien ved bensinstasjonen på vei til skolen"),
            ("nb", "Vi trenger et gangfelt ved bensinstasjonen"),
        ),
        located=True,
    ),
    Idea(
        PLACE,
        (C,),
        ("barn og unge", "friluftsliv"),
        ("children",),
        (
            ("nb", "I skogen bak blokkene bygger vi hytter, den må ikke bli borte"),
            ("nb", "Skogholtet er hemmelig og fint, der leker vi"),
        ),
        located=True,
    ),
    Idea(
        ACTIVITIES,
        (C,),
        ("barn og unge",),
        ("children",),
        (
            ("nb", "Jeg vil ha et sted å sykle med hopp"),
            ("nb", "En sykkelløype med hopp i skogen"),
        ),
        located=True,
    ),
    Idea(
        PLACE,
        (C,),
        ("barn og unge", "renhold"),
        ("children",),
        (
            ("nb", "Det er glass og søppel i sandkassa"),
            ("nb", "Sandkassa er skitten, noen har knust flasker der"),
        ),
        located=True,
    ),
    # --- Staff (experience conference, zone leaders) ----------------------------------------------------------
    Idea(
        SERVICES,
        (S,),
        ("samarbeid",),
        (),
        (
            (
                "nb",
                "Helsestasjon, barnehage og skole må dele kunnskap om familiene som sliter, "
                "innenfor det lovverket tillater",
            ),
            ("nb", "Tverrfaglige møter om Borgen, ikke hver tjeneste for seg"),
        ),
    ),
    Idea(
        SERVICES,
        (S,),
        ("informasjon", "samarbeid"),
        (),
        (
            ("nb", "Ansatte trenger en oversikt over lag og foreninger de kan henvise innbyggere til"),
            ("nb", "Vi vet for lite om hva frivilligheten tilbyr, da kan vi ikke henvise folk dit"),
        ),
    ),
    Idea(
        CO_CREATION,
        (S,),
        ("samarbeid",),
        (),
        (
            ("nb", "Gi ansatte tid og mandat til å jobbe på tvers i nærmiljøet"),
            ("nb", "Samskaping krever at lederne setter av tid, ellers blir det med ord"),
        ),
    ),
    Idea(
        SERVICES,
        (S,),
        ("helse",),
        ("single_elderly",),
        (
            ("nb", "Hjemmetjenesten ser mange ensomme. De bør kunne melde fra til noen som kan følge opp"),
            ("nb", "Hjemmetjenesten og frivilligsentralen burde samarbeide om besøksvenner"),
        ),
    ),
    Idea(
        SERVICES,
        (S,),
        ("lokaler",),
        (),
        (
            ("nb", "Skolens lokaler står tomme på kveldstid og kan brukes av lag og foreninger"),
            ("nb", "Åpne skolebygget for nærmiljøet etter skoletid"),
        ),
    ),
    # --- Newcomers and the Somali conference -----------------------------------------------------------------
    Idea(
        ACTIVITIES,
        (N,),
        ("språk og integrering", "møteplasser"),
        ("immigrants",),
        (
            ("nb", "Møteplass for kvinner med aktiviteter og norskopplæring"),
            ("nb", "Kvinnene trenger et sted å møtes, gjerne med barnepass"),
            ("so", "Haweenku waxay u baahan yihiin meel ay ku kulmaan"),
            ("ar", "نريد دروسًا في اللغة النرويجية مع رعاية للأطفال"),
        ),
    ),
    Idea(
        ACTIVITIES,
        (N,),
        ("barn og unge", "språk og integrering"),
        ("immigrants", "children"),
        (
            ("nb", "Leksehjelp for barna, mange foreldre kan ikke hjelpe med norsk skolearbeid"),
            ("so", "Caawimaad casharrada guriga ee carruurta ayaa loo baahan yahay"),
        ),
    ),
    Idea(
        PLACE,
        (N,),
        ("barn og unge", "trygghet"),
        ("immigrants", "children"),
        (
            ("nb", "En trygg lekeplass som foreldrene kan se fra vinduet"),
            ("so", "Waxaan u baahanahay meel ammaan ah oo carruurtu ku ciyaaraan"),
            ("ar", "نحتاج إلى مكان آمن يلعب فيه الأطفال"),
        ),
        located=True,
    ),
    Idea(
        SERVICES,
        (N,),
        ("informasjon", "språk og integrering"),
        ("immigrants",),
        (
            ("nb", "Tolk på foreldremøter og på helsestasjonen"),
            ("ar", "المعلومات من البلدية يجب أن تكون بلغات أكثر"),
        ),
    ),
    Idea(
        CO_CREATION,
        (N,),
        ("samarbeid", "språk og integrering"),
        ("immigrants",),
        (
            ("nb", "Bruk foreningene som brobyggere mellom kommunen og familiene"),
            ("nb", "Trossamfunnet kan hjelpe med å nå ut til dem som ikke leser brev fra kommunen"),
        ),
    ),
    Idea(
        ACTIVITIES,
        (N,),
        ("idrett", "språk og integrering"),
        ("immigrants",),
        (
            ("nb", "Svømmekurs for voksne kvinner med egne tider"),
            ("nb", "Egne svømmetider for kvinner i svømmehallen"),
        ),
    ),
    # --- Politicians' ad hoc committee -------------------------------------------------------------------------
    Idea(
        CO_CREATION,
        (P,),
        ("samarbeid",),
        (),
        (
            ("nb", "Politikerne bør møte innbyggerne på Borgen jevnlig, ikke bare i valgår"),
            ("nb", "Faste dialogmøter mellom kommunestyret og nærmiljøet"),
        ),
    ),
    Idea(
        SERVICES,
        (P,),
        ("samarbeid",),
        (),
        (
            ("nb", "Satsingen på Borgen må få et eget budsjett over flere år"),
            ("nb", "Tiltakene trenger langsiktig finansiering, ikke prosjektmidler for ett år"),
        ),
    ),
)

# The silent voices (interviews by the health nurse and the project for immigrant women in work).
INTERVIEWS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    (
        "nb",
        SERVICES,
        "Jeg vet ikke hvor jeg skal spørre når jeg trenger hjelp, og jeg er redd for å spørre feil sted",
        ("immigrants",),
    ),
    (
        "nb",
        ACTIVITIES,
        "Etter at jeg ble alene med barna har jeg ikke tid eller penger til noe for meg selv",
        ("single_parents",),
    ),
    (
        "nb",
        CO_CREATION,
        "Ingen har spurt meg om dette før. Jeg går ikke på møter, men jeg har mye å si",
        ("immigrants",),
    ),
    (
        "en",
        SERVICES,
        "I would like to work, but I need childcare that fits with a job",
        ("single_parents", "immigrants"),
    ),
    (
        "nb",
        PLACE,
        "Jeg bor i kommunal bolig og skammer meg over hvordan det ser ut, derfor inviterer jeg aldri noen hjem",
        ("municipal_housing",),
    ),
)

# Said in the open office and individual meetings.
OPEN_OFFICE = (
    "Kom innom for å høre om det skjer noe for pensjonister her",
    "Spurte om hvem som eier plenen ved blokk B, vi vil plante blomster",
    "Lurer på om det går an å låne senteret til en bursdagsfeiring",
    "Vil gjerne hjelpe til med leksehjelp, jeg er pensjonert lærer",
)

# Openings only go before an idea phrased as a noun phrase ("Flere benker ..."), never before a sentence.
OPENINGS = ("", "", "Forslag: ", "Ønske: ", "", "Til veikartet: ")
ENDINGS = (
    "",
    ".",
    ".",
    "!",
    ". Håper dette blir tatt med.",
    ". Dette har vi snakket om lenge.",
    ".",
    ". Mange er enige.",
    " – viktig for mange her.",
    ". Tenk på det!",
    ". Det haster.",
    ", takk.",
)
VERBS = (
    " er ",
    " må ",
    " burde ",
    " bør ",
    " kan ",
    " trenger ",
    " vil ",
    " liker ",
    " har ",
    " går ",
    " vet ",
    " ser ",
    " svarer ",
    " sitter ",
    " spiller ",
    " bygger ",
    " leker ",
    " lurer ",
    " spurte ",
    " kom ",
)

# Ullerål: an early workshop phase about loneliness and passivity (seed 002).
ULLERAL_INPUTS: tuple[tuple[str, str, tuple[str, ...], tuple[str, ...]], ...] = (
    (
        "nb",
        "Et fast sted å drikke kaffe sammen på formiddagen, der man kan komme alene",
        ("møteplasser",),
        ("single_elderly",),
    ),
    ("nb", "Mange her bor alene og går ikke ut om vinteren. Noen må banke på", ("ensomhet",), ("single_elderly",)),
    ("nb", "Seniorsenteret trenger yngre frivillige som kan være med på turer", ("frivillighet",), ()),
    ("nb", "Aktiviteter som ikke koster penger, mange har stram økonomi", ("økonomi",), ("disability_benefit",)),
    ("nb", "En kveld i uka for småbarnsfamilier med enkel middag", ("møteplasser",), ("single_parents",)),
    ("nb", "Gåtur i nabolaget hver onsdag med kaffe etterpå", ("friluftsliv",), ("single_elderly",)),
    (
        "nb",
        "Informasjon om tilbudene må komme i postkassa, ikke bare på Facebook",
        ("informasjon",),
        ("single_elderly",),
    ),
    (
        "nb",
        "Tilrettelagte aktiviteter for voksne med funksjonsnedsettelser, ikke bare for barn",
        ("universell utforming",),
        ("disabled_adults",),
    ),
    ("nb", "Språkkafé på biblioteket, der nye og gamle naboer kan møtes", ("språk og integrering",), ("immigrants",)),
    (
        "nb",
        "Kommunale boliger bør ha et felles rom der beboerne kan møtes",
        ("bolig", "møteplasser"),
        ("municipal_housing",),
    ),
    ("nb", "Bruk skolens lokaler på kveldstid til hobbyverksted", ("lokaler",), ()),
    (
        "nb",
        "En vennetjeneste der folk kan få en fast person å gå tur med",
        ("ensomhet", "frivillighet"),
        ("single_elderly", "disabled_adults"),
    ),
    ("nn", "Eit ope hus ein dag i veka, der ingen må melde seg på", ("møteplasser",), ()),
    (
        "nn",
        "Fleire benkar og toalett i parken, så eldre orkar å gå dit",
        ("universell utforming",),
        ("single_elderly",),
    ),
    ("en", "A noticeboard in the shop with what is going on in Ullerål", ("informasjon",), ("immigrants",)),
    ("nb", "Felles hagelag i bakgården, noe å gjøre sammen om våren", ("frivillighet", "friluftsliv"), ()),
    ("nb", "Transport til aktivitetene for dem som ikke kan gå langt", ("universell utforming",), ("disabled_adults",)),
    ("nb", "Barnepass under møtene, ellers kan ikke aleneforeldre komme", ("samarbeid",), ("single_parents",)),
    ("nb", "Frivilligsentralen bør ha kontortid på Ullerål", ("frivillighet", "samarbeid"), ()),
    ("nb", "Matlagingskurs for menn som bor alene", ("ensomhet",), ("single_elderly",)),
    ("nb", "Et lavterskel treningstilbud i gymsalen på kveldstid", ("helse",), ("disability_benefit",)),
    ("nb", "Spør dem som aldri kommer på møter, de har også noe å si", ("samarbeid",), ()),
    ("nb", "Strikkeklubben kan ta imot flere, vi trenger bare et større lokale", ("møteplasser", "lokaler"), ()),
    ("nb", "Digital hjelp for eldre, mange sliter med BankID og apper", ("eldre", "informasjon"), ("single_elderly",)),
)
