/** A migration could not be read, applied or reverted; the message names the schema and file. */
export class MigrationError extends Error {
  override readonly name = "MigrationError";
}
