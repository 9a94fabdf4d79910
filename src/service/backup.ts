/**
 * `pmcert backup` / `pmcert restore`: the whole installation as JSON lines —
 * a header, then per table its name (a JSON string) followed by its rows (JSON
 * objects) — read in one consistent snapshot (src/store/backup.ts) and
 * restored in one transaction into an empty database with the same
 * migrations. Same rows, same bundles: nothing is re-signed or recomputed.
 */
import { sql } from 'drizzle-orm';
import { InvalidInput } from '../errors.ts';
import {
  backupTables,
  finishRestore,
  isEmptyDatabase,
  readBackup,
  restoreRows,
} from '../store/backup.ts';
import { rowsOf, type Db } from '../store/db.ts';

export const BACKUP_FORMAT = 'pmcert-backup';

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: 1;
  /** Migrations applied where it was made: a restore needs the same. */
  migrations: number;
  tables: string[];
  at: string;
}

async function migrationCount(db: Db): Promise<number> {
  const [row] = rowsOf<{ n: number }>(
    await db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`),
  );
  return row?.n ?? 0;
}

/** Writes the backup, line by line; returns the rows written per table. */
export async function writeBackup(
  db: Db,
  line: (s: string) => Promise<void> | void,
  now: Date = new Date(),
): Promise<Record<string, number>> {
  const header: BackupHeader = {
    format: BACKUP_FORMAT,
    version: 1,
    migrations: await migrationCount(db),
    tables: await backupTables(db),
    at: now.toISOString(),
  };
  await line(JSON.stringify(header));
  const counts: Record<string, number> = {};
  await readBackup(
    db,
    (table) => {
      counts[table] = 0;
      return line(JSON.stringify(table));
    },
    async (table, rows) => {
      counts[table]! += rows.length;
      for (const r of rows) await line(r);
    },
  );
  return counts;
}

/** Restores a backup into an empty database (migrated to the same version); one transaction. */
export async function restoreBackup(
  db: Db,
  lines: AsyncIterable<string>,
): Promise<Record<string, number>> {
  let header: BackupHeader | undefined;
  const rows = new Map<string, string[]>();
  let current: string[] | undefined;
  for await (const raw of lines) {
    const l = raw.trim();
    if (l === '') continue;
    if (!header) {
      const h = JSON.parse(l) as BackupHeader;
      if (h.format !== BACKUP_FORMAT || h.version !== 1)
        throw new InvalidInput('file', 'not a pmcert backup (version 1)');
      header = h;
    } else if (l.startsWith('"')) {
      const table = JSON.parse(l) as string;
      rows.set(table, (current = []));
    } else if (current) current.push(l);
    else throw new InvalidInput('file', 'a row before any table name');
  }
  if (!header) throw new InvalidInput('file', 'the backup is empty');
  const have = await migrationCount(db);
  if (have !== header.migrations)
    throw new InvalidInput(
      'file',
      `the backup was made at migration ${header.migrations}, this database is at ${have}: migrate to the same version first`,
    );
  if (!(await isEmptyDatabase(db)))
    throw new InvalidInput('file', 'restore needs an empty database (this one has data)');
  const known = new Set(await backupTables(db));
  for (const t of rows.keys())
    if (!known.has(t))
      throw new InvalidInput('file', `the backup has a table ${t} this database lacks`);
  const counts: Record<string, number> = {};
  await db.transaction(async (tx) => {
    // Parents first, in this database's own order.
    for (const table of await backupTables(tx)) {
      const r = rows.get(table) ?? [];
      counts[table] = r.length;
      if (r.length > 0) await restoreRows(tx, table, r);
    }
    await finishRestore(tx);
  });
  return counts;
}

/**
 * The backup as one gzipped JSON-lines file, in memory: what a running server
 * hands out (GET /api/backup). The snapshot's transaction stays open only
 * while the rows are read and compressed, never while a slow client
 * downloads — on embedded PGlite, whose one connection every write waits
 * for, that keeps the pause short. CompressionStream: the same on Node and in
 * a Worker.
 * @example const { bytes } = await gzippedBackup(deps.db);
 */
export async function gzippedBackup(
  db: Db,
  now: Date = new Date(),
): Promise<{ bytes: Uint8Array; counts: Record<string, number> }> {
  const gzip = new CompressionStream('gzip');
  const writer = gzip.writable.getWriter();
  const chunks: Uint8Array[] = [];
  const reading = (async () => {
    const reader = gzip.readable.getReader();
    for (let r = await reader.read(); !r.done; r = await reader.read()) chunks.push(r.value);
  })();
  const encoder = new TextEncoder();
  let pending: string[] = [];
  const flush = async () => {
    if (pending.length === 0) return;
    const text = pending.join('');
    pending = [];
    await writer.write(encoder.encode(text));
  };
  let counts: Record<string, number>;
  try {
    counts = await writeBackup(
      db,
      async (line) => {
        pending.push(`${line}\n`);
        if (pending.length >= 2000) await flush();
      },
      now,
    );
    await flush();
    await writer.close();
  } catch (err) {
    await writer.abort(err).catch(() => {});
    throw err;
  }
  await reading;
  const bytes = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.length;
  }
  return { bytes, counts };
}
