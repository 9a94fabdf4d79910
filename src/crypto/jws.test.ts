import { CompactSign, compactVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { signJws, type JwsTyp } from './jws.ts';
import { generateOrgKey, importPrivateJwk } from './keys.ts';

/** jose's CompactSign, the reference signJws must match byte for byte. */
const viaJose = (claims: object, typ: JwsTyp, kid: string | undefined, key: CryptoKey) =>
  new CompactSign(new TextEncoder().encode(JSON.stringify(claims)))
    .setProtectedHeader(kid === undefined ? { alg: 'EdDSA', typ } : { alg: 'EdDSA', typ, kid })
    .sign(key);

describe('signJws', () => {
  it('makes exactly the JWS jose makes, with and without kid, and it verifies', async () => {
    const k = await generateOrgKey();
    const reopened = await importPrivateJwk(k.privateJwk);
    const cases: [object, JwsTyp][] = [
      [{ sub: 'm1', seq: 1, knd: 'enroll', dat: { name: '张卫国', org: 'b1' } }, 'pmc-entry+jwt'],
      [{ iss: 'b1', sub: 'm1', nam: '李秀英', st: 'normal', seq: 3, iat: 1, exp: 2 }, 'pmc+jwt'],
      [{ emoji: '𠀀 and "quotes" \\ and \n' }, 'pmc-dues+jwt'],
    ];
    for (const [claims, typ] of cases)
      for (const kid of [k.kid, undefined])
        for (const key of [k.privateKey, reopened]) {
          const ours = await signJws(
            claims,
            typ,
            { kid: k.kid, privateKey: key },
            { kid: kid !== undefined },
          );
          expect(ours).toBe(await viaJose(claims, typ, kid, key));
          const { protectedHeader } = await compactVerify(ours, k.publicJwk as never);
          expect(protectedHeader.kid).toBe(kid);
        }
  });

  it('a different key or claims give a different signature', async () => {
    const [a, b] = [await generateOrgKey(), await generateOrgKey()];
    const s1 = await signJws({ x: 1 }, 'pmc+jwt', a);
    expect(await signJws({ x: 1 }, 'pmc+jwt', b)).not.toBe(s1);
    expect((await signJws({ x: 2 }, 'pmc+jwt', a)).split('.')[2]).not.toBe(s1.split('.')[2]);
  });
});
