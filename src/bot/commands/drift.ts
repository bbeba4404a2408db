import type { Command } from './types';
import type { DriftCheck, DriftKind } from '../../migration/drift';
import type { Run } from '../../migration/types';
import { md } from '../../cards/format';
import type { Localizer } from '../../i18n';
import { ID_PATTERN } from '../../cards/actions';
import { runProductNames } from '../../migration/runLicenses';

/** `drift [run id]`: checks a completed run's SKU for drift now; a card follows in the run's thread when something changed. */
export const driftCommand: Command = {
  name: 'drift',
  access: 'operate',
  async run(ctx) {
    const { l } = ctx;
    const wanted = ctx.args.trim();
    if (wanted && !ID_PATTERN.test(wanted)) {
      await ctx.turn.sendActivity(l.f(l.m.replies.driftNotRunId, { value: md(wanted, 60) }));
      return;
    }
    const run: Run | null = wanted ? await ctx.services.engine.getRun(wanted) : await ctx.currentRun();
    if (!run) {
      await ctx.turn.sendActivity(wanted ? l.f(l.m.replies.driftNoSuchRun, { id: md(wanted, 128) }) : l.m.replies.driftNoRunHere);
      return;
    }
    if (run.status !== 'completed') {
      await ctx.turn.sendActivity(l.f(l.m.replies.driftNotCompleted, { run: md(run.id, 128), status: l.m.status.run[run.status] }));
      return;
    }
    const check = await ctx.runner.drift.check(run.id);
    await ctx.turn.sendActivity(summary(l, check));
  },
};

function summary(l: Localizer, check: DriftCheck): string {
  const { run, findings } = check;
  const kinds: DriftKind[] = ['newDirect', 'leftGroup', 'errors'];
  const found = kinds.filter((k) => findings[k].count > 0).map((k) => l.p(l.m.replies.driftFound[k], findings[k].count));
  const checked = l.f(l.m.replies.driftChecked, {
    sku: md(runProductNames(run), 120),
    run: md(run.id, 128),
    found: found.length ? found.join(l.m.replies.driftListSeparator) : l.m.replies.driftNone,
  });
  if (check.baseline) return l.f(l.m.replies.driftBaseline, { checked });
  if (check.notice) return l.f(l.m.replies.driftNotice, { checked });
  return l.f(l.m.replies.driftUnchanged, { checked });
}
