"""The input-analysis engine: plain records in, plain dataclasses out; no Django, no network.

features = compute_features(records, get_backend())        # once per input; store `f.to_dict()`
corpus = Corpus(records, features)
themes = find_themes(corpus)
model = train(corpus, areas, labels, backend=backend); suggestions = suggest(model, corpus)
groups = find_duplicates(corpus)
"""

from .backends import BackendUnavailable, EmbeddingBackend, get_backend, load_local_model
from .duplicates import find_duplicates
from .features import Corpus, compute_features, corpus_for, ensure_features, is_current
from .focus import FocusAreaError, FocusModel, review_queue, suggest, train
from .records import (
    PIPELINE_VERSION,
    DuplicateGroup,
    DuplicateSettings,
    Features,
    FocusArea,
    InputRecord,
    Suggestion,
    Theme,
    ThemeResult,
    ThemeSettings,
)
from .themes import ThemeError, accept_theme, find_themes, merge_themes, rename_theme, split_theme, theme_tags

__all__ = [
    "PIPELINE_VERSION",
    "BackendUnavailable",
    "Corpus",
    "DuplicateGroup",
    "DuplicateSettings",
    "EmbeddingBackend",
    "Features",
    "FocusArea",
    "FocusAreaError",
    "FocusModel",
    "InputRecord",
    "Suggestion",
    "Theme",
    "ThemeError",
    "ThemeResult",
    "ThemeSettings",
    "accept_theme",
    "compute_features",
    "corpus_for",
    "ensure_features",
    "find_duplicates",
    "find_themes",
    "get_backend",
    "is_current",
    "load_local_model",
    "merge_themes",
    "rename_theme",
    "review_queue",
    "split_theme",
    "suggest",
    "theme_tags",
    "train",
]
