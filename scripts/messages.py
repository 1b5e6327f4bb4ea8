"""Update the translation catalogues: extract every UI string, fill English from the source, report gaps.

Usage: .venv/bin/python scripts/messages.py [--check]

Each app keeps its catalogue in sammen/<app>/locale/<lang>/LC_MESSAGES/django.po; strings outside the apps
(templates/, config/) go to locale/. English is the source language, so en.po is filled from the msgids.
With --check nothing is written; the exit code is 1 when any string lacks a translation.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ["nb", "nn", "da", "en"]
IGNORE = ["*/tests/*", "node_modules/*", ".venv/*", "e2e/*", "bench/*", "scripts/*", "staticfiles/*", "var/*"]


def extract(root: Path) -> None:
    command = [sys.executable, "manage.py", "makemessages", "--no-location", "--no-obsolete"]
    for language in LANGUAGES:
        command += ["-l", language]
    for pattern in IGNORE:
        command += ["--ignore", pattern]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    subprocess.run(command, cwd=root, check=True, env=env, stdout=subprocess.DEVNULL)


def catalogues(root: Path) -> list[Path]:
    found = sorted(root.glob("locale/*/LC_MESSAGES/django.po")) + sorted(
        root.glob("sammen/*/locale/*/LC_MESSAGES/django.po")
    )
    return found


def fill_english(path: Path) -> None:
    po = polib.pofile(str(path), wrapwidth=0)
    for entry in po:
        if entry.msgid_plural:
            entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
        else:
            entry.msgstr = entry.msgid
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    po.metadata["Language"] = "en"
    po.save(str(path))


def gaps(path: Path) -> list[str]:
    po = polib.pofile(str(path))
    missing = [e.msgid for e in po.untranslated_entries()] + [e.msgid for e in po.fuzzy_entries()]
    return missing


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--check", action="store_true", help="report only; write nothing")
    args = parser.parse_args()
    if not args.check:
        extract(ROOT)
        for path in catalogues(ROOT):
            if path.parts[-3] == "en":
                fill_english(path)
    status = 0
    for path in catalogues(ROOT):
        missing = gaps(path)
        if missing:
            status = 1
            print(f"{path.relative_to(ROOT)}: {len(missing)} untranslated")
            for msgid in missing[:20]:
                print(f"    {msgid!r}")
    return status


if __name__ == "__main__":
    sys.exit(main())
