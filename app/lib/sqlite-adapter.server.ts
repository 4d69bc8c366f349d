// SQLite through Prisma's better-sqlite3 adapter uses ONE connection. The adapter locks it for
// transactions only, so a plain query from elsewhere (the mail worker, another request) can run
// in the middle of someone's open transaction — and be rolled back with it. This wrapper makes
// every statement outside a transaction wait until no transaction is open.
//
// The same lock serves the raw fast paths (app/lib/raw-sql.server.ts, decision 015): they run
// their statements directly on the better-sqlite3 connection while they hold it.
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import type { SqlDriverAdapter, SqlDriverAdapterFactory, SqlQuery, Transaction } from "@prisma/driver-adapter-utils";
import type BetterSqlite3 from "better-sqlite3";

/**
 * FIFO lock with a per-turn budget (decision 015). better-sqlite3 is synchronous and Prisma's
 * calls resolve as microtasks, so without a break every request whose bytes arrived in one
 * event-loop turn ran to completion in that turn: under 50 concurrent signers a turn lasted
 * ~300 ms, and libuv accepts ONE new connection per turn — a new visitor waited seconds. Now the
 * lock is taken at once only while the current turn has used less than BUDGET_MS since its first
 * grant; after that, holders wait in line and the line moves by one holder per turn (a
 * setImmediate), so the loop polls sockets (accepts, reads, writes) between holders.
 */
const BUDGET_MS = 4;
class Lock {
  #held = false;
  #queue: Array<() => void> = [];
  #turnStarted = -1;
  #grantScheduled = false;

  /** Resolves with a release function once every earlier holder has released. */
  acquire(): Promise<() => void> {
    if (!this.#held && this.#queue.length === 0 && this.#withinBudget()) {
      this.#held = true;
      return Promise.resolve(this.#releaser());
    }
    return new Promise((resolve) => {
      this.#queue.push(() => resolve(this.#releaser()));
      this.#scheduleGrant();
    });
  }

  #withinBudget() {
    const now = performance.now();
    if (this.#turnStarted < 0) {
      this.#turnStarted = now;
      // Runs in this turn's check phase: the next turn starts with a fresh budget.
      setImmediate(() => (this.#turnStarted = -1));
      return true;
    }
    return now - this.#turnStarted < BUDGET_MS;
  }

  #scheduleGrant() {
    if (this.#grantScheduled || this.#held || this.#queue.length === 0) return;
    this.#grantScheduled = true;
    setImmediate(() => {
      this.#grantScheduled = false;
      if (this.#held) return; // granted again when that holder releases
      const next = this.#queue.shift();
      if (!next) return;
      this.#held = true;
      next();
    });
  }

  #releaser() {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.#held = false;
      this.#scheduleGrant();
    };
  }
}

/** The app's one SQLite connection and its lock, for the raw fast paths. */
type SqliteConnection = { db: BetterSqlite3.Database; lock: Lock };
let current: SqliteConnection | undefined;
export const sqliteConnection = () => current;

function serialized(inner: SqlDriverAdapter): SqlDriverAdapter {
  const lock = new Lock();
  current = { db: (inner as unknown as { client: BetterSqlite3.Database }).client, lock };
  const outside = async <T>(run: () => Promise<T>) => {
    const release = await lock.acquire();
    try {
      return await run();
    } finally {
      release();
    }
  };
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    queryRaw: (query: SqlQuery) => outside(() => inner.queryRaw(query)),
    executeRaw: (query: SqlQuery) => outside(() => inner.executeRaw(query)),
    executeScript: (script: string) => outside(() => inner.executeScript(script)),
    getConnectionInfo: inner.getConnectionInfo?.bind(inner),
    dispose: () => {
      if (current?.lock === lock) current = undefined;
      return inner.dispose();
    },
    async startTransaction(isolationLevel): Promise<Transaction> {
      const release = await lock.acquire();
      let transaction: Transaction;
      try {
        transaction = await inner.startTransaction(isolationLevel);
      } catch (error) {
        release();
        throw error;
      }
      let released = false;
      const done = () => {
        if (!released) {
          released = true;
          release();
        }
      };
      return Object.assign(Object.create(Object.getPrototypeOf(transaction)), transaction, {
        queryRaw: transaction.queryRaw.bind(transaction),
        executeRaw: transaction.executeRaw.bind(transaction),
        commit: () => transaction.commit().finally(done),
        rollback: () => transaction.rollback().finally(done),
        options: transaction.options,
        provider: transaction.provider,
        adapterName: transaction.adapterName,
      });
    },
  };
}

export function sqliteAdapter(file: string): SqlDriverAdapterFactory {
  const factory = new PrismaBetterSQLite3({ url: file, timeout: 10_000 });
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => serialized(await factory.connect()),
  };
}
