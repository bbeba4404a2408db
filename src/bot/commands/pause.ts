import type { Command } from './types';
import { leadingRunNumber, requireRun, type CommandContext } from './types';
import { controlRefusalText } from '../controlRefusalText';
import { findRun } from '../../migration/runReference';
import { runLabel } from '../../migration/runName';
import { md } from '../../cards/format';

export const pauseCommand: Command = {
  name: 'pause',
  access: 'operate',
  async run(ctx) {
    const { reference, rest } = await splitArgs(ctx);
    const run = await requireRun(ctx, reference);
    if (!run) return;
    const refusal = controlRefusalText(ctx.l, run, 'pause');
    if (refusal) {
      await ctx.turn.sendActivity(ctx.l.f(ctx.l.m.control.sentence, { refusal }));
      return;
    }
    // Without words of theirs the run records who paused it, as data, so every reader sees it in their language.
    await ctx.services.engine.pause(run.id, rest.slice(0, 200), ctx.actor.aadObjectId, ctx.actor.name);
    await ctx.turn.sendActivity(ctx.l.f(ctx.l.m.replies.paused, { run: md(runLabel(run), 120) }));
    await ctx.runner.showStatus(run.id);
  },
};

/**
 * `pause #3 reason`, `pause <run name or id>`, `pause <id> reason` or `pause reason`: a leading `#n`, the whole text
 * or its first word when it names a run of the tenant, else everything is the reason for the conversation's run.
 */
async function splitArgs(ctx: CommandContext): Promise<{ reference: string; rest: string }> {
  const numbered = leadingRunNumber(ctx.args);
  if (numbered.reference || !numbered.rest) return numbered;
  const runs = await ctx.services.engine.listRuns();
  const names = (text: string) => findRun(runs, text, ctx.actor.tenantId).kind === 'found';
  if (names(numbered.rest)) return { reference: numbered.rest, rest: '' };
  const [first, ...others] = numbered.rest.split(/\s+/);
  if (names(first)) return { reference: first, rest: others.join(' ') };
  return { reference: '', rest: numbered.rest };
}
