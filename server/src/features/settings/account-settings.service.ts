// P1.5: per-account preferences in one lazily created row. Reading never creates the row; the
// default is returned when the row or the key is absent.
import type { Database } from '#src/db/connection';
import type { JsonValue } from '#src/db/schema.generated';
import { withTenant } from '#src/db/tenant';
import type { AccountSettingsRepository } from './account-settings.repository';

type Scope = { accountId: string };

/** Defaults that the product defines; a caller may still pass its own default for other keys. */
export const SETTING_DEFAULTS = {
  templatize_prompt_enabled: true,
} as const satisfies Record<string, JsonValue>;

export const createAccountSettingsService = (deps: { database: Database; settings: AccountSettingsRepository }) => ({
  async getSetting<T extends JsonValue>(scope: Scope, key: string, fallback: T): Promise<T | JsonValue> {
    const preferences = await withTenant(deps.database, scope, (tx) => deps.settings.findPreferences(tx));
    return preferences && Object.hasOwn(preferences, key) ? (preferences[key] as JsonValue) : fallback;
  },

  async setSetting(scope: Scope, key: string, value: JsonValue): Promise<void> {
    await withTenant(deps.database, scope, (tx) => deps.settings.upsertPreference(tx, scope.accountId, key, value));
  },
});

export type AccountSettingsService = ReturnType<typeof createAccountSettingsService>;
