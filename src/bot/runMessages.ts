import type { Storage } from 'botbuilder';
import type { ConversationRef } from './notifier';
import type { Locale } from '../i18n';

/** What the bot remembers about the messages of one run: where they live and which to edit. */
export interface RunMessagesRecord {
  runId: string;
  conversation?: ConversationRef;
  /**
   * The language of whoever acted on the run last (activity.locale resolved): proactive messages have no turn of
   * their own, so they speak to the conversation as its latest actor did.
   */
  locale?: Locale;
  statusActivityId?: string;
  processingActivityId?: string;
  /** The shared approval card of each batch, edited in place for everyone. */
  approvalActivityIds: Record<string, string>;
}

const PREFIX = 'lmb/runMessages/';

/** Message ids and conversation references per run, kept in bot storage so edits work after restarts. */
export class RunMessages {
  private locks = new Map<string, Promise<unknown>>();

  constructor(private readonly storage: Storage) {}

  async get(runId: string): Promise<RunMessagesRecord> {
    const key = PREFIX + runId;
    const items = await this.storage.read([key]);
    const found = items[key] as (RunMessagesRecord & { eTag?: string }) | undefined;
    if (!found) return { runId, approvalActivityIds: {} };
    const { eTag: _eTag, ...record } = found;
    return { ...record, approvalActivityIds: { ...(record.approvalActivityIds ?? {}) } };
  }

  /** Read-modify-write, serialised per run inside this process. */
  update(runId: string, change: (record: RunMessagesRecord) => void): Promise<RunMessagesRecord> {
    const previous = this.locks.get(runId) ?? Promise.resolve();
    const next = previous
      .catch(() => undefined)
      .then(async () => {
        const record = await this.get(runId);
        change(record);
        await this.storage.write({ [PREFIX + runId]: { ...record, eTag: '*' } });
        return record;
      });
    this.locks.set(runId, next);
    return next;
  }
}
