import { controlRefusal, type RunControl } from '../migration/runLifecycle';
import type { Run } from '../migration/types';
import { md } from '../cards/format';
import { pauseReasonText } from '../cards/pauseText';
import type { Localizer } from '../i18n';

/** Why a pause, resume or cancel does nothing now, in the reader's language (the same rule as controlRefusal), or null. */
export function controlRefusalText(l: Localizer, run: Run, control: RunControl): string | null {
  if (!controlRefusal(run, control)) return null;
  const status = l.m.status.run[run.status];
  if (control === 'pause' && run.status === 'paused') {
    const reason = pauseReasonText(run, l);
    return reason ? l.f(l.m.control.alreadyPausedBecause, { reason: md(reason, 300) }) : l.m.control.alreadyPaused;
  }
  if (control === 'pause' && (run.status === 'completed' || run.status === 'cancelled')) return l.f(l.m.control.nothingToPause, { status });
  if (control === 'resume' && run.status !== 'paused') return l.f(l.m.control.notPaused, { status });
  if (control === 'cancel' && (run.status === 'completed' || run.status === 'cancelled'))
    return l.f(l.m.control.alreadyFinished, { status });
  return l.f(l.m.control.nothingTo[control], { status });
}
