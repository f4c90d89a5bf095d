import { createDecipheriv, createECDH, hkdfSync, randomBytes } from "node:crypto";
import { importJWK, jwtVerify } from "jose";

/** A browser's side of Web Push: its keys, and an independent RFC 8291 decryption. */
export function createBrowserKeys() {
  const ecdh = createECDH("prime256v1");
  ecdh.generateKeys();
  const auth = randomBytes(16);
  return {
    p256dh: ecdh.getPublicKey().toString("base64url"),
    auth: auth.toString("base64url"),
    /** RFC 8291 §3–4 (aes128gcm, RFC 8188 single record): the plaintext of a push body. */
    decrypt(body: Uint8Array): string {
      const buf = Buffer.from(body);
      const salt = buf.subarray(0, 16);
      const idlen = buf[20] ?? 0;
      const asPublic = buf.subarray(21, 21 + idlen);
      const ciphertext = buf.subarray(21 + idlen);
      const shared = ecdh.computeSecret(asPublic);
      const keyInfo = Buffer.concat([Buffer.from("WebPush: info\0"), ecdh.getPublicKey(), asPublic]);
      const ikm = Buffer.from(hkdfSync("sha256", shared, auth, keyInfo, 32));
      const cek = Buffer.from(
        hkdfSync("sha256", ikm, salt, Buffer.from("Content-Encoding: aes128gcm\0"), 16),
      );
      const nonce = Buffer.from(hkdfSync("sha256", ikm, salt, Buffer.from("Content-Encoding: nonce\0"), 12));
      const decipher = createDecipheriv("aes-128-gcm", cek, nonce);
      decipher.setAuthTag(ciphertext.subarray(ciphertext.length - 16));
      const padded = Buffer.concat([
        decipher.update(ciphertext.subarray(0, ciphertext.length - 16)),
        decipher.final(),
      ]);
      let end = padded.length - 1;
      while (end > 0 && padded[end] === 0) end--;
      if (padded[end] !== 2) throw new Error("not a last record (delimiter 0x02 missing)");
      return padded.subarray(0, end).toString("utf8");
    },
  };
}

/** Verifies an RFC 8292 `Authorization: vapid t=…, k=…` header; returns the JWT's claims. */
export async function verifyVapid(header: string, expectedPublicKey: string) {
  const m = header.match(/^vapid t=([^,]+),\s*k=(.+)$/);
  if (!m?.[1] || !m[2]) throw new Error(`not a vapid header: ${header}`);
  if (m[2] !== expectedPublicKey) throw new Error("k is not the server's VAPID key");
  const raw = Buffer.from(m[2], "base64url");
  const key = await importJWK(
    {
      kty: "EC",
      crv: "P-256",
      x: raw.subarray(1, 33).toString("base64url"),
      y: raw.subarray(33, 65).toString("base64url"),
    },
    "ES256",
  );
  return (await jwtVerify(m[1], key, { algorithms: ["ES256"] })).payload;
}

export interface ReceivedPush {
  path: string;
  headers: Record<string, string>;
  body: Uint8Array;
}

/** A loopback push service: records each POST, answers 201 (or 410 for paths under /gone/). */
export function startPushReceiver() {
  const received: ReceivedPush[] = [];
  const server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    async fetch(req) {
      const url = new URL(req.url);
      received.push({
        path: url.pathname,
        headers: Object.fromEntries(req.headers.entries()),
        body: new Uint8Array(await req.arrayBuffer()),
      });
      return new Response(null, { status: url.pathname.startsWith("/gone/") ? 410 : 201 });
    },
  });
  return { received, url: `http://127.0.0.1:${server.port}`, stop: () => server.stop(true) };
}
