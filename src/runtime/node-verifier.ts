import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import type { SignatureVerifier } from '../crypto/jws.ts';

/**
 * Ed25519 through node:crypto with a cached KeyObject per key: about 1.7× jose's
 * compactVerify on this machine (TOOLCHAIN.md), so the Node runtime plugs it in
 * behind the same interface. The JWS was already parsed and checked by decodeJws.
 */
export function nodeVerifier(): SignatureVerifier {
  const keys = new Map<string, KeyObject>();
  return {
    async verify(_jws, decoded, jwk) {
      let key = keys.get(jwk.x);
      if (!key) {
        key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: jwk.x }, format: 'jwk' });
        keys.set(jwk.x, key);
      }
      return verify(null, decoded.signingInput, key, decoded.signature);
    },
  };
}
