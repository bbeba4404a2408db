import { journalState } from '../../src/migration/removal';
import type { JournalEntry } from '../../src/migration/types';

let seq = 0;
const entry = (userId: string, kind: JournalEntry['kind'], batchId = 'b0'): JournalEntry => ({
  seq: ++seq,
  at: new Date(seq * 1000).toISOString(),
  runId: 'r1',
  batchId,
  userId,
  kind,
});

describe('journalState: what a resumed batch still has to do', () => {
  it('should keep "removed" as the last word when a second process later recorded the user as skipped', () => {
    const { settled, inFlight } = journalState(
      [entry('u1', 'license.removing'), entry('u1', 'license.removed'), entry('u1', 'user.skipped')],
      'b0',
    );
    expect(settled.get('u1')?.kind).toBe('license.removed');
    expect(inFlight.size).toBe(0);
  });

  it('should treat an intent without its result as in flight: a removal, or a restore that was journaled but not confirmed', () => {
    const { settled, inFlight } = journalState(
      [
        entry('u1', 'license.removing'),
        entry('u2', 'license.removing'),
        entry('u2', 'license.restoring'),
        entry('u3', 'license.removing'),
        entry('u3', 'license.restoring'),
        entry('u3', 'license.restored'),
      ],
      'b0',
    );
    expect([...inFlight.keys()].sort()).toEqual(['u1', 'u2']);
    expect(inFlight.get('u2')?.kind).toBe('license.restoring');
    expect(settled.get('u3')?.kind).toBe('license.restored');
  });

  it('should look at one batch only, and let a new attempt reopen a user skipped before', () => {
    const { settled, inFlight } = journalState(
      [entry('u1', 'user.skipped'), entry('u1', 'license.removing'), entry('u2', 'license.removing', 'b1')],
      'b0',
    );
    expect(settled.size).toBe(0);
    expect([...inFlight.keys()]).toEqual(['u1']);
  });
});
