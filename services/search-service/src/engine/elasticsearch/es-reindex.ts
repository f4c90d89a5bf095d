import type { Database } from "@nova/db";
import { bulkWrite, concreteIndexName, type EsTarget } from "./es-indices.ts";
import { accountsIndexBody, documentsIndexBody } from "./es-mappings.ts";
import { readAccounts, readDocuments } from "./es-rows.ts";

const PAGE = 1_000;

/**
 * Zero-downtime reindex: new concrete indices (current mappings) are filled from the projection
 * page by page while the aliases keep serving the old ones, then both aliases move in one atomic
 * `_aliases` call and the old indices are deleted. Events applied while the projection is being
 * copied reach the old index only: the reindex (domain/reindex.ts) captures their rows and syncs
 * them again once the aliases point at the new indices.
 */
export async function reindexElasticsearch(t: EsTarget, db: Database) {
  const out: Record<string, number> = {};
  for (const [name, body] of [
    ["documents", documentsIndexBody(t.textAnalyzer)],
    ["accounts", accountsIndexBody()],
  ] as const) {
    const alias = `${t.prefix}-${name}`;
    const next = concreteIndexName(alias);
    await t.client.indices.create({ index: next, ...body });
    let afterId = "00000000-0000-0000-0000-000000000000";
    let total = 0;
    for (;;) {
      const rows =
        name === "documents"
          ? await readDocuments(db, { afterId, limit: PAGE })
          : await readAccounts(db, { afterId, limit: PAGE });
      if (rows.size === 0) break;
      const ids = [...rows.keys()];
      await bulkWrite({ ...t, refresh: false }, next, ids, rows as Map<string, unknown>);
      total += ids.length;
      afterId = ids.at(-1) as string;
    }
    await t.client.indices.refresh({ index: next });
    const current = Object.keys(await t.client.indices.getAlias({ name: alias }).catch(() => ({})));
    await t.client.indices.updateAliases({
      actions: [
        ...current.map((index) => ({ remove: { index, alias } })),
        { add: { index: next, alias, is_write_index: true } },
      ],
    });
    for (const index of current) await t.client.indices.delete({ index });
    out[name] = total;
  }
  return { documents: out.documents ?? 0, accounts: out.accounts ?? 0 };
}
