import type { Command } from './types';
import { leadingRunNumber, requireRun } from './types';
import { controlRefusalText } from '../controlRefusalText';

export const pauseCommand: Command = {
  name: 'pause',
  access: 'operate',
  async run(ctx) {
    // `pause #3 reason`: a leading run number names the run; the rest is the reason.
    const { reference, rest } = leadingRunNumber(ctx.args);
    const run = await requireRun(ctx, reference);
    if (!run) return;
    const refusal = controlRefusalText(ctx.l, run, 'pause');
    if (refusal) {
      await ctx.turn.sendActivity(ctx.l.f(ctx.l.m.control.sentence, { refusal }));
      return;
    }
    const reason = rest
      ? rest.slice(0, 200)
      : ctx.actor.name
        ? ctx.l.f(ctx.l.m.replies.pausedBy, { name: ctx.actor.name })
        : ctx.l.m.replies.pausedByApprover;
    await ctx.services.engine.pause(run.id, reason, ctx.actor.aadObjectId);
    await ctx.turn.sendActivity(ctx.l.m.replies.paused);
    await ctx.runner.showStatus(run.id);
  },
};
