import { sql } from 'drizzle-orm';
import { rowsOf, type Db, type Tx } from './db.ts';

/**
 * A logical backup of every application table, read in ONE repeatable-read
 * transaction (a consistent snapshot while the installation keeps writing),
 * and its restore into an empty, migrated database. Rows travel as JSON
 * (`row_to_json`) and come back with `json_populate_recordset`, so every
 * column keeps its exact type on either driver. Tables are restored parents
 * first (foreign keys), sequences are moved past the restored ids, and
 * ledger_positions, which a trigger keeps, is rebuilt by that trigger.
 */
const DERIVED = new Set(['ledger_positions']);
const PAGE = 5000;

/** The application's tables (partitioned parents, not their partitions), parents first. */
export async function backupTables(db: Db | Tx): Promise<string[]> {
  const tables = rowsOf<{ name: string }>(
    await db.execute(sql`
      select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition
      order by c.relname`),
  )
    .map((r) => r.name)
    .filter((n) => !DERIVED.has(n));
  const edges = rowsOf<{ child: string; parent: string }>(
    await db.execute(sql`
      select cl.relname as child, pr.relname as parent from pg_constraint k
      join pg_class cl on cl.oid = k.conrelid join pg_class pr on pr.oid = k.confrelid
      join pg_namespace n on n.oid = cl.relnamespace
      where k.contype = 'f' and n.nspname = 'public' and cl.relname <> pr.relname`),
  );
  const ordered: string[] = [];
  const placed = new Set<string>();
  const visit = (t: string, path: Set<string>) => {
    if (placed.has(t) || path.has(t)) return;
    path.add(t);
    for (const e of edges) if (e.child === t && tables.includes(e.parent)) visit(e.parent, path);
    placed.add(t);
    ordered.push(t);
  };
  for (const t of tables) visit(t, new Set());
  return ordered;
}

/** Reads every table in one snapshot; `onRows` receives each page of rows as JSON texts. */
export async function readBackup(
  db: Db,
  onTable: (table: string) => Promise<void> | void,
  onRows: (table: string, rows: string[]) => Promise<void> | void,
): Promise<void> {
  await db.transaction(
    async (tx) => {
      for (const table of await backupTables(tx)) {
        await onTable(table);
        for (let offset = 0; ; offset += PAGE) {
          // tableoid, ctid: a stable order inside one snapshot, partitions included.
          const rows = rowsOf<{ j: string }>(
            await tx.execute(
              sql`select row_to_json(t)::text as j from ${sql.identifier(table)} t order by t.tableoid, t.ctid limit ${PAGE} offset ${offset}`,
            ),
          );
          if (rows.length > 0)
            await onRows(
              table,
              rows.map((r) => r.j),
            );
          if (rows.length < PAGE) break;
        }
      }
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}

/** True when no application table holds a row (where a restore may go). */
export async function isEmptyDatabase(db: Db): Promise<boolean> {
  for (const table of await backupTables(db)) {
    const rows = rowsOf(await db.execute(sql`select 1 from ${sql.identifier(table)} limit 1`));
    if (rows.length > 0) return false;
  }
  return true;
}

/** Inserts one table's rows (JSON texts, as read by readBackup) inside the restore's transaction. */
export async function restoreRows(tx: Tx, table: string, rows: readonly string[]): Promise<void> {
  for (let i = 0; i < rows.length; i += PAGE) {
    const json = `[${rows.slice(i, i + PAGE).join(',')}]`;
    await tx.execute(
      sql`insert into ${sql.identifier(table)} select * from json_populate_recordset(null::${sql.identifier(table)}, ${json}::json)`,
    );
  }
}

/** After a restore: sequences past the restored ids; ledger years in their own partitions. */
export async function finishRestore(tx: Tx): Promise<void> {
  const serials = rowsOf<{ tbl: string; col: string }>(
    await tx.execute(sql`
      select c.table_name as tbl, c.column_name as col from information_schema.columns c
      where c.table_schema = 'public' and c.column_default like 'nextval(%'`),
  );
  for (const { tbl, col } of serials)
    await tx.execute(
      sql`select setval(pg_get_serial_sequence(${tbl}, ${col}), coalesce((select max(${sql.identifier(col)}) from ${sql.identifier(tbl)}), 0) + 1, false)`,
    );
  const years = rowsOf<{ y: number }>(
    await tx.execute(
      sql`select distinct extract(year from issued_at at time zone 'UTC')::int as y from ledger_entries`,
    ),
  );
  const hasFn = rowsOf(
    await tx.execute(sql`select 1 from pg_proc where proname = 'pmc_ensure_ledger_partition'`),
  );
  if (hasFn.length > 0)
    for (const { y } of years) await tx.execute(sql`select pmc_ensure_ledger_partition(${y})`);
}
