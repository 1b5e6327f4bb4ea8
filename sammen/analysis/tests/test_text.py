from collections import Counter

import pytest

from sammen.analysis.engine import text
from sammen.analysis.engine.features import slip_mapping


def test_normalise_removes_html_entities_emoji_and_control_characters():
    raw = "<p>Flere <b>benker</b> &amp; lys\u0007 i parken 😀👍🏽</p>\n\n  takk!<script>alert(1)</script>"
    assert text.normalise_text(raw) == "Flere benker & lys i parken takk!"


def test_normalise_caps_very_long_texts():
    assert len(text.normalise_text("ord " * 5_000)) == text.MAX_TEXT_CHARS


@pytest.mark.parametrize("value", ["", "   ", "😀🎉", "<br><br/>"])
def test_normalise_leaves_nothing_of_texts_without_words(value):
    assert text.normalise_text(value) == ""


@pytest.mark.parametrize(
    ("sentence", "language"),
    [
        ("Vi trenger flere benker og bedre belysning i parken ved skolen.", "nb"),
        ("Kvifor stenger biblioteket så tidleg på laurdagar? Eg skjønar det ikkje.", "nn"),
        ("Jeg synes, der er alt for lidt at lave for de unge om aftenen.", "da"),
        ("Why does the library close so early on Saturdays?", "en"),
    ],
)
def test_detects_the_four_languages(sentence, language):
    guess = text.detect_language(sentence)
    assert guess.language == language
    assert guess.languages == (language,)


def test_a_language_outside_the_four_is_undetermined_but_named():
    guess = text.detect_language("Waxaan u baahanahay garoon ciyaareed oo ku yaal xaafadda")
    assert (guess.language, guess.detected) == ("und", "so")


def test_no_words_is_undetermined():
    assert text.detect_language("").language == "und"


def test_mixed_english_and_norwegian_is_seen_as_mixed():
    guess = text.detect_language("Det er for lite å gjøre her, we need a youth club with gaming and music")
    assert set(guess.languages) == {"nb", "en"}


@pytest.mark.parametrize(
    ("value", "expected"),
    [("no", "nb"), ("NB", "nb"), ("nn-NO", "nn"), ("dansk", "da"), ("en-GB", "en"), ("sv", None), ("", None)],
)
def test_language_tags_are_normalised(value, expected):
    assert text.normalise_language(value) == expected


def test_terms_are_lemmas_without_stop_words():
    tokens = text.words("Vi trenger flere benker og lekeplasser i parken")
    assert text.terms(tokens, ("nb",)) == ["benke", "lekeplass", "park"]


def test_stop_words_apply_per_language():
    # "by" is the town in Norwegian but a stop word in English.
    assert "by" in text.terms(["by"], ("nb",))
    assert text.terms(["by"], ("en",)) == []


def test_keyboard_spelling_without_aeoeaa_is_folded():
    assert text.fold_ascii_spelling("oensker gaa vaere") == "ønsker gå være"
    assert text.lemma("oensker", "nb") == text.lemma("ønsker", "nb")


def test_repeated_letters_are_folded():
    assert text.words("suuuuper fiiint") == ["suuper", "fiint"]


def test_spelling_slips_map_onto_common_words():
    mapping = slip_mapping(Counter({"lekeplass": 5, "lekeplas": 1, "belysning": 3, "belysnig": 1, "benk": 1}))
    assert mapping == {"lekeplas": "lekeplass", "belysnig": "belysning"}
