"""Every UI string is translated into nb, nn, da and en, and the catalogues match the source code."""

import importlib.util
import shutil
from pathlib import Path

import polib
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
COPY = ["sammen", "config", "templates", "locale", "locale_thirdparty", "manage.py"]


def _messages_module():
    spec = importlib.util.spec_from_file_location("messages_script", ROOT / "scripts" / "messages.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_catalogues_are_complete_and_up_to_date(tmp_path):
    """Extract the strings from a copy of the source: a new string without a translation fails here."""
    messages = _messages_module()
    for name in COPY:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
        else:
            shutil.copy(source, tmp_path / name)
    messages.extract(tmp_path)
    problems = []
    for path in messages.catalogues(tmp_path):
        if path.parts[-3] == "en":
            messages.fill_english(path)
        for msgid in messages.gaps(path):
            problems.append(f"{path.relative_to(tmp_path)}: {msgid!r}")
    assert not problems, "Untranslated strings (run scripts/messages.py and translate):\n" + "\n".join(problems)


def test_every_language_has_a_catalogue_for_every_app():
    for app_dir in sorted((ROOT / "sammen").iterdir()):
        if not (app_dir / "apps.py").exists():
            continue
        for language in ("nb", "nn", "da", "en"):
            assert (app_dir / "locale" / language / "LC_MESSAGES" / "django.po").exists(), (app_dir.name, language)


def test_nynorsk_covers_the_login_pages():
    """django-allauth ships no nynorsk; locale_thirdparty/nn must translate all of its strings."""
    import allauth

    upstream = polib.pofile(str(Path(allauth.__file__).parent / "locale" / "nb" / "LC_MESSAGES" / "django.po"))
    ours = polib.pofile(str(ROOT / "locale_thirdparty" / "nn" / "LC_MESSAGES" / "django.po"))
    translated = {(e.msgctxt, e.msgid) for e in ours.translated_entries()}
    missing = [e.msgid for e in upstream if not e.obsolete and (e.msgctxt, e.msgid) not in translated]
    assert not missing, f"allauth strings without nynorsk: {missing[:20]}"


def test_a_string_means_the_same_in_every_app():
    """Django merges every app's catalogue into one, so a msgid translated two ways shows only one of them.

    Where the meaning differs, the code must say so with a context (pgettext / {% translate ... context ... %}).
    """
    conflicts = []
    for language in ("nb", "nn", "da"):
        seen: dict[tuple[str | None, str], dict[str, str]] = {}
        for path in sorted((ROOT / "sammen").glob(f"*/locale/{language}/LC_MESSAGES/django.po")):
            for entry in polib.pofile(str(path)).translated_entries():
                seen.setdefault((entry.msgctxt, entry.msgid), {})[path.parts[-5]] = entry.msgstr
        for (context, msgid), by_app in sorted(seen.items(), key=lambda item: (item[0][1], item[0][0] or "")):
            if len(set(by_app.values())) > 1:
                conflicts.append(f"{language} {msgid!r} (context {context!r}): {by_app}")
    assert not conflicts, "The same string is translated differently in two apps:\n" + "\n".join(conflicts)
