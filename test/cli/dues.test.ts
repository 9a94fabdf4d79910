/**
 * `pmcert dues template | record` through the real binary on PGlite: the
 * template comes out as UTF-8 CSV with a BOM and Chinese headers; a file
 * with a bad row is refused naming row and column and records nothing;
 * the corrected file records one signed batch that `verify` then proves.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { person } from '../support/people.ts';

describe('pmcert dues (PGlite)', () => {
  let dir: string;
  let env: Record<string, string | undefined>;
  const cli = (...args: string[]) => runCli(args, { cwd: dir, env });
  let member = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pmc-dues-'));
    env = {
      PMC_DATA_DIR: join(dir, 'data'),
      DATABASE_URL: undefined,
      PMC_KEK: undefined,
      PMC_NOW: '2026-07-15T08:00:00Z',
    };
    expect((await cli('init', '--root-name', '市委组织部')).code).toBe(0);
    expect(
      (
        await cli(
          'org',
          'add',
          '--id',
          'b1',
          '--name',
          '第一党支部',
          '--type',
          'branch',
          '--parent',
          'root',
        )
      ).code,
    ).toBe(0);
    const p = person();
    const r = await cli(
      'member',
      'enroll',
      '--org',
      'b1',
      '--name',
      p.name,
      '--national-id',
      p.nationalId,
      '--gender',
      p.gender,
      '--birth',
      p.birth,
      '--joined',
      p.joined,
    );
    expect(r.code, r.stderr).toBe(0);
    member = r.stdout.trim().split(/\s+/).pop()!;
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the template, refuses a bad row naming row and column, records the fixed file once', async () => {
    const t = await cli(
      'dues',
      'template',
      '--org',
      'b1',
      '--month',
      '2026-07',
      '--out',
      'dues.csv',
    );
    expect(t.code, t.stderr).toBe(0);
    const csv = readFileSync(join(dir, 'dues.csv'), 'utf8');
    expect(csv.startsWith('\uFEFF党员编号,姓名,所属月份,交纳类别,税后月收入（元）')).toBe(true);
    expect(csv).toContain(member);
    // Never declared: the officer fills in kind, income and amount; one amount is mistyped.
    const bad = csv
      .replace(`${member},`, `${member},`)
      .replace(/\r\n([^\r\n]+)\r\n$/, (_m, line: string) => {
        const cells = line.split(',');
        cells[3] = '在职';
        cells[4] = '4000.00';
        cells[6] = '40.001';
        return `\r\n${cells.join(',')}\r\n`;
      });
    writeFileSync(join(dir, 'bad.csv'), bad);
    const refused = await cli(
      'dues',
      'record',
      '--org',
      'b1',
      '--month',
      '2026-07',
      '--file',
      'bad.csv',
    );
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('row 2, amount');
    expect(refused.stderr).toContain('nothing recorded');
    writeFileSync(join(dir, 'good.csv'), bad.replace('40.001', '40.00'));
    const ok = await cli(
      'dues',
      'record',
      '--org',
      'b1',
      '--month',
      '2026-07',
      '--file',
      'good.csv',
    );
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('recorded b1/2026-07/1: 1 lines, total 40.00 元, 1 signature');
    expect((await cli('export', member, '--out', 'bundle.json')).code).toBe(0);
    const bundle = JSON.parse(readFileSync(join(dir, 'bundle.json'), 'utf8'));
    expect(bundle.dues).toHaveLength(1);
    const v = await cli('verify', 'bundle.json', '--root', 'keys/root.jwk');
    expect(v.code, v.stdout + v.stderr).toBe(0);
  }, 120_000);
});
