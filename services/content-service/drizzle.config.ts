import { defineServiceDrizzleConfig } from "@nova/db/drizzle-config";

export default defineServiceDrizzleConfig("content-service");
