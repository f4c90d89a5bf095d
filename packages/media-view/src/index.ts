export { mediaObjectSchema } from "./media-object-schema.ts";
export { type MediaObjectView, toMediaObjectView } from "./to-media-object-view.ts";
