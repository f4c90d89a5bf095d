import { defineServiceDrizzleConfig } from "@nova/db/drizzle-config";

export default defineServiceDrizzleConfig("realtime-chat-service");
