// SQLite through Prisma's better-sqlite3 adapter uses ONE connection. The adapter locks it for
// transactions only, so a plain query from elsewhere (the mail worker, another request) can run
// in the middle of someone's open transaction — and be rolled back with it. This wrapper makes
// every statement outside a transaction wait until no transaction is open.
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import type { SqlDriverAdapter, SqlDriverAdapterFactory, SqlQuery, Transaction } from "@prisma/driver-adapter-utils";

class Lock {
  #tail: Promise<void> = Promise.resolve();
  /** Resolves with a release function once every earlier holder has released. */
  acquire(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((resolve) => (release = resolve));
    const ready = this.#tail.then(() => release);
    this.#tail = this.#tail.then(() => next);
    return ready;
  }
}

function serialized(inner: SqlDriverAdapter): SqlDriverAdapter {
  const lock = new Lock();
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
    dispose: () => inner.dispose(),
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
