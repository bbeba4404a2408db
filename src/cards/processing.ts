import template from './templates/processing.json';
import { bar, clip, formatDuration, percent, plain } from './format';
import { renderCard } from './render';
import { localizer, type Localizer } from '../i18n';
import type { AdaptiveCard } from './types';

export interface ProcessingCardInput {
  runId: string;
  /** The run's readable name (runLabel); the id alone when absent. */
  runName?: string;
  /** The group's licenseProcessingState, or null before Entra reports one. */
  state: string | null;
  elapsedMs: number;
  membersAdded?: number;
  total?: number;
}

/** Group preparation and Entra's license processing, edited in place while it runs. */
export function buildProcessingCard(input: ProcessingCardInput, l: Localizer = localizer('en')): AdaptiveCard {
  const hasMembers = input.total !== undefined && input.total > 0;
  const added = Math.min(input.membersAdded ?? 0, input.total ?? 0);
  const done = input.state === 'ProcessingComplete';
  const t = l.m.cards.processing;
  const states = t.state as Record<string, string | undefined>;
  return renderCard(template, {
    t: l.m.cards.processing,
    runName: plain(input.runName ?? input.runId, 200),
    runId: clip(input.runId, 128),
    state: input.state ? (states[input.state] ?? clip(input.state, 60)) : t.notStarted,
    elapsed: formatDuration(input.elapsedMs),
    hasMembers,
    membersText: l.f(t.members, { added, total: input.total ?? 0, percent: percent(added, input.total ?? 0) }),
    bar: bar(added, input.total ?? 0, 'accent'),
    hint: done ? t.done : t.waiting,
  });
}
