// PostgreSQL error classes the services react to. PGlite and pg both carry the SQLSTATE in `code`.
export const isUniqueViolation = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
