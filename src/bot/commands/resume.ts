import type { Command } from './types';
import { requireRun } from './types';
import { controlRefusal } from '../../migration/runLifecycle';

export const resumeCommand: Command = {
  name: 'resume',
  access: 'operate',
  async run(ctx) {
    const run = await requireRun(ctx);
    if (!run) return;
    const refusal = controlRefusal(run, 'resume');
    if (refusal) {
      await ctx.turn.sendActivity(`${refusal}.`);
      return;
    }
    await ctx.services.engine.resume(run.id, ctx.actor.aadObjectId);
    await ctx.turn.sendActivity('Resumed. Every batch still needs its approval before anything is removed.');
    ctx.runner.background(run.id, 'continue the run', () => ctx.runner.afterResume(run.id));
  },
};
