import { z } from "zod";

/** A TCP port given as a decimal string. */
export const port = () =>
  z.coerce
    .number({ error: "must be a port number" })
    .int("must be a whole number")
    .min(1, "must be between 1 and 65535")
    .max(65535, "must be between 1 and 65535");

/** A positive whole number given as a decimal string. */
export const positiveInt = (max = 1_000_000) =>
  z.coerce.number({ error: "must be a number" }).int("must be a whole number").min(1).max(max);

/** "true"/"false"/"1"/"0"/"yes"/"no" (case-insensitive). Anything else is an error, not false. */
export const flag = () =>
  z
    .string()
    .trim()
    .toLowerCase()
    .refine((v) => ["true", "false", "1", "0", "yes", "no"].includes(v), "must be true or false")
    .transform((v) => v === "true" || v === "1" || v === "yes");

/** A URL whose scheme is one of `schemes`. */
export const urlWith = (...schemes: string[]) =>
  z
    .string()
    .trim()
    .refine(
      (v) => {
        try {
          return schemes.includes(new URL(v).protocol.replace(/:$/, ""));
        } catch {
          return false;
        }
      },
      `must be a URL with scheme ${schemes.join(" or ")}`,
    );

/** Comma-separated `host:port` list, e.g. KAFKA_BROKERS. */
export const hostPortList = () =>
  z
    .string()
    .trim()
    .transform((v) =>
      v
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .refine(
      (list) => list.length > 0 && list.every((hp) => /^[\w.-]+:\d{1,5}$/.test(hp)),
      "must be host:port[,host:port…]",
    );

/** Durations as `250ms`, `10s`, `2m` or a bare number of milliseconds; parsed to milliseconds. */
export const duration = () =>
  z
    .string()
    .trim()
    .refine((v) => /^\d+(ms|s|m)?$/.test(v), "must be a duration such as 500ms, 10s or 2m")
    .transform((v) => {
      const n = Number.parseInt(v, 10);
      if (v.endsWith("ms")) return n;
      if (v.endsWith("s")) return n * 1000;
      if (v.endsWith("m")) return n * 60_000;
      return n;
    });

/** A PEM given inline, with `\n` escapes as the guide's awk one-liner writes them. */
export const pem = () =>
  z
    .string()
    .transform((v) => v.replaceAll("\\n", "\n").trim())
    .refine((v) => /^-----BEGIN [A-Z ]+-----[\s\S]+-----END [A-Z ]+-----$/.test(v), "must be a PEM block");

/**
 * Comma-separated web origins (`scheme://host[:port]`, no path), e.g. CORS_ORIGINS. `*` is refused:
 * credentialed CORS needs each origin named.
 */
export const originList = () =>
  z
    .string()
    .trim()
    .transform((v) =>
      v
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .superRefine((list, ctx) => {
      for (const origin of list) {
        if (origin === "*") {
          ctx.addIssue({ code: "custom", message: "must list origins; * cannot be used with credentials" });
          continue;
        }
        let parsed: URL | undefined;
        try {
          parsed = new URL(origin);
        } catch {
          parsed = undefined;
        }
        if (!parsed || !/^https?:$/.test(parsed.protocol) || parsed.origin !== origin) {
          ctx.addIssue({
            code: "custom",
            message: `${origin} is not an origin (scheme://host[:port], no path or trailing slash)`,
          });
        }
      }
    });
