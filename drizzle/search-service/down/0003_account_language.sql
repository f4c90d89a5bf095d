-- Reverts 0003: posts no longer fall back to their author's language (english instead).
ALTER TABLE "search_service"."accounts" DROP COLUMN IF EXISTS "language";
