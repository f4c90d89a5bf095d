export { outbox } from "./outbox.ts";
export { processedEvents } from "./processed-events.ts";
export {
  BIRTHDAY_VISIBILITIES,
  type BirthdayVisibility,
  type ProfileLink,
  type ProfileRow,
  profiles,
} from "./profiles.ts";
export { AUDIENCES, type Audience, type SettingsRow, settings } from "./settings.ts";
export { userSchema } from "./user-schema.ts";
