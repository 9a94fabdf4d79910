import { describe, expect, it } from 'vitest';
import { BACKDATE_GRACE_S, backdatedByLogClock } from '../../src/domain/filing.ts';

/** The timed backdating rule alone (src/domain/filing.ts), as the verdict and the audit apply it. */
describe('backdatedByLogClock', () => {
  const T = Date.parse('2026-06-01T09:00:00Z') / 1000;
  const DAY = 86_400;
  const cps = [
    { size: 10, time: T - DAY },
    { size: 30, time: T + 30 * DAY }, // July: did not contain leaf 40
    { size: 50, time: T + 60 * DAY },
  ];

  it('names the earliest cosigned checkpoint that did not contain an entry dated before it', () => {
    const late = { iat: T, leafIndex: 40 };
    const inOrder = { iat: T, leafIndex: 20 }; // in the July checkpoint: logged in time
    expect(backdatedByLogClock([late, inOrder], cps)).toEqual([
      { entry: late, checkpoint: cps[1] },
    ]);
  });

  it('allows the grace: a checkpoint signed within it may lawfully not contain the entry', () => {
    const edge = [{ size: 5, time: T + BACKDATE_GRACE_S }];
    expect(backdatedByLogClock([{ iat: T, leafIndex: 5 }], edge)).toEqual([]);
    const past = [{ size: 5, time: T + BACKDATE_GRACE_S + 1 }];
    expect(backdatedByLogClock([{ iat: T, leafIndex: 5 }], past)).toHaveLength(1);
  });

  it('sees only the checkpoints it is given, in any order, and a clock that runs back', () => {
    const late = { iat: T, leafIndex: 40 };
    expect(backdatedByLogClock([late], [cps[0]!, cps[2]!])).toEqual([]); // July left out
    // A larger tree signed earlier than a smaller one: the smaller, later one still convicts.
    const back = [
      { size: 45, time: T + 10 * DAY },
      { size: 35, time: T + 20 * DAY },
    ];
    expect(backdatedByLogClock([late], [...back].reverse())).toEqual([
      { entry: late, checkpoint: back[1] },
    ]);
  });
});
