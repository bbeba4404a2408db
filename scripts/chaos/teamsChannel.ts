// A Teams channel as the bot sees it: activities posted to /api/messages the way Teams sends them (local mode, no
// JWT), and the bot's replies and proactive cards read from a stand-in Bot Connector.
import { actionData } from '../../bench/botHarness';
import type { FakeConnector } from '../../bench/connector';

export const TENANT = '00000000-0000-0100-0000-000000000000';
export const ADMIN = { id: '29:chaos-admin', aadObjectId: 'a11ce000-0000-4000-8000-00000000c4a0', name: 'Chaos Admin' };
const CONVERSATION = '19:chaos-migration@thread.tacv2';

export interface TeamsChannel {
  /** Posts an activity to the bot at `endpoint` (its base URL); resolves with the HTTP status and body. */
  send(endpoint: string, activity: Record<string, unknown>): Promise<{ status: number; body: string }>;
  /** Clicks an Action.Execute button. */
  click(endpoint: string, verb: string, data: unknown): Promise<{ status: number; body: string }>;
  /** The data of the newest card button with this verb (waiting for one to arrive). */
  cardData(verb: string, match?: (d: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
}

export function teamsChannel(connector: FakeConnector, user = ADMIN): TeamsChannel {
  let n = 0;
  const send = async (endpoint: string, activity: Record<string, unknown>) => {
    const r = await fetch(`${endpoint}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        id: `teams-${++n}`,
        timestamp: new Date().toISOString(),
        serviceUrl: connector.url,
        channelId: 'msteams',
        from: user,
        recipient: { id: '28:license-bot', name: 'License Migration Bot' },
        conversation: { id: CONVERSATION, conversationType: 'channel', tenantId: TENANT },
        channelData: { tenant: { id: TENANT } },
        ...activity,
      }),
    });
    return { status: r.status, body: await r.text() };
  };
  return {
    send,
    click: (endpoint, verb, data) =>
      send(endpoint, { type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb, data } } }),
    async cardData(verb, match = () => true, timeoutMs = 120_000) {
      const has = (activity: unknown) => {
        const d = actionData(activity, verb);
        return !!d && match(d);
      };
      const first = await connector.waitFor((o) => has(o.activity), timeoutMs);
      // The newest card with that button: after a restart the bot may have posted it again.
      const latest = [...connector.ops].reverse().find((o) => has(o.activity)) ?? first;
      return actionData(latest.activity, verb)!;
    },
  };
}
