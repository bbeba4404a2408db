import type { Localizer } from '../../i18n';
import type { TurnContext } from 'botbuilder';
import type { Run } from '../../migration/types';
import { findRun } from '../../migration/runReference';
import { runLabel } from '../../migration/runName';
import { md } from '../../cards/format';
import type { Actor } from '../authorization';
import type { MigrationRunner } from '../migrationRunner';
import type { BotServices } from '../services';

/** What a chat command gets to work with for one turn. */
export interface CommandContext {
  turn: TurnContext;
  services: BotServices;
  runner: MigrationRunner;
  actor: Actor;
  /** The language of the person who typed the command. */
  l: Localizer;
  /** The command word as recognised, e.g. `status`. */
  command: string;
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

/**
 * The run a command is about: the one the person named (`#3`, its name or its id), else the conversation's run.
 * An unknown or ambiguous name is answered with the runs it could mean, and null.
 */
export async function requireRun(ctx: CommandContext, reference: string = ctx.args): Promise<Run | null> {
  if (reference.trim()) {
    const runs = await ctx.services.engine.listRuns();
    const found = findRun(runs, reference, ctx.actor.tenantId);
    if (found.kind === 'found') {
      await ctx.runner.noteLocale(found.run.id, ctx.l.locale);
      return found.run;
    }
    const { l } = ctx;
    const list = found.candidates
      .map((r) => l.f(l.m.runs.listItem, { name: md(runLabel(r), 120), status: l.m.status.run[r.status] }))
      .join(', ');
    const first = found.candidates[0];
    await ctx.turn.sendActivity(
      found.kind === 'ambiguous'
        ? l.f(l.m.runs.ambiguous, {
            reference: md(reference, 80),
            list,
            example: `${ctx.command} ${first.number ? `#${first.number}` : first.id}`,
          })
        : list
          ? l.f(l.m.runs.unknownWithList, { reference: md(reference, 80), list })
          : l.f(l.m.runs.unknownNoRuns, { reference: md(reference, 80) }),
    );
    return null;
  }
  const run = await ctx.currentRun();
  if (!run) await ctx.turn.sendActivity(ctx.l.m.runs.noneHere);
  // Whoever acts on the run last sets the language of its next proactive messages.
  else await ctx.runner.noteLocale(run.id, ctx.l.locale);
  return run;
}

/** Splits "#3 rest" into the run reference and the rest; text without a leading `#n` has no reference. */
export function leadingRunNumber(args: string): { reference: string; rest: string } {
  const m = /^(#\s*\d{1,9})(?:\s+([\s\S]*))?$/.exec(args.trim());
  return m ? { reference: m[1], rest: (m[2] ?? '').trim() } : { reference: '', rest: args.trim() };
}
