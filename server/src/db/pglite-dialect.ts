// Kysely dialect for PGlite. PGlite has exactly one connection, so Kysely transactions are mapped
// onto PGlite's own `transaction()`: that holds PGlite's internal lock, which makes statements from
// other users of the same instance (pg-boss) wait instead of landing inside our transaction.
import type { PGlite, Transaction as PGliteTransaction } from '@electric-sql/pglite';
import {
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryResult,
} from 'kysely';

type Queryable = Pick<PGlite, 'query' | 'exec'> | PGliteTransaction;

const toBigint = (n: number | undefined) => (n === undefined ? undefined : BigInt(n));

class PGliteConnection implements DatabaseConnection {
  transaction: PGliteTransaction | undefined;
  private finishTransaction: ((commit: boolean) => void) | undefined;
  private transactionDone: Promise<unknown> | undefined;

  constructor(private readonly pglite: PGlite) {}

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const target: Queryable = this.transaction ?? this.pglite;
    if (compiled.parameters.length === 0) {
      // query() runs one statement; a parameterless script (a migration) may hold many.
      const results = await target.exec(compiled.sql);
      const last = results[results.length - 1];
      return { rows: (last?.rows ?? []) as R[], numAffectedRows: toBigint(last?.affectedRows) };
    }
    const result = await target.query<R>(compiled.sql, [...compiled.parameters]);
    return {
      rows: result.rows,
      numAffectedRows: toBigint(result.affectedRows),
    };
  }

  // biome-ignore lint/correctness/useYield: PGlite has no cursors; results arrive whole.
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('PGlite does not support streaming queries');
  }

  async begin(): Promise<void> {
    let started!: () => void;
    const ready = new Promise<void>((resolve) => {
      started = resolve;
    });
    this.transactionDone = this.pglite.transaction(async (tx) => {
      this.transaction = tx;
      const commit = await new Promise<boolean>((resolve) => {
        this.finishTransaction = resolve;
        started();
      });
      if (!commit) {
        await tx.rollback();
      }
    });
    // A failure to open the transaction must surface here, not as an unhandled rejection.
    await Promise.race([ready, this.transactionDone]);
  }

  async end(commit: boolean): Promise<void> {
    const finish = this.finishTransaction;
    const done = this.transactionDone;
    this.finishTransaction = undefined;
    this.transactionDone = undefined;
    finish?.(commit);
    try {
      await done;
    } finally {
      this.transaction = undefined;
    }
  }
}

class PGliteDriver implements Driver {
  private readonly connection: PGliteConnection;
  private queue: Promise<void> = Promise.resolve();
  private release: (() => void) | undefined;

  constructor(pglite: PGlite) {
    this.connection = new PGliteConnection(pglite);
  }

  async init(): Promise<void> {}

  // One connection: callers queue for it, like a pool of size one.
  async acquireConnection(): Promise<DatabaseConnection> {
    const previous = this.queue;
    let release!: () => void;
    this.queue = new Promise<void>((resolve) => {
      release = resolve;
    });
    await previous;
    this.release = release;
    return this.connection;
  }

  async releaseConnection(): Promise<void> {
    const release = this.release;
    this.release = undefined;
    release?.();
  }

  async beginTransaction(): Promise<void> {
    await this.connection.begin();
  }

  async commitTransaction(): Promise<void> {
    await this.connection.end(true);
  }

  async rollbackTransaction(): Promise<void> {
    await this.connection.end(false);
  }

  async destroy(): Promise<void> {}
}

export class PGliteDialect implements Dialect {
  constructor(private readonly pglite: PGlite) {}
  createAdapter() {
    return new PostgresAdapter();
  }
  createDriver() {
    return new PGliteDriver(this.pglite);
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
  createIntrospector(db: Parameters<Dialect['createIntrospector']>[0]) {
    return new PostgresIntrospector(db);
  }
}
