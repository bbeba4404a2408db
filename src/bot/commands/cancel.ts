import type { Command } from './types';
import { requireRun } from './types';

export const cancelCommand: Command = {
  name: 'cancel',
  access: 'operate',
  async run(ctx) {
    const run = await requireRun(ctx);
    if (!run) return;
    if (run.status === 'completed' || run.status === 'cancelled') {
      await ctx.turn.sendActivity(`The run is already ${run.status}.`);
      return;
    }
    await ctx.services.engine.cancel(run.id, ctx.actor.aadObjectId);
    await ctx.turn.sendActivity('Cancelled. Nothing more is removed; users keep their group license. Type `rollback` to re-add removed direct assignments.');
    await ctx.runner.showStatus(run.id);
  },
};
