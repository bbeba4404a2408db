import { buildErrorUsersCard, buildPreflightCard, buildVerificationCard } from '../../src/cards';
import { cohortKey } from '../../src/migration/cohorts';
import type { UserClassification } from '../../src/migration/types';
import { cardText, shownText } from '../support/botHarness';
import { fixture, processingSettled, startHarness, E3, type Harness } from '../support/engineHarness';
import { allUsersOf } from '../support/runState';

/** Users and groups of fixtures/every-class.json (see fixtures/README.md). */
const uid = (n: number) => `00000000-0000-0e00-0000-${n.toString(16).padStart(12, '0')}`;
const gid = (n: number) => `00000000-0000-0e01-0000-${n.toString(16).padStart(12, '0')}`;
const RUN_GROUP = gid(1);
const SWAY = 'a23b959c-7ce8-4e57-9140-b90eb88a9e97';

/** The count shown on a line of the verification card: the label, its meaning, then the figure. */
function lineCount(text: string, label: string): string {
  const lines = text.split('\n');
  const at = lines.indexOf(label);
  if (at < 0) throw new Error(`no line "${label}" on the card:\n${text}`);
  return lines[at + 2];
}

describe('every class in one tenant: the pre-flight, verification and error cards say what happens to whom', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(fixture('every-class.json'));
  });
  afterAll(() => h.close());

  it('figures and phrases of the cards match what the engine does', async () => {
    // A cohort user whose proxy address another object uses: the group path ends in UniquenessViolation.
    await h.control(`/users/${uid(1)}/mutate`, 'POST', { proxyConflict: true });
    // The pre-flight counts units and holders as Entra has applied them: on a busy machine that takes a moment.
    await processingSettled(h);
    const run = await h.engine.createRun({
      requestedBy: 'admin-1',
      skuId: E3,
      group: { id: RUN_GROUP },
      cohortKey: cohortKey(E3, [SWAY]),
    });
    const findings = await h.engine.preflight(run.id);
    const preflight = shownText(buildPreflightCard({ runId: run.id, runName: run.name, findings, cardVersion: 0 }));
    // Other cohorts: 7–12 are members, 19, 20 and 23 are not.
    expect(preflight).toContain('Warning · 9 users');
    expect(preflight).toContain(
      '3 users of other cohorts are not in the group: the bot does not add them, and they keep their direct assignment.',
    );
    expect(preflight).toContain('6 users of other cohorts are already members of the group: verification checks them like everyone else.');
    expect(preflight).toContain(
      'those who would gain plans, only where an approver accepts the gain; those who would lose a service keep it.',
    );
    expect(preflight).not.toContain('stay direct');
    // Members without E3 (14–18): no unit is free.
    expect(preflight).toContain('5 group members do not hold Office 365 E3 yet and 0 units are free');
    expect(preflight).toContain('They hold no direct assignment, so the migration does not touch them');

    await h.engine.prepare(run.id);
    await processingSettled(h);
    // The legacy automation takes a cohort user out of the group: notMember.
    await h.control(`/users/${uid(6)}/mutate`, 'POST', { removeFromGroup: RUN_GROUP });
    await processingSettled(h);
    // Two users join while verification reads the members, and Entra takes its time with them: pending, one of them
    // a holder of another cohort, the other without any license. (The members page carries their license states as
    // they are when it is read, so the delay only has to outlast that one request.)
    await h.control('/behaviour', 'PUT', { groupProcessingDelayMs: 3000 });
    await h.control('/triggers', 'POST', {
      method: 'GET',
      path: `/groups/${RUN_GROUP}/members`,
      before: [
        { user: uid(19), addToGroup: RUN_GROUP },
        { user: uid(21), addToGroup: RUN_GROUP },
      ],
    });
    const users: UserClassification[] = [];
    const report = await h.engine.verify(run.id, { onUsers: (page) => users.push(...page) });
    expect(report.summary).toEqual({ ready: 6, planGain: 2, pending: 2, error: 6, planMismatch: 2, notMember: 1, inheritedOnly: 1 });

    const verification = cardText(buildVerificationCard({ report }));
    expect(lineCount(verification, 'Ready to remove')).toBe('6');
    expect(verification).toContain(
      'Exactly the same services through the group: they lose the direct assignment once their batch is approved, and keep the license through Licensing E3 without Sway.',
    );
    expect(lineCount(verification, 'Would gain plans')).toBe('2');
    expect(verification).toContain('The group also enables YAMMER_ENTERPRISE, which their direct assignment disables');
    expect(lineCount(verification, 'Waiting for the group license')).toBe('1');
    expect(lineCount(verification, 'Group license error')).toBe('1');
    expect(lineCount(verification, 'Would lose services')).toBe('2');
    expect(lineCount(verification, 'Not in the group')).toBe('1');
    expect(lineCount(verification, 'Licensed through groups only')).toBe('1');
    expect(lineCount(verification, 'Group members who could not get the license')).toBe('5');
    expect(lineCount(verification, 'Group members waiting for the license')).toBe('1');

    expect(verification).toContain(
      '3 group members could not get the license: not enough units (CountViolation). The migration does not touch them; Licensing E3 without Sway shows an error until units are freed.',
    );
    expect(verification).toContain(
      '1 group member could not get the license: a service plan conflicts with another product they hold (MutuallyExclusiveViolation).',
    );
    expect(verification).toContain(
      '1 group member could not get the license: a service plan is not available in their usage location (ProhibitedInUsageLocationViolation).',
    );
    expect(verification).toContain(
      '1 user keeps the direct assignment because the group license failed for them: a unique attribute (such as a proxy address) conflicts with another object (UniquenessViolation).',
    );
    // Direct holders kept: the UniquenessViolation, two who would lose Sway, the leaver and the joiner of another cohort.
    expect(verification).toContain('6 users are ready to lose the direct assignment. 5 users keep the direct assignment for now');
    expect(verification).toContain('2 users would gain YAMMER_ENTERPRISE, which their direct assignment disables');
    // The same words as the pre-flight for users of other cohorts: 7–12 and the joiner 19.
    expect(verification).toContain('7 users counted above are users of other cohorts');
    expect(verification).toContain('2 users also rely on Sway for everyone for SWAY.');
    expect(verification).not.toMatch(/keep their direct assignment until fixed/);

    const errors = cardText(
      buildErrorUsersCard({ runId: run.id, users: report.problems, total: report.problems.length, page: 0, pageSize: 25 }),
    );
    expect(errors).toContain('8 users with a group license error or a service the group does not enable');
    const entryOf = (upn: string) => errors.slice(errors.indexOf(upn)).split('\n').slice(0, 4).join('\n');
    expect(entryOf('no.seat14@proseware.onmicrosoft.com')).toContain(
      'Group member without a direct assignment: could not get the license from the group, and the migration does not touch them.',
    );
    expect(entryOf('cohort1@proseware.onmicrosoft.com')).toContain('Keeps the direct assignment until the error is fixed.');
    expect(entryOf('full9@proseware.onmicrosoft.com')).toContain(
      'Keeps the direct assignment: it is never removed while a service would be lost.',
    );

    // What the cards say is what the engine does, once Entra has processed the joiners: the batches hold the ready and
    // planGain users, other cohorts included; nobody else (the joiner 19 would lose Sway, 21 has no direct assignment).
    await processingSettled(h);
    const planned = await h.engine.planBatches(run.id);
    const batched = (await allUsersOf(h.engine, planned)).sort();
    expect(batched).toEqual([2, 3, 4, 5, 7, 8, 11, 12].map(uid).sort());
    expect(planned.batches.reduce((n, b) => n + (b.gain?.users ?? 0), 0)).toBe(2);
  });

  it('DependencyViolation: a member without a direct assignment is its own line', async () => {
    const run = await h.engine.createRun({ requestedBy: 'admin-1', skuId: 'MCOMEETADV', group: { id: gid(3) } });
    await h.engine.prepare(run.id);
    const report = await h.engine.verify(run.id);
    expect(report.summary).toMatchObject({ ready: 1, error: 1 });
    const text = cardText(buildVerificationCard({ report }));
    expect(lineCount(text, 'Group license error')).toBe('0');
    expect(lineCount(text, 'Group members who could not get the license')).toBe('1');
    expect(text).toContain(
      '1 group member could not get the license: a service plan needs another plan that is not enabled (DependencyViolation). The migration does not touch them; Audio conferencing shows an error for them until this is fixed.',
    );
    expect(text).toContain('The one direct holder in scope is ready');
  });
});
