import { buildFinalReportCard } from '../../src/cards';
import { sizeOf, textOf } from './cardWalk';
import * as fx from './fixtures';

describe('final report: who asked and who approved', () => {
  it("should name the requester and each batch's approvers, and sum up approvals over hidden batches", () => {
    const report = fx.report(10_000);
    const { run } = report;
    run.batches[1].approvals.push({
      approverId: fx.guid(900_002),
      approverName: 'Lee Gu',
      at: '2026-11-25T09:59:30.000Z',
      decision: 'approve',
    });
    run.batches[2].approvals = [{ approverId: fx.guid(900_003), at: '2026-11-25T09:59:30.000Z', decision: 'reject', reason: 'too early' }];
    const card = buildFinalReportCard({ report });
    const text = textOf(card);
    expect(text).toContain(`Megan Bowen (${run.requestedBy})`);
    expect(text).toContain('Approved by Adele Vance, Lee Gu');
    expect(text).toContain(`Rejected by ${fx.guid(900_003)}`);
    expect(run.batches.length).toBeGreaterThan(15);
    // Every batch after the third was approved by Adele alone; the summary counts the hidden ones too.
    expect(text).toContain(`Adele Vance (${fx.guid(900_001)}): approved ${run.batches.length - 1} batches`);
    expect(text).toContain(`Lee Gu (${fx.guid(900_002)}): approved 1 batch`);
    expect(text).toContain(`${fx.guid(900_003)}: rejected 1 batch`);
    expect(sizeOf(card)).toBeLessThan(28 * 1024);
  });

  it('should say when a batch has no recorded decision', () => {
    const report = fx.report(100);
    report.run.batches[0].approvals = [];
    expect(textOf(buildFinalReportCard({ report }))).toContain('No approval recorded');
  });
});
