/**
 * Dues in the pure fixture: b1 records May 2026 for its branch while the
 * member is in transit to b2 (the origin collects until the arrival), with
 * back-payments for March and April; then the mutants, each breaking one
 * thing. Appended to bundleCases, so the vector generator writes them too.
 */
import type { Bundle, DuesProofLine } from '../../src/crypto/bundle.ts';
import { proveDuesLines, signDuesBatch } from '../../src/crypto/dues-batch.ts';
import type { Signer } from '../../src/crypto/jws.ts';
import { batchIdOf, lineRefOf, type DuesLine } from '../../src/domain/dues.ts';
import type { NumericDate } from '../../src/domain/types.ts';
import { DAY, MEMBER, flipSignature, type BundleCase, type PureFixture } from './pure-fixtures.ts';

const line = (member: string, month: string, amount = 4000, replaces?: string): DuesLine => ({
  member,
  month,
  amount,
  base: 400_000,
  rate: 100,
  kind: 'salaried',
  ...(replaces ? { replaces } : {}),
});

/** The May batch: two other members of b1 around the member's three lines (March, April back-paid; May). */
export const mayLines = (): DuesLine[] => [
  line('m-other-1', '2026-05', 1500),
  line(MEMBER.id, '2026-03'),
  line(MEMBER.id, '2026-04'),
  line(MEMBER.id, '2026-05'),
  line('m-other-2', '2026-05', 20),
];
const MINE = [1, 2, 3];

async function batch(
  fx: PureFixture,
  lines: DuesLine[],
  over: { iss?: string; n?: number; iat?: NumericDate; signer?: Signer } = {},
) {
  const iss = over.iss ?? 'b1';
  return signDuesBatch(
    {
      iss,
      mon: '2026-05',
      n: over.n ?? 1,
      act: MEMBER.officer,
      // Between the transfer_out (NOW-7d) and the arrival (NOW-3d): b1 still collects.
      iat: over.iat ?? fx.times.transferOut + DAY,
    },
    lines,
    over.signer ?? fx.signerOf(iss),
  );
}

export async function duesCases(fx: PureFixture): Promise<Omit<BundleCase, 'root' | 'now'>[]> {
  const cases: Omit<BundleCase, 'root' | 'now'>[] = [];
  const MAY_LINES = mayLines();
  const may = await batch(fx, MAY_LINES);
  const dues = await proveDuesLines(may.jws, MAY_LINES, MINE);
  const withDues = (d: DuesProofLine[], over: Partial<Bundle> = {}) => ({
    ...fx.bundle,
    dues: d,
    ...over,
  });
  const at = (i: number, f: (d: DuesProofLine) => DuesProofLine) =>
    dues.map((d, j) => (j === i ? f(structuredClone(d)) : d));

  cases.push({
    name: 'dues-valid',
    expect: 'VALID',
    why: 'b1 records May (March and April paid back) while the member is in transit to b2; credential due 2026-05 has no gap',
    bundle: withDues(dues),
  });
  cases.push({
    name: 'dues-line-tampered',
    expect: 'BAD_DUES_PROOF',
    at: 'dues[1]',
    why: "April's amount changed from 40.00 to 4.00 元 after signing: its inclusion proof no longer reaches the root",
    bundle: withDues(at(1, (d) => ({ ...d, line: { ...d.line, amount: 400 } }))),
  });
  cases.push({
    name: 'dues-proof-wrong-index',
    expect: 'BAD_DUES_PROOF',
    at: 'dues[0]',
    why: "March's line claimed at index 2 with index 1's proof",
    bundle: withDues(at(0, (d) => ({ ...d, index: 2 }))),
  });
  cases.push({
    name: 'dues-batch-signature-flipped',
    expect: 'BAD_DUES_SIGNATURE',
    at: 'dues[0].batch',
    why: "one character of the batch's signature replaced",
    bundle: withDues(dues.map((d) => ({ ...d, batch: flipSignature(d.batch) }))),
  });
  const forged = await batch(fx, MAY_LINES, { signer: { ...fx.signerOf('b2'), orgId: 'b1' } });
  cases.push({
    name: 'dues-batch-not-branch-key',
    expect: 'BAD_DUES_SIGNATURE',
    at: 'dues[0].batch',
    why: "a batch claiming to be b1's, signed with b2's key",
    bundle: withDues(await proveDuesLines(forged.jws, MAY_LINES, MINE)),
  });
  const wrongOrg = await batch(fx, MAY_LINES, { iss: 'b2' });
  cases.push({
    name: 'dues-batch-by-destination-in-transit',
    expect: 'DUES_MISMATCH',
    at: 'dues[0].batch',
    why: 'b2 signed the batch before the arrival: while in transit the origin b1 collects',
    bundle: withDues(await proveDuesLines(wrongOrg.jws, MAY_LINES, MINE)),
  });
  cases.push({
    name: 'dues-gap',
    expect: 'DUES_GAP',
    at: 'credential',
    why: "April's line left out: the credential's due 2026-05 has a hole at 2026-04",
    bundle: withDues([dues[0]!, dues[2]!]),
  });
  cases.push({
    name: 'dues-line-other-member',
    expect: 'DUES_MISMATCH',
    at: 'dues[0]',
    why: "another member's line (validly proven in the batch) in this member's bundle",
    bundle: withDues(await proveDuesLines(may.jws, MAY_LINES, [0, 1, 2, 3])),
  });
  cases.push({
    name: 'dues-line-extra-field',
    expect: 'MALFORMED',
    at: 'dues[0].line',
    why: 'a line with a field the format does not have',
    bundle: withDues(at(0, (d) => ({ ...d, line: { ...d.line, note: 'x' } as DuesLine }))),
  });
  cases.push({
    name: 'dues-batch-wrong-typ',
    expect: 'WRONG_TYP',
    at: 'dues[0].batch',
    why: 'a ledger entry given as the batch',
    bundle: withDues(at(0, (d) => ({ ...d, batch: fx.bundle.entries[0]! }))),
  });

  // A second batch of the branch-month corrects April to unpaid (recorded in error).
  const aprilRef = lineRefOf(batchIdOf('b1', '2026-05', 1), 2);
  const fixLines = [line(MEMBER.id, '2026-04', 0, aprilRef)];
  const fix = await batch(fx, fixLines, { n: 2, iat: fx.times.transferOut + 2 * DAY });
  const corrected = [...dues, ...(await proveDuesLines(fix.jws, fixLines, [0]))];
  cases.push({
    name: 'dues-correction-opens-gap',
    expect: 'DUES_GAP',
    at: 'credential',
    why: 'a later batch corrects April to unpaid; the credential still says due 2026-05',
    bundle: withDues(corrected),
  });
  cases.push({
    name: 'dues-correction-valid',
    expect: 'VALID',
    why: 'the same correction with a credential re-issued saying due 2026-03',
    bundle: withDues(corrected, {
      credential: await fx.credentialFor(fx.ledger, { due: '2026-03' }),
    }),
  });
  cases.push({
    name: 'dues-correction-unknown-line',
    expect: 'DUES_MISMATCH',
    at: 'dues[0]',
    why: 'the correction shown without the line it replaces',
    bundle: withDues(await proveDuesLines(fix.jws, fixLines, [0])),
  });
  return cases;
}
