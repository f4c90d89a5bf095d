import { createS3BlobStore } from "../src/index.ts";
import { describeBlobContract } from "../src/testing/index.ts";

// Fails (never skips) without AWS_S3_ENDPOINT: the infra tier must prove the S3 adapter.
describeBlobContract("s3", async () => {
  const endpoint = process.env.AWS_S3_ENDPOINT;
  if (!endpoint) throw new Error("AWS_S3_ENDPOINT is not set; the S3 blob contract needs an S3 server");
  const store = createS3BlobStore({
    endpoint,
    bucket: process.env.AWS_S3_BUCKET ?? "nova-test",
    region: process.env.AWS_S3_REGION ?? "us-east-1",
    accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? "novatest",
    secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? "novatestsecret",
  });
  // Fail fast, with the endpoint in the message, when the server is not there.
  await store.list("novatest-ping/", { limit: 1 }).catch((err: Error) => {
    throw new Error(`S3 at ${endpoint} is unreachable: ${err.message}`);
  });
  return store;
});
