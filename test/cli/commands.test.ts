import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCommand, synopsisOf, widthOf, type Command } from '../../src/cli/command.ts';
import { COMMANDS } from '../../src/cli/commands/index.ts';
import type { CliEnv } from '../../src/cli/context.ts';
import { main } from '../../src/cli/main.ts';
import { CLI_NOTES, CLI_SUMMARIES } from '../../src/i18n/cli.ts';
import type { Lang } from '../../src/i18n/messages.ts';
import { runCli } from '../support/cli.ts';

/**
 * Every registered command, table-driven and in process (no database is opened:
 * each case stops at the flags): `--help` prints its synopsis with every flag,
 * an unknown flag is refused by name, a missing required flag is refused by
 * name. Like test/http/matrix.test.ts for routes, it fails when a file in
 * src/cli/commands/ is not registered in the index, or a command has no text.
 */
const DIR = join(import.meta.dirname, '../../src/cli/commands');

function capture(lang: Lang = 'en') {
  const out: string[] = [];
  const err: string[] = [];
  const cli: CliEnv = {
    env: {},
    lang,
    out: (s) => out.push(s),
    err: (s) => err.push(s),
  };
  return { cli, out: () => out.join('\n'), err: () => err.join('\n') };
}

const loaded = await Promise.all(
  COMMANDS.map(async (e) => ({ entry: e, command: await e.load() })),
);
const words = (c: Command) => c.name.split(' ');
/** The flags and arguments a synopsis shows outside brackets: what must be given. */
const requiredOf = (c: Command) =>
  synopsisOf(c)
    .replace(/\[[^\]]*\]/g, '')
    .split(' ')
    .slice(1 + words(c).length)
    .filter((w) => w !== '');
/** Commands whose input is one of two (a bundle file or --token): refused naming the first. */
const EITHER: Record<string, string> = { verify: 'bundle.json' };

describe('the command index', () => {
  it('registers every file in src/cli/commands/, and only files that exist', () => {
    const files = readdirSync(DIR).filter((f) => f.endsWith('.ts') && f !== 'index.ts');
    const index = readFileSync(join(DIR, 'index.ts'), 'utf8');
    const registered = [...index.matchAll(/import\('\.\/([^']+)'\)/g)].map((m) => m[1]);
    expect(files.filter((f) => !registered.includes(f))).toEqual([]);
    expect(registered.filter((f) => !files.includes(f!))).toEqual([]);
  });

  it('names each command as its file does, once, with a summary in Chinese and English', () => {
    const names = loaded.map((l) => l.command.name);
    expect(loaded.filter((l) => l.command.name !== l.entry.name)).toEqual([]);
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) {
      expect(CLI_SUMMARIES[n]?.zh, n).toMatch(/\S/);
      expect(CLI_SUMMARIES[n]?.en, n).toMatch(/\S/);
    }
    expect(Object.keys(CLI_SUMMARIES).filter((k) => !names.includes(k))).toEqual([]);
    expect(Object.keys(CLI_NOTES).filter((k) => !names.includes(k))).toEqual([]);
  });

  it('pmcert --help lists every command; a group lists its own; an unknown command exits 2', async () => {
    for (const lang of ['zh', 'en'] as const) {
      const c = capture(lang);
      expect(await main(['--help'], c.cli)).toBe(0);
      for (const { command } of loaded) expect(c.out()).toContain(`pmcert ${command.name} `);
      expect(
        c
          .out()
          .split('\n')
          .filter((l) => widthOf(l) > 80),
      ).toEqual([]);
    }
    const group = capture();
    expect(await main(['report', '--help'], group.cli)).toBe(0);
    expect(group.out()).toContain('pmcert report audit');
    expect(group.out()).not.toContain('pmcert org add');
    const none = capture();
    expect(await main(['frobnicate'], none.cli)).toBe(2);
    expect(none.err()).toContain('frobnicate');
    const sub = capture();
    expect(await main(['report', 'frobnicate'], sub.cli)).toBe(2);
    expect(sub.err()).toContain('report frobnicate');
    expect(await main([], capture().cli)).toBe(2);
  });
});

describe.each(loaded.map((l) => [l.command.name, l.command] as const))('pmcert %s', (_, c) => {
  it('--help prints its synopsis with every flag, in both languages', async () => {
    for (const lang of ['zh', 'en'] as const) {
      const r = capture(lang);
      expect(await main([...words(c), '--help'], r.cli)).toBe(0);
      expect(r.out()).toContain(`pmcert ${c.name}`);
      const bare = (t: string) => t.replace(/\s+/g, ''); // lines are wrapped at 80 columns
      expect(bare(r.out())).toContain(bare(CLI_SUMMARIES[c.name]![lang]));
      for (const flag of Object.keys(c.flags)) expect(r.out()).toContain(`--${flag}`);
      // An old Windows console is 80 columns wide; a Chinese character takes two.
      expect(
        r
          .out()
          .split('\n')
          .filter((l) => widthOf(l) > 80),
      ).toEqual([]);
    }
    const short = capture();
    expect(await main([...words(c), '-h'], short.cli)).toBe(0);
    const help = capture();
    expect(await main(['help', ...words(c)], help.cli)).toBe(0);
    expect(help.out()).toBe(short.out());
  });

  it('refuses an unknown flag, naming it', async () => {
    const r = capture();
    expect(await main([...words(c), '--no-such-flag', 'x'], r.cli)).toBe(2);
    expect(r.err()).toContain('--no-such-flag');
    expect(r.out()).toBe('');
  });

  it('refuses missing required input, naming the first', () => {
    const r = capture();
    const parsed = parseCommand(c, [], r.cli);
    const required = EITHER[c.name] ? [EITHER[c.name]!] : requiredOf(c);
    if (required.length === 0) expect(parsed).toHaveProperty('input');
    else {
      expect(parsed).toEqual({ code: 2 });
      expect(r.err()).toContain(required[0]);
    }
  });
});

describe('flags mean one thing per command', () => {
  const cmd = (name: string) => loaded.find((l) => l.command.name === name)!.command;

  it('--at is an ISO time for keys revoke, an org for an arrival, nothing for a transfer-out', () => {
    const bad = capture();
    expect(parseCommand(cmd('keys revoke'), ['--kid', 'k', '--at', 'b2'], bad.cli)).toEqual({
      code: 2,
    });
    expect(bad.err()).toContain('--at');
    expect(
      parseCommand(cmd('keys revoke'), ['--kid', 'k', '--at', '2026-07-01T08:00:00Z'], bad.cli),
    ).toEqual({ input: expect.objectContaining({ kid: 'k', at: 1782892800 }) });
    expect(
      parseCommand(cmd('endorse arrival'), ['--member', 'm', '--at', 'b2'], capture().cli),
    ).toEqual({ input: expect.objectContaining({ member: 'm', at: 'b2' }) });
    const out = capture();
    expect(
      parseCommand(
        cmd('endorse transfer-out'),
        ['--member', 'm', '--to', 'b', '--at', 'b2'],
        out.cli,
      ),
    ).toEqual({ code: 2 });
    expect(out.err()).toContain('--at');
  });

  it('suggests the flag a misspelt one was meant to be', () => {
    const r = capture('zh');
    const args = ['--org', 'b1', '--nationalid', '1', '--gender', 'M'];
    expect(parseCommand(cmd('member enroll'), args, r.cli)).toEqual({ code: 2 });
    expect(r.err()).toContain('--nationalid');
    expect(r.err()).toContain('是否要用 --national-id');
    const far = capture();
    expect(parseCommand(cmd('org list'), ['--frobnicate'], far.cli)).toEqual({ code: 2 });
    expect(far.err()).not.toContain('did you mean');
    const typo = capture();
    expect(parseCommand(cmd('import'), ['members', 'f.csv', '--dryrun'], typo.cli)).toEqual({
      code: 2,
    });
    expect(typo.err()).toContain('did you mean --dry-run?');
  });

  it('checks values with the schema: an enum names its choices, a switch takes no value', () => {
    const r = capture();
    const args = ['--id', 'x', '--name', 'n', '--type', 'club', '--parent', 'root'];
    expect(parseCommand(cmd('org add'), args, r.cli)).toEqual({ code: 2 });
    expect(r.err()).toContain('--type');
    expect(r.err()).toContain('branch');
    const s = capture();
    expect(parseCommand(cmd('member show'), ['m1', '--json=yes'], s.cli)).toEqual({ code: 2 });
    expect(s.err()).toContain('--json');
    const extra = capture();
    expect(parseCommand(cmd('qr'), ['m1', 'm2', '--out', 'a.png'], extra.cli)).toEqual({ code: 2 });
    expect(extra.err()).toContain('m2');
  });
});

describe('the built binary', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pmc-cli-cmds-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints help and refuses an unknown flag, without a database', async () => {
    const help = await runCli(['--help'], { cwd: dir });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('pmcert org add');
    const bad = await runCli(['org', 'list', '--bogus'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--bogus');
    expect(readdirSync(dir)).toEqual([]);
  });
});
