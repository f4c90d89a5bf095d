/** Every file of a media object lives under this prefix: deleting the object deletes the prefix. */
export function mediaPrefix(ownerId: string, mediaId: string): string {
  return `media/${ownerId}/${mediaId}/`;
}

/** Where an upload session's bytes land before they are checked and processed. */
export function uploadKey(ownerId: string, sessionId: string): string {
  return `uploads/${ownerId}/${sessionId}`;
}

export function extensionOf(contentType: string): string {
  return (
    {
      "image/webp": "webp",
      "image/jpeg": "jpg",
      "image/png": "png",
      "image/avif": "avif",
      "video/mp4": "mp4",
    }[contentType] ?? "bin"
  );
}
