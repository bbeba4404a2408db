import type { Command } from './types';
import { requireRun } from './types';

export const resumeCommand: Command = {
  name: 'resume',
  access: 'operate',
  async run(ctx) {
    const run = await requireRun(ctx);
    if (!run) return;
    if (run.status !== 'paused') {
      await ctx.turn.sendActivity(`The run is ${run.status}, not paused; there is nothing to resume.`);
      return;
    }
    await ctx.services.engine.resume(run.id, ctx.actor.aadObjectId);
    await ctx.turn.sendActivity('Resumed. Every batch still needs its approval before anything is removed.');
    ctx.runner.background(run.id, 'continue the run', () => ctx.runner.afterResume(run.id));
  },
};
