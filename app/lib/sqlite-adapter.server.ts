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
 * FIFO lock. A holder that had to wait is started from a macrotask (setImmediate), not from the
 * previous holder's microtask: better-sqlite3 is synchronous, so without that break a queue of
 * 50 writers would run in ONE event-loop turn, and libuv accepts one new connection per turn —
 * new visitors would wait seconds to be accepted under write load (decision 016).
 */
export class Lock {
  #tail: Promise<void> = Promise.resolve();
  #waiting = 0;
  #held = false;
  /** Resolves with a release function once every earlier holder has released. */
  acquire(): Promise<() => void> {
    if (!this.#held && this.#waiting === 0) {
      // Free: take it now (no extra turn for an uncontended statement).
      this.#held = true;
      let release!: () => void;
      this.#tail = new Promise<void>((resolve) => (release = resolve));
      return Promise.resolve(this.#releaser(release));
    }
    this.#waiting++;
    let release!: () => void;
    const next = new Promise<void>((resolve) => (release = resolve));
    const ready = this.#tail.then(
      () =>
        new Promise<() => void>((resolve) =>
          setImmediate(() => {
            this.#waiting--;
            this.#held = true;
            resolve(this.#releaser(release));
          }),
        ),
    );
    this.#tail = ready.then(() => next);
    return ready;
  }
  #releaser(release: () => void) {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.#held = false;
      release();
    };
  }
}

/** The app's one SQLite connection and its lock, for the raw fast paths. */
export type SqliteConnection = { db: BetterSqlite3.Database; lock: Lock };
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
