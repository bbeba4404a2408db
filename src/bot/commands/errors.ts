import type { Command } from './types';
import { requireRun } from './types';
import { cardActivity } from '../replies';
import { md } from '../../cards/format';
import { runProductNames } from '../../migration/runLicenses';
import { problemCount } from '../../cards/verification';

export const errorsCommand: Command = {
  name: 'errors',
  access: 'operate',
  async run(ctx) {
    const run = await requireRun(ctx);
    if (!run) return;
    if (run.status === 'created') {
      await ctx.turn.sendActivity(ctx.l.m.replies.errorsNotPrepared);
      return;
    }
    const report = await ctx.runner.latestReport(run.id);
    // Every product of the run: a run of several may have problems on its second product only.
    if (problemCount(report) === 0) {
      await ctx.turn.sendActivity(ctx.l.f(ctx.l.m.replies.errorsNone, { sku: md(runProductNames(run), 120) }));
      return;
    }
    await ctx.turn.sendActivity(cardActivity(await ctx.runner.errorCard(run.id, 0)));
  },
};
