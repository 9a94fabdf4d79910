import { createReadStream, createWriteStream, existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { createGunzip, createGzip } from 'node:zlib';
import { LABELS, t } from '../i18n/messages.ts';
import { restoreBackup, writeBackup } from '../service/backup.ts';
import { dataDirOf, openContext, type CliEnv } from './context.ts';

/** `pmcert backup FILE` / `pmcert restore FILE`. */
export async function runBackup(
  cmd: 'backup' | 'restore',
  { file, data }: { file: string; data?: string | undefined },
  cli: CliEnv,
): Promise<number> {
  let opened;
  try {
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
