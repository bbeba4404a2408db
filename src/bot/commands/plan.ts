import type { Command } from './types';
import { cardActivity } from '../replies';
import { buildLicensePlanCard } from '../../cards/licensePlan';

export const planCommand: Command = {
  name: 'plan',
  access: 'read',
  async run(ctx) {
    if (ctx.args) {
      await ctx.turn.sendActivity('`plan` takes no arguments: it reads every product of the tenant.');
      return;
    }
    await ctx.turn.sendActivity('Reading every product the tenant assigns directly…');
    await ctx.turn.sendActivity(cardActivity(buildLicensePlanCard(await ctx.services.engine.licensePlan())));
  },
};
