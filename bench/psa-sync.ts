// bench/psa-sync: what syncing 1,000 mapped customers costs per PSA, counted in the sandbox
// request log (target: ≤ 6 Autotask calls and ≤ 6 ConnectWise calls). Runs on PGlite, or on
// PostgreSQL when DATABASE_URL is set. Usage: npm run bench -- psa-sync

import { startSandboxes } from '@flightdeck/sandbox/start-sandboxes';
import { sql } from 'kysely';
import { withTenant } from '../server/src/db/tenant';
import { createOutboundPolicy } from '../server/src/features/external-calls/outbound-policy';
import type { PsaKind } from '../server/src/psa/psa-provider';
import { createServices } from '../server/src/services';
import { sandboxConfig } from '../server/test/psa-fixtures';
import { benchAccount, openBenchDatabase } from './bench-setup';
import { recordResults } from './results';

const CUSTOMERS_PER_PSA = 1000;
const { database, engine, keyring, close } = await openBenchDatabase();
const sandboxes = await startSandboxes();
const setupServices = createServices({ database, keyring, outbound: createOutboundPolicy({ allowPrivate: true }) });
const ctx = await benchAccount(setupServices);
const account = { id: ctx.accountId };

const setUp = async (kind: PsaKind): Promise<number[]> => {
  const config = sandboxConfig(sandboxes, kind);
  const common = {
    enabled: true,
    environment: 'sandbox' as const,
    flightdeckBaseUrl: 'https://flightdeck.example.com',
    ticketDefaults: {
      queueId: null,
      sourceId: null,
      statusId: null,
      priorityWarningId: null,
      priorityErrorId: null,
      completedStatusId: null,
      pilotResolvedStatusId: null,
      pilotEscalatedStatusId: null,
      pilotEscalationQueueId: null,
      noteTypeId: null,
    },
    allowResolving: true,
    allowManualTicketNumbers: false,
    apiLogLevel: 'errors' as const,
  };
  if (config.kind === 'autotask') {
    await setupServices.integrations.saveIntegration(ctx, 'autotask', {
      kind: 'autotask',
      ...common,
      apiUrl: config.connection.apiUrl,
      username: config.connection.username,
      ...config.secrets,
    });
  } else {
    await setupServices.integrations.saveIntegration(ctx, 'connectwise', {
      kind: 'connectwise',
      ...common,
      ...config.connection,
      ...config.secrets,
    });
  }
  // The admin's Test connection at set-up time discovers (and stores) the Autotask zone.
  await setupServices.integrations.testConnection(ctx, kind);
  const response = await fetch(`${sandboxes[kind].origin}/_sandbox/companies/bulk`, {
    method: 'POST',
    body: JSON.stringify({ count: CUSTOMERS_PER_PSA, namePrefix: 'Bench Client' }),
  });
  const { ids } = (await response.json()) as { ids: number[] };
  await withTenant(database, ctx, async (tx) => {
    for (let i = 0; i < ids.length; i += 500) {
      await tx
        .insertInto('customers')
        .values(
          ids.slice(i, i + 500).map((id, j) => ({
            account_id: account.id,
            name: `${kind} customer ${i + j}`,
            psa_kind: kind,
            psa_company_id: String(id),
            psa_company_name: `Bench Client ${String(i + j + 1).padStart(5, '0')}`,
            psa_mapping_status: 'ok',
          })),
        )
        .execute();
    }
  });
  return ids;
};

const idsByKind = { autotask: await setUp('autotask'), connectwise: await setUp('connectwise') };

type Row = { scenario: string; autotask: number; connectwise: number; ms: number; summary: string };
const rows: Row[] = [];

/** One sync in a fresh process-like state: new services, so no cached provider or threshold reading. */
const measure = async (scenario: string) => {
  sandboxes.autotask.clearRequests();
  sandboxes.connectwise.clearRequests();
  const services = createServices({ database, keyring, outbound: createOutboundPolicy({ allowPrivate: true }) });
  const started = performance.now();
  const summary = await services.customers.syncPsaMappings({ ...ctx, actor: { kind: 'system', role: 'system', reason: 'bench' } });
  const ms = performance.now() - started;
  rows.push({
    scenario,
    autotask: sandboxes.autotask.requests().length,
    connectwise: sandboxes.connectwise.requests().length,
    ms: Math.round(ms),
    summary: `${summary.checked} checked: ${summary.ok} ok, ${summary.renamed} renamed, ${summary.missing} missing, ${summary.invalid} invalid; ${summary.errors.length} errors`,
  });
};

await measure('first sync after set-up');
await measure('next sync, nothing changed');
// Worst case: the Autotask zone was never discovered (no Test connection), so the sync finds it.
await withTenant(database, ctx, (tx) =>
  tx.updateTable('psa_integrations').set({ connection: sql`connection - 'zone'` }).where('kind', '=', 'autotask').execute(),
);
await measure('sync with no stored Autotask zone');
for (const kind of ['autotask', 'connectwise'] as const) {
  const ids = idsByKind[kind];
  for (const id of ids.slice(0, 10)) {
    await fetch(`${sandboxes[kind].origin}/_sandbox/companies/${id}/rename`, {
      method: 'POST',
      body: JSON.stringify({ name: `Renamed ${id}` }),
    });
  }
  for (const id of ids.slice(10, 15)) {
    await fetch(`${sandboxes[kind].origin}/_sandbox/companies/${id}`, { method: 'DELETE' });
  }
}
await measure('10 renamed + 5 deleted per PSA');

await sandboxes.close();
await close();

const table = [
  `Engine: ${engine}. ${CUSTOMERS_PER_PSA} mapped customers per PSA; each sync runs with freshly built services (no cached provider, no threshold reading), as the hourly job does.`,
  '',
  '| Scenario | Autotask calls | ConnectWise calls | Wall time (both PSAs) | Result (both PSAs) |',
  '|---|---:|---:|---:|---|',
  ...rows.map((r) => `| ${r.scenario} | ${r.autotask} | ${r.connectwise} | ${r.ms} ms | ${r.summary} |`),
  '',
  `Target: ≤ 6 calls per PSA. ${rows.every((r) => r.autotask <= 6 && r.connectwise <= 6) ? 'Met in every scenario.' : 'NOT MET.'}`,
].join('\n');
console.log(table);
recordResults(`psa-sync on ${engine}`, table);
if (!rows.every((r) => r.autotask <= 6 && r.connectwise <= 6)) {
  process.exitCode = 1;
}
