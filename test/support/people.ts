import { nationalIdCheckChar } from '../../src/domain/national-id.ts';
import type { EnrollInput } from '../../src/service/members.ts';

let serial = 100;
/** A fresh person with a national ID whose GB 11643 check character is right. */
export function person(over: Partial<EnrollInput> = {}): EnrollInput {
  const birth = over.birth ?? '1988-05-20';
  const first17 = `110105${birth.replaceAll('-', '')}${String(serial++ % 1000).padStart(3, '0')}`;
  return {
    org: 'b1',
    name: '李建华',
    gender: 'M',
    birth,
    nationalId: first17 + nationalIdCheckChar(first17),
    joined: '2012-07-01',
    personnel: 'police',
    ...over,
  };
}
