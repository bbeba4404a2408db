import type { Command } from './types';
import { requireRun } from './types';
import { md } from '../../cards/format';

export const pauseCommand: Command = {
  name: 'pause',
  access: 'operate',
  async run(ctx) {
    const run = await requireRun(ctx);
    if (!run) return;
    if (run.status === 'paused') {
      await ctx.turn.sendActivity(`The run is already paused${run.pausedReason ? `: ${md(run.pausedReason, 300)}` : ''}.`);
      return;
    }
    if (run.status === 'completed' || run.status === 'cancelled') {
      await ctx.turn.sendActivity(`The run is ${run.status}; there is nothing to pause.`);
      return;
    }
    const reason = ctx.args ? ctx.args.slice(0, 200) : `paused by ${ctx.actor.name ?? 'an approver'}`;
    await ctx.services.engine.pause(run.id, reason, ctx.actor.aadObjectId);
    await ctx.turn.sendActivity(`Paused. No further direct assignment is removed until someone types \`resume\`.`);
    await ctx.runner.showStatus(run.id);
  },
};
