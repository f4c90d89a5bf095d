export { feedback } from "./feedback.ts";
export { impressions } from "./impressions.ts";
export { rankingSchema } from "./ranking-schema.ts";
