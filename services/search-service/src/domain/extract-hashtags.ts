/** Hashtags of a text as content-service writes them: lower-cased, without '#', unique, in order. */
export function extractHashtags(text: string): string[] {
  const tags = [...text.normalize("NFC").matchAll(/(?:^|[^\p{L}\p{N}_])#([\p{L}\p{N}_]{1,64})/gu)].map((m) =>
    (m[1] as string).toLowerCase(),
  );
  return [...new Set(tags)];
}
