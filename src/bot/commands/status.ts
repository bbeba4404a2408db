import type { Command } from './types';
import { requireRun } from './types';
import { buildRunStatusCardFor, cardActivity } from '../replies';

export const statusCommand: Command = {
  name: 'status',
  access: 'read',
  async run(ctx) {
    const run = await requireRun(ctx);
    if (!run) return;
    const sent = await ctx.turn.sendActivity(cardActivity(buildRunStatusCardFor(run, { fourEyes: ctx.services.settings.fourEyes }, ctx.l)));
    // The newest status card is the one kept current from now on.
    if (sent?.id)
      await ctx.services.runMessages.update(run.id, (r) => {
        r.statusActivityId = sent.id;
      });
  },
};
