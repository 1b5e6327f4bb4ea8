"""Stop words for the four languages: function words and the filler words residents use in inputs.

Short lists on purpose: TF-IDF already discounts words common to a corpus, and a word such as Norwegian
"by" (town) must survive in Norwegian even though it is an English stop word, so lists apply per language.
"""

from __future__ import annotations

_NB = """
tre fire fem seks sju syv åtte ni ti år gang ganger fin stå gå lage lag
alle andre at av bare begge ble bli blir blitt både da dag de deg dem den denne der dere deres det dette dg
disse du eller en ene ens enn er et ett etter for fordi fra før ganske gjennom gjerne gjør gjøre god ha hadde
han hans har hele her hva hvem hver hvilke hvilken hvis hvor hvordan hvorfor i ikke ingen inn inni ja jeg kan
kanskje kom kommer kun kunne man mange meg men mer mest min mine mitt mot mye må måtte ned nei noe noen nok nå
når og også om opp oss over på samme seg selv sin sine sitt skal skulle slik som så tar til tror uten ut var
vi vil ville vår være vært å litt veldig synes syns tenker tenke ønsker synes får få fikk sånn mens mellom hos
under blant etc osv eks bør burde helt altså liksom jo vel med ved trenge trenger trengs ønske gi gir
""".split()  # noqa: SIM905 - a word list reads best as text

_NN = """
tre fire fem seks sju åtte ni ti år gong gonger fin stå gå lage lag
alle andre at av berre begge blei bli blir blitt både då dei deim deira deg den denne der dere det dette desse
du eller ein eit eitt enn er etter for fordi frå før ganske gjennom gjerne gjer gjere ha hadde han hans har
heile her kva kven kvar kvifor korleis kor kvarandre i ikkje ingen inn ja eg kan kanskje kom kjem kunne ein
mange meg men meir mest min mine mitt mot mykje må måtte ned nei noko nokon nokre nok no når og òg også om opp
oss over på same seg sjølv sin sine sitt skal skulle slik som så tek til trur utan ut var vi vil ville vår
vere vore vert vart å litt veldig synest tenkjer ønskjer får fekk sånn medan mellom hjå under blant bør burde
heilt altså liksom jo vel med ved treng trenge trengst ønskje
""".split()  # noqa: SIM905 - a word list reads best as text

_DA = """
tre fire fem seks syv otte ni ti år gang gange fin stå gå lave lav
af alle andre at begge blev bliver blive både da de dem den denne der deres det dette dig disse du efter eller
en end er et for fordi fra før gennem gerne gør gøre ha havde han hans har hele her hvad hvem hver hvilke
hvilken hvis hvor hvordan hvorfor i ikke ingen ind ja jeg kan kom kommer kun kunne man mange med mig men mere
mest min mine mit mod meget må måtte ned nej noget nogen nogle nok nu når og også om op os over på samme sig
selv sin sine sit skal skulle sådan som så tager til tror uden ud var vi vil ville vores være været lidt
rigtig synes tænker ønsker får fik mens mellem hos under blandt osv bør burde helt altså jo vel lige bare ret
ved brug behov ønske
""".split()  # noqa: SIM905 - a word list reads best as text

_EN = """
a about above after again all also am an and any are as at be because been before being below between both but
by can could did do does doing down during each few for from further had has have having he her here hers him
his how i if in into is it its itself just me more most my no nor not now of off on once only or other our
ours out over own same she should so some such than that the their them then there these they this those
through to too under until up very was we were what when where which while who whom why will with would you
your yours really think maybe please thanks lot lots get got make need needs needed want
""".split()  # noqa: SIM905 - a word list reads best as text

STOP_WORDS: dict[str, frozenset[str]] = {
    "nb": frozenset(_NB),
    "nn": frozenset(_NN),
    "da": frozenset(_DA),
    "en": frozenset(_EN),
}
ALL_STOP_WORDS: frozenset[str] = frozenset().union(*STOP_WORDS.values())
