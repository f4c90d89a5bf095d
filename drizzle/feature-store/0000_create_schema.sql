CREATE SCHEMA "feature_store";
