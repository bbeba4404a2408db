import type { Command } from './types';
import { requireRun } from './types';
import { controlRefusal } from '../../migration/runLifecycle';

export const cancelCommand: Command = {
  name: 'cancel',
  access: 'operate',
  async run(ctx) {
    const run = await requireRun(ctx);
    if (!run) return;
    const refusal = controlRefusal(run, 'cancel');
    if (refusal) {
      await ctx.turn.sendActivity(`${refusal}.`);
      return;
    }
    await ctx.services.engine.cancel(run.id, ctx.actor.aadObjectId);
    await ctx.turn.sendActivity(
      'Cancelled. Nothing more is removed; users keep their group license. Type `rollback` to re-add removed direct assignments.',
    );
    await ctx.runner.showStatus(run.id);
  },
};
