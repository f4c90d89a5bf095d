-- Reverts 0001: drops the impression and feedback logs (data included).
DROP TABLE IF EXISTS "ranking_service"."impressions";
--> statement-breakpoint
DROP TABLE IF EXISTS "ranking_service"."feedback";
