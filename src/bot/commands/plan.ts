import type { Command } from './types';
import { cardActivity } from '../replies';
import { buildLicensePlanCard } from '../../cards/licensePlan';

export const planCommand: Command = {
  name: 'plan',
  access: 'read',
  async run(ctx) {
    if (ctx.args) {
      await ctx.turn.sendActivity(ctx.l.m.replies.planNoArgs);
      return;
    }
    await ctx.turn.sendActivity(ctx.l.m.replies.planReading);
    await ctx.turn.sendActivity(cardActivity(buildLicensePlanCard(await ctx.services.engine.licensePlan(), ctx.l)));
  },
};
