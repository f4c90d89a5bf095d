import { searchContract } from "./search-contract.ts";

// The embedded engine: PostgreSQL full-text search (english + simple) and pg_trgm, on PGlite.
searchContract("the embedded engine (PGlite)", {}, { stems: true });
// The same engine on the machine's PostgreSQL (what production runs without Elasticsearch): the
// reindex's bulk inserts and renames, the per-statement planner setting and the drivers differ.
searchContract("the embedded engine (PostgreSQL)", {}, { stems: true }, "postgres");
