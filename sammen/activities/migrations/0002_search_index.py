"""A GIN index for full-text search on PostgreSQL (SQLite searches the same column with LIKE)."""

from django.db import migrations

INDEX = "activities_activity_search_gin"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON activities_activity "
        "USING gin (to_tsvector('simple'::regconfig, COALESCE((search_document)::text, '')))"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("activities", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
