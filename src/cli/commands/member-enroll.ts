import { EnrollInput, enroll } from '../../service/members.ts';
import { defineCommand } from '../command.ts';
import { officerOf, withStore } from '../context.ts';
import { DATA, DATA_INPUT, maybe } from '../inputs.ts';

/** The service's own enrolment schema (src/service/members.ts), flag by flag, plus who acts. */
export const command = defineCommand({
  name: 'member enroll',
  flags: {
    org: { type: 'string', hint: 'ID' },
    name: { type: 'string', hint: 'NAME' },
    'national-id': { type: 'string', hint: 'NNN' },
    gender: { type: 'string' },
    birth: { type: 'string', hint: 'YYYY-MM-DD' },
    joined: { type: 'string', hint: 'YYYY-MM-DD' },
    category: { type: 'string' },
    personnel: { type: 'string' },
    ethnicity: { type: 'string', hint: 'TEXT' },
    'full-on': { type: 'string', hint: 'YYYY-MM-DD' },
    cadre: { type: 'boolean' },
    as: { type: 'string', hint: 'ORG' },
    officer: { type: 'string', hint: 'ID' },
    ...DATA,
  },
  input: EnrollInput.extend({ ...DATA_INPUT, as: maybe, officer: maybe }),
  run: ({ data, as, officer, ...input }, cli) =>
    withStore(cli, { data }, async ({ deps }) => {
      const { id } = await enroll(deps, input, {
        org: as ?? input.org,
        officer: officerOf(officer, cli),
      });
      cli.out(id);
      return 0;
    }),
});
