"""The database triggers that make the audit trail (history.py) append-only. Kept here (not only in
the migration) because `flush`, which empties every table by design, must lift them on SQLite."""

TABLE = "moderation_moderationevent"

POSTGRES_UP = f"""
CREATE OR REPLACE FUNCTION moderation_event_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the moderation audit trail is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER moderation_event_no_update BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION moderation_event_append_only();
"""
POSTGRES_DOWN = [
    f"DROP TRIGGER IF EXISTS moderation_event_no_update ON {TABLE};",
    "DROP FUNCTION IF EXISTS moderation_event_append_only();",
]
SQLITE_UP = [
    f"CREATE TRIGGER IF NOT EXISTS moderation_event_no_update BEFORE UPDATE ON {TABLE} "
    "BEGIN SELECT RAISE(ABORT, 'the moderation audit trail is append-only'); END;",
    f"CREATE TRIGGER IF NOT EXISTS moderation_event_no_delete BEFORE DELETE ON {TABLE} "
    "BEGIN SELECT RAISE(ABORT, 'the moderation audit trail is append-only'); END;",
]
SQLITE_DOWN = ["DROP TRIGGER IF EXISTS moderation_event_no_update;", "DROP TRIGGER IF EXISTS moderation_event_no_delete;"]


def triggers_up(apps, schema_editor):
    statements = [POSTGRES_UP] if schema_editor.connection.vendor == "postgresql" else SQLITE_UP
    for statement in statements:
        schema_editor.execute(statement)


def triggers_down(apps, schema_editor):
    statements = POSTGRES_DOWN if schema_editor.connection.vendor == "postgresql" else SQLITE_DOWN
    for statement in statements:
        schema_editor.execute(statement)
