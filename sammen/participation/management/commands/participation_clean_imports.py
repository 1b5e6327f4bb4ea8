"""Delete uploaded spreadsheets that were never confirmed or cancelled (they wait in the file storage)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.utils import timezone

IMPORT_ROOT = "participation/imports"


class Command(BaseCommand):
    help = "Delete spreadsheet uploads older than --hours (default 24) that were never imported. Run it daily."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--hours", type=int, default=24)

    def handle(self, *args: Any, **options: Any) -> None:
        cutoff = timezone.now() - datetime.timedelta(hours=options["hours"])
        deleted = 0
        try:
            folders, _files = default_storage.listdir(IMPORT_ROOT)
        except FileNotFoundError:
            folders = []
        for folder in folders:
            _subfolders, files = default_storage.listdir(f"{IMPORT_ROOT}/{folder}")
            for name in files:
                path = f"{IMPORT_ROOT}/{folder}/{name}"
                if default_storage.get_modified_time(path) < cutoff:
                    default_storage.delete(path)
                    deleted += 1
        self.stdout.write(f"Deleted {deleted} abandoned upload(s).")
