import type { Client } from "@elastic/elasticsearch";
import { accountsIndexBody, DOCUMENT_FIELDS_ADDED, documentsIndexBody } from "./es-mappings.ts";

export interface EsTarget {
  client: Client;
  prefix: string;
  textAnalyzer: string;
  refresh: boolean | "wait_for";
}

/** Operations per bulk request: bounded so a big sync (an author's posts) never builds one huge body. */
const BULK_CHUNK = 500;

/** A concrete index name behind an alias (aliases let reindex swap without downtime). */
export function concreteIndexName(alias: string): string {
  return `${alias}-${Date.now()}`;
}

/** Creates `<prefix>-documents` / `<prefix>-accounts` aliases over new indices when they do not exist yet. */
export async function ensureAliases(t: EsTarget): Promise<void> {
  for (const [alias, body] of [
    [`${t.prefix}-documents`, documentsIndexBody(t.textAnalyzer)],
    [`${t.prefix}-accounts`, accountsIndexBody()],
  ] as const) {
    if (await t.client.indices.existsAlias({ name: alias })) {
      // Indices made by an earlier release lack later fields; strict mappings would refuse them.
      if (alias.endsWith("-documents"))
        await t.client.indices.putMapping({ index: alias, properties: DOCUMENT_FIELDS_ADDED });
      continue;
    }
    const index = concreteIndexName(alias);
    await t.client.indices.create({ index, ...body, aliases: { [alias]: { is_write_index: true } } });
  }
}

/**
 * Writes the given ids: those in `rows` are indexed (whole documents: the projection is the truth),
 * the others deleted. Chunked; a chunk's items that fail with 429 (queue full) are retried with
 * back-off, any other item failure is thrown after the chunk.
 */
export async function bulkWrite<T>(
  t: EsTarget,
  index: string,
  ids: readonly string[],
  rows: ReadonlyMap<string, T>,
) {
  for (let i = 0; i < ids.length; i += BULK_CHUNK) {
    let pending = ids.slice(i, i + BULK_CHUNK);
    for (let attempt = 0; pending.length > 0; attempt++) {
      const operations: unknown[] = [];
      for (const id of pending) {
        const row = rows.get(id);
        if (row) operations.push({ index: { _index: index, _id: id } }, row);
        else operations.push({ delete: { _index: index, _id: id } });
      }
      const res = await t.client.bulk({ operations: operations as never[], refresh: t.refresh });
      if (!res.errors) break;
      const retry: string[] = [];
      const failed: string[] = [];
      res.items.forEach((item, k) => {
        const op = item.index ?? item.delete;
        if (!op?.error) return;
        if (item.delete && op.status === 404) return;
        if (op.status === 429) retry.push(pending[k] as string);
        else failed.push(`${pending[k]}: ${op.error.type} ${op.error.reason ?? ""}`);
      });
      if (failed.length > 0) throw new Error(`elasticsearch bulk: ${failed.slice(0, 3).join("; ")}`);
      if (attempt >= 5) throw new Error(`elasticsearch bulk: ${retry.length} items still rejected (429)`);
      pending = retry;
      await Bun.sleep(100 * 2 ** attempt);
    }
  }
}
