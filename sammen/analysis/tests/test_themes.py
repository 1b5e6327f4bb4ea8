import pytest

from sammen.analysis.engine import (
    Corpus,
    ThemeError,
    ThemeSettings,
    accept_theme,
    compute_features,
    find_themes,
    merge_themes,
    rename_theme,
    split_theme,
    theme_tags,
)

from .conftest import records

LIGHT = [
    "Det er for mørkt i parken om kvelden, vi trenger lys",
    "Mer lys i parken, den er mørk om kvelden",
    "Parken trenger gatelys, det er mørkt og utrygt",
    "Lyset i parken virker ikke og det er mørkt",
]
DOCTOR = [
    "Lang ventetid på legekontoret, fikk ikke time hos legen",
    "Legekontoret har for lang ventetid for time",
    "Det tar uker å få time hos fastlegen, ventetid",
    "Ventetid hos legen er altfor lang",
]
YOUTH = [
    "Ungdommen trenger en ungdomsklubb med musikk om kvelden",
    "Ungdomsklubb for ungdom med musikkrom",
    "Vi vil ha ungdomsklubb og musikk for ungdommen",
    "Ungdom mangler en klubb med musikk",
]


@pytest.fixture
def corpus():
    inputs = records(*LIGHT, *DOCTOR, *YOUTH)
    return Corpus(inputs, compute_features(inputs, None))


def test_themes_group_inputs_and_name_them_by_keywords(corpus):
    result = find_themes(corpus, ThemeSettings(n_themes=3))
    assert len(result.themes) == 3
    groups = sorted(sorted(theme.member_ids) for theme in result.themes)
    assert groups == sorted(
        [sorted(["r1", "r2", "r3", "r4"]), ["r5", "r6", "r7", "r8"], sorted(["r9", "r10", "r11", "r12"])]
    )
    keywords = {theme.member_ids[0][:2]: theme.keywords for theme in result.themes}
    by_member = {member: theme for theme in result.themes for member in theme.member_ids}
    assert "park" in by_member["r1"].keywords
    assert "ventetid" in by_member["r5"].keywords
    assert "ungdomsklubb" in by_member["r9"].keywords
    assert keywords
    for theme in result.themes:
        assert theme.label == ", ".join([theme.keywords[0].capitalize(), *theme.keywords[1:3]])
        assert theme.representative_ids == theme.member_ids[:3]


def test_themes_are_deterministic(corpus):
    assert find_themes(corpus) == find_themes(corpus)


def test_number_of_themes_follows_the_size_by_default(corpus):
    assert len(find_themes(corpus).themes) == 2  # round(sqrt(12 / 2)) = 2


def test_a_subset_can_be_analysed(corpus):
    result = find_themes(corpus, ids=["r1", "r2", "r5"])
    assert sorted(member for theme in result.themes for member in theme.member_ids) == ["r1", "r2", "r5"]


def test_one_input_is_one_theme():
    inputs = records("Mer lys i parken")
    result = find_themes(Corpus(inputs, compute_features(inputs, None)))
    assert [theme.member_ids for theme in result.themes] == [("r1",)]


def test_identical_inputs_are_one_theme():
    inputs = records(*["Mer lys i parken"] * 6)
    result = find_themes(Corpus(inputs, compute_features(inputs, None)))
    assert len(result.themes) == 1 and result.themes[0].size == 6


def test_no_inputs_no_themes():
    assert find_themes(Corpus([], [])).themes == ()


def test_rename_and_accept_return_new_results(corpus):
    result = find_themes(corpus, ThemeSettings(n_themes=3))
    renamed = rename_theme(result, 1, "  Lys og trygghet ")
    accepted = accept_theme(renamed, 1)
    assert result.themes[0].label != "Lys og trygghet"  # the original is untouched
    assert (accepted.themes[0].label, accepted.themes[0].is_renamed, accepted.themes[0].is_accepted) == (
        "Lys og trygghet",
        True,
        True,
    )
    assert theme_tags(accepted) == {member: ["Lys og trygghet"] for member in accepted.themes[0].member_ids}
    with pytest.raises(ThemeError):
        rename_theme(result, 1, "  ")
    with pytest.raises(ThemeError):
        accept_theme(result, 99)


def test_merge_keeps_the_lowest_id_and_all_members(corpus):
    result = rename_theme(find_themes(corpus, ThemeSettings(n_themes=3)), 2, "Helse")
    merged = merge_themes(result, corpus, [3, 2])
    assert [theme.id for theme in merged.themes] == [1, 2]
    assert merged.themes[1].size == result.themes[1].size + result.themes[2].size
    assert merged.themes[1].label == "Helse"
    with pytest.raises(ThemeError):
        merge_themes(result, corpus, [2])


def test_split_makes_new_themes_from_one(corpus):
    result = find_themes(corpus, ThemeSettings(n_themes=2))
    big = max(result.themes, key=lambda theme: theme.size)
    split = split_theme(result, corpus, big.id, parts=2)
    assert len(split.themes) == 3
    assert sorted(m for t in split.themes for m in t.member_ids) == sorted(
        m for t in result.themes for m in t.member_ids
    )
    assert split == split_theme(result, corpus, big.id, parts=2)  # deterministic too
    with pytest.raises(ThemeError):
        split_theme(result, corpus, big.id, parts=big.size + 1)


def test_identical_inputs_cannot_be_split():
    inputs = records(*["Mer lys i parken"] * 4)
    corpus = Corpus(inputs, compute_features(inputs, None))
    result = find_themes(corpus)
    with pytest.raises(ThemeError, match="too alike"):
        split_theme(result, corpus, 1)
