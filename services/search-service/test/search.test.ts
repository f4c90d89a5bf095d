import { searchContract } from "./search-contract.ts";

// The embedded engine: PostgreSQL full-text search (english + simple) and pg_trgm, on PGlite.
searchContract("the embedded engine (PGlite)", {}, { stems: true });
