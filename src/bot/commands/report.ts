import type { Command } from './types';
import { requireRun } from './types';
import { cardActivity } from '../replies';
import { buildFinalReportCard } from '../../cards/finalReport';

export const reportCommand: Command = {
  name: 'report',
  access: 'operate',
  async run(ctx) {
    const run = await requireRun(ctx);
    if (!run) return;
    const report = await ctx.services.engine.report(run.id);
    await ctx.turn.sendActivity(cardActivity(buildFinalReportCard({ report: report }, ctx.l)));
  },
};
