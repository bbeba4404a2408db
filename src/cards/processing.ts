import template from './templates/processing.json';
import { bar, clip, formatCount, formatDuration, percent, plain } from './format';
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

const STATE_TEXT: Record<string, string> = {
  QueuedForProcessing: 'Queued for processing',
  ProcessingInProgress: 'Processing in progress',
  ProcessingComplete: 'Processing complete',
};

/** Group preparation and Entra's license processing, edited in place while it runs. */
export function buildProcessingCard(input: ProcessingCardInput, l: Localizer = localizer('en')): AdaptiveCard {
  const hasMembers = input.total !== undefined && input.total > 0;
  const added = Math.min(input.membersAdded ?? 0, input.total ?? 0);
  const done = input.state === 'ProcessingComplete';
  return renderCard(template, {
    t: l.m.cards.processing,
    runName: plain(input.runName ?? input.runId, 200),
    runId: clip(input.runId, 128),
    state: input.state ? (STATE_TEXT[input.state] ?? clip(input.state, 60)) : 'Not started yet',
    elapsed: formatDuration(input.elapsedMs),
    hasMembers,
    membersText: `${formatCount(added)} of ${formatCount(input.total ?? 0)} (${percent(added, input.total ?? 0)}%)`,
    bar: bar(added, input.total ?? 0, 'accent'),
    hint: done
      ? 'Entra ID has processed the group license. Verification comes next.'
      : 'Entra ID processes group licenses in the background; large groups can take a while. No direct assignment is touched yet.',
  });
}
