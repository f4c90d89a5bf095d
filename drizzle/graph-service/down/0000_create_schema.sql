-- Reverting the first migration removes the whole schema, graph_service.__migrations included.
DROP SCHEMA IF EXISTS "graph_service" CASCADE;
