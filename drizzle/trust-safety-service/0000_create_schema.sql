CREATE SCHEMA "trust_safety_service";
