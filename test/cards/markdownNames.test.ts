import { buildBatchApprovalCard, buildFinalReportCard, buildRunStatusCard } from '../../src/cards';
import { textOf } from './cardWalk';
import * as fx from './fixtures';

const EVIL = '[Sign in](https://evil.example) *now*';
const ESCAPED = '\\[Sign in\\]\\(https://evil.example\\) \\*now\\*';
/** An unescaped Markdown link. */
const LINK = /(^|[^\\])\]\(/m;

describe('names from people and the tenant cannot format a card', () => {
  const { run, outcomes } = fx.runWithOutcomes(100, { doneBatches: 1 });
  run.requestedByName = EVIL;
  run.groupDisplayName = EVIL;
  run.batches[0].approvals = [{ approverId: fx.guid(900_001), approverName: EVIL, at: '2026-11-25T09:59:00.000Z', decision: 'approve' }];
  run.pausedReason = `rejected by ${EVIL}`;

  it.each([
    ['run status', () => buildRunStatusCard({ run: { ...run, status: 'paused' }, fourEyes: true, cardVersion: 1 })],
    [
      'batch approval',
      () =>
        buildBatchApprovalCard({
          run,
          batch: run.batches[0],
          sampleUsers: [],
          quorum: 1,
          cardVersion: 1,
          decided: { outcome: 'approved', by: [EVIL], at: run.updatedAt },
        }),
    ],
    [
      'final report',
      () =>
        buildFinalReportCard({
          report: { run, totals: { removed: 1, skipped: 0, failed: 0, restored: 0, remaining: 0 }, issues: fx.issuesOf(outcomes) },
        }),
    ],
  ])('%s shows the name escaped, never as a link', (_name, build) => {
    const text = textOf(build());
    expect(text).toContain(ESCAPED);
    expect(text).not.toMatch(LINK);
  });
});
