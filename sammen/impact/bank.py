"""The national question bank: core questions every survey should ask and optional ones, in the UI languages.

Modelled on how Ungdata and Gladsaxe's resident questionnaire work (core, optional and local questions), in our own
words. It ships with the code so the same question keeps the same key, and answers stay comparable across years and
municipalities. A municipality's own questions live in its surveys (tier "own") and are offered again from there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

AGREE_LOW = {"nb": "Helt uenig", "nn": "Heilt usamd", "da": "Helt uenig", "en": "Strongly disagree"}
AGREE_HIGH = {"nb": "Helt enig", "nn": "Heilt samd", "da": "Helt enig", "en": "Strongly agree"}


def _o(value: str, nb: str, nn: str, da: str, en: str) -> dict[str, Any]:
    return {"value": value, "label": {"nb": nb, "nn": nn, "da": da, "en": en}}


@dataclass(frozen=True)
class BankQuestion:
    key: str
    tier: str
    kind: str
    text: dict[str, str]
    options: list[dict[str, Any]] = field(default_factory=list)
    scale_low: dict[str, str] = field(default_factory=dict)
    scale_high: dict[str, str] = field(default_factory=dict)
    number_min: Decimal | None = None
    number_max: Decimal | None = None
    # How the answers usually become an indicator value.
    aggregation: str = "share"
    share_min: Decimal | None = None
    share_options: tuple[str, ...] = ()


def _likert(key: str, tier: str, nb: str, nn: str, da: str, en: str) -> BankQuestion:
    return BankQuestion(
        key=key,
        tier=tier,
        kind="likert",
        text={"nb": nb, "nn": nn, "da": da, "en": en},
        scale_low=AGREE_LOW,
        scale_high=AGREE_HIGH,
        share_min=Decimal(4),
    )


NATIONAL_BANK: tuple[BankQuestion, ...] = (
    _likert(
        "core.safe_evening",
        "core",
        "Jeg føler meg trygg når jeg går ute i nabolaget om kvelden.",
        "Eg kjenner meg trygg når eg går ute i nabolaget om kvelden.",
        "Jeg føler mig tryg, når jeg går ude i lokalområdet om aftenen.",
        "I feel safe walking in my neighbourhood in the evening.",
    ),
    _likert(
        "core.good_place",
        "core",
        "Nabolaget mitt er et godt sted å bo.",
        "Nabolaget mitt er ein god stad å bu.",
        "Mit lokalområde er et godt sted at bo.",
        "My neighbourhood is a good place to live.",
    ),
    _likert(
        "core.know_neighbours",
        "core",
        "Jeg kjenner naboer jeg kan be om hjelp.",
        "Eg kjenner naboar eg kan be om hjelp.",
        "Jeg kender naboer, jeg kan bede om hjælp.",
        "I know neighbours I can ask for help.",
    ),
    BankQuestion(
        key="core.lonely",
        tier="core",
        kind="single",
        text={
            "nb": "Hvor ofte føler du deg ensom?",
            "nn": "Kor ofte kjenner du deg einsam?",
            "da": "Hvor ofte føler du dig ensom?",
            "en": "How often do you feel lonely?",
        },
        options=[
            _o("never", "Aldri", "Aldri", "Aldrig", "Never"),
            _o("rarely", "Sjelden", "Sjeldan", "Sjældent", "Rarely"),
            _o("sometimes", "Av og til", "Av og til", "Af og til", "Sometimes"),
            _o("often", "Ofte", "Ofte", "Ofte", "Often"),
            _o("very_often", "Svært ofte", "Svært ofte", "Meget ofte", "Very often"),
        ],
        share_options=("often", "very_often"),
    ),
    BankQuestion(
        key="core.health",
        tier="core",
        kind="single",
        text={
            "nb": "Hvordan vurderer du din egen helse?",
            "nn": "Korleis vurderer du di eiga helse?",
            "da": "Hvordan vurderer du dit eget helbred?",
            "en": "How would you rate your own health?",
        },
        options=[
            _o("very_good", "Svært god", "Svært god", "Meget godt", "Very good"),
            _o("good", "God", "God", "Godt", "Good"),
            _o("fair", "Verken god eller dårlig", "Verken god eller dårleg", "Hverken godt eller dårligt", "Fair"),
            _o("bad", "Dårlig", "Dårleg", "Dårligt", "Bad"),
            _o("very_bad", "Svært dårlig", "Svært dårleg", "Meget dårligt", "Very bad"),
        ],
        share_options=("very_good", "good"),
    ),
    BankQuestion(
        key="core.activities",
        tier="core",
        kind="multiple",
        text={
            "nb": "Hva har du vært med på i nabolaget det siste året?",
            "nn": "Kva har du vore med på i nabolaget det siste året?",
            "da": "Hvad har du deltaget i i lokalområdet det seneste år?",
            "en": "What have you taken part in in the neighbourhood in the last year?",
        },
        options=[
            _o("sport", "Idrett eller trening", "Idrett eller trening", "Idræt eller motion", "Sport or exercise"),
            _o(
                "culture",
                "Kultur, kor eller kurs",
                "Kultur, kor eller kurs",
                "Kultur, kor eller kurser",
                "Culture, choir or courses",
            ),
            _o("volunteering", "Frivillig arbeid", "Frivillig arbeid", "Frivilligt arbejde", "Volunteering"),
            _o(
                "meeting_place",
                "Møteplass eller kafé",
                "Møteplass eller kafé",
                "Mødested eller café",
                "A meeting place or café",
            ),
            _o("none", "Ingen av disse", "Ingen av desse", "Ingen af disse", "None of these"),
        ],
        share_options=("sport", "culture", "volunteering", "meeting_place"),
    ),
    _likert(
        "core.influence",
        "core",
        "Jeg kan påvirke det som skjer i nabolaget mitt.",
        "Eg kan påverke det som skjer i nabolaget mitt.",
        "Jeg kan påvirke det, der sker i mit lokalområde.",
        "I can influence what happens in my neighbourhood.",
    ),
    BankQuestion(
        key="core.improve",
        tier="core",
        kind="text",
        text={
            "nb": "Hva ville gjort nabolaget ditt bedre?",
            "nn": "Kva ville gjort nabolaget ditt betre?",
            "da": "Hvad ville gøre dit lokalområde bedre?",
            "en": "What would make your neighbourhood better?",
        },
    ),
    BankQuestion(
        key="optional.active_days",
        tier="optional",
        kind="number",
        text={
            "nb": "Hvor mange dager forrige uke var du fysisk aktiv i minst 30 minutter?",
            "nn": "Kor mange dagar førre veke var du fysisk aktiv i minst 30 minutt?",
            "da": "Hvor mange dage i sidste uge var du fysisk aktiv i mindst 30 minutter?",
            "en": "On how many days last week were you physically active for at least 30 minutes?",
        },
        number_min=Decimal(0),
        number_max=Decimal(7),
        aggregation="mean",
    ),
    _likert(
        "optional.recommend",
        "optional",
        "Jeg vil anbefale nabolaget til en venn som skal flytte.",
        "Eg vil tilrå nabolaget til ein ven som skal flytte.",
        "Jeg vil anbefale lokalområdet til en ven, der skal flytte.",
        "I would recommend the neighbourhood to a friend who is moving.",
    ),
    _likert(
        "optional.green",
        "optional",
        "Det er gode grøntområder og møteplasser nær der jeg bor.",
        "Det er gode grøntområde og møteplassar nær der eg bur.",
        "Der er gode grønne områder og mødesteder tæt på, hvor jeg bor.",
        "There are good green spaces and places to meet near where I live.",
    ),
    _likert(
        "optional.trust",
        "optional",
        "De fleste i nabolaget mitt er til å stole på.",
        "Dei fleste i nabolaget mitt er til å lite på.",
        "De fleste i mit lokalområde er til at stole på.",
        "Most people in my neighbourhood can be trusted.",
    ),
    BankQuestion(
        key="optional.main_activity",
        tier="optional",
        kind="single",
        text={
            "nb": "Hva gjør du til daglig?",
            "nn": "Kva gjer du til dagleg?",
            "da": "Hvad laver du til daglig?",
            "en": "What do you do most days?",
        },
        options=[
            _o("work", "Jobber", "Jobbar", "Arbejder", "Work"),
            _o(
                "education",
                "Går på skole eller studerer",
                "Går på skule eller studerer",
                "Går i skole eller studerer",
                "School or studies",
            ),
            _o("job_seeking", "Søker arbeid", "Søkjer arbeid", "Søger arbejde", "Looking for work"),
            _o("retired", "Pensjonist", "Pensjonist", "Pensionist", "Retired"),
            _o(
                "benefit",
                "Uføretrygdet eller sykmeldt",
                "Uføretrygda eller sjukmeld",
                "På førtidspension eller sygemeldt",
                "On disability benefit or sick leave",
            ),
            _o("other", "Annet", "Anna", "Andet", "Other"),
        ],
        share_options=("work", "education"),
    ),
    BankQuestion(
        key="optional.stay",
        tier="optional",
        kind="single",
        text={
            "nb": "Vil du bo i nabolaget de neste fem årene?",
            "nn": "Vil du bu i nabolaget dei neste fem åra?",
            "da": "Vil du bo i lokalområdet de næste fem år?",
            "en": "Do you want to live in the neighbourhood for the next five years?",
        },
        options=[
            _o("yes", "Ja", "Ja", "Ja", "Yes"),
            _o("no", "Nei", "Nei", "Nej", "No"),
            _o("unsure", "Vet ikke", "Veit ikkje", "Ved ikke", "Not sure"),
        ],
        share_options=("yes",),
    ),
)

BY_KEY = {question.key: question for question in NATIONAL_BANK}
