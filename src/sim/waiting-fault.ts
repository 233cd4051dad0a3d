/**
 * A planned fault that waits for its moment (the next election winner, the
 * next candidacy, an out-of-date node rejoining, ...) for at most `waitMs`
 * after it was armed. One waits at a time; taking it spends it, whether it
 * came in time or not, so a moment that comes too late strikes nothing.
 */
export class WaitingFault<T> {
  private fault: T | null = null;
  private until = 0;

  constructor(private readonly waitMs: number) {}

  /** Waits for the next moment from `now` on, replacing whatever waited. */
  arm(fault: T, now: number): void {
    this.fault = fault;
    this.until = now + this.waitMs;
  }

  get armed(): boolean {
    return this.fault !== null;
  }

  /**
   * Armed and still within its wait at `now`. A fault whose moment never came
   * stays armed until something takes it; asking `armed` before arming another
   * let such a stale one block every later fault of its kind for the rest of
   * the run (a deposition planned before the first leader, never struck, kept
   * every later deposition of the seed from waiting).
   */
  waiting(now: number): boolean {
    return this.fault !== null && now <= this.until;
  }

  /** The moment came at `now`: the fault to strike with, if it waited still (it is spent either way). */
  take(now: number): T | null {
    const fault = this.fault;
    this.fault = null;
    return fault === null || now > this.until ? null : fault;
  }

  clear(): void {
    this.fault = null;
  }
}
