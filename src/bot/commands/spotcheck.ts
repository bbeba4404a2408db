import type { Command } from './types';
import { requireRun } from './types';
import { cardActivity } from '../replies';
import { buildSpotCheckCard } from '../../cards/spotCheck';
import { md } from '../../cards/format';
import { isGuid } from '../../common/ids';

const UPN_PATTERN = /^[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+$/;

export const spotcheckCommand: Command = {
  name: 'spotcheck',
  access: 'operate',
  async run(ctx) {
    // `spotcheck <user> [run]`: the user first, then optionally the run (#3, its name or id).
    const [first = '', ...more] = ctx.args
      .replace(/<a [^>]*>([^<]*)<\/a>/g, '$1')
      .trim()
      .split(/\s+/);
    const user = first;
    if (!user) {
      await ctx.turn.sendActivity(ctx.l.m.replies.spotcheckUsage);
      return;
    }
    if (!UPN_PATTERN.test(user) && !isGuid(user)) {
      await ctx.turn.sendActivity(ctx.l.f(ctx.l.m.replies.spotcheckBadUser, { user: md(user, 80) }));
      return;
    }
    const run = await requireRun(ctx, more.join(' '));
    if (!run) return;
    const check = await ctx.services.engine.spotCheck(run.id, user);
    // One card per product of the run.
    for (const spot of check.bySku ?? [check]) await ctx.turn.sendActivity(cardActivity(buildSpotCheckCard({ spot }, ctx.l)));
  },
};
