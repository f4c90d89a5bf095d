CREATE SCHEMA "graph_service";
