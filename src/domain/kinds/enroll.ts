/** enroll (入党登记): the first entry; signed by the member's org or a superior one. */
import { z } from 'zod';
import { InvalidInput } from '../../errors.ts';
import {
  refuse,
  requireAuthority,
  requireOneOf,
  requireOrg,
  requirePastDate,
  requireText,
  withoutUndefined,
} from '../decide-checks.ts';
import { CATEGORIES, PERSONNEL, type EntryBodies } from '../types.ts';
import { isoDate, MAX_NAME, orgId, personName } from './fields.ts';
import { defineEnroll } from './spec.ts';

const intent = z.strictObject({
  org: orgId,
  name: personName,
  category: z.enum(CATEGORIES),
  personnel: z.enum(PERSONNEL),
  joined: isoDate,
  fullOn: isoDate.optional(),
});

type Intent = z.output<typeof intent>;
const signers = (i: Pick<Intent, 'org'>) => ({ orgs: [i.org] });

export const enroll = defineEnroll({
  kind: 'enroll',
  intent,
  label: 'kind_enroll',
  officers: 'clerk',
  signers,
  decide(i, ctx) {
    const org = requireOrg(ctx, i.org, 'dat.org');
    requireAuthority(ctx, signers({ org }).orgs, 'an enrolment');
    const category = requireOneOf(i.category, CATEGORIES, 'dat.category');
    const joined = requirePastDate(i.joined, 'dat.joined', ctx.now);
    let fullOn: string | undefined;
    if (i.fullOn !== undefined) {
      if (category !== 'full')
        throw new InvalidInput(
          'dat.fullOn',
          'only a full member (正式党员) has a full-membership date',
        );
      fullOn = requirePastDate(i.fullOn, 'dat.fullOn', ctx.now);
      if (fullOn < joined)
        refuse(
          'DATE_BEFORE_JOINED',
          `full membership ${fullOn} precedes joining ${joined}`,
          'dat.fullOn',
        );
    }
    const dat: EntryBodies['enroll'] = {
      org,
      name: requireText(i.name, 'dat.name', MAX_NAME),
      category,
      personnel: requireOneOf(i.personnel, PERSONNEL, 'dat.personnel'),
      joined,
      fullOn,
    };
    return { knd: 'enroll', dat: withoutUndefined(dat) };
  },
  start(e) {
    const { org, name, category, personnel, joined, fullOn } = e.dat;
    return {
      ...{ id: e.sub, seq: 1, name, org, status: 'normal', category, personnel, joined },
      ...{ flows: [], entries: [{ seq: e.seq, knd: e.knd, iss: e.iss, iat: e.iat }] },
      lateArrivals: 0,
      ...(fullOn !== undefined ? { fullOn } : {}),
    };
  },
});
