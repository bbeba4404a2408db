/** The chat commands, by the word that starts them. */
export const COMMAND_NAMES = [
  'migrate',
  'plan',
  'status',
  'verify',
  'errors',
  'spotcheck',
  'pause',
  'resume',
  'cancel',
  'rollback',
  'report',
  'drift',
  'help',
] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

export type ParsedCommand = { kind: 'command'; name: CommandName; args: string } | { kind: 'unknown'; word: string };

/** Splits message text (mention already removed) into a command and its arguments. */
export function parseCommand(text: string | undefined): ParsedCommand {
  const clean = (text ?? '')
    .replace(/<at>[^<]*<\/at>/gi, ' ')
    .replace(/&nbsp;/g, ' ')
    .trim();
  if (!clean) return { kind: 'command', name: 'help', args: '' };
  const [first, ...rest] = clean.split(/\s+/);
  const word = first.replace(/^\//, '').toLowerCase();
  const aliases: Record<string, CommandName> = { '?': 'help', 'spot-check': 'spotcheck', start: 'migrate' };
  const name = (COMMAND_NAMES as readonly string[]).includes(word) ? (word as CommandName) : aliases[word];
  if (!name) return { kind: 'unknown', word: first.slice(0, 40) };
  return { kind: 'command', name, args: rest.join(' ').trim() };
}
