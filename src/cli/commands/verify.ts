/**
 * `pmcert verify bundle.json` / `pmcert verify --token JWS`: offline checks,
 * exit 0 valid, 1 invalid, 2 when it cannot check (no root key, a forged trust list).
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { toPublicJwk, type PublicJwk } from '../../crypto/keys.ts';
import type { SignatureVerifier } from '../../crypto/jws.ts';
import { verifyTrustList, type TrustList } from '../../crypto/trust-list.ts';
import { heldBy, verifyBundle } from '../../crypto/verify-bundle.ts';
import { verifyCredential } from '../../crypto/verify-credential.ts';
import { InvalidInput } from '../../errors.ts';
import { LABELS, t, VERIFY_TITLES } from '../../i18n/messages.ts';
import { nodeVerifier } from '../../runtime/node-verifier.ts';
import { trustList } from '../../service/bundle.ts';
import { defineCommand } from '../command.ts';
import { withStore, type CliEnv } from '../context.ts';
import { DATA, DATA_INPUT, maybe, on } from '../inputs.ts';

const Input = z
  .object({
    ...DATA_INPUT,
    bundle: maybe,
    token: maybe,
    trust: maybe,
    root: z.string().default('keys/root.jwk'),
    allowUnlogged: on,
  })
  .refine((f) => f.bundle !== undefined || f.token !== undefined, {
    path: ['bundle'],
    message: 'bundle_or_token',
  });
type Input = z.output<typeof Input>;

export const command = defineCommand({
  name: 'verify',
  args: [{ key: 'bundle', hint: 'bundle.json' }],
  flags: {
    token: { type: 'string', hint: 'JWS' },
    root: { type: 'string', hint: 'keys/root.jwk' },
    trust: { type: 'string', hint: 'trust.jws|trust.json' },
    'allow-unlogged': { type: 'boolean' },
    ...DATA,
  },
  input: Input,
  async run(f, cli) {
    const now = cli.env.PMC_NOW
      ? Math.floor(Date.parse(cli.env.PMC_NOW) / 1000)
      : Math.floor(Date.now() / 1000);
    const verifier = nodeVerifier();
    let result;
    if (f.token !== undefined) {
      const list: TrustList = f.trust
        ? await readTrust(f, cli, verifier)
        : await withStore(cli, { data: f.data }, ({ deps }) => trustList(deps));
      result = await verifyCredential(f.token, list, now, verifier);
    } else {
      // With a trust list, the org tree is known too: certificates must come from the real parent, entries obey the rules.
      const list = f.trust ? await readTrust(f, cli, verifier) : undefined;
      const tree = list && new Map(list.orgs.map((o) => [o.id, o]));
      // The log is required unless asked otherwise: only the server's log accepts entries, after checking the
      // signer's place in the tree, so a key an org certified for another org cannot slip in forged entries.
      result = await verifyBundle(readFileSync(f.bundle!, 'utf8'), readRoot(f.root), now, {
        verifier,
        requireLog: !f.allowUnlogged,
        // Every revocation the verifier holds applies, not only those the bundle chose to carry.
        ...(list ? { tree, held: heldBy(list) } : {}),
      });
    }
    if (result.valid) {
      const c = 'credential' in result.value ? result.value.credential : result.value;
      cli.out(
        `${t(VERIFY_TITLES, 'VALID', cli.lang)}: ${c.nam} (${c.sub}) ${c.org} ${t(LABELS, `status_${c.st}`, cli.lang)} seq ${c.seq}`,
      );
      if ('log' in result.value) {
        const log = result.value.log;
        cli.out(
          log
            ? `${t(LABELS, 'logged', cli.lang)} ${log.size} (${log.origin})`
            : t(LABELS, 'not_logged', cli.lang),
        );
      }
      return 0;
    }
    cli.out(
      `${t(LABELS, 'invalid', cli.lang)}: ${result.code} — ${t(VERIFY_TITLES, result.code, cli.lang)}${result.at ? ` at ${result.at}` : ''}: ${result.message}`,
    );
    return 1;
  },
});

function readRoot(path: string): PublicJwk {
  try {
    return toPublicJwk(JSON.parse(readFileSync(path, 'utf8')));
  } catch (err) {
    throw new InvalidInput('root', `cannot read the root key ${path}: ${(err as Error).message}`);
  }
}

/**
 * The trust list named by --trust: a root-signed `trust.jws` is checked with the
 * root key; a plain trust.json is taken as given (with a warning).
 */
async function readTrust(f: Input, cli: CliEnv, verifier: SignatureVerifier): Promise<TrustList> {
  const text = readFileSync(f.trust!, 'utf8').trim();
  if (text.startsWith('{')) {
    cli.err(
      cli.lang === 'zh'
        ? '警告：信任列表未签名，按原样采信'
        : 'warning: the trust list is unsigned; trusting it as given',
    );
    return JSON.parse(text) as TrustList;
  }
  try {
    return await verifyTrustList(text, readRoot(f.root), verifier);
  } catch (err) {
    throw new InvalidInput(
      'trust',
      `the trust list does not verify with the root key: ${(err as Error).message}`,
    );
  }
}
