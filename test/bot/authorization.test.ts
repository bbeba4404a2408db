import { Authorizer, actorOf, type Actor } from '../../src/bot/authorization';
import { MemoryJournal } from '../../src/storage';
import type { Batch, Run } from '../../src/migration/types';
import { storedRun } from '../support/unitFixtures';

const TENANT = '11111111-1111-1111-1111-111111111111';
const OTHER_TENANT = '99999999-9999-9999-9999-999999999999';
const ALICE = 'aaaaaaaa-0000-0000-0000-000000000001';
const BOB = 'bbbbbbbb-0000-0000-0000-000000000002';
const MALLORY = 'cccccccc-0000-0000-0000-000000000003';

function run(overrides: Partial<Run> = {}): Run {
  return storedRun({ id: 'run-1', requestedBy: ALICE, status: 'removing', skuId: 'sku', skuPartNumber: 'E3', ...overrides });
}
function batch(overrides: Partial<Batch> = {}): Batch {
  return {
    id: 'b1',
    index: 0,
    size: 1,
    listId: 'l1',
    sample: ['u1'],
    tally: { removed: 0, skipped: 0, failed: 0, restored: 0 },
    status: 'awaitingApproval',
    approvals: [],
    ...overrides,
  };
}
const actor = (id: string, tenantId = TENANT): Actor => ({ aadObjectId: id, name: id.slice(0, 4), tenantId });

describe('Authorizer', () => {
  const policy = { allowedTenantIds: [TENANT], approverIds: [ALICE, BOB], fourEyes: true };

  it('should take identity and tenant from the activity, from either place Teams puts the tenant', () => {
    expect(
      actorOf({ from: { id: '29:x', name: 'Alice', aadObjectId: ALICE }, conversation: { id: 'c', tenantId: TENANT } as never }),
    ).toEqual({ aadObjectId: ALICE, name: 'Alice', tenantId: TENANT });
    expect(
      actorOf({ from: { id: '29:x', name: 'Bob' }, conversation: { id: 'c' } as never, channelData: { tenant: { id: OTHER_TENANT } } })
        .tenantId,
    ).toBe(OTHER_TENANT);
  });

  it('should refuse another tenant even for reading', async () => {
    const auth = new Authorizer(policy);
    const d = await auth.authorize(actor(ALICE, OTHER_TENANT), { kind: 'read', name: 'status' });
    expect(d).toMatchObject({ ok: false, code: 'tenantNotAllowed' });
  });

  it('should let anyone of an allowed tenant read but only approvers operate', async () => {
    const auth = new Authorizer(policy);
    expect(await auth.authorize(actor(MALLORY), { kind: 'read', name: 'status' })).toEqual({ ok: true });
    expect(await auth.authorize(actor(MALLORY), { kind: 'operate', name: 'pause' })).toMatchObject({ ok: false, code: 'notApprover' });
    expect(await auth.authorize(actor(BOB), { kind: 'operate', name: 'pause' })).toEqual({ ok: true });
  });

  it('should refuse an action without an Entra object id', async () => {
    const auth = new Authorizer(policy);
    expect(await auth.authorize({ aadObjectId: '', tenantId: TENANT }, { kind: 'operate', name: 'migrate' })).toMatchObject({
      ok: false,
      code: 'unknownIdentity',
    });
  });

  it('should not let the requester approve alone under four-eyes, but let another approver', async () => {
    const auth = new Authorizer(policy);
    expect(await auth.authorize(actor(ALICE), { kind: 'approve', run: run(), batch: batch() })).toMatchObject({
      ok: false,
      code: 'requesterAlone',
    });
    expect(await auth.authorize(actor(BOB), { kind: 'approve', run: run(), batch: batch() })).toEqual({ ok: true });
    const quorum2 = run({ requiredApprovals: 2 });
    const bobApproved = batch({ approvals: [{ approverId: BOB, at: '', decision: 'approve' }] });
    expect(await auth.authorize(actor(ALICE), { kind: 'approve', run: quorum2, batch: bobApproved })).toEqual({ ok: true });
  });

  it('should let the requester approve when four-eyes is off, and the requester always reject', async () => {
    const relaxed = new Authorizer({ ...policy, fourEyes: false });
    expect(await relaxed.authorize(actor(ALICE), { kind: 'approve', run: run(), batch: batch() })).toEqual({ ok: true });
    const strict = new Authorizer(policy);
    expect(await strict.authorize(actor(ALICE), { kind: 'reject', run: run(), batch: batch() })).toEqual({ ok: true });
  });

  it('should refuse a second decision by the same approver', async () => {
    const auth = new Authorizer(policy);
    const decided = batch({ approvals: [{ approverId: BOB, at: '', decision: 'approve' }] });
    expect(await auth.authorize(actor(BOB), { kind: 'approve', run: run({ requiredApprovals: 2 }), batch: decided })).toMatchObject({
      ok: false,
      code: 'alreadyDecidedByYou',
    });
  });

  it('should journal a refusal with its reason', async () => {
    const journal = new MemoryJournal();
    const auth = new Authorizer(policy, { journal });
    await auth.recordRefusal(actor(MALLORY), 'batch.approve', { code: 'notApprover', reason: 'not an approver' }, 'run-1', 'b1');
    const entries = await journal.read('run-1');
    expect(entries).toEqual([
      expect.objectContaining({
        kind: 'action.refused',
        batchId: 'b1',
        actorId: MALLORY,
        detail: expect.objectContaining({ code: 'notApprover' }),
      }),
    ]);
  });
});

describe('refusals of callers from a tenant that is not allowed', () => {
  it('should go to one log line per tenant and minute, never into a run journal', async () => {
    const journal = new MemoryJournal();
    const lines: Record<string, unknown>[] = [];
    const logger = { warn: (o: Record<string, unknown>) => void lines.push(o), error: () => undefined } as never;
    const auth = new Authorizer({ allowedTenantIds: [TENANT], approverIds: [ALICE], fourEyes: true }, { journal, logger });
    const outsider: Actor = { aadObjectId: MALLORY, tenantId: OTHER_TENANT };
    for (let i = 0; i < 50; i++)
      await auth.recordRefusal(outsider, 'batch.approve', { code: 'tenantNotAllowed', reason: 'not allowed' }, 'run-1', 'b0');
    expect(await journal.read('run-1')).toEqual([]);
    expect(lines).toEqual([expect.objectContaining({ code: 'tenantNotAllowed', tenantId: OTHER_TENANT })]);
    await auth.recordRefusal(
      { aadObjectId: MALLORY, tenantId: TENANT },
      'batch.approve',
      { code: 'notApprover', reason: 'no' },
      'run-1',
      'b0',
    );
    expect((await journal.read('run-1')).map((e) => e.kind)).toEqual(['action.refused']);
  });
});
