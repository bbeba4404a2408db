import pino, { type Logger } from 'pino';
import { type BatchItem, type BatchOptions, type BatchOutcome, BATCH_LIMIT, runBatch } from './batch';
import { invalidInput, toGraphFailure } from './graphFailure';
import { GraphHttp } from './graphHttp';
import type { LicensingGraph } from './licensingGraph';
import {
  GROUP_FIELDS,
  MEMBER_FIELDS,
  USER_FIELDS,
  directoryFields,
  toAuditEvent,
  toDirectory,
  toGroup,
  toMember,
  toMembershipProcessing,
  toSku,
  toUser,
} from './mapping';
import { all, pages } from './paging';
import { createGraphClient, type GraphClientOptions } from './transport';
import type { AssignedLicense, AuditEvent, GroupInfo, GroupMember, ItemResult, MembershipProcessing, Sku, UserLicenses } from './types';
import { GraphRequestError } from './types';
import { isGuid } from '../common/ids';

export interface LicensingGraphOptions extends GraphClientOptions {
  logger?: Logger;
  batch?: BatchOptions;
}

const PAGE = 999;
const DEFAULT_GROUP_LIMIT = 50;
/** Group fields a listing can select (hasMembersWithLicenseErrors is read per group). */
const LIST_GROUP_FIELDS = GROUP_FIELDS.filter((f) => f !== 'hasMembersWithLicenseErrors' && f !== 'membershipRuleProcessingState');

function requireGuid(value: string, what: string): string {
  if (!isGuid(value)) throw invalidInput(`${what} "${String(value)}" is not a valid GUID`);
  return value.toLowerCase();
}

function requireGuids(values: string[], what: string): string[] {
  if (!Array.isArray(values)) throw invalidInput(`${what} must be a list of GUIDs`);
  const bad = values.filter((v) => !isGuid(v));
  if (bad.length) throw invalidInput(`${what} contains ${bad.length} value(s) that are not GUIDs, e.g. "${String(bad[0])}"`);
  return values;
}

/** OData string literal: single quotes doubled. */
const odataString = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** Graph's mailNickname: ASCII letters/digits only, ≤64 chars, never empty. */
function mailNicknameFor(displayName: string): string {
  const base = displayName.replace(/[^A-Za-z0-9]/g, '').slice(0, 48) || 'licensinggroup';
  return `${base}${Math.random().toString(36).slice(2, 8)}`;
}

function toItemResult<T>(o: BatchOutcome, value: (body: unknown) => T): ItemResult<T> {
  return o.ok ? { id: o.key, ok: true, value: value(o.body) } : { id: o.key, ok: false, failure: o.failure };
}

const userOrNull = (body: unknown): UserLicenses | null =>
  body && typeof body === 'object' && typeof (body as { id?: unknown }).id === 'string' ? toUser(body) : null;

/** LicensingGraph over the Microsoft Graph SDK: paging, $batch with item retries, one failure funnel. */
export class GraphLicensing implements LicensingGraph {
  private readonly log: Logger;

  constructor(
    private readonly http: GraphHttp,
    logger: Logger,
    private readonly batchOptions: BatchOptions = {},
  ) {
    this.log = logger;
  }

  async listSkus(): Promise<Sku[]> {
    const raw = await all<unknown>(this.http, '/subscribedSkus');
    return raw.map(toSku);
  }

  async *usersWithSku(skuId: string): AsyncIterable<UserLicenses[]> {
    const sku = requireGuid(skuId, 'skuId');
    let count = 0;
    for await (const page of pages<unknown>(this.http, '/users', {
      select: USER_FIELDS,
      filter: `assignedLicenses/any(x:x/skuId eq ${sku})`,
      top: PAGE,
      advanced: true,
      readAhead: true,
    })) {
      count += page.length;
      yield page.map(toUser);
    }
    this.log.debug({ skuId: sku, users: count }, 'listed users holding SKU');
  }

  async countUsersWithSku(skuId: string): Promise<number | null> {
    const sku = requireGuid(skuId, 'skuId');
    // One user and the count of all: the same advanced query usersWithSku pages through.
    const body = await this.http.json<{ '@odata.count'?: unknown }>({
      method: 'GET',
      path: '/users',
      query: { $select: 'id', $filter: `assignedLicenses/any(x:x/skuId eq ${sku})`, $count: 'true', $top: 1 },
      headers: { ConsistencyLevel: 'eventual' },
    });
    const count = body?.['@odata.count'];
    return typeof count === 'number' && Number.isInteger(count) && count >= 0 ? count : null;
  }

  async *groupMembers(groupId: string): AsyncIterable<GroupMember[]> {
    const id = requireGuid(groupId, 'groupId');
    for await (const page of pages<unknown>(this.http, `/groups/${id}/members`, { select: MEMBER_FIELDS, top: PAGE, readAhead: true })) {
      yield page.map(toMember);
    }
  }

  async getUser(idOrUpn: string): Promise<UserLicenses | null> {
    if (typeof idOrUpn !== 'string' || idOrUpn.trim() === '') throw invalidInput('a user id or userPrincipalName is required');
    try {
      const body = await this.http.json<unknown>({
        method: 'GET',
        path: `/users/${encodeURIComponent(idOrUpn.trim())}`,
        query: { $select: USER_FIELDS.join(',') },
      });
      return toUser(body);
    } catch (err) {
      if (err instanceof GraphRequestError && err.failure.kind === 'notFound') return null;
      throw err;
    }
  }

  async getUsers(ids: string[], options: { directory?: readonly string[] } = {}): Promise<ItemResult<UserLicenses>[]> {
    requireGuids(ids, 'user ids');
    const directory = options.directory ?? [];
    const select = `$select=${[...new Set([...USER_FIELDS, ...directoryFields(directory)])].join(',')}`;
    const items: BatchItem[] = ids.map((id) => ({ key: id, method: 'GET', url: `/users/${id}?${select}` }));
    const outcomes = await runBatch(this.http, items, this.log, this.batchOptions);
    this.logOutcomes('read users', outcomes);
    const toRead = directory.length ? (v: unknown) => ({ ...toUser(v), directory: toDirectory(v, directory) }) : toUser;
    return outcomes.map((o) => toItemResult(o, toRead));
  }

  async directMembership(groupId: string, userIds: string[]): Promise<ItemResult<boolean>[]> {
    const gid = requireGuid(groupId, 'groupId');
    requireGuids(userIds, 'user ids');
    // The plain memberOf list is read from the directory itself; a type cast or $filter would make it an advanced
    // query served from an index that may lag behind the change we are checking for.
    const items: BatchItem[] = userIds.map((id) => ({ key: id, method: 'GET', url: `/users/${id}/memberOf?$select=id&$top=${PAGE}` }));
    const outcomes = await runBatch(this.http, items, this.log, this.batchOptions);
    return Promise.all(
      outcomes.map(async (o): Promise<ItemResult<boolean>> => {
        if (!o.ok) return { id: o.key, ok: false, failure: o.failure };
        const body = o.body as { value?: { id?: string }[]; '@odata.nextLink'?: string } | null;
        if ((body?.value ?? []).some((g) => String(g.id).toLowerCase() === gid)) return { id: o.key, ok: true, value: true };
        const link = body?.['@odata.nextLink'];
        if (!link) return { id: o.key, ok: true, value: false };
        try {
          // A user in more than 999 groups: the rest of the list, page by page.
          for await (const page of pages<{ id?: string }>(this.http, this.http.relativeLink(link))) {
            if (page.some((g) => String(g.id).toLowerCase() === gid)) return { id: o.key, ok: true, value: true };
          }
          return { id: o.key, ok: true, value: false };
        } catch (err) {
          return { id: o.key, ok: false, failure: err instanceof GraphRequestError ? err.failure : toGraphFailure(err) };
        }
      }),
    );
  }

  async findGroups(nameOrId: string): Promise<GroupInfo[]> {
    if (typeof nameOrId !== 'string' || nameOrId.trim() === '') throw invalidInput('a group name or id is required');
    const text = nameOrId.trim();
    if (isGuid(text)) {
      const g = await this.getGroup(text);
      if (g) return [g];
    }
    const raw = await all<unknown>(this.http, '/groups', {
      select: GROUP_FIELDS,
      filter: `displayName eq ${odataString(text)}`,
      top: PAGE,
    });
    return raw.map(toGroup);
  }

  async listSecurityGroups(limit = DEFAULT_GROUP_LIMIT): Promise<GroupInfo[]> {
    if (!Number.isInteger(limit) || limit < 1)
      throw invalidInput(`the group limit must be a whole number of at least 1, not ${String(limit)}`);
    const found: GroupInfo[] = [];
    // Stop paging once the limit is reached: a pick list never needs a whole large directory.
    for await (const page of pages<unknown>(this.http, '/groups', {
      select: LIST_GROUP_FIELDS,
      filter: 'securityEnabled eq true',
      top: PAGE,
    })) {
      for (const raw of page) {
        found.push(toGroup(raw));
        if (found.length >= limit) return found;
      }
    }
    return found;
  }

  async getGroup(groupId: string): Promise<GroupInfo | null> {
    const id = requireGuid(groupId, 'groupId');
    try {
      const group = toGroup(
        await this.http.json<unknown>({ method: 'GET', path: `/groups/${id}`, query: { $select: GROUP_FIELDS.join(',') } }),
      );
      if (group.groupTypes.includes('DynamicMembership')) group.membershipProcessing = await this.membershipProcessing(id);
      return group;
    } catch (err) {
      if (err instanceof GraphRequestError && err.failure.kind === 'notFound') return null;
      throw err;
    }
  }

  /** Whether Entra has applied a dynamic group's rule: only Graph beta serves membershipRuleProcessingStatus. */
  private async membershipProcessing(groupId: string): Promise<MembershipProcessing | null> {
    try {
      const body = await this.http.json<{ membershipRuleProcessingStatus?: unknown }>({
        method: 'GET',
        path: `/groups/${groupId}`,
        query: { $select: 'id,membershipRuleProcessingStatus' },
        version: 'beta',
      });
      return toMembershipProcessing(body?.membershipRuleProcessingStatus);
    } catch (err) {
      // A tenant that refuses beta still gets a migration: each removal re-checks the rule against fresh attributes.
      if (err instanceof GraphRequestError && ['forbidden', 'badRequest', 'notFound'].includes(err.failure.kind)) {
        this.log.warn({ groupId, kind: err.failure.kind }, 'dynamic group processing status not readable (Graph beta)');
        return null;
      }
      throw err;
    }
  }

  async createSecurityGroup(displayName: string, description?: string): Promise<GroupInfo> {
    if (typeof displayName !== 'string' || displayName.trim() === '') throw invalidInput('the group needs a display name');
    if (displayName.length > 256) throw invalidInput('the group display name is longer than 256 characters');
    const body = {
      displayName: displayName.trim(),
      ...(description ? { description } : {}),
      mailEnabled: false,
      mailNickname: mailNicknameFor(displayName),
      securityEnabled: true,
      groupTypes: [],
    };
    let created: GroupInfo;
    try {
      created = toGroup(await this.http.json<unknown>({ method: 'POST', path: '/groups', body }));
    } catch (err) {
      // A lost reply may hide a group that was made; its unique mailNickname finds it, so a retry cannot make a twin.
      if (!(err instanceof GraphRequestError && err.failure.kind === 'timeout')) throw err;
      const found = await all<unknown>(this.http, '/groups', {
        select: GROUP_FIELDS,
        filter: `mailNickname eq ${odataString(body.mailNickname)}`,
      });
      if (found.length !== 1) throw err;
      created = toGroup(found[0]);
      this.log.warn({ groupId: created.id }, 'group create reply was lost; found the group it made');
    }
    this.log.info({ groupId: created.id }, 'created security group');
    // The create reply omits license fields; read them so callers see the same shape as getGroup.
    return (await this.getGroup(created.id).catch(() => null)) ?? created;
  }

  async addMembers(groupId: string, userIds: string[]): Promise<ItemResult[]> {
    const gid = requireGuid(groupId, 'groupId');
    requireGuids(userIds, 'user ids');
    const results: ItemResult[] = [];
    const chunks: string[][] = [];
    for (let i = 0; i < userIds.length; i += BATCH_LIMIT) chunks.push(userIds.slice(i, i + BATCH_LIMIT));
    const ref = (id: string) => `${this.http.endpoint.base}/directoryObjects/${id}`;
    const perChunk = await Promise.all(
      chunks.map(async (chunk): Promise<ItemResult[]> => {
        // One PATCH binds up to 20 at once; it is all-or-nothing, so on any refusal fall back to one $ref per user.
        const reply = await this.http
          .send({ method: 'PATCH', path: `/groups/${gid}`, body: { 'members@odata.bind': chunk.map(ref) } })
          .catch(() => null);
        if (reply && reply.status >= 200 && reply.status < 300) {
          return chunk.map((id) => ({ id, ok: true, value: undefined }));
        }
        const outcomes = await runBatch(
          this.http,
          chunk.map((id) => ({ key: id, method: 'POST', url: `/groups/${gid}/members/$ref`, body: { '@odata.id': ref(id) } })),
          this.log,
          this.batchOptions,
        );
        return outcomes.map((o): ItemResult =>
          o.ok || o.failure.kind === 'alreadyMember'
            ? { id: o.key, ok: true, value: undefined }
            : { id: o.key, ok: false, failure: o.failure },
        );
      }),
    );
    for (const r of perChunk) results.push(...r);
    this.logOutcomes('add members', results, { groupId: gid });
    return results;
  }

  async assignGroupLicense(groupId: string, add: AssignedLicense[], remove: string[]): Promise<void> {
    const gid = requireGuid(groupId, 'groupId');
    const addLicenses = this.checkLicenses(add);
    requireGuids(remove, 'SKUs to remove');
    if (addLicenses.length === 0 && remove.length === 0) throw invalidInput('nothing to assign or remove');
    await this.http.json({ method: 'POST', path: `/groups/${gid}/assignLicense`, body: { addLicenses, removeLicenses: remove } });
    this.log.info({ groupId: gid, added: addLicenses.map((l) => l.skuId), removed: remove }, 'changed group licenses');
  }

  async removeDirectLicense(
    skuId: string,
    userIds: string[],
    options: { beforeSend?: () => void } = {},
  ): Promise<ItemResult<UserLicenses | null>[]> {
    const sku = requireGuid(skuId, 'skuId');
    requireGuids(userIds, 'user ids');
    return this.removeDirectLicenses(
      userIds.map((userId) => ({ userId, skuIds: [sku] })),
      options,
    );
  }

  async removeDirectLicenses(
    items: { userId: string; skuIds: string[] }[],
    options: { beforeSend?: () => void } = {},
  ): Promise<ItemResult<UserLicenses | null>[]> {
    if (!Array.isArray(items)) throw invalidInput('items must be a list of { userId, skuIds }');
    requireGuids(
      items.map((i) => i?.userId),
      'user ids',
    );
    const skus = items.map((i) => {
      if (!Array.isArray(i.skuIds) || i.skuIds.length === 0) throw invalidInput(`user ${i.userId}: skuIds must list at least one SKU`);
      return i.skuIds.map((s) => requireGuid(s, 'skuId'));
    });
    const outcomes = await runBatch(
      this.http,
      items.map((i, n) => ({
        key: i.userId,
        method: 'POST',
        url: `/users/${i.userId}/assignLicense`,
        body: { addLicenses: [], removeLicenses: skus[n] },
        replayUncertain: false,
      })),
      this.log,
      { ...this.batchOptions, beforeSend: options.beforeSend },
    );
    this.logOutcomes('remove direct license', outcomes, { skuId: [...new Set(skus.flat())].join(',') });
    return outcomes.map((o) => toItemResult(o, userOrNull));
  }

  async addDirectLicense(
    items: { userId: string; license: AssignedLicense }[],
    options: { urgent?: boolean } = {},
  ): Promise<ItemResult<UserLicenses | null>[]> {
    if (!Array.isArray(items)) throw invalidInput('items must be a list of { userId, license }');
    return this.addDirectLicenses(
      items.map((i) => ({ userId: i?.userId, licenses: [i?.license] })),
      options,
    );
  }

  async addDirectLicenses(
    items: { userId: string; licenses: AssignedLicense[] }[],
    options: { urgent?: boolean } = {},
  ): Promise<ItemResult<UserLicenses | null>[]> {
    if (!Array.isArray(items)) throw invalidInput('items must be a list of { userId, licenses }');
    requireGuids(
      items.map((i) => i?.userId),
      'user ids',
    );
    const licenses = items.map((i) => {
      if (!Array.isArray(i.licenses) || i.licenses.length === 0)
        throw invalidInput(`user ${i.userId}: licenses must list at least one SKU`);
      return this.checkLicenses(i.licenses);
    });
    const outcomes = await runBatch(
      this.http,
      items.map((i, n) => ({
        key: i.userId,
        method: 'POST',
        url: `/users/${i.userId}/assignLicense`,
        body: { addLicenses: licenses[n], removeLicenses: [] },
        replayUncertain: false,
      })),
      this.log,
      { ...this.batchOptions, urgent: options.urgent },
    );
    this.logOutcomes('add direct license', outcomes, { skuId: [...new Set(licenses.flat().map((l) => l.skuId))].join(',') });
    return outcomes.map((o) => toItemResult(o, userOrNull));
  }

  async membersWithLicenseErrors(groupId: string): Promise<string[]> {
    const gid = requireGuid(groupId, 'groupId');
    const raw = await all<{ id?: string }>(this.http, `/groups/${gid}/membersWithLicenseErrors`, { select: ['id'], top: PAGE });
    return raw.map((r) => String(r.id ?? '')).filter(Boolean);
  }

  async auditEventsSince(since: Date, activityDisplayName?: string): Promise<AuditEvent[]> {
    const out: AuditEvent[] = [];
    for await (const page of this.auditEventPages(since, activityDisplayName)) out.push(...page);
    return out;
  }

  async *auditEventPages(since: Date, activityDisplayName?: string): AsyncIterable<AuditEvent[]> {
    if (!(since instanceof Date) || Number.isNaN(since.getTime())) throw invalidInput('since must be a valid date');
    let filter = `activityDateTime ge ${since.toISOString()}`;
    if (activityDisplayName) filter += ` and activityDisplayName eq ${odataString(activityDisplayName)}`;
    for await (const page of pages<unknown>(this.http, '/auditLogs/directoryAudits', { filter, top: PAGE })) yield page.map(toAuditEvent);
  }

  async reprocessUser(userId: string): Promise<void> {
    const id = requireGuid(userId, 'userId');
    await this.http.json({ method: 'POST', path: `/users/${id}/reprocessLicenseAssignment`, body: {} });
    this.log.info({ userId: id }, 'requested license reprocessing');
  }

  async reprocessUsers(userIds: string[]): Promise<ItemResult<UserLicenses | null>[]> {
    requireGuids(userIds, 'user ids');
    // Graph documents no request body; asking twice only queues the user again, so an uncertain answer may be resent.
    const outcomes = await runBatch(
      this.http,
      userIds.map((id) => ({ key: id, method: 'POST', url: `/users/${id}/reprocessLicenseAssignment` })),
      this.log,
      this.batchOptions,
    );
    this.logOutcomes('reprocess license assignments', outcomes);
    return outcomes.map((o) => toItemResult(o, userOrNull));
  }

  private checkLicenses(licenses: AssignedLicense[]): AssignedLicense[] {
    if (!Array.isArray(licenses)) throw invalidInput('licenses must be a list of { skuId, disabledPlans }');
    return licenses.map((l, i) => {
      if (!l || !isGuid(l.skuId)) throw invalidInput(`license ${i + 1} has no valid skuId`);
      const disabledPlans = l.disabledPlans ?? [];
      requireGuids(disabledPlans, `disabledPlans of SKU ${l.skuId}`);
      return { skuId: l.skuId, disabledPlans };
    });
  }

  private logOutcomes(action: string, outcomes: { ok: boolean; failure?: { kind: string } }[], ids: Record<string, string> = {}): void {
    const failed: Record<string, number> = {};
    for (const o of outcomes) if (!o.ok && o.failure) failed[o.failure.kind] = (failed[o.failure.kind] ?? 0) + 1;
    this.log.info({ ...ids, items: outcomes.length, ok: outcomes.filter((o) => o.ok).length, failed }, action);
  }
}

/** Builds the Graph licensing client from explicit options (see GraphClientOptions). */
export function createLicensingGraph(options: LicensingGraphOptions): LicensingGraph {
  const { client, endpoint, pacer } = createGraphClient(options);
  const log = (options.logger ?? pino({ level: 'silent' })).child({ component: 'graph' });
  return new GraphLicensing(new GraphHttp(client, endpoint, log, pacer), log, options.batch);
}

export { toGraphFailure };
