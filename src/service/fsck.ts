import { asc } from 'drizzle-orm';
import { logObjects, members } from '../../schema/index.ts';
import { equalBytes, fromB64u } from '../crypto/bytes.ts';
import { decodeEntry, entryHash } from '../crypto/entry.ts';
import { buildKeyring, checkKeyUse, type Keyring } from '../crypto/keyring.ts';
import { openCheckpoint } from '../crypto/merkle/checkpoint.ts';
import { CompactRange } from '../crypto/merkle/compact-range.ts';
import { leafHashSync } from '../crypto/merkle/hash.ts';
import { verifyCredential } from '../crypto/verify-credential.ts';
import { replay, validateLedger } from '../domain/ledger.ts';
import type { OrgTree } from '../domain/types.ts';
import { committedSize, leavesBetween, nodesOfLevel } from '../store/log.ts';
import type { EntryRow, MemberRow } from '../store/rows.ts';
import { keysOf, listEntries, loadTree } from '../store/queries.ts';
import { logCheckpoints } from '../../schema/index.ts';
import type { ServiceDeps } from './deps.ts';
import { canonicalJson } from './input.ts';
import { logIdentity } from './log.ts';
import { rootId } from './orgs.ts';

export interface FsckProblem {
  /** Where: a table row or log position, e.g. `ledger_entries member=abc seq=2`. */
  where: string;
  what: string;
}

export interface FsckReport {
  problems: FsckProblem[];
  checked: {
    members: number;
    entries: number;
    objects: number;
    leaves: number;
    checkpoints: number;
  };
}

/**
 * Re-verifies everything the database claims, trusting none of it: every
 * entry's signature, hash, stored columns, chain and rules; every member's
 * head and credential; every other logged object's hash; and the whole log
 * tree, each leaf recomputed from its entry or object, against every signed checkpoint.
 * @example const { problems } = await fsck(deps); for (const p of problems) console.log(p.where, p.what);
 */
export async function fsck(deps: ServiceDeps): Promise<FsckReport> {
  const problems: FsckProblem[] = [];
  const report = (where: string, what: string) => problems.push({ where, what });
  const ring = await keyringFromStore(deps, report);
  const tree = await loadTree(deps.db);
  const rows = await deps.db.select().from(members).orderBy(asc(members.id));
  const leafOf: LeafOwners = new Map();
  const own = (index: number, hash: string, where: string) => {
    const prior = leafOf.get(index);
    if (prior) report(where, `claims log leaf ${index}, already claimed by ${prior.where}`);
    else leafOf.set(index, { hash, where });
  };
  let entryCount = 0;
  for (const row of rows) {
    const entries = await listEntries(deps.db, row.id);
    entryCount += entries.length;
    await checkMember(deps, ring, tree, row, entries, report);
    for (const e of entries)
      own(e.leafIndex, e.hash, `ledger_entries member=${row.id} seq=${e.seq}`);
  }
  const objects = await checkObjects(deps, own, report);
  const log = await checkLog(deps, leafOf, report);
  return { problems, checked: { members: rows.length, entries: entryCount, objects, ...log } };
}

/** Which row each leaf must reproduce: its hash (base64url) and where that row is. */
type LeafOwners = Map<number, { hash: string; where: string }>;

/**
 * Logged objects that are not ledger entries: the stored hash must be the
 * JWS's. (What the object says, and who signed it, is its own kind's check.)
 */
async function checkObjects(
  deps: ServiceDeps,
  own: (index: number, hash: string, where: string) => void,
  report: (w: string, m: string) => void,
): Promise<number> {
  const rows = await deps.db.select().from(logObjects).orderBy(asc(logObjects.leafIndex));
  for (const o of rows) {
    const where = `log_objects leaf=${o.leafIndex} kind=${o.kind}`;
    if ((await entryHash(o.jws)) !== o.hash) report(where, 'hash is not the SHA-256 of the jws');
    own(o.leafIndex, o.hash, where);
  }
  return rows.length;
}

/** The keyring the database's own certificates build, anchored at the root's self-signed key. */
async function keyringFromStore(
  deps: ServiceDeps,
  report: (w: string, m: string) => void,
): Promise<Keyring> {
  const keys = await keysOf(deps.db);
  const root = await rootId(deps);
  const rootKey = keys.find((k) => k.orgId === root);
  const log = await logIdentity(deps);
  const ring = await buildKeyring(
    rootKey!.publicJwk,
    [...keys.map((k) => k.certificate), log.certificate],
    keys.flatMap((k) => (k.revocation ? [k.revocation] : [])),
    deps.verifier,
  );
  for (const k of keys) {
    if (!ring.trusted.has(k.kid))
      report(
        `org_keys kid=${k.kid}`,
        `key of ${k.orgId} does not chain to the root: ${ring.uncertified.get(k.kid) ?? 'certificate unreadable'}`,
      );
    else if (ring.trusted.get(k.kid)!.org !== k.orgId)
      report(
        `org_keys kid=${k.kid}`,
        `row says org ${k.orgId}, its certificate says ${ring.trusted.get(k.kid)!.org}`,
      );
  }
  return ring;
}

async function checkMember(
  deps: ServiceDeps,
  ring: Keyring,
  tree: OrgTree,
  row: MemberRow,
  entries: EntryRow[],
  report: (w: string, m: string) => void,
): Promise<void> {
  const items = [];
  for (const [i, e] of entries.entries()) {
    const where = `ledger_entries member=${row.id} seq=${e.seq}`;
    let decoded: ReturnType<typeof decodeEntry>;
    try {
      decoded = decodeEntry(e.jws);
    } catch (err) {
      report(where, `jws is not a well-formed entry: ${(err as Error).message}`);
      continue;
    }
    const c = decoded.claims;
    if ((await entryHash(e.jws)) !== e.hash) report(where, 'hash is not the SHA-256 of the jws');
    const use = checkKeyUse(ring, decoded.header.kid, c.iss, c.iat);
    if (!use.ok) report(where, `signing key: ${use.code} ${use.message}`);
    else if (!(await deps.verifier.verify(e.jws, decoded, use.key.jwk)))
      report(where, 'signature does not verify');
    // The queryable columns must say what the signed entry says.
    const columns: [string, unknown, unknown][] = [
      ['member_id', e.memberId, c.sub],
      ['seq', e.seq, c.seq],
      ['kind', e.kind, c.knd],
      ['org_id', e.orgId, c.iss],
      ['actor', e.actor, c.act],
      ['issued_at', e.issuedAt.getTime(), c.iat * 1000],
      ['claims', canonicalJson(e.claims), canonicalJson(c)],
    ];
    for (const [col, stored, signed] of columns) {
      if (stored !== signed)
        report(
          where,
          `column ${col} differs from the signed entry (${short(stored)} ≠ ${short(signed)})`,
        );
    }
    if (e.seq !== i + 1) report(where, `seq ${e.seq} at position ${i + 1}`);
    const prv = i === 0 ? undefined : entries[i - 1]!.hash;
    if (c.prv !== prv) report(where, "prv is not the previous entry's hash: the chain is broken");
    items.push({ claims: c, hash: e.hash });
  }
  if (items.length !== entries.length) return;
  const problem = validateLedger(items, { tree, rules: deps.rules });
  if (problem)
    report(
      `ledger_entries member=${row.id} seq=${problem.seq}`,
      `breaks a ledger rule: ${problem.reason} ${problem.message}`,
    );
  let state;
  try {
    state = replay(items);
  } catch (err) {
    report(`members id=${row.id}`, `ledger does not replay: ${(err as Error).message}`);
    return;
  }
  const where = `members id=${row.id}`;
  const head: [string, unknown, unknown][] = [
    ['seq', row.seq, state.seq],
    ['head', row.head, items[items.length - 1]?.hash],
    ['org_id', row.orgId, state.org],
    ['status', row.status, state.status],
    ['name', row.name, state.name],
    ['category', row.category, state.category],
  ];
  for (const [col, stored, derived] of head) {
    if (stored !== derived)
      report(where, `column ${col} is ${short(stored)}, the ledger says ${short(derived)}`);
  }
  const cred = await verifyCredential(row.credential, ring, deps.now(), deps.verifier);
  if (!cred.valid && cred.code !== 'EXPIRED')
    report(where, `credential: ${cred.code} ${cred.message}`);
  if (
    cred.valid &&
    (cred.value.seq !== row.seq || cred.value.hd !== row.head || cred.value.sub !== row.id)
  )
    report(where, 'credential does not describe the ledger head');
}

const LEAF_BATCH = 10_000;

/** Recomputes the whole tree from the leaves, comparing every stored node and every checkpoint's root. */
async function checkLog(
  deps: ServiceDeps,
  leafOf: LeafOwners,
  report: (w: string, m: string) => void,
) {
  const size = await committedSize(deps.db);
  const checkpoints = await deps.db.select().from(logCheckpoints).orderBy(asc(logCheckpoints.size));
  const id = await logIdentity(deps);
  const bySize = new Map(checkpoints.map((c) => [c.size, c]));
  for (const cp of checkpoints) {
    try {
      const opened = await openCheckpoint(cp.note, { origin: id.origin, verifiers: [id.vkey] });
      if (opened.size !== cp.size || !equalBytes(opened.root, cp.root))
        report(`log_checkpoints size=${cp.size}`, 'row differs from its signed note');
    } catch (err) {
      report(`log_checkpoints size=${cp.size}`, `note does not verify: ${(err as Error).message}`);
    }
  }
  const range = CompactRange.empty();
  if (bySize.has(0)) check(0, await range.root());
  function check(at: number, root: Uint8Array) {
    const cp = bySize.get(at);
    if (cp && !equalBytes(cp.root, root))
      report(
        `log_checkpoints size=${at}`,
        'the leaves no longer reproduce this signed root: the log was rewritten',
      );
  }
  const integrated = checkpoints[checkpoints.length - 1]?.size ?? 0;
  for (let start = 0; start < size; start += LEAF_BATCH) {
    const end = Math.min(size, start + LEAF_BATCH);
    const leaves = await leavesBetween(deps.db, start, end);
    const stored = new Map<string, Uint8Array>();
    // Stored nodes this stretch completes: at level L, indexes [start/2^L, end/2^L).
    for (let level = 0; 2 ** level <= end; level++) {
      const lo = Math.floor(start / 2 ** level);
      for (const n of await nodesOfLevel(deps.db, level, lo, Math.floor(end / 2 ** level)))
        stored.set(`${level}/${n.index}`, n.hash);
    }
    let expected = start;
    for (const leaf of leaves) {
      if (leaf.index !== expected) {
        report(`log_leaves index=${expected}`, 'missing leaf');
        expected = leaf.index;
      }
      const owner = leafOf.get(leaf.index);
      if (owner === undefined)
        report(`log_leaves index=${leaf.index}`, 'no ledger entry or log object has this leaf');
      else if (!equalBytes(fromB64u(owner.hash), leaf.data))
        report(`log_leaves index=${leaf.index}`, `leaf data is not the hash of ${owner.where}`);
      const { nodes, root } = await range.append(leafHashSync(leaf.data));
      if (leaf.index < integrated) {
        for (const n of nodes) {
          const s = stored.get(`${n.level}/${n.index}`);
          if (!s) report(`log_nodes level=${n.level} index=${n.index}`, 'missing');
          else if (!equalBytes(s, n.hash))
            report(
              `log_nodes level=${n.level} index=${n.index}`,
              'stored hash differs from the recomputed one',
            );
        }
      }
      check(leaf.index + 1, root);
      expected++;
    }
  }
  if (leafOf.size !== size)
    report('log_counter', `${size} leaves counted, ${leafOf.size} entries and objects`);
  return { leaves: size, checkpoints: checkpoints.length };
}

const short = (v: unknown): string => {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
};
