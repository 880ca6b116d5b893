// Every environment variable Flightdeck reads, parsed once at start-up. README's configuration
// table mirrors this file; keep them together.
import path from 'node:path';
import { z } from 'zod';
import { type PilotModelConfig, pilotModelConfig } from './models/model-settings';

const flag = z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true');

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z.string().url().optional(),
  FLIGHTDECK_DATA_DIR: z.string().min(1).default('./.flightdeck'),
  FLIGHTDECK_MASTER_KEY: z.string().optional(),
  FLIGHTDECK_PREVIOUS_MASTER_KEYS: z.string().optional(),
  FLIGHTDECK_DEMO: flag.default(true),
  FLIGHTDECK_PUBLIC_URL: z.string().url().optional(),
  FLIGHTDECK_SESSION_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(12),
  FLIGHTDECK_TRUST_PROXY: flag.default(false),
  FLIGHTDECK_ALLOW_PRIVATE_TARGETS: flag.default(false),
  FLIGHTDECK_JOBS: flag.default(true),
  /** Issue 21: where database backups go (default: <data dir>/backups). */
  FLIGHTDECK_BACKUP_DIR: z.string().min(1).optional(),
  /** Issue 21: back up and verify before applying pending migrations at start (on by default). */
  FLIGHTDECK_BACKUP_BEFORE_MIGRATIONS: flag.default(true),
  /** Issue 21: how many daily, weekly and monthly backups to keep ("7,4,12"). */
  FLIGHTDECK_BACKUP_RETENTION: z
    .string()
    .regex(/^\d{1,3},\d{1,3},\d{1,3}$/, 'three counts: daily,weekly,monthly')
    .default('7,4,12'),
  /** Issue 21: when the scheduled backup runs (cron, UTC). */
  FLIGHTDECK_BACKUP_CRON: z.string().min(9).default('30 2 * * *'),
  FLIGHTDECK_SANDBOXES: flag.default(true),
  FLIGHTDECK_AUTOTASK_SANDBOX_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  FLIGHTDECK_CONNECTWISE_SANDBOX_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  REDIS_URL: z.string().url().optional(),
  FLIGHTDECK_PILOT_PROVIDER: z.enum(['offline', 'anthropic', 'openai_compatible']).optional(),
  ANTHROPIC_API_KEY: z.string().min(1).optional(),
  ANTHROPIC_BASE_URL: z.string().url().default('https://api.anthropic.com'),
  FLIGHTDECK_OPENAI_BASE_URL: z.string().url().optional(),
  FLIGHTDECK_OPENAI_API_KEY: z.string().min(1).optional(),
  FLIGHTDECK_MODEL_CONVERSATION: z.string().min(1).optional(),
  FLIGHTDECK_MODEL_FACT_SYNTHESIS: z.string().min(1).optional(),
  FLIGHTDECK_MODEL_RESOLUTION_NOTE: z.string().min(1).optional(),
  FLIGHTDECK_MODEL_ESCALATION_PACKAGE: z.string().min(1).optional(),
  FLIGHTDECK_MODEL_TEMPLATE_EXTRACTION: z.string().min(1).optional(),
  FLIGHTDECK_TOOLS_CONVERSATION: flag.default(true),
  FLIGHTDECK_TOOLS_SCRIPT_GENERATOR: flag.default(true),
});

export type Config = {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  masterKey: string | undefined;
  previousMasterKeys: string[];
  demo: boolean;
  publicUrl: string | undefined;
  sessionTtlHours: number;
  trustProxy: boolean;
  /** N4: let integrations reach loopback, private and link-local addresses (off by default). */
  allowPrivateTargets: boolean;
  jobs: boolean;
  /** Issue 21: the backup directory, and whether a verified backup precedes pending migrations. */
  backups: { dir: string; beforeMigrations: boolean; cron: string; retention: { daily: number; weekly: number; monthly: number } };
  /** Run the Autotask and ConnectWise simulators in-process (the demo account uses them). */
  sandboxes: { enabled: boolean; autotaskPort: number; connectwisePort: number };
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  redisUrl: string | undefined;
  /** P0: which model answers the pilot, and the model per service. */
  pilot: PilotModelConfig;
};

export const loadConfig = (env: NodeJS.ProcessEnv = process.env): Config => {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.FLIGHTDECK_DATA_DIR),
    masterKey: e.FLIGHTDECK_MASTER_KEY,
    previousMasterKeys: (e.FLIGHTDECK_PREVIOUS_MASTER_KEYS ?? '')
      .split(',')
      .map((k) => k.trim())
      .filter(Boolean),
    demo: e.FLIGHTDECK_DEMO,
    publicUrl: e.FLIGHTDECK_PUBLIC_URL,
    sessionTtlHours: e.FLIGHTDECK_SESSION_TTL_HOURS,
    trustProxy: e.FLIGHTDECK_TRUST_PROXY,
    allowPrivateTargets: e.FLIGHTDECK_ALLOW_PRIVATE_TARGETS,
    jobs: e.FLIGHTDECK_JOBS,
    backups: {
      dir: path.resolve(e.FLIGHTDECK_BACKUP_DIR ?? path.join(e.FLIGHTDECK_DATA_DIR, 'backups')),
      beforeMigrations: e.FLIGHTDECK_BACKUP_BEFORE_MIGRATIONS,
      cron: e.FLIGHTDECK_BACKUP_CRON,
      retention: (([daily, weekly, monthly]) => ({ daily, weekly, monthly }))(
        e.FLIGHTDECK_BACKUP_RETENTION.split(',').map(Number) as [number, number, number],
      ),
    },
    sandboxes: {
      enabled: e.FLIGHTDECK_SANDBOXES,
      autotaskPort: e.FLIGHTDECK_AUTOTASK_SANDBOX_PORT,
      connectwisePort: e.FLIGHTDECK_CONNECTWISE_SANDBOX_PORT,
    },
    logLevel: e.LOG_LEVEL,
    redisUrl: e.REDIS_URL,
    pilot: pilotModelConfig(e),
  };
};
