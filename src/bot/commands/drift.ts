import type { Command } from './types';
import type { DriftCheck, DriftKind } from '../../migration/drift';
import type { Run } from '../../migration/types';
import { md, plural } from '../../cards/format';
import { ID_PATTERN } from '../../cards/actions';

const FOUND: Record<DriftKind, (n: number) => string> = {
  newDirect: (n) => `${plural(n, 'new direct assignment')} since the run`,
  leftGroup: (n) => `${plural(n, 'user')} who left the group but still hold a direct assignment`,
  errors: (n) => `${plural(n, 'group member')} in error`,
};

/** `drift [run id]`: checks a completed run's SKU for drift now; a card follows in the run's thread when something changed. */
export const driftCommand: Command = {
  name: 'drift',
  access: 'operate',
  async run(ctx) {
    const wanted = ctx.args.trim();
    if (wanted && !ID_PATTERN.test(wanted)) {
      await ctx.turn.sendActivity(
        `"${md(wanted, 60)}" is not a run id. Usage: \`drift\` for this conversation's run, or \`drift <run id>\` for another.`,
      );
      return;
    }
    const run: Run | null = wanted ? await ctx.services.engine.getRun(wanted) : await ctx.currentRun();
    if (!run) {
      await ctx.turn.sendActivity(
        wanted
          ? `There is no migration run ${md(wanted, 128)}. Nothing was checked.`
          : 'There is no migration run in this conversation yet, so there is no drift to watch. Type `migrate` to start one.',
      );
      return;
    }
    if (run.status !== 'completed') {
      await ctx.turn.sendActivity(
        `Run ${md(run.id, 128)} is ${run.status}, not completed: the drift watch starts once a run has completed. Nothing was checked.`,
      );
      return;
    }
    const check = await ctx.runner.drift.check(run.id);
    await ctx.turn.sendActivity(summary(check));
  },
};

function summary(check: DriftCheck): string {
  const { run, findings } = check;
  const found = (Object.keys(FOUND) as DriftKind[]).filter((k) => findings[k].count > 0).map((k) => FOUND[k](findings[k].count));
  const what = found.length ? found.join(', ') : 'no drift';
  const head = `Checked ${md(run.skuPartNumber, 60)} for run ${md(run.id, 128)}: ${what}.`;
  if (check.baseline) return `${head} The drift watch of this run starts now; later checks report what changes from here.`;
  if (check.notice) return `${head} That changed since the last check, so a drift card is in the run's thread.`;
  return `${head} Nothing changed since the last check, so no new card.`;
}
