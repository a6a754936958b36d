-- Test-only stand-in for the next release's first migration (Nova Liberty's 291 makes no schema
-- change; its precondition is SchemaVersions.GATES, checked before this file may run).
SELECT 1;
