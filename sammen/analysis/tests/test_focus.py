import pytest

from sammen.analysis.engine import (
    Corpus,
    FocusArea,
    FocusAreaError,
    compute_features,
    review_queue,
    suggest,
    train,
)
from sammen.analysis.engine.records import Suggestion

from .conftest import records

AREAS = [
    FocusArea("place", "Stedsutvikling", "Parker, lekeplasser, belysning, gangstier, fortau og trafikksikkerhet."),
    FocusArea("services", "Offentlige tjenester", "Legekontor, fastlege, ventetid, helsestasjon, skole og NAV."),
]
TEXTS = [
    "Lekeplassen er ødelagt og trenger nye husker",
    "Det trengs fortau og belysning langs gangstien",
    "Parken trenger benker og belysning",
    "Ventetiden hos fastlegen er for lang",
    "Helsestasjonen burde ha åpent om kvelden",
    "Legekontoret tar ikke telefonen",
]


@pytest.fixture
def corpus():
    inputs = records(*TEXTS)
    return Corpus(inputs, compute_features(inputs, None))


def test_zero_label_mode_uses_names_and_descriptions(corpus):
    model = train(corpus, AREAS, {})
    assert model.classifier is None
    suggestions = suggest(model, corpus)
    assert [s.focus_area for s in suggestions] == ["place"] * 3 + ["services"] * 3
    for item in suggestions:
        assert 0.5 <= item.confidence <= 1.0
        assert sum(item.probabilities.values()) == pytest.approx(1.0, abs=1e-3)


def test_labels_train_a_classifier_and_lower_the_prior(corpus):
    model = train(corpus, AREAS, {"r1": "place", "r4": "services"})
    assert model.classifier is not None and model.n_labels == 2
    assert 0 < model.prior_weight < 1
    assert [s.focus_area for s in suggest(model, corpus, ids=["r2", "r5"])] == ["place", "services"]


def test_retraining_with_a_correction_changes_the_suggestion(corpus):
    # Staff disagree with the descriptions about r3 and say so three times over: the model must listen.
    before = suggest(train(corpus, AREAS, {}), corpus, ids=["r3"])[0]
    labels = {"r1": "place", "r2": "place", "r3": "services", "r4": "services", "r5": "services", "r6": "services"}
    after = suggest(train(corpus, AREAS, labels), corpus, ids=["r3"])[0]
    assert before.focus_area == "place"
    assert after.probabilities["services"] > before.probabilities["services"]


def test_review_queue_puts_the_uncertain_first():
    items = [
        Suggestion("a", "place", 0.9, 0.8),
        Suggestion("b", "place", 0.55, 0.1),
        Suggestion("c", "services", 0.6, 0.2),
        Suggestion("d", "services", 0.55, 0.1),
    ]
    assert [item.id for item in review_queue(items)] == ["b", "d", "c", "a"]


def test_unknown_labels_and_too_few_areas_are_refused(corpus):
    with pytest.raises(FocusAreaError, match="Unknown focus area"):
        train(corpus, AREAS, {"r1": "sport"})
    with pytest.raises(FocusAreaError, match="two focus areas"):
        train(corpus, AREAS[:1], {})
    with pytest.raises(FocusAreaError, match="unique"):
        train(corpus, [AREAS[0], AREAS[0]], {})


def test_an_empty_corpus_has_no_suggestions():
    corpus = Corpus([], [])
    assert suggest(train(corpus, AREAS, {}), corpus) == []
