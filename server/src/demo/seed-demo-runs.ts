// The demo account's backup history: jobs of several products for the demo customers and three
// weeks of runs (mostly fine, some warnings and errors, one night that never reported), sent
// through the real ingestion API service with a real API key, approved like an operator would,
// and checked for missed runs by the real sweep logic.
import type { RunInput } from '#src/features/backup-runs/ingest.schemas';
import type { RequestContext } from '#src/lib/context';
import type { Services } from '#src/services';

type Outcome = { status: 'success' | 'warning' | 'error'; remark: string; objects: RunInput['objects'] };
type DemoJob = {
  customer: string;
  name: string;
  software: string;
  type: string;
  /** Scheduled start, UTC hour and minute: the product starts on time, the end varies. */
  at: [number, number];
  /** ISO weekdays the job runs on (all when absent). */
  days?: number[];
  objects: string[];
  objectType: string;
  /** Days ago the job did not report at all (becomes a missed run). */
  silentDaysAgo?: number[];
  trouble: { warning: string; error: string; remark?: string };
};

const DEMO_JOBS: DemoJob[] = [
  {
    customer: 'Northwind Traders',
    name: 'Daily Servers',
    software: 'Veeam Backup & Replication',
    type: 'Backup',
    at: [21, 40],
    objects: ['HV01', 'SQL01', 'FS01'],
    objectType: 'VM',
    silentDaysAgo: [4],
    trouble: {
      warning: 'Changed block tracking cannot be enabled: the VM has snapshots.',
      error: 'Failed to create VM recovery checkpoint.',
    },
  },
  {
    customer: 'Northwind Traders',
    name: 'Offsite Copy',
    software: 'Veeam Backup & Replication',
    type: 'Backup Copy',
    at: [1, 50],
    objects: ['HV01', 'SQL01'],
    objectType: 'VM',
    trouble: { warning: 'Restore point is locked by another task; retrying.', error: 'Target repository is out of space.' },
  },
  {
    customer: 'Contoso Dental',
    name: 'Offsite to C2',
    software: 'Synology Hyper Backup',
    type: 'Backup',
    at: [1, 30],
    objects: ['Synology C2 Storage'],
    objectType: 'Destination',
    trouble: {
      warning: 'The destination is almost full (92%).',
      error: 'The backup destination is not available.',
      remark: 'Destination reported an authentication error.',
    },
  },
  {
    customer: 'Contoso Dental',
    name: 'Daily PCs',
    software: 'Synology Active Backup for Business',
    type: 'Backup',
    at: [23, 10],
    days: [1, 2, 3, 4, 5],
    objects: ['PC-RECEPTION', 'PC-XRAY', 'PC-DR-LEE', 'LAPTOP-OFFICE'],
    objectType: 'Device',
    trouble: {
      warning: 'The device backed up only part of its volumes.',
      error: 'The device is offline. Please check its network connection.',
    },
  },
  {
    customer: 'Fabrikam Logistics',
    name: 'Nightly VMs',
    software: 'NAKIVO Backup & Replication',
    type: 'VMware backup',
    at: [5, 45],
    objects: ['web01', 'web02', 'erp-db'],
    objectType: 'VM',
    trouble: { warning: 'Quiescing failed; a crash-consistent snapshot was used.', error: 'Could not connect to the ESXi host.' },
  },
  {
    customer: 'Adatum Legal',
    name: 'Weekly Full',
    software: 'Veeam Backup & Replication',
    type: 'Backup',
    at: [10, 15],
    days: [6],
    objects: ['DMS01', 'DC01'],
    objectType: 'VM',
    trouble: { warning: 'Job finished with warning: 1 VM had a slow read rate.', error: 'Access denied to the backup repository.' },
  },
];

/** A small deterministic PRNG so every demo has the same history. */
const prng = (seed: number) => () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
};

const outcomeOf = (job: DemoJob, random: () => number, daysAgo: number): Outcome => {
  const roll = random();
  // The newest run of the first job fails, so the board has something to do right away.
  const forced = job.name === 'Daily Servers' && daysAgo === 1 ? 'error' : null;
  const status = forced ?? (roll < 0.08 ? 'error' : roll < 0.22 ? 'warning' : 'success');
  const troubled = Math.floor(random() * job.objects.length);
  return {
    status,
    remark: status === 'error' && job.trouble.remark ? job.trouble.remark : '',
    objects: job.objects.map((name, index) => ({
      name,
      type: job.objectType,
      status: index === troubled ? status : 'success',
      messages: index === troubled && status !== 'success' ? [job.trouble[status]] : [],
    })),
  };
};

/**
 * What the runs report as size and transferred bytes, for the job history charts: the protected
 * data grows slowly over the weeks and each run sends a few percent of it. Derived from the day,
 * not the PRNG, so adding sizes left every demo outcome as it was.
 */
const demoSizes = (job: DemoJob, daysAgo: number, days: number) => {
  const base = job.objects.length * 180 * 1024 ** 3;
  const sizeBytes = Math.round(base * (1 + (days - daysAgo) * 0.003));
  return { sizeBytes, transferredBytes: Math.round(sizeBytes * (0.03 + ((daysAgo * 7) % 5) / 100)) };
};

export const seedDemoRuns = async (services: Services, admin: RequestContext, options: { days: number } = { days: 21 }) => {
  const { id: apiKeyId } = await services.apiKeys.createApiKey(admin, { name: 'Demo data loader' });
  const machine: RequestContext = { ...admin, actor: { kind: 'api_key', apiKeyId, role: 'machine', scopes: ['ingest'] } };
  const now = services.clock.now();
  const random = prng(20_261_122);
  const runs: unknown[] = [];
  for (const job of DEMO_JOBS) {
    for (let daysAgo = options.days; daysAgo >= 0; daysAgo -= 1) {
      const day = new Date(now.getTime() - daysAgo * 86_400_000);
      const at = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), job.at[0], job.at[1]));
      const weekday = ((at.getUTCDay() + 6) % 7) + 1;
      if (at.getTime() + 3_600_000 > now.getTime() || (job.days && !job.days.includes(weekday)) || job.silentDaysAgo?.includes(daysAgo)) {
        continue;
      }
      const outcome = outcomeOf(job, random, daysAgo);
      runs.push({
        sourceKey: `demo:${job.customer}:${job.name}:${at.toISOString()}`,
        job: { name: job.name, software: job.software, type: job.type },
        startedAt: new Date(at.getTime() + Math.floor(random() * 40) * 1000).toISOString(),
        endedAt: new Date(at.getTime() + (20 + Math.floor(random() * 40)) * 60_000).toISOString(),
        ...outcome,
        ...demoSizes(job, daysAgo, options.days),
      });
    }
  }
  await services.ingest.ingestRuns(machine, { source: 'demo', runs });

  const customerIds = new Map((await services.customers.listCustomers(admin, { mapping: 'all' })).map((c) => [c.name, c.id]));
  for (const entry of await services.backupJobs.listInbox(admin)) {
    const job = DEMO_JOBS.find((j) => j.name === entry.name);
    if (!job) {
      continue;
    }
    const known = customerIds.get(job.customer);
    const approved = await services.backupJobs.approveJob(
      admin,
      entry.jobId,
      known ? { customerId: known } : { newCustomerName: job.customer },
    );
    customerIds.set(job.customer, approved.customerId as string);
  }
  return services.missedRuns.detectMissedRuns(admin);
};
