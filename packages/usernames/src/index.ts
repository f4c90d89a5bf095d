export { RESERVED_USERNAMES } from "./reserved-usernames.ts";
export {
  canonicalUsername,
  checkUsername,
  USERNAME_MAX_LENGTH,
  USERNAME_MIN_LENGTH,
  type UsernameCheck,
  validateUsername,
} from "./validate-username.ts";
