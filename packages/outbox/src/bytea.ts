import { customType } from "drizzle-orm/pg-core";

/**
 * PostgreSQL `bytea` (drizzle 0.45 has no built-in). postgres-js returns a Buffer and PGlite a
 * Uint8Array; both are Uint8Arrays, and both drivers accept a Buffer when writing.
 */
export const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => "bytea",
  toDriver: (value) => Buffer.from(value.buffer, value.byteOffset, value.byteLength),
  fromDriver: (value) => new Uint8Array(value.buffer, value.byteOffset, value.byteLength),
});
