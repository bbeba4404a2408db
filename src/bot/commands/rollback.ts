import type { Command } from './types';
import { leadingRunNumber, requireRun } from './types';
import { buildRollbackConfirmCardFor, cardActivity } from '../replies';
import { md } from '../../cards/format';

export const rollbackCommand: Command = {
  name: 'rollback',
  access: 'operate',
  async run(ctx) {
    // `rollback #3 2`: a leading run number names the run; what follows is the batch.
    const { reference, rest } = leadingRunNumber(ctx.args);
    const run = await requireRun(ctx, reference);
    if (!run) return;
    let batchId: string | undefined;
    if (rest) {
      const wanted = rest;
      const byNumber = /^\d+$/.test(wanted) ? run.batches.find((b) => b.index + 1 === Number(wanted)) : undefined;
      const batch = byNumber ?? run.batches.find((b) => b.id === wanted);
      if (!batch) {
        await ctx.turn.sendActivity(ctx.l.f(ctx.l.m.replies.rollbackNoBatch, { batch: md(wanted, 60), count: run.batches.length }));
        return;
      }
      if (batch.status !== 'done' && batch.status !== 'failed') {
        await ctx.turn.sendActivity(
          ctx.l.f(ctx.l.m.replies.rollbackNotExecuted, { number: batch.index + 1, status: ctx.l.m.status.batch[batch.status] }),
        );
        return;
      }
      batchId = batch.id;
    } else if (!run.batches.some((b) => b.tally.removed > 0)) {
      await ctx.turn.sendActivity(ctx.l.m.replies.rollbackNothing);
      return;
    }
    // Destructive for the migration's progress: ask for a confirmation click first.
    await ctx.turn.sendActivity(cardActivity(buildRollbackConfirmCardFor(run, batchId, ctx.l)));
  },
};
