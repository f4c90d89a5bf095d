-- Hashtag search, suggest and trends answer everyone: only public posts (and comments on them) of
-- public accounts count as uses. Drop the uses that followers-only/mentioned posts and private
-- accounts left, then recount.
DELETE FROM "search_service"."hashtag_uses" u USING "search_service"."documents" d
WHERE u.document_id = d.id AND (d.scope_visibility <> 1 OR EXISTS (
  SELECT 1 FROM "search_service"."accounts" a WHERE a.id = d.scope_author_id AND a.private));
--> statement-breakpoint
UPDATE "search_service"."hashtags" h SET uses = c.n, last_used_at = c.last
FROM (SELECT tag, count(*)::int AS n, max(used_at) AS last FROM "search_service"."hashtag_uses" GROUP BY tag) c
WHERE c.tag = h.tag;
--> statement-breakpoint
DELETE FROM "search_service"."hashtags" h
WHERE NOT EXISTS (SELECT 1 FROM "search_service"."hashtag_uses" u WHERE u.tag = h.tag);
