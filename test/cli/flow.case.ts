import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newKekText } from '../../src/crypto/keys.ts';
import { person } from '../support/people.ts';
import { runCli } from '../support/cli.ts';
import { createTestDatabase } from '../support/stores.ts';

/**
 * The README's CLI walk-through, run through the real binary:
 * init → org add → enroll → transfer-out → arrival → export → verify,
 * then one byte changed in the bundle makes verify exit 1 with the right code.
 */
export function runCliFlow(driver: 'pglite' | 'postgres') {
  describe(`pmcert CLI on ${driver}`, () => {
    let dir: string;
    let env: Record<string, string | undefined>;
    let drop: (() => Promise<void>) | undefined;
    const cli = (...args: string[]) => runCli(args, { cwd: dir, env });

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'pmc-cli-'));
      env = { PMC_DATA_DIR: join(dir, 'data'), DATABASE_URL: undefined, PMC_KEK: undefined };
      if (driver === 'postgres') {
        const db = await createTestDatabase();
        drop = db.drop;
        env = { ...env, DATABASE_URL: db.url, PMC_KEK: newKekText() };
      }
    });
    afterAll(async () => {
      await drop?.();
      rmSync(dir, { recursive: true, force: true });
    });

    let member = '';
    it('init writes the root key and refuses a second init', async () => {
      const r = await cli('init', '--root-name', '市委组织部');
      expect(r.stderr).toEqual(driver === 'pglite' ? expect.stringContaining('PMC_KEK') : '');
      expect(r.code).toBe(0);
      expect(JSON.parse(readFileSync(join(dir, 'keys/root.jwk'), 'utf8'))).toMatchObject({
        kty: 'OKP',
        crv: 'Ed25519',
      });
      const again = await cli('init');
      expect(again.code).toBe(2);
      expect(again.stderr).toContain('already initialised');
    });

    it('builds a tree and enrolls a member', async () => {
      for (const [id, name, type, parent] of [
        ['c1', '公安局党委', 'committee', 'root'],
        ['b1', '刑侦支队党支部', 'branch', 'c1'],
        ['b2', '第一中学党支部', 'branch', 'root'],
      ]) {
        const r = await cli(
          'org',
          'add',
          '--id',
          id!,
          '--name',
          name!,
          '--type',
          type!,
          '--parent',
          parent!,
        );
        expect(r.stderr).toBe('');
        expect(r.code).toBe(0);
      }
      const p = person();
      const r = await cli(
        'member',
        'enroll',
        '--org',
        'b1',
        '--name',
        '王晓明',
        '--national-id',
        p.nationalId,
        '--gender',
        'M',
        '--birth',
        p.birth,
        '--joined',
        '2015-07-01',
        '--personnel',
        'auxiliary',
      );
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      member = r.stdout.trim();
      expect(member).toMatch(/^[0-9a-z]{12}$/);
    });

    it('bad input exits non-zero naming the field, and changes nothing', async () => {
      const p = person();
      const badId = p.nationalId.slice(0, 17) + (p.nationalId.endsWith('1') ? '2' : '1');
      const cases: [string[], string][] = [
        [
          [
            'member',
            'enroll',
            '--org',
            'b1',
            '--name',
            'X',
            '--national-id',
            badId,
            '--gender',
            'M',
            '--birth',
            p.birth,
            '--joined',
            '2015-07-01',
          ],
          'national_id',
        ],
        [
          [
            'member',
            'enroll',
            '--org',
            'nowhere',
            '--name',
            'X',
            '--national-id',
            p.nationalId,
            '--gender',
            'M',
            '--birth',
            p.birth,
            '--joined',
            '2015-07-01',
          ],
          'UNKNOWN_ORG',
        ],
        [
          [
            'member',
            'enroll',
            '--org',
            'b1',
            '--name',
            'X',
            '--national-id',
            p.nationalId,
            '--gender',
            'M',
            '--birth',
            p.birth,
            '--joined',
            '2015-13-01',
          ],
          'joined',
        ],
        [['endorse', 'arrival', '--member', member], 'NOT_IN_TRANSIT'],
        [
          ['endorse', 'transfer-out', '--member', member, '--to', 'b2', '--valid-days', '91'],
          'VALIDITY_OUT_OF_RANGE',
        ],
        [
          ['org', 'add', '--id', 'Bad Id', '--name', 'n', '--type', 'branch', '--parent', 'c1'],
          'id',
        ],
      ];
      for (const [args, named] of cases) {
        const r = await cli(...args);
        expect(r.code, args.join(' ')).toBe(2);
        expect(r.stderr, args.join(' ')).toContain(named);
      }
      const shown = JSON.parse((await cli('member', 'show', member, '--json')).stdout);
      expect(shown.seq).toBe(1);
    });

    it('transfer-out → arrival → export → verify prints valid', async () => {
      expect(
        (
          await cli(
            'endorse',
            'transfer-out',
            '--member',
            member,
            '--to',
            'b2',
            '--reason',
            '工作调动',
          )
        ).code,
      ).toBe(0);
      const arr = await cli('endorse', 'arrival', '--member', member, '--at', 'b2');
      expect(arr.stderr).toBe('');
      expect(arr.code).toBe(0);
      const shown = JSON.parse((await cli('member', 'show', member, '--json')).stdout);
      expect(shown).toMatchObject({ org: 'b2', status: 'normal', seq: 3 });
      expect(shown.nationalId).toMatch(/^\d{6}\*{12}$/);

      expect((await cli('export', member, '--out', 'bundle.json')).code).toBe(0);
      const v = await cli('verify', 'bundle.json');
      expect(v.stdout).toContain('Valid');
      expect(v.code).toBe(0);
    });

    it('one byte changed in the bundle makes verify exit 1 with the right code', async () => {
      const text = readFileSync(join(dir, 'bundle.json'), 'utf8');
      const bundle = JSON.parse(text);
      // Change the destination in the transfer_out entry's payload: its signature no longer matches.
      const [h, p, s] = bundle.entries[1].split('.');
      const payload = Buffer.from(p, 'base64url').toString().replace('"to":"b2"', '"to":"b1"');
      bundle.entries[1] = [h, Buffer.from(payload).toString('base64url'), s].join('.');
      writeFileSync(join(dir, 'tampered.json'), JSON.stringify(bundle));
      const unlogged = JSON.parse(text);
      unlogged.checkpoint = null;
      unlogged.proofs = [];
      writeFileSync(join(dir, 'unlogged.json'), JSON.stringify(unlogged));
      const u = await cli('verify', 'unlogged.json');
      expect(u.code).toBe(1);
      expect(u.stdout).toContain('BAD_CHECKPOINT');
      expect((await cli('verify', 'unlogged.json', '--allow-unlogged')).code).toBe(0);

      const r = await cli('verify', 'tampered.json');
      expect(r.code).toBe(1);
      expect(r.stdout).toContain('BAD_SIGNATURE');
      expect(r.stdout).toContain('entries[1]');

      // A single character of the credential's signature.
      const cred = bundle.credential as string;
      const i = cred.length - 20;
      const flipped = JSON.parse(text);
      flipped.credential = cred.slice(0, i) + (cred[i] === 'A' ? 'B' : 'A') + cred.slice(i + 1);
      writeFileSync(join(dir, 'flipped.json'), JSON.stringify(flipped));
      const f = await cli('verify', 'flipped.json');
      expect(f.code).toBe(1);
      expect(f.stdout).toContain('BAD_SIGNATURE');
    });

    it('verify --token checks a credential against the trust list', async () => {
      const shown = JSON.parse((await cli('member', 'show', member, '--json')).stdout);
      expect((await cli('trust', '--out', 'trust.json')).code).toBe(0);
      const ok = await cli('verify', '--token', shown.credential, '--trust', 'trust.json');
      expect(ok.code).toBe(0);
      const bad = await cli('verify', '--token', `${shown.credential}x`, '--trust', 'trust.json');
      expect(bad.code).toBe(1);

      // The root-signed form: checked with keys/root.jwk, and it brings the org tree to bundle verification.
      expect((await cli('trust', '--out', 'trust.jws')).code).toBe(0);
      const signed = await cli('verify', '--token', shown.credential, '--trust', 'trust.jws');
      expect(signed.stderr).toBe('');
      expect(signed.code).toBe(0);
      expect((await cli('verify', 'bundle.json', '--trust', 'trust.jws')).code).toBe(0);
      const jws = readFileSync(join(dir, 'trust.jws'), 'utf8').trim();
      writeFileSync(join(dir, 'forged.jws'), `${jws.slice(0, -8)}AAAAAAAA`);
      const forged = await cli('verify', '--token', shown.credential, '--trust', 'forged.jws');
      expect(forged.code).toBe(2);
      expect(forged.stderr).toContain('trust');
    });

    it('qr writes a PNG that decodes back to the credential link', async () => {
      const r = await cli('qr', member, '--out', 'member.png');
      expect(r.code).toBe(0);
      const png = PNG.sync.read(readFileSync(join(dir, 'member.png')));
      const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
      const shown = JSON.parse((await cli('member', 'show', member, '--json')).stdout);
      expect(decoded?.data).toBe(`http://localhost:8787/v#${shown.credential}`);
      expect((await cli('qr', member, '--out', 'member.svg')).code).toBe(0);
      expect(readFileSync(join(dir, 'member.svg'), 'utf8')).toContain('<svg');
    });
  });
}
