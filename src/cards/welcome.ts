import template from './templates/welcome.json';
import { clip } from './format';
import { renderCard } from './render';
import type { AdaptiveCard } from './types';

export interface CommandHelp {
  name: string;
  /** How to type it, e.g. `spotcheck <user>`; defaults to the name. */
  usage?: string;
  description: string;
  /** Teams shows at most 12 commands in its menu: a rarely typed one is left to this help card. */
  inMenu?: false;
}

export interface WelcomeCardInput {
  commands: CommandHelp[];
  fourEyes: boolean;
  simulated: boolean;
}

/** The chat commands the bot understands, in help order (the app manifest lists the same). */
export const BOT_COMMANDS: readonly CommandHelp[] = [
  { name: 'migrate', description: 'Start a guided migration: SKU, group, checks, batches.' },
  { name: 'plan', description: "Show the tenant's license profiles and the group each would need." },
  { name: 'status', description: 'Show the current run and its progress.' },
  { name: 'verify', description: 'Classify every in-scope user again and show the result.' },
  { name: 'errors', description: 'List users whose group license is in error, with fixes.' },
  { name: 'spotcheck', usage: 'spotcheck <user>', description: "Compare one user's direct and inherited services." },
  { name: 'pause', description: 'Pause the run after the current user.' },
  { name: 'resume', description: 'Resume a paused run.' },
  { name: 'cancel', description: 'Cancel the run; nothing more is removed.' },
  { name: 'rollback', usage: 'rollback [batch]', description: 'Re-add removed direct assignments for a batch or the run.' },
  { name: 'report', description: 'Show the final report of the run.' },
  {
    name: 'drift',
    usage: 'drift [run]',
    description: 'Check a completed run for new direct assignments and errors (the bot also checks on a schedule).',
    inMenu: false,
  },
  { name: 'help', description: 'Show this help.' },
];

/** Welcome and help card: what the bot does, the commands, and whether safety rules are relaxed. */
export function buildWelcomeCard(input: WelcomeCardInput): AdaptiveCard {
  return renderCard(template, {
    simulated: input.simulated,
    fourEyes: input.fourEyes,
    commands: input.commands.slice(0, 30).map((c) => ({
      usage: clip(c.usage ?? c.name, 40),
      description: clip(c.description, 200),
    })),
  });
}
