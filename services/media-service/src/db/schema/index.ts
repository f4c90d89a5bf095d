export * from "./live-streams.ts";
export * from "./media.ts";
export { mediaSchema } from "./media-schema.ts";
export { outbox } from "./outbox.ts";
export { processedEvents } from "./processed-events.ts";
