"""A unit is never held twice for overlapping days (decision 0501).

PostgreSQL: an exclusion constraint over (unit, daterange(start, end, '[)')) for active bookings, with btree_gist.
SQLite: triggers that refuse an insert or update making two active bookings of one unit overlap; SQLite runs one
writer at a time (transaction_mode IMMEDIATE), so the check and the write cannot interleave.
Other databases are not supported by the platform.
"""

from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations

POSTGRES_ADD = """
ALTER TABLE lending_booking ADD CONSTRAINT lending_booking_no_overlap
EXCLUDE USING gist (unit_id WITH =, daterange(start_date, end_date, '[)') WITH &&) WHERE (is_active);
"""
POSTGRES_DROP = "ALTER TABLE lending_booking DROP CONSTRAINT IF EXISTS lending_booking_no_overlap;"

SQLITE_OVERLAP = """
SELECT RAISE(ABORT, 'lending_booking_no_overlap') WHERE EXISTS (
    SELECT 1 FROM lending_booking AS other
    WHERE other.unit_id = NEW.unit_id AND other.is_active AND other.id IS NOT NEW.id
      AND other.start_date < NEW.end_date AND NEW.start_date < other.end_date
);
"""
SQLITE_ADD = [
    f"""CREATE TRIGGER lending_booking_no_overlap_insert BEFORE INSERT ON lending_booking
    WHEN NEW.is_active BEGIN {SQLITE_OVERLAP} END;""",
    f"""CREATE TRIGGER lending_booking_no_overlap_update
    BEFORE UPDATE OF unit_id, start_date, end_date, is_active ON lending_booking
    WHEN NEW.is_active BEGIN {SQLITE_OVERLAP} END;""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS lending_booking_no_overlap_insert;",
    "DROP TRIGGER IF EXISTS lending_booking_no_overlap_update;",
]


def add_guard(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_ADD)
    elif vendor == "sqlite":
        for statement in SQLITE_ADD:
            schema_editor.execute(statement)
    else:
        raise RuntimeError(f"The equipment library needs PostgreSQL or SQLite, not {vendor}.")


def drop_guard(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_DROP)
    elif vendor == "sqlite":
        for statement in SQLITE_DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("lending", "0001_initial")]

    operations = [
        # Does nothing on databases other than PostgreSQL.
        BtreeGistExtension(),
        migrations.RunPython(add_guard, drop_guard),
    ]
