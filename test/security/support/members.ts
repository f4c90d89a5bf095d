/**
 * Members as the suite's actors: each registers at identity-service over REST from a loopback
 * address of its own (so per-IP limits see distinct clients) and talks from that address after.
 */
import type { Verdict } from "./attack.ts";
import { jsonOf, type Reply, type SendOptions, send } from "./http-client.ts";
import { url } from "./system.ts";

/** A registered member: account, credentials, current access token and own source address. */
export interface Member {
  id: string;
  username: string;
  email: string;
  password: string;
  token: string;
  refreshToken: string;
  /** The known-device proof identity hands out with a token pair, when it does. */
  deviceToken?: string;
  ip: string;
  userAgent: string;
}

export const PASSWORD = "SecurePass123!";

let nextAddress = 0;

/** A fresh loopback address, 127.1.x.y, never handed out twice in a run. */
export function freshIp(): string {
  nextAddress++;
  return `127.1.${(nextAddress >> 8) & 255}.${nextAddress & 255 || 1}`;
}

const runTag = Date.now().toString(36).slice(-5);
let nextName = 0;

/** A username no earlier member of this run holds. */
export function freshUsername(prefix: string): string {
  nextName++;
  return `${prefix}_${runTag}${nextName}`.slice(0, 30);
}

/** Registers a member and waits until user-service serves its profile. */
export async function newMember(prefix: string, deviceName = "security-suite"): Promise<Member> {
  const username = freshUsername(prefix);
  const ip = freshIp();
  const userAgent = `nova-security-suite/${username}`;
  const email = `${username}@example.com`;
  const reply = await send(url("identity-service", "/api/v1/auth/register"), {
    json: { email, password: PASSWORD, username, deviceName },
    from: ip,
    headers: { "user-agent": userAgent },
  });
  if (reply.status !== 201) throw new Error(`register ${username}: HTTP ${reply.status} ${reply.text}`);
  const body = jsonOf<{
    account: { id: string };
    tokens: { accessToken: string; refreshToken: string; deviceToken?: string };
  }>(reply);
  if (!body) throw new Error(`register ${username}: not JSON`);
  const member: Member = {
    id: body.account.id,
    username,
    email,
    password: PASSWORD,
    token: body.tokens.accessToken,
    refreshToken: body.tokens.refreshToken,
    deviceToken: body.tokens.deviceToken,
    ip,
    userAgent,
  };
  await eventually(
    `profile of ${username}`,
    async () => (await as(member, "GET", url("user-service", "/api/v1/users/me"))).status === 200,
  );
  return member;
}

/** A request made by `who` (its token, address and user agent); `token` overrides the token. */
export function as(
  who: Member,
  method: string,
  target: string,
  json?: unknown,
  extra: SendOptions = {},
): Promise<Reply> {
  return send(target, {
    method,
    json,
    token: who.token,
    from: who.ip,
    ...extra,
    headers: { "user-agent": who.userAgent, ...extra.headers },
  });
}

/** `as` that must answer 2xx; resolves to the parsed body. */
export async function must<T = Record<string, unknown>>(
  who: Member,
  method: string,
  target: string,
  json?: unknown,
): Promise<T> {
  const reply = await as(who, method, target, json);
  if (reply.status < 200 || reply.status >= 300)
    throw new Error(`${method} ${target} as ${who.username} → ${reply.status} ${reply.text.slice(0, 300)}`);
  return (jsonOf<T>(reply) ?? {}) as T;
}

/** Bounded poll (eventual consistency across the event bus). */
export async function eventually(what: string, check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
    } catch (error) {
      last = error;
    }
    await Bun.sleep(50);
  }
  throw new Error(`gave up waiting for ${what}${last ? `: ${String(last)}` : ""}`);
}

/** A verdict that passes `check` the reply; convenience for one-request attacks made as a member. */
export async function verdictOf(reply: Promise<Reply>, check: (r: Reply) => Verdict): Promise<Verdict> {
  return check(await reply);
}
