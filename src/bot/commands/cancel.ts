import type { Command } from './types';
import { requireRun } from './types';
import { controlRefusalText } from '../controlRefusalText';

export const cancelCommand: Command = {
  name: 'cancel',
  access: 'operate',
  async run(ctx) {
    const run = await requireRun(ctx);
    if (!run) return;
    const refusal = controlRefusalText(ctx.l, run, 'cancel');
    if (refusal) {
      await ctx.turn.sendActivity(ctx.l.f(ctx.l.m.control.sentence, { refusal }));
      return;
    }
    await ctx.services.engine.cancel(run.id, ctx.actor.aadObjectId);
    await ctx.turn.sendActivity(ctx.l.m.replies.cancelled);
    await ctx.runner.showStatus(run.id);
  },
};
