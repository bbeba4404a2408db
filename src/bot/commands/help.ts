import type { Command } from './types';
import { cardActivity, helpCard } from '../replies';

export const helpCommand: Command = {
  name: 'help',
  access: 'read',
  async run(ctx) {
    const { fourEyes, simulated } = ctx.services.settings;
    await ctx.turn.sendActivity(cardActivity(helpCard({ fourEyes, simulated })));
  },
};
