-- Reverts 0004: nothing to undo in the schema (the dropped uses of non-public posts come back with
-- the next `bun run search:reindex` only if the code that counted them is restored too).
SELECT 1;
