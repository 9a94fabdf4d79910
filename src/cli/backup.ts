import {
  createReadStream,
  createWriteStream,
  existsSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { createGunzip, createGzip, gunzipSync } from 'node:zlib';
import { LABELS, t } from '../i18n/messages.ts';
import { restoreBackup, writeBackup } from '../service/backup.ts';
import { dataDirOf, openContext, type CliEnv } from './context.ts';

/** `pmcert backup FILE` / `pmcert restore FILE`; `--server URL`: from a running server. */
export async function runBackup(
  cmd: 'backup' | 'restore',
  { file, data, server }: { file: string; data?: string | undefined; server?: string | undefined },
  cli: CliEnv,
): Promise<number> {
  let opened;
  try {
    if (cmd === 'backup' && server) return await backupFromServer(server, file, cli);
    // A restore goes into a new data dir, made here; the sealed keys and IDs need the original KEK,
    // which a backup never holds: PMC_KEK, or the old data dir's kek file copied in.
    if (cmd === 'restore' && !cli.env.PMC_KEK && !existsSync(join(dataDirOf(data, cli.env), 'kek')))
      throw new Error(
        'set PMC_KEK to the key-encryption key of the installation backed up (or copy its data dir’s kek file into the new one)',
      );
    opened = await openContext(cli, { data, create: cmd === 'restore' });
    const t0 = performance.now();
    const counts =
      cmd === 'backup' ? await backup(opened.store.db, file) : await restore(opened.store.db, file);
    const rows = Object.values(counts).reduce((a, b) => a + b, 0);
    cli.out(
      cli.lang === 'zh'
        ? `${cmd === 'backup' ? '已备份' : '已恢复'} ${Object.keys(counts).length} 张表、${rows} 行（${Math.round(performance.now() - t0)} ms）：${file}`
        : `${cmd === 'backup' ? 'backed up' : 'restored'} ${Object.keys(counts).length} tables, ${rows} rows (${Math.round(performance.now() - t0)} ms): ${file}`,
    );
    return 0;
  } catch (err) {
    cli.err(`${t(LABELS, 'error', cli.lang)}: ${err instanceof Error ? err.message : String(err)}`);
    return 2;
  } finally {
    await opened?.store.close();
  }
}

/**
 * A running server's backup (GET /api/backup, a root token with backup:read in
 * PMC_TOKEN): the only way to back up an embedded installation while it
 * serves, since its PGlite data dir belongs to the serving process.
 */
async function backupFromServer(server: string, file: string, cli: CliEnv): Promise<number> {
  const token = cli.env.PMC_TOKEN;
  if (!token)
    throw new Error('set PMC_TOKEN to an API token of the root with the backup:read ability');
  const t0 = performance.now();
  const res = await fetch(`${server.replace(/\/+$/, '')}/api/backup`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (!res.ok) {
    const body = (await res.text()).slice(0, 300);
    throw new Error(`${server} answered ${res.status}: ${body}`);
  }
  const gz = new Uint8Array(await res.arrayBuffer());
  const bytes = file.endsWith('.gz') ? gz : gunzipSync(gz);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, bytes);
  renameSync(tmp, file); // complete or absent
  const lines =
    gunzipSync(gz)
      .toString('utf8')
      .split('\n')
      .filter((l) => l.startsWith('{')).length - 1;
  cli.out(
    cli.lang === 'zh'
      ? `已从运行中的服务器备份 ${lines} 行（${gz.length} 字节，${Math.round(performance.now() - t0)} ms）：${file}`
      : `backed up ${lines} rows from the running server (${gz.length} bytes, ${Math.round(performance.now() - t0)} ms): ${file}`,
  );
  return 0;
}

async function backup(db: Parameters<typeof writeBackup>[0], file: string) {
  const tmp = `${file}.${process.pid}.tmp`;
  const out = createWriteStream(tmp);
  const gz = file.endsWith('.gz') ? createGzip() : undefined;
  if (gz) gz.pipe(out);
  const sink = gz ?? out;
  const counts = await writeBackup(db, async (line) => {
    if (!sink.write(`${line}\n`)) await once(sink, 'drain');
  });
  sink.end();
  await once(out, 'close');
  renameSync(tmp, file); // a backup file is complete or absent
  return counts;
}

async function restore(db: Parameters<typeof restoreBackup>[0], file: string) {
  const input = createReadStream(file);
  const lines = createInterface({
    input: file.endsWith('.gz') ? input.pipe(createGunzip()) : input,
    crlfDelay: Infinity,
  });
  return restoreBackup(db, lines);
}
