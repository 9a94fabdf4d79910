import { open, seal, type PublicJwk } from '../crypto/keys.ts';
import { utf8 } from '../crypto/bytes.ts';
import { validateNewOrg } from '../domain/org-tree.ts';
import type { OrgNode, OrgTree, OrgType } from '../domain/types.ts';
import { InvalidInput, PmcError } from '../errors.ts';
import { getOrg, getSetting, insertOrg, loadTree, putSetting } from '../store/queries.ts';
import type { ServiceDeps } from './deps.ts';
import { createOrgKey, signerFor } from './keys.ts';
import { inTransaction } from './transaction.ts';
import { initLog } from './log.ts';

export const ROOT_SETTING = 'root_org';
/** A random id made at `pmcert init`, naming this installation (the log's origin when its public URL is local). */
export const INSTALLATION_SETTING = 'installation_id';
const KEK_CHECK_SETTING = 'kek_check';

/** Fails clearly when the KEK given is not the one this database was sealed with. */
export async function checkKek(deps: ServiceDeps): Promise<void> {
  const sealed = await getSetting(deps.db, KEK_CHECK_SETTING);
  if (!sealed) return;
  try {
    await open(deps.kek.aes, sealed, KEK_CHECK_SETTING);
  } catch (cause) {
    throw new PmcError(
      'KEY_UNAVAILABLE',
      'PMC_KEK is not the key-encryption key this database was created with',
      { cause },
    );
  }
}

/**
 * Creates the root organisation and its self-signed key: the trust anchor.
 * @example const { rootJwk } = await initInstallation(deps, { id: 'root', name: '市委组织部' });
 */
export async function initInstallation(
  deps: ServiceDeps,
  root: { id?: string; name: string },
): Promise<{ rootId: string; rootJwk: PublicJwk }> {
  if (await getSetting(deps.db, ROOT_SETTING))
    throw new PmcError('INVALID_INPUT', 'this database is already initialised', { field: 'data' });
  const node = validateNewOrg(await loadTree(deps.db), {
    id: root.id ?? 'root',
    name: root.name,
    type: 'root',
    parent: null,
  });
  await insertOrg(deps.db, node);
  const { publicJwk } = await createOrgKey(deps, node.id, undefined);
  const installationId = newInstallationId();
  await putSetting(deps.db, INSTALLATION_SETTING, installationId);
  await initLog(deps, await signerFor(deps, node.id), installationId);
  await putSetting(
    deps.db,
    KEK_CHECK_SETTING,
    await seal(deps.kek.aes, utf8('pmcert'), KEK_CHECK_SETTING),
  );
  await putSetting(deps.db, ROOT_SETTING, node.id);
  return { rootId: node.id, rootJwk: publicJwk };
}

/** 16 random characters of [a-z0-9]: a valid C2SP origin path segment and note key name (no space, no '+'). */
function newInstallationId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => alphabet[b % 36]).join('');
}

export async function rootId(deps: Pick<ServiceDeps, 'db'>): Promise<string> {
  const id = await getSetting(deps.db, ROOT_SETTING);
  if (!id)
    throw new PmcError(
      'INVALID_INPUT',
      'this database is not initialised: run `pmcert init` first',
      { field: 'data' },
    );
  return id;
}

/**
 * Adds an organisation under `parent` with a fresh key certified by the parent's key.
 * @example await addOrg(deps, { id: 'c1', name: '公安局党委', type: 'committee', parent: 'root' });
 */
export async function addOrg(
  deps: ServiceDeps,
  input: { id: string; name: string; type: OrgType; parent: string },
): Promise<OrgNode> {
  if (input.type === 'root')
    throw new InvalidInput('type', 'there is one root, made by `pmcert init`');
  const node = validateNewOrg(await loadTree(deps.db), { ...input, parent: input.parent });
  if (await getOrg(deps.db, node.id))
    throw new InvalidInput('id', `organisation ${node.id} exists already`);
  const certifier = await signerFor(deps, input.parent);
  // One transaction: never an org without its certified key.
  await inTransaction(deps, async (tx) => {
    await insertOrg(tx.db, node);
    await createOrgKey(tx, node.id, certifier);
  });
  return node;
}

/** The whole org tree, as stored. */
export const orgTree = (deps: Pick<ServiceDeps, 'db'>): Promise<OrgTree> => loadTree(deps.db);
