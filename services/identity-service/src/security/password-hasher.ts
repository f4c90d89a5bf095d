/** argon2id parameters, explicit so a change is a decision (and triggers re-hashing on login). */
export interface PasswordHashParams {
  memoryKib: number;
  iterations: number;
}

export interface PasswordHasher {
  readonly params: PasswordHashParams;
  hash(password: string): Promise<string>;
  /** Checks a password; `needsRehash` when the stored hash used other parameters or algorithm. */
  verify(password: string, stored: string): Promise<{ ok: boolean; needsRehash: boolean }>;
  /** Spends the time of a real verification, so "no such account" is not faster than "wrong password". */
  verifyDummy(password: string): Promise<void>;
}

// PHC string: $argon2id$v=19$m=19456,t=2,p=1$salt$hash
const PHC = /^\$(argon2id|argon2i|argon2d)\$v=\d+\$m=(\d+),t=(\d+),p=(\d+)\$/;

/** Bun.password with argon2id and the given parameters (Bun uses one lane, p=1). */
export function createPasswordHasher(params: PasswordHashParams): PasswordHasher {
  const options = {
    algorithm: "argon2id",
    memoryCost: params.memoryKib,
    timeCost: params.iterations,
  } as const;
  let dummy: Promise<string> | undefined;
  return {
    params,
    hash: (password) => Bun.password.hash(password, options),
    async verify(password, stored) {
      let ok = false;
      try {
        ok = await Bun.password.verify(password, stored);
      } catch {
        ok = false; // an unreadable stored hash never verifies
      }
      const m = PHC.exec(stored);
      const needsRehash =
        m?.[1] !== "argon2id" || Number(m[2]) !== params.memoryKib || Number(m[3]) !== params.iterations;
      return { ok, needsRehash };
    },
    async verifyDummy(password) {
      dummy ??= Bun.password.hash("nova-dummy-password", options);
      await Bun.password.verify(password, await dummy).catch(() => false);
    },
  };
}
