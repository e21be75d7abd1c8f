import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import type { Arrival } from './inbox.js';

/**
 * The local spool: webhook deliveries the main database could not take in time, kept on this
 * machine's disk before they are acknowledged, until the drainer (spool-drainer.ts) moves them into
 * the inbox. An SQLite file beside the app's other data: every write is one transaction, fsync'ed
 * (synchronous=FULL) before the provider hears 202. WAL and a busy timeout let every worker of a
 * cluster write to the one file; a lease row lets one drainer at a time read it.
 *
 * The file is opened when first needed (a delivery to keep, or a file another process created), so
 * a server whose database never fails never writes here, and a read-only data folder only matters
 * on the day a delivery must be kept (it is then answered 503, for the provider to retry).
 */

/** What is kept: the delivery as the inbox would keep it (credentials redacted), with its arrival. */
export interface SpoolEntry extends Arrival {
  provider: string;
  body: string;
}

export interface SpooledDelivery extends SpoolEntry {
  id: number;
  attempts: number;
}

export interface WebhookSpool {
  readonly path: string;
  /** Returns once the delivery is on disk; throws when the disk cannot take it. */
  put(entry: SpoolEntry): void;
  /** Deliveries waiting to be drained (0 while no spool file exists). */
  backlog(): number;
  /** Waiting deliveries after `afterId`, in arrival order. */
  next(afterId: number, limit: number): SpooledDelivery[];
  remove(id: number): void;
  /** A delivery the drainer could not store for a reason other than the database being down. */
  noteFailure(id: number, error: string): void;
  /** Takes or renews the drain lease for `ms`; false while another holder's lease runs. */
  takeLease(holder: string, ms: number): boolean;
  releaseLease(holder: string): void;
  close(): void;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS spooled_deliveries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    delivery_key TEXT NOT NULL UNIQUE,
    provider TEXT NOT NULL,
    body TEXT NOT NULL,
    received_at TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT
  );
  CREATE TABLE IF NOT EXISTS drain_lease (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    holder TEXT NOT NULL,
    expires_at INTEGER NOT NULL
  );
`;

/** How long a worker waits for another's write to the file (each is one small insert or delete). */
const BUSY_TIMEOUT_MS = 2000;

export function createWebhookSpool(path: string): WebhookSpool {
  let sqlite: SqliteDatabase.Database | undefined;

  const open = (): SqliteDatabase.Database => {
    if (sqlite) return sqlite;
    mkdirSync(dirname(path), { recursive: true });
    const opened = new SqliteDatabase(path);
    try {
      opened.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
      opened.pragma('journal_mode = WAL');
      // FULL: the WAL is fsync'ed at every commit, so an acknowledged delivery survives a power cut.
      opened.pragma('synchronous = FULL');
      opened.exec(SCHEMA);
    } catch (error) {
      opened.close();
      throw error;
    }
    sqlite = opened;
    return opened;
  };
  /** The open file, or undefined when nothing was ever spooled here. */
  const existing = () => {
    if (sqlite) return sqlite;
    return existsSync(path) ? open() : undefined;
  };

  return {
    path,
    put(entry) {
      open()
        .prepare('INSERT INTO spooled_deliveries (delivery_key, provider, body, received_at) VALUES (?, ?, ?, ?)')
        .run(entry.delivery_key, entry.provider, entry.body, entry.received_at);
    },
    backlog() {
      const db = existing();
      if (!db) return 0;
      return (db.prepare('SELECT COUNT(*) AS n FROM spooled_deliveries').get() as { n: number }).n;
    },
    next(afterId, limit) {
      const db = existing();
      if (!db) return [];
      return db
        .prepare('SELECT id, delivery_key, provider, body, received_at, attempts FROM spooled_deliveries WHERE id > ? ORDER BY id LIMIT ?')
        .all(afterId, limit) as SpooledDelivery[];
    },
    remove(id) {
      open().prepare('DELETE FROM spooled_deliveries WHERE id = ?').run(id);
    },
    noteFailure(id, error) {
      open().prepare('UPDATE spooled_deliveries SET attempts = attempts + 1, last_error = ? WHERE id = ?').run(error.slice(0, 4000), id);
    },
    takeLease(holder, ms) {
      const now = Date.now();
      const taken = open()
        .prepare(
          `INSERT INTO drain_lease (id, holder, expires_at) VALUES (1, ?, ?)
           ON CONFLICT (id) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
           WHERE drain_lease.holder = excluded.holder OR drain_lease.expires_at < ?`,
        )
        .run(holder, now + ms, now);
      return taken.changes === 1;
    },
    releaseLease(holder) {
      sqlite?.prepare('DELETE FROM drain_lease WHERE holder = ?').run(holder);
    },
    close() {
      sqlite?.close();
      sqlite = undefined;
    },
  };
}
