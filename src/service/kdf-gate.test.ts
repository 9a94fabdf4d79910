import { describe, expect, it } from 'vitest';
import { KdfGate } from './kdf-gate.ts';

describe('KdfGate', () => {
  it('runs at most `running` at once, queues `waiting`, refuses the rest at once, in arrival order', async () => {
    const gate = new KdfGate(2, 3);
    let active = 0;
    let most = 0;
    const releases: (() => void)[] = [];
    const order: number[] = [];
    const job = (i: number) => () =>
      new Promise<number>((resolve) => {
        active++;
        most = Math.max(most, active);
        order.push(i);
        releases.push(() => {
          active--;
          resolve(i);
        });
      });
    const runs = Array.from({ length: 8 }, (_, i) => gate.run(job(i)));
    const refused = await Promise.all(runs.slice(5));
    expect(refused).toEqual([undefined, undefined, undefined]);
    expect(gate.load).toEqual({ active: 2, queued: 3 });
    while (releases.length || gate.load.active) {
      await new Promise((r) => setTimeout(r, 1));
      releases.shift()?.();
    }
    expect((await Promise.all(runs.slice(0, 5))).map((r) => r?.value)).toEqual([0, 1, 2, 3, 4]);
    expect(most).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4]);
    expect(gate.load).toEqual({ active: 0, queued: 0 });
  });

  it('frees the slot when the job throws', async () => {
    const gate = new KdfGate(1, 0);
    await expect(gate.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect((await gate.run(async () => 7))?.value).toBe(7);
  });
});
