export { type MediaObjectView, toMediaObjectView } from "./to-media-object-view.ts";
