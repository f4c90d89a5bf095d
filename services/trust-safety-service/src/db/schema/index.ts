export * from "./media-hash-blocklist.ts";
export * from "./moderation.ts";
export { outbox } from "./outbox.ts";
export { trustSafetySchema } from "./ts-schema.ts";
