export { realtimeChatSchema } from "./chat-schema.ts";
export * from "./conversations.ts";
export * from "./devices.ts";
export * from "./envelopes.ts";
export { outbox } from "./outbox.ts";
export { processedEvents } from "./processed-events.ts";
