import { z } from "zod";
import { idSchema, validateInput } from "./validate-input.ts";

const postInput = z.object({ postId: idSchema("post") });
const commentInput = z.object({ commentId: idSchema("comment") });

/** The post id of a write's input, validated (400 naming `postId`). */
export function parsePostId(input: unknown): string {
  return validateInput(postInput, input, "request").postId;
}

/** The comment id of a write's input, validated (400 naming `commentId`). */
export function parseCommentId(input: unknown): string {
  return validateInput(commentInput, input, "request").commentId;
}
