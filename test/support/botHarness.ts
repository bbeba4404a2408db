import { readFileSync } from 'node:fs';
import path from 'node:path';
import { MemoryStorage, TestAdapter, type Storage, TurnContext, type Activity, type ConversationReference } from 'botbuilder';
import { createLicensingGraph } from '../../src/graph';
import type { LicensingGraph } from '../../src/graph/licensingGraph';
import { startSimulator, type RunningSimulator } from '../../src/sim';
import { MigrationService } from '../../src/migration/engine';
import { MemoryJournal, MemoryRunStore } from '../../src/storage';
import type { Run } from '../../src/migration/types';
import type { Journal, RunStore } from '../../src/migration/store';
import { createBot } from '../../src/bot/createBot';
import type { LicenseMigrationBot } from '../../src/bot/licenseMigrationBot';
import { AdapterNotifier } from '../../src/bot/notifier';
import type { BotServices } from '../../src/bot/services';
import type { AuthorizationPolicy } from '../../src/bot/authorization';
import { createLogger } from '../../src/logger';
import { loadConfig } from '../../src/config';
import { componentOptions } from '../../src/components';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

export const TENANT = '00000000-0000-0100-0000-000000000000';
export const OTHER_TENANT = '99999999-9999-4999-8999-999999999999';
import { E3 } from './constants';
export { E3 };
import { CONTOSO_ALL_USERS as ALL_USERS } from './constants';
export { ALL_USERS };
export const CONVERSATION = '19:migration@thread.tacv2';

export interface TestUser {
  aadObjectId: string;
  name: string;
  tenantId: string;
}

export const ALICE: TestUser = { aadObjectId: 'a11ce000-0000-4000-8000-000000000001', name: 'Alice Admin', tenantId: TENANT };
export const BOB: TestUser = { aadObjectId: 'b0b00000-0000-4000-8000-000000000002', name: 'Bob Approver', tenantId: TENANT };
export const MALLORY: TestUser = { aadObjectId: 'cc110000-0000-4000-8000-000000000003', name: 'Mallory Member', tenantId: TENANT };
export const EVE: TestUser = { aadObjectId: 'e7e00000-0000-4000-8000-000000000004', name: 'Eve Elsewhere', tenantId: OTHER_TENANT };

/**
 * A patchFixture that replaces the inline fixture with a shipped one (fixtures/<name>), with quick group processing
 * unless `behaviour` says otherwise.
 */
export function shippedFixture(name: string, behaviour: Record<string, unknown> = { groupProcessingDelayMs: 50 }): (f: Json) => void {
  const shipped = JSON.parse(readFileSync(path.join(__dirname, '../../fixtures', name), 'utf8')) as Json;
  return (f) => {
    for (const key of Object.keys(f)) delete f[key];
    Object.assign(f, structuredClone(shipped), { behaviour });
  };
}

/** Contoso, scaled down: every user has E3 directly, "All users" holds everyone and no license yet. */
export function smallContoso(users = 24): Record<string, unknown> {
  return {
    tenant: { id: TENANT, displayName: 'Contoso', defaultUsageLocation: 'US', domain: 'contoso.onmicrosoft.com' },
    skus: [
      {
        skuId: E3,
        skuPartNumber: 'ENTERPRISEPACK',
        displayName: 'Office 365 E3',
        prepaidUnits: { enabled: users + 10 },
        servicePlans: [
          { servicePlanId: 'efb87545-963c-4e0d-99df-69c6916d9eb0', servicePlanName: 'EXCHANGE_S_ENTERPRISE' },
          { servicePlanId: '57ff2da0-773e-42df-b2af-ffb7a2317929', servicePlanName: 'TEAMS1' },
          { servicePlanId: '0feaeb32-d00e-4d66-bd5a-43b5b83db82c', servicePlanName: 'MCOSTANDARD' },
          { servicePlanId: '7547a3fe-08ee-4ccb-b430-5077c5041653', servicePlanName: 'YAMMER_ENTERPRISE' },
        ],
      },
    ],
    groups: [
      {
        id: ALL_USERS,
        displayName: 'All users',
        securityEnabled: true,
        mailEnabled: false,
        groupTypes: [],
        assignedLicenses: [],
        members: [],
        allGeneratedUsersAreMembers: true,
      },
    ],
    generate: {
      users,
      seed: 1,
      directLicenses: [{ skuId: E3, disabledPlans: [] }],
      usageLocations: ['US'],
      missingUsageLocationFraction: 0,
    },
    behaviour: { groupProcessingDelayMs: 50 },
  };
}

/**
 * botbuilder's TestAdapter plus proactive messaging: continueConversationAsync runs the logic
 * on a context addressed to the stored reference, so posts and edits land in the same transcript.
 */
export class ProactiveTestAdapter extends TestAdapter {
  /** Every activity the bot sent, in order (proactive ones included). */
  readonly sent: Partial<Activity>[] = [];
  /** Every in-place edit the bot made. */
  readonly updates: Partial<Activity>[] = [];

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override async continueConversationAsync(_botAppId: any, reference: any, logic?: any): Promise<void> {
    const ref = reference as Partial<ConversationReference>;
    const activity = TurnContext.applyConversationReference({ type: 'event', name: 'continueConversation' }, ref, true);
    const context = new TurnContext(this, activity as Activity);
    await this.runMiddleware(context, logic as (c: TurnContext) => Promise<void>);
  }

  override async sendActivities(context: TurnContext, activities: Partial<Activity>[]) {
    this.sent.push(...activities);
    return super.sendActivities(context, activities);
  }

  override async updateActivity(context: TurnContext, activity: Partial<Activity>) {
    this.updates.push(activity);
    return super.updateActivity(context, activity);
  }
}

export interface BotHarness {
  sim: RunningSimulator;
  graph: LicensingGraph;
  engine: MigrationService;
  journal: Journal;
  adapter: ProactiveTestAdapter;
  bot: LicenseMigrationBot;
  services: BotServices;
  /** Sends a message as the user; resolves with what the bot answered in that turn. */
  say(user: TestUser, text: string, extra?: Partial<Activity>): Promise<Partial<Activity>[]>;
  /** Clicks an Action.Execute button as the user; resolves with the invoke response body. */
  click(user: TestUser, verb: string, data: unknown, extra?: Partial<Activity>): Promise<InvokeResult>;
  /** Waits for background work and proactive messages to finish. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export interface InvokeResult {
  status: number;
  body: { statusCode: number; type: string; value: unknown };
  /** Messages the bot sent during the invoke turn (besides the invoke response). */
  replies: Partial<Activity>[];
}

export interface HarnessOptions {
  users?: number;
  /** Changes to the inline fixture, e.g. extra users that end up in an error state. */
  patchFixture?: (fixture: Json) => void;
  policy?: Partial<AuthorizationPolicy>;
  quorum?: number;
  canary?: number;
  /** Reuse a running simulator (e.g. across a simulated restart); it is then not closed. */
  sim?: RunningSimulator;
  /** Persistent stores shared across a simulated restart. */
  runs?: RunStore;
  journal?: Journal;
  botStorage?: Storage;
  /** The engine's clock (e.g. days later, for the drift watch's quiet period). */
  now?: () => Date;
  /** The Teams locale every activity carries (`nl-NL`, `en-US`); none when absent, as some hosts send. */
  locale?: string;
}

export async function startBotHarness(opts: HarnessOptions = {}): Promise<BotHarness> {
  const fixture = smallContoso(opts.users) as Json;
  opts.patchFixture?.(fixture);
  const ownSim = !opts.sim;
  const sim = opts.sim ?? (await startSimulator({ fixture, port: 0, quiet: true }));
  const graph = createLicensingGraph({
    baseUrl: sim.graphUrl,
    auth: 'none',
    concurrency: 4,
    requestTimeoutMs: 10_000,
    retryDelaySeconds: 1,
    batch: { fallbackDelaySeconds: 0.2 },
  });
  const journal = opts.journal ?? new MemoryJournal();
  // The bot under test is configured the way `npm run bot` is: environment, loadConfig, componentOptions.
  const policy = { allowedTenantIds: [TENANT], approverIds: [ALICE.aadObjectId, BOB.aadObjectId], fourEyes: true, ...opts.policy };
  const config = loadConfig({
    GRAPH_BASE_URL: sim.graphUrl,
    ALLOWED_TENANT_IDS: policy.allowedTenantIds.join(','),
    APPROVER_IDS: policy.approverIds.join(','),
    APPROVER_GROUP_ID: policy.approverGroupId,
    FOUR_EYES: String(policy.fourEyes),
    APPROVAL_QUORUM: String(opts.quorum ?? 1),
    CANARY_BATCH_SIZE: String(opts.canary ?? 4),
    MAX_BATCH_SIZE: '50',
  });
  const components = componentOptions(config, { pollIntervalMs: 25, verifyTimeoutMs: 20_000 });
  const engine = new MigrationService({ ...components.engine, graph, runs: opts.runs ?? new MemoryRunStore(), journal, now: opts.now });
  const adapter = new ProactiveTestAdapter();
  const logger = createLogger('silent');
  const notifier = new AdapterNotifier(adapter, '', { limits: [{ ms: 1000, max: 1000 }], baseBackoffMs: 1, logger });
  const { bot, services } = createBot({
    engine,
    graph,
    journal,
    storage: opts.botStorage ?? new MemoryStorage(),
    notifier,
    logger,
    policy: components.policy,
    settings: components.settings,
  });
  const logic = (context: TurnContext) => bot.run(context);
  let nextId = 1;
  const base = (user: TestUser): Partial<Activity> => ({
    channelId: 'msteams',
    serviceUrl: 'https://smba.example.test/',
    from: { id: `29:${user.aadObjectId}`, name: user.name, aadObjectId: user.aadObjectId },
    recipient: { id: '28:license-bot', name: 'License Bot' },
    conversation: {
      id: CONVERSATION,
      isGroup: true,
      conversationType: 'channel',
      tenantId: user.tenantId,
      name: 'Migration',
    } as Activity['conversation'],
    channelData: { tenant: { id: user.tenantId } },
    id: `act-${nextId++}`,
    ...(opts.locale ? { locale: opts.locale } : {}),
  });
  const turn = async (activity: Partial<Activity>) => {
    const before = adapter.sent.length;
    await adapter.processActivity(activity, logic);
    return adapter.sent.slice(before);
  };
  return {
    sim,
    graph,
    engine,
    journal,
    adapter,
    bot,
    services,
    say: (user, text, extra = {}) => turn({ ...base(user), type: 'message', text, ...extra }),
    async click(user, verb, data, extra = {}) {
      const sent = await turn({
        ...base(user),
        type: 'invoke',
        name: 'adaptiveCard/action',
        value: { action: { type: 'Action.Execute', verb, data } },
        ...extra,
      });
      const response = sent.find((a) => a.type === 'invokeResponse');
      if (!response) throw new Error(`no invoke response to ${verb}`);
      const value = response.value as { status: number; body: InvokeResult['body'] };
      return { status: value.status, body: value.body, replies: sent.filter((a) => a.type !== 'invokeResponse') };
    },
    idle: () => bot.runner.whenIdle(),
    async close() {
      await bot.runner.whenIdle().catch(() => undefined);
      if (ownSim) await sim.close();
    },
  };
}

/** The Adaptive Card of an activity, if it carries one. */
export function cardOf(activity: Partial<Activity> | undefined): Json | undefined {
  const attachment = activity?.attachments?.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive');
  return attachment?.content as Json | undefined;
}

/** All text of a card, for assertions on what a person would read. */
export function cardText(card: unknown): string {
  const parts: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        if ((k === 'text' || k === 'title' || k === 'value') && typeof v === 'string') parts.push(v);
        else walk(v);
      }
    }
  };
  walk(card);
  return parts.join('\n');
}

/** A card's text as Teams shows it: Markdown escapes (a tenant's names and rules are escaped) taken away. */
export function shownText(card: unknown): string {
  return cardText(card).replace(/\\([\\`*_{}[\]()<>#|~])/g, '$1');
}

/** Action.Execute buttons of a card with their verb and data. */
export function actionsOf(card: unknown): { title: string; verb: string; data: Json }[] {
  const found: { title: string; verb: string; data: Json }[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const n = node as Json;
      if (n.type === 'Action.Execute') found.push({ title: n.title, verb: n.verb, data: n.data ?? {} });
      Object.values(n).forEach(walk);
    }
  };
  walk(card);
  return found;
}

/** The current state of the conversation: every message with its edits applied. */
export function transcript(adapter: ProactiveTestAdapter): Partial<Activity>[] {
  return adapter.activeQueue.filter((a) => a.type === 'message');
}

/** The newest message whose card has a button with this verb. */
export function lastCardWith(adapter: ProactiveTestAdapter, verb: string): Partial<Activity> | undefined {
  return [...transcript(adapter)].reverse().find((a) => actionsOf(cardOf(a)).some((x) => x.verb === verb));
}

export async function currentRun(h: BotHarness): Promise<Run> {
  const runs = await h.engine.listRuns();
  if (!runs[0]) throw new Error('no run');
  return runs[0];
}

/** Two group members without E3 and no free unit: the group license puts them in CountViolation. */
export function withNoSeatUsers(fixture: Json): void {
  const extra = [1, 2].map((n) => ({
    id: `00000000-0000-4000-8000-00000000000${n}`,
    userPrincipalName: `no.seat${n}@contoso.onmicrosoft.com`,
    displayName: `No seat ${n}`,
    usageLocation: 'US',
    assignedLicenses: [],
  }));
  fixture.users = extra;
  fixture.groups[0].members = extra.map((u) => u.id);
  fixture.skus[0].prepaidUnits.enabled = fixture.generate.users;
}

/**
 * Drives the guided flow as `requester` up to the first approval card; returns the verified run. In a channel
 * someone else may answer a step: `choosers` names who picks the SKU and the group.
 */
export async function preparedRun(
  h: BotHarness,
  requester: TestUser = ALICE,
  choosers: { sku?: TestUser; group?: TestUser } = {},
): Promise<Run> {
  await h.say(requester, 'migrate');
  await h.click(choosers.sku ?? requester, 'migrate.sku', { skuId: E3 });
  const picked = await h.click(choosers.group ?? requester, 'migrate.group', { skuId: E3, groupId: ALL_USERS });
  const preflight = picked.replies.map((a) => cardOf(a)).find((c) => actionsOf(c).some((x) => x.verb === 'migrate.confirm'));
  const confirm = actionsOf(preflight).find((a) => a.verb === 'migrate.confirm');
  if (!confirm) throw new Error(`no confirm button: ${JSON.stringify(picked.body)}`);
  await h.click(requester, 'migrate.confirm', confirm.data);
  await h.idle();
  return currentRun(h);
}

/** The data of the newest card button with this verb. */
export function buttonData(h: BotHarness, verb: string): Json {
  const message = lastCardWith(h.adapter, verb);
  const action = actionsOf(cardOf(message)).find((a) => a.verb === verb);
  if (!action) throw new Error(`no ${verb} button in the conversation`);
  return action.data;
}
