import { join } from "node:path";

// Object keys map to paths under objects/: each segment is percent-encoded with "." encoded too,
// so directory names never contain a dot and metadata files always end in ".meta". Key "a" and key
// "a/b" then never collide as a file and a directory, and no segment can be "..".

/** Encodes one key segment into a safe file name. */
export function encodeSegment(segment: string): string {
  return encodeURIComponent(segment).replaceAll(".", "%2E");
}

export function decodeSegment(name: string): string {
  return decodeURIComponent(name);
}

/** Path of the metadata file that points at an object's current bytes. */
export function metaPath(root: string, key: string): string {
  const parts = key.split("/").map(encodeSegment);
  const last = parts.pop() as string;
  return join(root, "objects", ...parts, `${last}.meta`);
}

/** Directory that holds every key starting with the prefix's complete segments. */
export function listRoot(root: string, prefix: string): { dir: string; keyPrefix: string } {
  const slash = prefix.lastIndexOf("/");
  const complete = slash < 0 ? "" : prefix.slice(0, slash);
  const parts = complete === "" ? [] : complete.split("/").map(encodeSegment);
  return { dir: join(root, "objects", ...parts), keyPrefix: complete === "" ? "" : `${complete}/` };
}

/** Encodes a key for a URL path, segment by segment. */
export function keyToUrlPath(key: string): string {
  return key.split("/").map(encodeURIComponent).join("/");
}
