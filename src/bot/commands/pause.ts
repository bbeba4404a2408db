import type { Command } from './types';
import { leadingRunNumber, requireRun } from './types';
import { controlRefusal } from '../../migration/runLifecycle';
import { md } from '../../cards/format';

export const pauseCommand: Command = {
  name: 'pause',
  access: 'operate',
  async run(ctx) {
    // `pause #3 reason`: a leading run number names the run; the rest is the reason.
    const { reference, rest } = leadingRunNumber(ctx.args);
    const run = await requireRun(ctx, reference);
    if (!run) return;
    const refusal = controlRefusal(run, 'pause');
    if (refusal) {
      await ctx.turn.sendActivity(`${refusal}${run.status === 'paused' && run.pausedReason ? `: ${md(run.pausedReason, 300)}` : ''}.`);
      return;
    }
    const reason = rest ? rest.slice(0, 200) : `paused by ${ctx.actor.name ?? 'an approver'}`;
    await ctx.services.engine.pause(run.id, reason, ctx.actor.aadObjectId);
    await ctx.turn.sendActivity(`Paused. No further direct assignment is removed until someone types \`resume\`.`);
    await ctx.runner.showStatus(run.id);
  },
};
