import { z } from "@hono/zod-openapi";

/** OpenAPI shapes of chat's REST bodies (the domain validates them again, and names bad fields). */
const signedKey = z.object({ id: z.number().int(), publicKey: z.string(), signature: z.string() });
export const uploadKeysBody = z
  .object({
    registrationId: z.number().int(),
    identityKey: z.string().openapi({ description: "base64 of libsignal's serialized identity public key" }),
    signedPreKey: signedKey,
    kyberPreKey: signedKey.optional().openapi({ description: "last-resort Kyber prekey (PQXDH)" }),
    lastResortKey: signedKey.optional().openapi({ description: "alias of kyberPreKey" }),
    oneTimePreKeys: z
      .array(z.object({ id: z.number().int(), publicKey: z.string() }))
      .max(200)
      .optional(),
  })
  .openapi("KeyUpload");

export const bundleSchema = z
  .object({
    accountId: z.string(),
    devices: z.array(
      z.object({
        deviceId: z.number().int(),
        registrationId: z.number().int(),
        identityKey: z.string(),
        signedPreKey: signedKey,
        kyberPreKey: signedKey.nullable(),
        oneTimePreKey: z.object({ id: z.number().int(), publicKey: z.string() }).nullable(),
      }),
    ),
  })
  .openapi("KeyBundles");

export const conversationSchema = z
  .object({
    id: z.string(),
    kind: z.enum(["direct", "group"]),
    title: z.string().nullable(),
    createdBy: z.string(),
    createdAt: z.string(),
    lastActivityAt: z.string(),
    lastSeq: z.number().int(),
    state: z.string(),
    role: z.string(),
    unreadCount: z.number().int(),
    members: z.array(z.object({ accountId: z.string(), role: z.string(), state: z.string() })),
  })
  .openapi("Conversation");

export const envelopeSchema = z
  .object({
    type: z.literal("envelope"),
    deviceSeq: z.number().int(),
    conversationId: z.string(),
    seq: z.number().int(),
    senderId: z.string(),
    senderDeviceId: z.number().int(),
    envelopeType: z.number().int(),
    ciphertext: z.string(),
    sentAt: z.string(),
  })
  .openapi("Envelope");

export const identityChangedSchema = z
  .object({
    type: z.literal("identity_changed"),
    deviceSeq: z.number().int(),
    accountId: z.string(),
    deviceId: z.number().int(),
    conversationId: z.string(),
    changedAt: z.string(),
  })
  .openapi("IdentityChanged", {
    description:
      "Server-generated: a conversation partner's device has a new identity key (safety number changed). Queued like an envelope, acknowledged like one.",
  });

/** An item of a device's delivery queue. */
export const queuedItemSchema = z.union([envelopeSchema, identityChangedSchema]);

export const sendBody = z
  .object({
    clientMessageId: z.string().max(64),
    senderDeviceId: z.number().int().openapi({ description: "the sending device (gets no envelope)" }),
    envelopes: z
      .array(
        z.object({
          accountId: z.string(),
          deviceId: z.number().int(),
          type: z.number().int(),
          ciphertext: z.string(),
        }),
      )
      .max(2048),
  })
  .openapi("SendMessage");

export const deviceParams = z.object({ deviceId: z.string().max(4) });
export const accountParams = z.object({ accountId: z.string().max(64) });
export const conversationParams = z.object({ id: z.string().max(64) });

const problem = z
  .object({ type: z.string(), title: z.string(), status: z.number(), detail: z.string(), code: z.string() })
  .openapi("Problem");

export function problems(...statuses: number[]) {
  const described: Record<number, string> = {
    400: "Invalid request (names each bad field)",
    401: "Missing or invalid access token",
    403: "Not allowed (blocked, whoCanMessage, not a group admin)",
    404: "No such conversation, device or bundle visible to you",
    409: "The envelopes do not match the current devices: missingDevices / staleDevices",
    422: "A key or signature does not verify",
    429: "Rate limited",
    503: "A peer (user-service, graph-service) is unreachable: nothing was changed",
  };
  return Object.fromEntries(
    statuses.map((s) => [
      s,
      { description: described[s] ?? "Error", content: { "application/problem+json": { schema: problem } } },
    ]),
  );
}

export const ok = <T extends z.ZodType>(description: string, schema: T) => ({
  200: { description, content: { "application/json": { schema } } },
});

export const created = <T extends z.ZodType>(description: string, schema: T) => ({
  201: { description, content: { "application/json": { schema } } },
});
