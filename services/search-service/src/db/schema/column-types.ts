import { customType } from "drizzle-orm/pg-core";

/** PostgreSQL `tsvector` (full-text document); written only by a generated column. */
export const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });

/** PostgreSQL `regconfig`: the text-search configuration of a row's language (english, simple, …). */
export const regconfig = customType<{ data: string }>({ dataType: () => "regconfig" });

export const tz = { withTimezone: true, mode: "date" } as const;
