import { InvalidArgumentError } from "@nova/errors";

const EMAIL =
  /^[^\s@"<>()[\]\\,;:]{1,64}@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;

/**
 * The form emails are stored and compared in: trimmed and lower case (the local part too — no
 * mainstream provider distinguishes case, and two accounts differing only by case would confuse
 * people). Throws InvalidArgumentError naming `field` when it is not an address.
 */
export function normalizeEmail(raw: string, field = "email"): string {
  const email = raw.trim().toLowerCase();
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are refused on purpose
  if (email.length > 254 || !EMAIL.test(email) || /[\u0000-\u001f\u007f]/.test(email))
    throw new InvalidArgumentError("email is not a valid address", [
      { field, message: "must be an email address" },
    ]);
  return email;
}
