import { hash, verify } from '@node-rs/argon2';

// argon2id (the library's default algorithm) with OWASP's second recommended parameter set.
const OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string) => hash(password, OPTIONS);

export const verifyPassword = async (passwordHash: string, password: string) => {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
};

// Verifying against this when the user does not exist keeps login timing uniform.
export const DUMMY_PASSWORD_HASH = '$argon2id$v=19$m=19456,t=2,p=1$Fkm8dFqkJQ+9RyndO2Vg1A$BrRXyyvfNDIDlN8fOHQGIXSdf7XFT8g0qDWTfsy+Ezg';

export const PASSWORD_RULES = { min: 12, max: 256 } as const;
