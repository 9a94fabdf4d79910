/**
 * COPY … FROM STDIN through postgres.js, for the bench's bulk loader. Each
 * writer holds its own connection with session_replication_role = replica,
 * as pg_restore --disable-triggers loads: no row trigger (ledger_positions is
 * filled after, in one INSERT … SELECT) and no foreign-key check per row
 * (the loader writes members after their entries; fsck checks the result).
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type postgres from 'postgres';

const SPECIAL = /[\\\t\n\r]/;
/** A text value in COPY's text format. */
export function copyText(s: string): string {
  if (!SPECIAL.test(s)) return s;
  return s.replace(/[\\\t\n\r]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
  );
}
export const NULL = '\\N';
/** bytea in COPY's text format (hex, its backslash escaped). */
export const copyBytes = (b: Uint8Array): string => `\\\\x${Buffer.from(b).toString('hex')}`;

export class CopyWriter {
  private buf: string[] = [];
  private size = 0;
  private stream!: Writable;
  private conn!: postgres.ReservedSql;
  rows = 0;
  constructor(
    private readonly client: postgres.Sql,
    private readonly table: string,
    private readonly columns: readonly string[],
  ) {}

  async start(): Promise<this> {
    this.conn = await this.client.reserve();
    await this.conn.unsafe('set session_replication_role = replica');
    await this.conn.unsafe('set synchronous_commit = off');
    this.stream = (await this.conn
      .unsafe(`copy ${this.table} (${this.columns.join(', ')}) from stdin`)
      .writable()) as unknown as Writable;
    return this;
  }

  /** One row: the values already in COPY text form. */
  async row(values: readonly (string | number)[]): Promise<void> {
    const line = values.join('\t') + '\n';
    this.buf.push(line);
    this.size += line.length;
    this.rows++;
    if (this.size > 1 << 20) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.buf.length === 0) return;
    const chunk = this.buf.join('');
    this.buf = [];
    this.size = 0;
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }

  async end(): Promise<void> {
    await this.flush();
    const done = new Promise<void>((resolve, reject) => {
      this.stream.once('finish', resolve);
      this.stream.once('close', resolve);
      this.stream.once('error', reject);
    });
    this.stream.end();
    await done;
    this.conn.release();
  }
}
