import { z } from "zod";
import { AUDIENCES } from "../db/schema/index.ts";

/** A BCP 47 tag, returned in canonical form (`EN-us` → `en-US`). */
const language = z
  .string()
  .max(35, "must be at most 35 characters")
  .transform((v, ctx) => {
    try {
      const [canonical] = Intl.getCanonicalLocales(v);
      if (canonical) return canonical;
    } catch {
      // RangeError: not a well-formed tag; reported below.
    }
    ctx.addIssue({ code: "custom", message: "must be a BCP 47 language tag such as en or pt-BR" });
    return z.NEVER;
  });

/** Settings the owner may change; absent means "leave as is". */
export const settingsPatchSchema = z
  .object({
    privateAccount: z.boolean(),
    whoCanMessage: z.enum(AUDIENCES),
    whoCanMention: z.enum(AUDIENCES),
    discoverableByEmail: z.boolean(),
    language,
  })
  .partial()
  .strict();

export type SettingsPatch = z.infer<typeof settingsPatchSchema>;
export type SettingsPatchInput = z.input<typeof settingsPatchSchema>;
