// The bot as `npm run bot` runs it (local mode: no MicrosoftAppId), addressed over HTTP like Teams would.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config';
import { startBot, type RunningBot } from '../src/index';
import { createLogger } from '../src/logger';

export const BOT = { id: '28:bench-bot', name: 'License Migration Bot' };

export interface BenchUser {
  id: string;
  aadObjectId: string;
  name: string;
}

export interface BenchBot {
  running: RunningBot;
  /** A Teams conversation the bench talks in. */
  conversation(id: string, tenantId: string, serviceUrl: string): BenchConversation;
  dispose(): Promise<void>;
}

export interface BenchConversation {
  /** What the bot stores to message this conversation proactively. */
  reference(user: BenchUser, activityId: string): Record<string, unknown>;
  /** Sends a message activity; resolves when the bot's HTTP answer arrives. */
  message(user: BenchUser, id: string, text: string): Promise<number>;
  /** Sends an Action.Execute invoke; resolves to the HTTP status and the invoke response body. */
  cardAction(user: BenchUser, id: string, verb: string, data: unknown): Promise<{ status: number; body: unknown }>;
}

/** Starts the bot on a free port, Graph at `graphUrl`, file storage in a temp dir, four-eyes off, logs silent. */
export async function startBenchBot(graphUrl: string, env: Record<string, string> = {}): Promise<BenchBot> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lmb-bench-bot-'));
  const config = loadConfig({ GRAPH_BASE_URL: graphUrl, STORAGE: `file:${dir}`, FOUR_EYES: 'false', LOG_LEVEL: 'silent', ...env });
  const running = await startBot({
    config,
    logger: createLogger('silent'),
    port: 0,
    engineOptions: { pollIntervalMs: 200, verifyTimeoutMs: 600_000 },
  });
  const endpoint = `${running.url}/api/messages`;

  const post = async (activity: Record<string, unknown>) => {
    const r = await fetch(endpoint, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(activity) });
    const text = await r.text();
    let body: unknown = undefined;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = text;
    }
    return { status: r.status, body };
  };

  return {
    running,
    conversation(id, tenantId, serviceUrl) {
      const base = (user: BenchUser, activityId: string) => ({
        id: activityId,
        timestamp: new Date().toISOString(),
        serviceUrl,
        channelId: 'msteams',
        from: { id: user.id, name: user.name, aadObjectId: user.aadObjectId },
        recipient: BOT,
        conversation: { id, conversationType: 'channel', tenantId },
        channelData: { tenant: { id: tenantId } },
      });
      return {
        reference: (user, activityId) => ({
          activityId,
          user: { id: user.id, name: user.name, aadObjectId: user.aadObjectId },
          bot: BOT,
          conversation: { id, conversationType: 'channel', tenantId },
          channelId: 'msteams',
          serviceUrl,
        }),
        message: async (user, activityId, text) => (await post({ ...base(user, activityId), type: 'message', text })).status,
        cardAction: (user, activityId, verb, data) =>
          post({
            ...base(user, activityId),
            type: 'invoke',
            name: 'adaptiveCard/action',
            value: { action: { type: 'Action.Execute', verb, data } },
          }),
      };
    },
    async dispose() {
      await running.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The `data` of the first Action.Execute with this verb anywhere inside an activity (its card attachments). */
export function actionData(activity: unknown, verb: string): Record<string, unknown> | undefined {
  if (!activity || typeof activity !== 'object') return undefined;
  const o = activity as Record<string, unknown>;
  if (o.type === 'Action.Execute' && o.verb === verb) return (o.data ?? {}) as Record<string, unknown>;
  for (const v of Object.values(o)) {
    const found = actionData(v, verb);
    if (found) return found;
  }
  return undefined;
}
