-- Reverts 0003: the group index without its time order.
DROP INDEX IF EXISTS "notification_service"."notifications_recipient_group_idx";
--> statement-breakpoint
CREATE INDEX "notifications_recipient_group_idx" ON "notification_service"."notifications" USING btree ("recipient_id","group_key");
