/** WaitingFault: a fault whose wait ran out no longer counts as waiting, so it cannot block the next one of its kind. */

import { describe, expect, it } from 'vitest';
import { WaitingFault } from '../../src/sim/waiting-fault.js';

describe('WaitingFault', () => {
  it('is waiting from its arming until its wait runs out, though it stays armed until taken', () => {
    const watch = new WaitingFault<string>(100);
    expect(watch.waiting(0)).toBe(false);
    watch.arm('first', 10);
    expect(watch.waiting(110)).toBe(true);
    expect(watch.waiting(111)).toBe(false);
    expect(watch.armed).toBe(true);
  });

  it('lets a later fault replace one whose wait ran out, and strikes with the later one', () => {
    const watch = new WaitingFault<string>(100);
    watch.arm('stale', 0);
    if (!watch.waiting(500)) watch.arm('fresh', 500);
    expect(watch.take(550)).toBe('fresh');
  });
});
