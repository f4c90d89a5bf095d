/**
 * A protocol-level fake of AWS Secrets Manager's GetSecretValue (awsJson1_1 over HTTP POST with
 * `X-Amz-Target: secretsmanager.GetSecretValue`), on loopback. It does not verify SigV4
 * signatures: it checks that the SDK speaks the protocol, not that AWS would accept the request.
 */
export function startFakeSecretsManager() {
  const secrets = new Map<string, string>();
  const requests: Array<{
    target: string | null;
    contentType: string | null;
    authorization: string | null;
    body: unknown;
  }> = [];
  let failNext = 0;
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(req) {
      const body = (await req.json()) as { SecretId?: string };
      requests.push({
        target: req.headers.get("x-amz-target"),
        contentType: req.headers.get("content-type"),
        authorization: req.headers.get("authorization"),
        body,
      });
      const reply = (status: number, doc: unknown) =>
        new Response(JSON.stringify(doc), {
          status,
          headers: { "content-type": "application/x-amz-json-1.1" },
        });
      if (failNext > 0) {
        failNext--;
        return reply(500, { __type: "InternalServiceError", message: "injected failure" });
      }
      if (req.method !== "POST" || req.headers.get("x-amz-target") !== "secretsmanager.GetSecretValue") {
        return reply(400, { __type: "UnknownOperationException", message: "unsupported" });
      }
      const value = body.SecretId === undefined ? undefined : secrets.get(body.SecretId);
      if (value === undefined) {
        return reply(400, {
          __type: "ResourceNotFoundException",
          message: "Secrets Manager can't find the specified secret.",
        });
      }
      return reply(200, {
        ARN: `arn:aws:secretsmanager:us-east-1:000000000000:secret:${body.SecretId}`,
        Name: body.SecretId,
        SecretString: value,
        VersionId: crypto.randomUUID(),
        VersionStages: ["AWSCURRENT"],
        CreatedDate: Date.now() / 1000,
      });
    },
  });
  return {
    url: `http://127.0.0.1:${server.port}`,
    secrets,
    requests,
    /** The next `n` requests answer 500. */
    failNext(n: number) {
      failNext = n;
    },
    stop: () => server.stop(true),
  };
}
