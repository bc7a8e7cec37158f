-- Raw telemetry is append-only: a stored batch is never rewritten (deleting rows, for account
-- deletion, stays possible). See web/db/README.md, "Triggers".
CREATE TRIGGER `telemetry_batches_append_only` BEFORE UPDATE ON `telemetry_batches`
BEGIN
  SELECT RAISE(ABORT, 'telemetry_batches is append-only');
END;
