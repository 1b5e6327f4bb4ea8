from sammen.analysis.engine import Corpus, DuplicateSettings, InputRecord, compute_features, find_duplicates

from .conftest import records


def lexical(*texts):
    inputs = records(*texts)
    return Corpus(inputs, compute_features(inputs, None))


def test_the_same_idea_with_slips_across_channels_is_grouped():
    corpus = lexical(
        "Lekeplassen ved blokk C er gammel og ødelagt, vi vil ha nye husker",
        "lekeplasen ved blokk c er ødelagt, vi vil ha nye husker!!",
        "Legekontoret har altfor lang ventetid",
        "Vi ønsker en ungdomsklubb med musikkrom",
    )
    (group,) = find_duplicates(corpus)
    assert set(group.member_ids) == {"r1", "r2"}
    assert group.count == 2 and group.canonical_id in {"r1", "r2"}
    assert group.similarity >= 0.35


def test_identical_inputs_form_one_group():
    corpus = lexical(*["Mer lys i parken"] * 5)
    (group,) = find_duplicates(corpus)
    assert group.member_ids == ("r1", "r2", "r3", "r4", "r5")
    assert group.canonical_id == "r1"


def test_one_input_has_no_duplicates():
    assert find_duplicates(lexical("Mer lys i parken")) == []


def test_different_ideas_are_not_grouped():
    corpus = lexical("Mer lys i parken", "Lang ventetid hos legen", "Ungdomsklubb med musikk")
    assert find_duplicates(corpus) == []


def test_groups_have_no_chains():
    # Complete linkage: a and c are each close to b but not to each other, so at most one pair is grouped.
    corpus = lexical(
        "benker og lys i parken ved skolen",
        "benker og lys i parken ved skolen og lekeplass og husker",
        "lekeplass og husker og klatrestativ ved blokkene",
    )
    groups = find_duplicates(corpus, DuplicateSettings(threshold=0.3))
    assert all(group.count == 2 for group in groups)


def test_the_same_idea_in_bokmal_nynorsk_and_danish_is_grouped(bundled_backend):
    texts = {
        "nb": "Vi trenger flere benker og bedre belysning i parken ved skolen.",
        "nn": "Vi treng fleire benkar og betre lys i parken ved skulen.",
        "da": "Vi har brug for flere bænke og bedre lys i parken ved skolen.",
    }
    others = [
        "Legekontoret har altfor lang ventetid, jeg fikk ikke time.",
        "Hjemmeplejen kommer på forskellige tidspunkter hver dag.",
        "Ungdomen treng ein stad å vere om kveldane.",
        "Kommunen må spørre oss før de bestemmer noe.",
        "Det burde være en sprogcafé for nye danskere.",
        "Bossdunkane har ikkje vore tømde på tre veker.",
        "Bilene kjører for fort gjennom boligområdet.",
        "Jeg vil gerne være frivillig, men ved ikke hvor.",
    ]
    inputs = [InputRecord(language, text, language=language) for language, text in texts.items()]
    inputs += [InputRecord(f"o{n}", text) for n, text in enumerate(others)]
    corpus = Corpus(inputs, compute_features(inputs, bundled_backend))
    (group,) = find_duplicates(corpus)
    # In so small a corpus no language has enough inputs to be centred on its own (see Corpus.semantic),
    # so the Nynorsk phrasing may be missed; the evaluation set measures recall properly.
    assert {"nb", "da"} <= set(group.member_ids) <= {"nb", "nn", "da"}
