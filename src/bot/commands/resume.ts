import type { Command } from './types';
import { requireRun } from './types';
import { controlRefusalText } from '../controlRefusalText';

export const resumeCommand: Command = {
  name: 'resume',
  access: 'operate',
  async run(ctx) {
    const run = await requireRun(ctx);
    if (!run) return;
    const refusal = controlRefusalText(ctx.l, run, 'resume');
    if (refusal) {
      await ctx.turn.sendActivity(ctx.l.f(ctx.l.m.control.sentence, { refusal }));
      return;
    }
    await ctx.services.engine.resume(run.id, ctx.actor.aadObjectId);
    await ctx.turn.sendActivity(ctx.l.m.replies.resumed);
    ctx.runner.background(run.id, 'continue the run', () => ctx.runner.afterResume(run.id));
  },
};
