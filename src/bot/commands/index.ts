import type { CommandName } from './parse';
import type { Command } from './types';
import { helpCommand } from './help';
import { migrateCommand } from './migrate';
import { planCommand } from './plan';
import { statusCommand } from './status';
import { verifyCommand } from './verify';
import { errorsCommand } from './errors';
import { spotcheckCommand } from './spotcheck';
import { pauseCommand } from './pause';
import { resumeCommand } from './resume';
import { cancelCommand } from './cancel';
import { rollbackCommand } from './rollback';
import { reportCommand } from './report';
import { driftCommand } from './drift';

export const COMMANDS: Record<CommandName, Command> = {
  help: helpCommand,
  migrate: migrateCommand,
  plan: planCommand,
  status: statusCommand,
  verify: verifyCommand,
  errors: errorsCommand,
  spotcheck: spotcheckCommand,
  pause: pauseCommand,
  resume: resumeCommand,
  cancel: cancelCommand,
  rollback: rollbackCommand,
  report: reportCommand,
  drift: driftCommand,
};
