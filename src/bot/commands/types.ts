import type { TurnContext } from 'botbuilder';
import type { Run } from '../../migration/types';
import type { Actor } from '../authorization';
import type { MigrationRunner } from '../migrationRunner';
import type { BotServices } from '../services';

/** What a chat command gets to work with for one turn. */
export interface CommandContext {
  turn: TurnContext;
  services: BotServices;
  runner: MigrationRunner;
  actor: Actor;
  /** Text after the command word, trimmed. */
  args: string;
  /** The run this conversation is about (its latest), or null. */
  currentRun(): Promise<Run | null>;
  /** Starts the guided migration dialog. */
  beginMigration(): Promise<void>;
}

export interface Command {
  name: string;
  /** `read` commands need only an allowed tenant; `operate` commands need an approver. */
  access: 'read' | 'operate';
  run(ctx: CommandContext): Promise<void>;
}

/** Sends the standard "no run yet" answer; returns the run otherwise. */
export async function requireRun(ctx: CommandContext): Promise<Run | null> {
  const run = await ctx.currentRun();
  if (!run) await ctx.turn.sendActivity('There is no migration run in this conversation yet. Type `migrate` to start one.');
  return run;
}
