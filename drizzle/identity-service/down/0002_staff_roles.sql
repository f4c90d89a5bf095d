-- Reverts 0002_staff_roles: the staff roles table (its foreign key goes with it).
DROP TABLE IF EXISTS "identity_service"."staff_roles";
