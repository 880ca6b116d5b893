import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/test-app';
import { SETTING_DEFAULTS } from './account-settings.service';

describe('account settings (P1.5)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());
  const rows = async (accountId: string) =>
    (await sql<{ n: number }>`select count(*)::int as n from account_settings where account_id = ${accountId}`.execute(t.database.db))
      .rows[0]?.n;

  it('returns the default without creating a row, creates the row on first write, and merges later keys', async () => {
    const { account } = await t.newAccount(['admin']);
    const scope = { accountId: account.id };
    expect(await t.services.settings.getSetting(scope, 'templatize_prompt_enabled', SETTING_DEFAULTS.templatize_prompt_enabled)).toBe(true);
    expect(await rows(account.id)).toBe(0);

    await t.services.settings.setSetting(scope, 'templatize_prompt_enabled', false);
    await t.services.settings.setSetting(scope, 'integrations.autotask.api_log_level', 'all');
    expect(await rows(account.id)).toBe(1);
    expect(await t.services.settings.getSetting(scope, 'templatize_prompt_enabled', true)).toBe(false);
    expect(await t.services.settings.getSetting(scope, 'integrations.autotask.api_log_level', 'errors')).toBe('all');
    expect(await t.services.settings.getSetting(scope, 'missing', 'fallback')).toBe('fallback');
  });

  it('keeps settings per account', async () => {
    const a = await t.newAccount(['admin']);
    const b = await t.newAccount(['admin']);
    await t.services.settings.setSetting({ accountId: a.account.id }, 'k', 'A');
    expect(await t.services.settings.getSetting({ accountId: b.account.id }, 'k', 'default')).toBe('default');
  });
});
