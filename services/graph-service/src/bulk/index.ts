export { type FollowEdge, importFollowEdges } from "./import-follow-edges.ts";
