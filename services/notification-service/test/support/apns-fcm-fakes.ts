import { createServer, type Http2ServerRequest, type Http2ServerResponse } from "node:http2";
import { exportPKCS8, exportSPKI, generateKeyPair, importSPKI, jwtVerify } from "jose";

/**
 * A local APNs: an HTTP/2 (h2c) server checking what APNs checks — `authorization: bearer` with an
 * ES256 provider token signed by the registered key (kid, iss = team), `apns-topic`,
 * `apns-push-type`, `apns-collapse-id` — and answering 410 Unregistered for a known-bad token.
 */
export async function startFakeApns(opts: {
  teamId: string;
  keyId: string;
  topic: string;
  badToken: string;
}) {
  const { privateKey, publicKey } = await generateKeyPair("ES256", { extractable: true });
  const keyPem = await exportPKCS8(privateKey);
  const received: { token: string; headers: Record<string, unknown>; body: Record<string, unknown> }[] = [];
  const rejected: string[] = [];
  const server = createServer(async (req: Http2ServerRequest, res: Http2ServerResponse) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    const fail = (status: number, reason: string) => {
      rejected.push(reason);
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify({ reason }));
    };
    const auth = String(req.headers.authorization ?? "");
    if (!auth.startsWith("bearer ")) return fail(403, "MissingProviderToken");
    try {
      const { payload, protectedHeader } = await jwtVerify(auth.slice(7), publicKey, {
        algorithms: ["ES256"],
      });
      if (
        protectedHeader.kid !== opts.keyId ||
        payload.iss !== opts.teamId ||
        typeof payload.iat !== "number"
      )
        return fail(403, "InvalidProviderToken");
    } catch {
      return fail(403, "InvalidProviderToken");
    }
    if (req.headers["apns-topic"] !== opts.topic) return fail(400, "BadTopic");
    if (req.headers["apns-push-type"] !== "alert") return fail(400, "InvalidPushType");
    if (!req.headers["apns-collapse-id"] || String(req.headers["apns-collapse-id"]).length > 64)
      return fail(400, "BadCollapseId");
    const token = decodeURIComponent(req.url.replace(/^\/3\/device\//, ""));
    if (token === opts.badToken) return fail(410, "Unregistered");
    received.push({ token, headers: { ...req.headers }, body: JSON.parse(body) });
    res.writeHead(200, { "apns-id": crypto.randomUUID() });
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}`, keyPem, received, rejected, stop: () => server.close() };
}

/**
 * A local FCM HTTP v1 + OAuth2 token endpoint: the JWT-bearer assertion must be RS256-signed by the
 * service account's key with iss = client_email, aud = token_uri and the messaging scope; sends need
 * the issued bearer token; a known-bad registration token gets 404 UNREGISTERED.
 */
export async function startFakeFcm(opts: { projectId: string; badToken: string }) {
  const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
  const spki = await importSPKI(await exportSPKI(publicKey), "RS256");
  const email = "push@nova-test.iam.gserviceaccount.com";
  const issued = new Set<string>();
  const received: { token: string; body: Record<string, unknown> }[] = [];
  const server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    async fetch(req) {
      const url = new URL(req.url);
      if (url.pathname === "/token") {
        const form = new URLSearchParams(await req.text());
        if (form.get("grant_type") !== "urn:ietf:params:oauth:grant-type:jwt-bearer")
          return Response.json({ error: "unsupported_grant_type" }, { status: 400 });
        try {
          const { payload } = await jwtVerify(form.get("assertion") ?? "", spki, {
            issuer: email,
            audience: `${url.origin}/token`,
          });
          if (payload.scope !== "https://www.googleapis.com/auth/firebase.messaging")
            throw new Error("scope");
        } catch {
          return Response.json({ error: "invalid_grant" }, { status: 400 });
        }
        const token = `ya29.${crypto.randomUUID()}`;
        issued.add(token);
        return Response.json({ access_token: token, expires_in: 3599, token_type: "Bearer" });
      }
      if (url.pathname === `/v1/projects/${opts.projectId}/messages:send` && req.method === "POST") {
        const bearer = req.headers.get("authorization")?.replace(/^Bearer /, "") ?? "";
        if (!issued.has(bearer))
          return Response.json({ error: { status: "UNAUTHENTICATED" } }, { status: 401 });
        const body = (await req.json()) as { message: { token: string } };
        if (body.message.token === opts.badToken)
          return Response.json(
            { error: { code: 404, status: "NOT_FOUND", details: [{ errorCode: "UNREGISTERED" }] } },
            { status: 404 },
          );
        received.push({ token: body.message.token, body });
        return Response.json({ name: `projects/${opts.projectId}/messages/1` });
      }
      return new Response("not found", { status: 404 });
    },
  });
  const origin = `http://127.0.0.1:${server.port}`;
  return {
    url: origin,
    account: {
      project_id: opts.projectId,
      client_email: email,
      private_key: await exportPKCS8(privateKey),
      token_uri: `${origin}/token`,
    },
    received,
    stop: () => server.stop(true),
  };
}
