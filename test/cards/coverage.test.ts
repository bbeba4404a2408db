import { buildBatchApprovalCard, buildSpotCheckCard, buildVerificationCard, parseCardAction } from '../../src/cards';
import type { Batch } from '../../src/migration/types';
import { loadCardValidator } from './cardSchema';
import { actionsOf, textOf } from './cardWalk';
import * as fx from './fixtures';

const validate = loadCardValidator();
const RELIED = [{ groupId: fx.guid(77), groupDisplayName: 'E3 without *Yammer*', users: 12, plans: ['SWAY'] }];

describe('cards: plans gained and other groups relied on', () => {
  const run = fx.run(100);
  const open: Batch = {
    ...run.batches[0],
    status: 'planned',
    approvals: [],
    gain: { users: 3, plans: ['YAMMER_ENTERPRISE'] },
    reliedOn: RELIED,
  };

  it('an open approval card offers the gain as an explicit opt-in that only Approve carries', () => {
    const card = buildBatchApprovalCard({ run, batch: open, sampleUsers: [], quorum: 1, cardVersion: 0 });
    if (validate) expect(validate(card)).toEqual([]);
    const json = JSON.stringify(card);
    expect(json).toContain('"type":"Input.Toggle"');
    expect(json).toContain('"id":"acceptGain"');
    const text = textOf(card);
    expect(text).toContain('Also remove 3 users who would gain YAMMER_ENTERPRISE');
    expect(text).toMatch(/12 users also rely on E3 without \\\*Yammer\\\* for SWAY\./);
    const reject = (card.actions as unknown as { verb: string; associatedInputs?: string }[]).find((a) => a.verb === 'batch.reject')!;
    expect(reject.associatedInputs).toBe('none');
    // What the toggle posts passes the strict action schema; anything else is refused.
    const data = actionsOf(card).find((a) => a.verb === 'batch.approve')!.data as Record<string, unknown>;
    expect(parseCardAction('batch.approve', { ...data, acceptGain: 'true' })).toMatchObject({ ok: true, action: { acceptGain: 'true' } });
    expect(parseCardAction('batch.approve', { ...data, acceptGain: true })).toMatchObject({ ok: false });
    expect(parseCardAction('batch.reject', { ...data, acceptGain: 'true' })).toMatchObject({ ok: false });
  });

  it('a card without gain has no toggle; a decided card says whether the gain was accepted, by whom', () => {
    const plain = buildBatchApprovalCard({ run, batch: { ...open, gain: undefined }, sampleUsers: [], quorum: 1, cardVersion: 0 });
    expect(JSON.stringify(plain)).not.toContain('Input.Toggle');
    const approval = { approverId: fx.guid(9), approverName: 'Adele Vance', at: '2026-11-25T10:00:00Z', decision: 'approve' as const };
    const accepted = { ...open, status: 'approved' as const, approvals: [{ ...approval, acceptedGain: ['YAMMER_ENTERPRISE'] }] };
    const declined = { ...open, status: 'approved' as const, approvals: [approval] };
    const decided = { outcome: 'approved' as const, by: ['Adele Vance'], at: approval.at };
    const a = buildBatchApprovalCard({ run, batch: accepted, sampleUsers: [], quorum: 1, cardVersion: 1, decided });
    const d = buildBatchApprovalCard({ run, batch: declined, sampleUsers: [], quorum: 1, cardVersion: 1, decided });
    if (validate) expect(validate(a)).toEqual([]);
    expect(JSON.stringify(a)).not.toContain('Input.Toggle');
    expect(textOf(a)).toContain('Gain of YAMMER_ENTERPRISE accepted by Adele Vance for 3 users.');
    expect(textOf(d)).toContain('3 users who would gain YAMMER_ENTERPRISE keep their direct assignment: the gain was not accepted.');
  });

  it('the verification card counts planGain users, names what they would gain and the groups relied on', () => {
    const report = fx.verificationReport(40);
    const gainer = { ...report.samples.ready[0], class: 'planGain' as const, gainedPlans: ['YAMMER_ENTERPRISE'] };
    const card = buildVerificationCard({
      report: {
        ...report,
        summary: { ...report.summary, planGain: 1 },
        samples: { ...report.samples, planGain: [gainer] },
        gainedPlans: ['YAMMER_ENTERPRISE'],
        reliedOn: [{ ...RELIED[0], users: 1 }],
      },
    });
    if (validate) expect(validate(card)).toEqual([]);
    const text = textOf(card);
    expect(text).toContain('Would gain plans');
    expect(text).toContain('Would gain: YAMMER_ENTERPRISE');
    expect(text).toMatch(/1 user would gain YAMMER_ENTERPRISE, which their direct assignment disables/);
    expect(text).toMatch(/1 user also relies on E3 without \\\*Yammer\\\* for SWAY\./);
  });

  it('the spot check does not call a plan another group keeps lost, and names that group', () => {
    const spot = fx.spotCheck(4, 1000);
    const swayPlan = spot.plans[0];
    const lostBefore = { ...spot, plans: [{ ...swayPlan, direct: true, inherited: false, effective: true }, ...spot.plans.slice(1)] };
    expect(textOf(buildSpotCheckCard({ spot: lostBefore }))).toContain(`would turn off: ${swayPlan.servicePlanName}`);
    const relied = {
      ...lostBefore,
      reliesOn: [{ groupId: fx.guid(77), groupDisplayName: 'E3 without Yammer', plans: [swayPlan.servicePlanName] }],
    };
    const text = textOf(buildSpotCheckCard({ spot: relied }));
    expect(text).toContain('Removing the direct assignment would not turn off any service.');
    expect(text).toContain(`It also relies on E3 without Yammer for ${swayPlan.servicePlanName}.`);
  });
});
