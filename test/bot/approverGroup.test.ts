import { createLicensingGraph } from '../../src/graph';
import { Authorizer } from '../../src/bot/authorization';
import { generatedUserId, startSimulator, type RunningSimulator } from '../../src/sim';
import type { Run } from '../../src/migration/types';
import { plannedBatch } from '../support/runState';
import { ALL_USERS, MALLORY, TENANT, smallContoso } from '../support/botHarness';

describe('approvers by Entra group membership (APPROVER_GROUP_ID)', () => {
  let sim: RunningSimulator;
  beforeEach(async () => {
    sim = await startSimulator({ fixture: smallContoso(3), port: 0, quiet: true });
  });
  afterEach(async () => sim.close());

  it('should count direct members of the approver group as approvers, checked via Graph', async () => {
    const graph = createLicensingGraph({ baseUrl: sim.graphUrl, auth: 'none' });
    const auth = new Authorizer({ allowedTenantIds: [TENANT], approverIds: [], approverGroupId: ALL_USERS, fourEyes: true }, { graph });
    const member = { aadObjectId: generatedUserId(1, 2), name: 'Member', tenantId: TENANT };
    const run = { id: 'r', requestedBy: generatedUserId(1, 1), requiredApprovals: 1 } as Run;
    const batch = plannedBatch();
    expect(await auth.isApprover(member)).toBe(true);
    expect(await auth.authorize(member, { kind: 'approve', run, batch })).toEqual({ ok: true });
    expect(await auth.authorize({ ...MALLORY }, { kind: 'approve', run, batch })).toMatchObject({ ok: false, code: 'notApprover' });
    expect(auth.approversOpen).toBe(false);
  });

  it('should fail closed with a clear reason when Graph cannot list the group', async () => {
    const graph = createLicensingGraph({ baseUrl: sim.graphUrl, auth: 'none', maxRetries: 0 });
    const auth = new Authorizer(
      { allowedTenantIds: [], approverIds: [], approverGroupId: '00000000-0000-4000-8000-0000000000ff', fourEyes: true },
      { graph },
    );
    const decision = await auth.authorize({ aadObjectId: generatedUserId(1, 2), tenantId: TENANT }, { kind: 'operate', name: 'pause' });
    expect(decision).toMatchObject({
      ok: false,
      code: 'approverCheckFailed',
      reason: expect.stringMatching(/could not check the approver group/),
    });
  });
});
