"""Database guards for the ledger on PostgreSQL: entries and transactions are append-only, and every
transaction's entries must sum to zero when the database transaction commits (a deferred constraint trigger).

SQLite has no deferred triggers; there the services and `card_reconcile` keep the same rules.
"""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION card_ledger_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'The card ledger is append-only: % on % is not allowed', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER card_entry_append_only BEFORE UPDATE OR DELETE ON card_entry
    FOR EACH ROW EXECUTE FUNCTION card_ledger_append_only();
CREATE TRIGGER card_transaction_append_only BEFORE UPDATE OR DELETE ON card_transaction
    FOR EACH ROW EXECUTE FUNCTION card_ledger_append_only();

CREATE OR REPLACE FUNCTION card_transaction_balances() RETURNS trigger AS $$
DECLARE
    total bigint;
    marker text := 'card_ledger.checked_' || NEW.transaction_id;
BEGIN
    -- One check per ledger transaction, however many entries it has (a grant to every child has thousands).
    IF current_setting(marker, true) = '1' THEN
        RETURN NULL;
    END IF;
    PERFORM set_config(marker, '1', true);
    SELECT COALESCE(SUM(amount), 0) INTO total FROM card_entry WHERE transaction_id = NEW.transaction_id;
    IF total <> 0 THEN
        RAISE EXCEPTION 'Card ledger transaction % does not balance (sum % øre)', NEW.transaction_id, total
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE CONSTRAINT TRIGGER card_entry_sums_to_zero AFTER INSERT ON card_entry
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION card_transaction_balances();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS card_entry_sums_to_zero ON card_entry;
DROP TRIGGER IF EXISTS card_entry_append_only ON card_entry;
DROP TRIGGER IF EXISTS card_transaction_append_only ON card_transaction;
DROP FUNCTION IF EXISTS card_transaction_balances();
DROP FUNCTION IF EXISTS card_ledger_append_only();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(FORWARD)  # no parameters, so the % in RAISE messages is not a placeholder


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("card", "0001_initial")]

    operations = [migrations.RunPython(forward, backward)]
