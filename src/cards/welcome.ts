import template from './templates/welcome.json';
import { clip } from './format';
import { renderCard } from './render';
import type { AdaptiveCard } from './types';
import { en } from '../i18n/en';
import { localizer, type Localizer } from '../i18n';

export interface CommandHelp {
  name: string;
  /** How to type it, e.g. `spotcheck <user>`; defaults to the name. */
  usage?: string;
  /** The English description (the app manifest's); the card shows the catalogue's in the reader's language. */
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
  { name: 'migrate', description: en.commandHelp.migrate },
  { name: 'plan', description: en.commandHelp.plan },
  { name: 'status', description: en.commandHelp.status },
  { name: 'verify', description: en.commandHelp.verify },
  { name: 'errors', description: en.commandHelp.errors },
  { name: 'spotcheck', usage: en.commandUsage.spotcheck, description: en.commandHelp.spotcheck },
  { name: 'pause', description: en.commandHelp.pause },
  { name: 'resume', description: en.commandHelp.resume },
  { name: 'cancel', description: en.commandHelp.cancel },
  { name: 'rollback', usage: en.commandUsage.rollback, description: en.commandHelp.rollback },
  { name: 'report', description: en.commandHelp.report },
  { name: 'drift', usage: en.commandUsage.drift, description: en.commandHelp.drift, inMenu: false },
  { name: 'help', description: en.commandHelp.help },
];

/** Welcome and help card: what the bot does, the commands, and whether safety rules are relaxed. */
export function buildWelcomeCard(input: WelcomeCardInput, l: Localizer = localizer('en')): AdaptiveCard {
  const help = l.m.commandHelp as Record<string, string | undefined>;
  const usage = l.m.commandUsage as Record<string, string | undefined>;
  return renderCard(template, {
    t: l.m.welcome,
    simulated: input.simulated,
    fourEyes: input.fourEyes,
    commands: input.commands.slice(0, 30).map((c) => ({
      usage: clip((c.usage && usage[c.name]) ?? c.usage ?? c.name, 40),
      description: clip(help[c.name] ?? c.description, 200),
    })),
  });
}
