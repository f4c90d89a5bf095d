import { InvalidArgumentError } from "@nova/errors";

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 128;

// The most common passwords of public breach corpora that satisfy the length rule; a full
// k-anonymity breach check (HIBP) needs the internet and is left to a later issue.
const COMMON = new Set([
  "1234567890",
  "12345678910",
  "0123456789",
  "1q2w3e4r5t",
  "qwertyuiop",
  "1qaz2wsx3edc",
  "password12",
  "password123",
  "password1!",
  "passw0rd123",
  "iloveyou12",
  "qwerty1234",
  "qwerty12345",
  "abcdefghij",
  "abc1234567",
  "letmein123",
  "welcome123",
  "football12",
  "baseball12",
  "sunshine12",
  "princess12",
  "dragon1234",
  "monkey1234",
  "trustno1234",
  "superman12",
  "starwars12",
  "administrator",
  "changeme123",
  "aaaaaaaaaa",
  "1111111111",
  "0000000000",
  "9876543210",
  "qazwsxedcrfv",
  "zaq12wsxcde",
  "password!1",
  "p@ssw0rd123",
  "p@ssword123",
  "welcome1!",
  "computer123",
  "internet123",
  "whatever12",
  "samsung123",
]);

function classes(pw: string): number {
  return [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((r) => r.test(pw)).length;
}

/**
 * Refuses weak passwords with a reason the client can show: length, a commonly used password,
 * the account's own email or username, a single repeated character, or too little variety
 * (fewer than three character kinds unless it is a long passphrase of 16+ characters).
 */
export function checkPasswordStrength(
  password: string,
  about: { email?: string | null; username?: string | null } = {},
  field = "password",
): void {
  const fail = (reason: string): never => {
    throw new InvalidArgumentError(`password ${reason}`, [{ field, message: reason }]);
  };
  if (password.length < PASSWORD_MIN_LENGTH) fail(`must be at least ${PASSWORD_MIN_LENGTH} characters`);
  if (password.length > PASSWORD_MAX_LENGTH) fail(`must be at most ${PASSWORD_MAX_LENGTH} characters`);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(password)) fail("must not contain control characters");
  const lower = password.toLowerCase();
  if (COMMON.has(lower)) fail("is too common");
  if (/^(.)\1+$/.test(password)) fail("must not be one repeated character");
  const local = about.email?.split("@")[0]?.toLowerCase();
  if (
    (local && local.length >= 3 && lower.includes(local)) ||
    (about.username && lower.includes(about.username.toLowerCase()))
  )
    fail("must not contain your email or username");
  if (password.length < 16 && classes(password) < 3)
    fail("must mix at least three of lower case, upper case, digits and symbols (or be 16+ characters)");
}
