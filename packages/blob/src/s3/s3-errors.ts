import {
  DomainError,
  FailedPreconditionError,
  NotFoundError,
  PermissionDeniedError,
  UnavailableError,
} from "@nova/errors";

/** True when the SDK reports a missing object or upload (its error names vary by operation). */
export function isNotFound(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  if (e?.name === "NoSuchBucket") return false;
  return (
    e?.name === "NoSuchKey" ||
    e?.name === "NotFound" ||
    e?.name === "NoSuchUpload" ||
    e?.$metadata?.httpStatusCode === 404
  );
}

/** Maps S3 failures onto Nova's error types in one place. */
export function mapS3Error(err: unknown, what: string, key?: string): Error {
  if (err instanceof DomainError) return err;
  const e = err as Error & { name?: string; $metadata?: { httpStatusCode?: number } };
  if (isNotFound(err)) return new NotFoundError(e.name === "NoSuchUpload" ? "multipart upload" : "blob", key);
  if (e?.name === "NoSuchBucket") return new FailedPreconditionError(`S3 ${what}: bucket does not exist`);
  const status = e?.$metadata?.httpStatusCode;
  if (status === 403 || e?.name === "AccessDenied")
    return new PermissionDeniedError(`S3 ${what} denied: ${e.message}`);
  if (e?.name === "EntityTooSmall" || e?.name === "InvalidPart" || e?.name === "InvalidPartOrder") {
    return new FailedPreconditionError(`S3 ${what}: ${e.message}`);
  }
  return new UnavailableError(`S3 ${what} failed: ${e?.message ?? String(err)}`, { cause: err });
}
