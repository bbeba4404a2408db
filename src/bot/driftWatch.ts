import { randomUUID } from 'node:crypto';
import type { DriftCheck } from '../migration/drift';
import { driftDue, watchedRuns } from '../migration/drift';
import { buildDriftCard } from '../cards/drift';
import { errorMessage } from '../common/errorMessage';
import type { MigrationRunner } from './migrationRunner';
import type { BotServices } from './services';
import * as replies from './replies';

/** Longest pause between two looks for due runs, whatever the check interval: a newly completed run starts its watch soon. */
const MAX_TICK_MS = 15 * 60_000;

/**
 * Checks completed runs for drift on a schedule (DRIFT_CHECK_INTERVAL) and on demand (`drift`), and posts the card an
 * instance claimed in the run's thread. Every instance ticks; the engine's compare-and-swap on the run decides which
 * one posts a card, so several instances never post the same card twice.
 */
export class DriftWatch {
  /** This process, as the claims of cards name it. */
  readonly owner = `bot-${randomUUID()}`;
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> | null = null;
  /** Runs this process is checking, so a tick and a command never check one run twice at once here. */
  private readonly checking = new Map<string, Promise<DriftCheck>>();

  constructor(
    private readonly services: BotServices,
    private readonly runner: MigrationRunner,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Starts looking for due runs every `min(interval, 15 min)`; nothing when the interval is null (checks on demand only). */
  start(intervalMs: number | null | undefined): void {
    if (this.timer || !intervalMs) return;
    void this.tick(intervalMs);
    this.timer = setInterval(() => void this.tick(intervalMs), Math.min(intervalMs, MAX_TICK_MS));
    this.timer.unref();
  }

  /** Stops the schedule and waits for a tick under way. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.ticking;
  }

  /** One look: every watched run checked `intervalMs` ago (or never) is checked now; a tick under way is not doubled. */
  tick(intervalMs: number): Promise<void> {
    this.ticking ??= (async () => {
      try {
        const now = this.now();
        for (const run of watchedRuns(await this.services.engine.listRuns())) {
          if (!driftDue(run, now, intervalMs)) continue;
          await this.check(run.id).catch((err: unknown) =>
            this.services.logger.warn({ runId: run.id, err: errorMessage(err) }, 'drift check failed; trying again at the next one'),
          );
        }
      } catch (err) {
        this.services.logger.warn({ err: errorMessage(err) }, 'drift watch could not list runs; trying again at the next tick');
      } finally {
        this.ticking = null;
      }
    })();
    return this.ticking;
  }

  /** Checks one completed run now and posts the card if this instance claimed one. */
  check(runId: string): Promise<DriftCheck> {
    const running = this.checking.get(runId);
    if (running) return running;
    const work = this.checkAndPost(runId).finally(() => this.checking.delete(runId));
    this.checking.set(runId, work);
    return work;
  }

  private async checkAndPost(runId: string): Promise<DriftCheck> {
    const { engine, logger, settings } = this.services;
    const check = await engine.checkDrift(runId, { owner: this.owner });
    const notice = check.notice;
    if (!notice) return check;
    const card = buildDriftCard(
      {
        run: check.run,
        findings: check.findings,
        checkedAt: check.checkedAt,
        changes: notice.changes,
        retire: notice.retire ? { quietSince: check.quietSince, quietDays: settings.driftQuietDays ?? 30 } : undefined,
        followUp: true,
      },
      await this.runner.localizerOf(runId),
    );
    try {
      const id = await this.runner.say(runId, replies.cardActivity(card));
      if (id === undefined && !(await this.runner.conversationOf(runId)))
        logger.warn({ runId }, 'drift found, but the run has no conversation to post to');
    } catch (err) {
      // Given back: the next check of any instance posts it, so a failed post is not lost and not doubled.
      await engine.driftNoticeFailed(runId, notice.seq).catch(() => undefined);
      throw err;
    }
    await engine.driftNoticePosted(runId, notice.seq);
    return check;
  }
}
