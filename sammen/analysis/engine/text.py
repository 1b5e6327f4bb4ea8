"""The text pipeline: normalise, detect the language, and turn a text into lemmas without stop words.

Libraries do the linguistic work: nh3 strips HTML, py3langid names the language among 97, simplemma tells
Bokmål, Nynorsk, Danish and English apart and lemmatises them, and Snowball stems for matching.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

import nh3
import simplemma
import snowballstemmer

from .records import LANGUAGES
from .stopwords import STOP_WORDS

#: Longer texts are cut here (a resident's input is rarely over a page; a pasted document should not stall).
MAX_TEXT_CHARS = 10_000

UNDETERMINED = "und"

_LANGUAGE_ALIASES = {
    "no": "nb",
    "nob": "nb",
    "nb-no": "nb",
    "no-no": "nb",
    "bokmål": "nb",
    "bokmal": "nb",
    "nno": "nn",
    "nn-no": "nn",
    "nynorsk": "nn",
    "dan": "da",
    "da-dk": "da",
    "dansk": "da",
    "eng": "en",
    "en-gb": "en",
    "en-us": "en",
    "english": "en",
}

_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*", re.UNICODE)
_SPACE = re.compile(r"\s+")
_REPEATS = re.compile(r"(.)\1{2,}")  # "suuuuper" -> "suuper": a slip or emphasis, never a different word
_STEMMERS = {"nb": "norwegian", "nn": "norwegian", "da": "danish", "en": "english"}
_SCANDINAVIAN = ("nb", "nn", "da")


def normalise_language(value: str | None) -> str | None:
    """A language tag as one of nb, nn, da, en; None when it is empty or not one of them."""
    if not value:
        return None
    tag = value.strip().lower().replace("_", "-")
    tag = _LANGUAGE_ALIASES.get(tag, tag)
    return tag if tag in LANGUAGES else None


def normalise_text(text: str) -> str:
    """Plain, tidy text: no HTML, entities, emoji or control characters; whitespace folded; length capped."""
    if not text:
        return ""
    text = text[: MAX_TEXT_CHARS * 2]
    if "<" in text and ">" in text:
        text = nh3.clean(text, tags=set(), strip_comments=True)
    text = html.unescape(text)
    text = unicodedata.normalize("NFC", text)
    kept = []
    for char in text:
        category = unicodedata.category(char)
        if category in {"So", "Sk", "Cs", "Co", "Cn"} or (category.startswith("C") and char not in "\n\t"):
            kept.append(" ")  # emoji, pictographs, control and private-use characters
        elif category == "Mn" and char in "\ufe0e\ufe0f\u200d":
            kept.append("")
        else:
            kept.append(char)
    text = _SPACE.sub(" ", "".join(kept)).strip()
    return text[:MAX_TEXT_CHARS]


def words(text: str) -> list[str]:
    return [_REPEATS.sub(r"\1\1", match.group(0).lower()) for match in _WORD.finditer(text)]


@cache
def _langid():  # type: ignore[no-untyped-def]
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


@dataclass(frozen=True)
class LanguageGuess:
    language: str  # nb, nn, da, en or "und"
    confidence: float
    detected: str  # the detector's own best guess among all languages it knows
    languages: tuple[str, ...]  # two when the text mixes English and a Scandinavian language


def detect_language(text: str, *, tokens: list[str] | None = None) -> LanguageGuess:
    """Guess which of nb, nn, da and en a text is in, or say that it is in none of them."""
    tokens = words(text) if tokens is None else tokens
    if not tokens:
        return LanguageGuess(UNDETERMINED, 0.0, UNDETERMINED, ())
    ranked = _langid().rank(text)
    top_code, top_probability = ranked[0]
    ours = {"no": "nb", "nn": "nn", "da": "da", "en": "en"}
    langid_scores = dict.fromkeys(LANGUAGES, 0.0)
    for code, probability in ranked[:12]:
        if code in ours:
            langid_scores[ours[code]] += float(probability)
    lemma_scores = dict(simplemma.langdetect(text, lang=LANGUAGES))
    coverage = max(lemma_scores.get(language, 0.0) for language in LANGUAGES)
    if top_code not in ours and top_probability > 0.9 and coverage < 0.5:
        return LanguageGuess(UNDETERMINED, round(float(top_probability), 4), top_code, ())
    if coverage == 0.0 and sum(langid_scores.values()) < 0.5:
        return LanguageGuess(UNDETERMINED, 0.0, top_code, ())
    combined = {
        language: 0.5 * lemma_scores.get(language, 0.0) + 0.5 * langid_scores[language] for language in LANGUAGES
    }
    best = max(LANGUAGES, key=lambda language: (combined[language], -LANGUAGES.index(language)))
    total = sum(combined.values()) or 1.0
    confidence = combined[best] / total if len(tokens) > 2 else combined[best] / total * 0.5
    return LanguageGuess(best, round(confidence, 4), ours.get(top_code, top_code), _mixed(best, tokens))


def _mixed(primary: str, tokens: list[str]) -> tuple[str, ...]:
    """The languages of a text that mixes English with a Scandinavian language, word by word."""
    other_family = ("en",) if primary in _SCANDINAVIAN else _SCANDINAVIAN
    own = other = 0
    for token in tokens:
        if len(token) < 3 or (token in STOP_WORDS[primary] and token in STOP_WORDS["en"]):
            continue
        in_own = _known(token, primary)
        in_other = any(_known(token, language) for language in other_family)
        if in_own and not in_other:
            own += 1
        elif in_other and not in_own:
            other += 1
    if other >= 2 and other >= 0.25 * (own + other):
        second = "en" if primary in _SCANDINAVIAN else "nb"
        return (primary, second)
    return (primary,)


@lru_cache(maxsize=200_000)
def _known(token: str, language: str) -> bool:
    return simplemma.is_known(token, language) or token in STOP_WORDS[language]


@lru_cache(maxsize=200_000)
def lemma(token: str, language: str) -> str:
    if language not in LANGUAGES:
        return token
    found = simplemma.lemmatize(token, language).lower()
    if found == token and not _known(token, language) and language in _SCANDINAVIAN:
        folded = fold_ascii_spelling(token)
        if folded != token and _known(folded, language):
            return simplemma.lemmatize(folded, language).lower()
    return found


def fold_ascii_spelling(token: str) -> str:
    """aa/ae/oe typed for å/æ/ø on a keyboard without them ("gaa" -> "gå", "oensker" -> "ønsker")."""
    return token.replace("aa", "å").replace("ae", "æ").replace("oe", "ø")


@cache
def _stemmer(language: str) -> snowballstemmer.Stemmer | None:
    algorithm = _STEMMERS.get(language)
    return snowballstemmer.stemmer(algorithm) if algorithm else None


@lru_cache(maxsize=200_000)
def stem(term: str, language: str) -> str:
    stemmer = _stemmer(language)
    return stemmer.stemWord(term) if stemmer is not None else term


def terms(tokens: list[str], languages: tuple[str, ...]) -> list[str]:
    """Lemmas of the content words: stop words of the text's languages removed, one-letter words dropped."""
    if not languages:
        return [token for token in tokens if len(token) > 1]
    stop = frozenset().union(*(STOP_WORDS[language] for language in languages))
    primary = languages[0]
    result = []
    for token in tokens:
        if len(token) < 2 or token in stop:
            continue
        language = primary
        if len(languages) > 1 and not _known(token, primary):
            language = next((other for other in languages[1:] if _known(token, other)), primary)
        term = lemma(token, language)
        if term and term not in stop and len(term) > 1:
            result.append(term)
    return result
