import type { Command } from './types';
import { requireRun } from './types';
import { cardActivity, spotCheckCard } from '../replies';

const USER_PATTERN = /^[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+$|^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export const spotcheckCommand: Command = {
  name: 'spotcheck',
  access: 'read',
  async run(ctx) {
    const user = ctx.args.replace(/^<a [^>]*>|<\/a>$/g, '').trim();
    if (!user) {
      await ctx.turn.sendActivity('Usage: `spotcheck <user>` — a user principal name (alex@contoso.com) or an object id.');
      return;
    }
    if (!USER_PATTERN.test(user)) {
      await ctx.turn.sendActivity(`"${user.slice(0, 80)}" is neither a user principal name nor an object id. Usage: \`spotcheck <user>\`.`);
      return;
    }
    const run = await requireRun(ctx);
    if (!run) return;
    const check = await ctx.services.engine.spotCheck(run.id, user);
    await ctx.turn.sendActivity(cardActivity(spotCheckCard(check)));
  },
};
