import type { Command } from './types';
import { requireRun } from './types';
import { cardActivity, finalReportCard } from '../replies';

export const reportCommand: Command = {
  name: 'report',
  access: 'read',
  async run(ctx) {
    const run = await requireRun(ctx);
    if (!run) return;
    const report = await ctx.services.engine.report(run.id);
    await ctx.turn.sendActivity(cardActivity(finalReportCard(report)));
  },
};
