import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, MysqlDialect, SqliteDialect, type LogEvent, type MysqlPool, type SqliteDialectConfig } from 'kysely';
import { createPool, type Pool } from 'mysql2';
import type { Database } from './database.js';
import { ACQUIRE_TIMEOUT_CODE, STATEMENT_TIMEOUT_CODE, unavailableError } from './errors.js';
import { foldForSearch, phoneDigits } from '../shared/text.js';
import { searchKeys } from './word-index/keys.js';

/** The searched columns are text (or NULL); anything else has no words. */
const asText = (value: unknown) => (typeof value === 'string' ? value : null);

export type DialectName = 'sqlite' | 'mysql';

export interface DatabaseHandle {
  db: Kysely<Database>;
  destroy(): Promise<void>;
}

export interface DatabaseOptions {
  url: string;
  /** MariaDB connections in the pool; SQLite has one connection. */
  poolSize?: number;
  /** Sees the SQL of every query (tests record the hot queries' SQL with it). */
  onQuery?: (sql: string) => void;
  /**
   * MariaDB: the longest wait for a pooled connection, or for a new one's handshake. Unset, a query
   * waits as long as the pool and the network let it (the CLI's long jobs, migrations).
   */
  connectTimeoutMs?: number;
  /** MariaDB: the longest one statement may take; its connection is then dropped (see `withPreparedStatements`). */
  statementTimeoutMs?: number;
}

/** The only place that knows SQLite from MariaDB at connection time. */
export function createDatabase(options: DatabaseOptions): DatabaseHandle {
  const { url } = options;
  const log = options.onQuery ? (event: LogEvent) => options.onQuery!(event.query.sql) : undefined;
  if (url.startsWith('sqlite:')) return createSqlite(sqlitePath(url), log);
  if (url.startsWith('mysql://') || url.startsWith('mariadb://')) return createMysql(url, options, log);
  throw new Error(`DATABASE_URL must start with sqlite: or mysql:// (got "${url.split(':')[0]}:")`);
}

function sqlitePath(url: string): string {
  const path = url.slice('sqlite:'.length).replace(/^\/\//, '');
  return path === '' ? ':memory:' : path;
}

function createSqlite(path: string, log?: (event: LogEvent) => void): DatabaseHandle {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SqliteDatabase(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // SQLite's LIKE folds ASCII case only; search compares accent- and case-folded text instead.
  sqlite.function('zc_fold', { deterministic: true }, (value: unknown) => (typeof value === 'string' ? foldForSearch(value) : value));
  sqlite.function('zc_phone_digits', { deterministic: true }, (value: unknown) => (typeof value === 'string' ? phoneDigits(value) : value));
  // The word index's keys of a call, as a JSON array (its triggers read it with json_each; migration 013).
  sqlite.function('zc_search_keys', { deterministic: true }, (first: unknown, last: unknown, summary: unknown, phone: unknown) =>
    JSON.stringify(searchKeys(asText(first), asText(last), asText(summary), asText(phone))),
  );
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }), log });
  return { db, destroy: () => db.destroy() };
}

/** Distinct SQL texts the app runs (its queries differ by shape, never by value); beyond, the oldest go. */
const SQLITE_STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely prepares every query afresh, and SQLite compiles each statement (with the triggers it fires)
 * on every prepare. Statements are kept by SQL text instead: a prepared statement runs again with new
 * values, and better-sqlite3 runs one at a time (Zenicall never streams a result).
 */
function withStatementCache(sqlite: SqliteDatabase.Database): SqliteDialectConfig['database'] {
  const statements = new Map<string, SqliteDatabase.Statement>();
  return {
    prepare(sql: string) {
      let statement = statements.get(sql);
      if (statement) {
        statements.delete(sql);
      } else {
        statement = sqlite.prepare(sql);
        if (statements.size >= SQLITE_STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value!);
      }
      statements.set(sql, statement);
      return statement;
    },
    close: () => sqlite.close(),
  };
}

function createMysql(url: string, options: DatabaseOptions, log?: (event: LogEvent) => void): DatabaseHandle {
  const pool = createPool({
    uri: url.replace(/^mariadb:/, 'mysql:'),
    connectionLimit: options.poolSize ?? 10,
    ...(options.connectTimeoutMs ? { connectTimeout: options.connectTimeoutMs } : {}),
    charset: 'utf8mb4_unicode_ci',
    // Datetimes stay UTC text end to end: no driver conversion through the host's time zone.
    timezone: 'Z',
    dateStrings: true,
    // MariaDB flags json_valid() columns as JSON; they stay text like every other column until the mapper.
    jsonStrings: true,
    supportBigNumbers: true,
    // COUNT(*) and SUM() come back as numbers, not strings.
    bigNumberStrings: false,
    // Affected rows means rows changed, so an upsert can tell an insert from "already there".
    flags: ['-FOUND_ROWS'],
    // Per connection; the server's max_prepared_stmt_count (16,382) is shared by all connections.
    maxPreparedStatements: 200,
  });
  pool.on('connection', (connection) => {
    connection.query("SET time_zone = '+00:00'");
  });
  const timeouts = { acquireMs: options.connectTimeoutMs, statementMs: options.statementTimeoutMs };
  const db = new Kysely<Database>({ dialect: new MysqlDialect({ pool: withPreparedStatements(pool, timeouts) }), log });
  return { db, destroy: () => db.destroy() };
}

/**
 * Kysely's MySQL driver sends every query as text, which mysql2 escapes value by value and the server
 * parses each time. Queries with parameters go as prepared statements instead (binary protocol,
 * parsed once per connection); statements without any (DDL, plain SELECTs) stay text, since
 * MariaDB cannot prepare every kind of statement.
 *
 * It also bounds the waits that a dead or frozen server would make endless; mysql2 bounds neither
 * the wait for a pooled connection nor a statement's prepare step. A statement over its limit fails
 * with a code `isDatabaseUnavailable` knows; its connection is broken from then on (a late answer
 * may still come): whatever comes next on it (Kysely's ROLLBACK) fails at once, and it is destroyed,
 * socket included, never returned to the pool.
 */
function withPreparedStatements(pool: Pool, timeouts: { acquireMs?: number; statementMs?: number }): MysqlPool {
  type Done = (error: unknown, result: unknown) => void;
  return {
    getConnection(callback) {
      let settled = false;
      const timer =
        timeouts.acquireMs === undefined
          ? undefined
          : setTimeout(() => {
              settled = true;
              callback(
                unavailableError(ACQUIRE_TIMEOUT_CODE, `No database connection within ${timeouts.acquireMs} ms.`),
                undefined as never,
              );
            }, timeouts.acquireMs);
      pool.getConnection((error, connection) => {
        clearTimeout(timer);
        if (settled) {
          // Too late for the caller, who has moved on: the connection goes back for the next one.
          connection?.release();
          return;
        }
        settled = true;
        if (error) return callback(error, undefined as never);
        let broken: Error | undefined;
        const run = (sql: string, parameters: unknown[], done: Done) =>
          parameters.length > 0 ? connection.execute(sql, parameters as never[], done) : connection.query(sql, parameters, done);
        // Exactly what Kysely's driver calls on a connection: query (with a callback) and release.
        const facade = {
          query(sql: string, parameters: unknown[], done: Done) {
            if (broken) return done(broken, undefined);
            if (timeouts.statementMs === undefined) return run(sql, parameters, done);
            let answered = false;
            const statementTimer = setTimeout(() => {
              answered = true;
              broken = unavailableError(
                STATEMENT_TIMEOUT_CODE,
                `The database did not answer a statement within ${timeouts.statementMs} ms.`,
              );
              done(broken, undefined);
            }, timeouts.statementMs);
            run(sql, parameters, (queryError, result) => {
              clearTimeout(statementTimer);
              if (answered) return;
              answered = true;
              done(queryError, result);
            });
          },
          release() {
            if (!broken) return connection.release();
            connection.destroy();
            // A frozen server never acknowledges the close: drop the socket now.
            (connection as unknown as { stream?: { destroy(): void } }).stream?.destroy();
          },
        };
        callback(null, facade as never);
      });
    },
    end: (callback) => pool.end(callback),
  };
}
