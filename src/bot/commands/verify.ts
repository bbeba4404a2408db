import type { Command } from './types';
import { requireRun } from './types';
import { cardActivity } from '../replies';
import { runProductNames } from '../../migration/runLicenses';
import { buildVerificationCards, problemCount } from '../../cards/verification';
import { md } from '../../cards/format';

export const verifyCommand: Command = {
  name: 'verify',
  access: 'operate',
  async run(ctx) {
    const run = await requireRun(ctx);
    if (!run) return;
    if (run.status === 'created') {
      await ctx.turn.sendActivity(ctx.l.m.replies.verifyNotPrepared);
      return;
    }
    await ctx.turn.sendActivity(
      ctx.l.f(ctx.l.m.replies.verifying, { sku: md(runProductNames(run), 120), group: md(run.groupDisplayName, 120) }),
    );
    ctx.runner.background(run.id, 'verify the run', async () => {
      const report = await ctx.services.engine.verify(run.id, { timeoutMs: ctx.services.settings.verifyTimeoutMs });
      ctx.runner.rememberReport(run.id, report);
      for (const card of buildVerificationCards({ report }, ctx.l)) await ctx.runner.say(run.id, cardActivity(card));
      if (problemCount(report) > 0) await ctx.runner.say(run.id, cardActivity(await ctx.runner.errorCard(run.id, 0)));
    });
  },
};
