import type { Command } from './types';
import { buildWelcomeCardFor, cardActivity } from '../replies';

export const helpCommand: Command = {
  name: 'help',
  access: 'read',
  async run(ctx) {
    const { fourEyes, simulated } = ctx.services.settings;
    await ctx.turn.sendActivity(cardActivity(buildWelcomeCardFor({ fourEyes, simulated }, ctx.l)));
  },
};
