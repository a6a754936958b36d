-- Kilo ends at Nova's 280. Nova's other kilo scripts (265, 267-269, 271-275, 277-279) tighten or
-- re-index tables Tandem either does not have or created in their kilo form already, and 267/278-280
-- are not expand-only; Tandem records the schema version without changing anything.
SELECT 1;
