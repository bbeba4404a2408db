import { randomUUID } from 'node:crypto';
import type { AssignedLicense, TenantFixture } from './fixture';
import { badRequest, dynamicMembersRefused, GraphError, messages, notFound } from './errors';
import { effectivePlans, enabledOf, holds, newRuleProblem } from './licensing';
import { parseMembershipRule, RuleError, type MembershipRule, type RuleProperty } from '../common/membershipRule';
import { directoryAttributes, ruleProperties, ruleValue, type DirectoryAttributes, type UserPatch } from './userAttributes';

export type LicenseError =
  | 'None'
  | 'CountViolation'
  | 'MutuallyExclusiveViolation'
  | 'DependencyViolation'
  | 'ProhibitedInUsageLocationViolation'
  | 'UniquenessViolation'
  | 'Other';

/** One assignment path of one SKU on a user (licenseAssignmentState). */
export interface Path {
  skuId: string;
  disabledPlans: string[];
  assignedByGroup: string | null;
  state: 'Active' | 'ActiveWithError' | 'Error';
  error: LicenseError;
  lastUpdatedDateTime: string;
}

export interface SimUser {
  id: string;
  userPrincipalName: string;
  displayName: string;
  usageLocation: string | null;
  accountEnabled: boolean;
  /** HR data dynamic membership rules read (department, job title, extension attributes, …). */
  attributes: DirectoryAttributes;
  paths: Path[];
  memberOf: Set<string>;
  /** Test hook: another object already uses this user's proxy address (UniquenessViolation). */
  proxyConflict: boolean;
  createdDateTime: string;
}

export interface SimPlan {
  servicePlanId: string;
  servicePlanName: string;
  appliesTo: 'User' | 'Company';
  dependsOn: string[];
}

export interface SimSku {
  skuId: string;
  skuPartNumber: string;
  displayName?: string;
  prepaidUnits: { enabled: number; suspended: number; warning: number; lockedOut: number };
  servicePlans: SimPlan[];
  /** Users holding the SKU through any non-error path: consumedUnits = size. */
  holders: Set<string>;
}

export type ProcessingState = 'QueuedForProcessing' | 'ProcessingInProgress' | 'ProcessingComplete';

/** Progress of a dynamic group's rule evaluation (Graph beta's membershipRuleProcessingStatus.status). */
export type RuleProcessingStatus = 'NotStarted' | 'Running' | 'Succeeded';

export interface SimGroup {
  id: string;
  displayName: string;
  description: string | null;
  securityEnabled: boolean;
  mailEnabled: boolean;
  mailNickname: string;
  groupTypes: string[];
  membershipRule: string | null;
  /** The parsed membershipRule of a dynamic group (groupTypes contains DynamicMembership); null otherwise. */
  rule: MembershipRule | null;
  /** Graph's membershipRuleProcessingState: whether the rule is evaluated at all. */
  ruleProcessingState: 'On' | 'Paused';
  ruleStatus: { status: RuleProcessingStatus; lastMembershipUpdated: string | null };
  assignedLicenses: AssignedLicense[];
  members: Map<string, 'user' | 'group'>;
  memberList: string[] | null;
  memberIndex: Map<string, number> | null;
  processingState: ProcessingState;
  /** Users carrying a path from this group, so a license removal finds them all. */
  licensedUsers: Set<string>;
  errorMembers: Set<string>;
  createdDateTime: string;
}

export type Actor = 'client' | 'system' | 'automation';

export interface ChangeContext {
  actor: Actor;
  /** e.g. `POST /users/{id}/assignLicense`; shown in invariant reports. */
  cause: string;
  /** True when a client call (directly or through the group processing it started) caused this change. */
  clientCaused: boolean;
}

export interface LicenseChange {
  user: SimUser;
  beforePaths: Path[];
  afterPaths: Path[];
  /** Effective enabled plans per SKU before/after; computed on first use (large tenants change 100k users at once). */
  before(): Map<string, Set<string>>;
  after(): Map<string, Set<string>>;
  /** True when every non-error path of before survives unchanged, so no plan can have been lost. */
  onlyAdded(): boolean;
  ctx: ChangeContext;
}

export type ChangeListener = (change: LicenseChange) => void;

const lc = (s: string) => s.toLowerCase();
const now = () => new Date().toISOString();

export const isDynamic = (g: Pick<SimGroup, 'groupTypes'>) => g.groupTypes.includes('DynamicMembership');

/** Parses a client's rule; a rule outside the simulator's subset is a 400 with Entra's validation wording. */
function parseRuleForGraph(rule: unknown): MembershipRule {
  if (typeof rule !== 'string' || !rule.trim())
    throw badRequest(
      'Dynamic membership rule validation error: a group whose groupTypes contain DynamicMembership needs a membershipRule.',
    );
  try {
    return parseMembershipRule(rule);
  } catch (e) {
    if (e instanceof RuleError) throw badRequest(e.message);
    throw e;
  }
}

function parseRuleProcessingState(value: unknown): 'On' | 'Paused' {
  if (value === 'On' || value === 'Paused') return value;
  throw badRequest("Invalid value specified for property 'membershipRuleProcessingState' of resource 'Group'.");
}

export function odataIdToObjectId(ref: unknown): string | null {
  if (typeof ref !== 'string') return null;
  const m = /([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\/?$/.exec(ref);
  return m ? lc(m[1]) : null;
}

/** The simulated directory: users, groups, SKUs and every assignment path, with the indexes reads need. */
export class Tenant {
  readonly id: string;
  readonly displayName: string;
  readonly defaultUsageLocation: string | null;
  readonly domain: string;
  readonly users = new Map<string, SimUser>();
  readonly userList: SimUser[] = [];
  private readonly upnIndex = new Map<string, SimUser>();
  readonly groups = new Map<string, SimGroup>();
  readonly groupList: SimGroup[] = [];
  readonly skus = new Map<string, SimSku>();
  readonly skuList: SimSku[] = [];
  readonly planIndex = new Map<string, { sku: SimSku; plan: SimPlan }>();
  readonly exclusive = new Map<string, Set<string>>();
  readonly restrictions = new Map<string, Set<string>>();
  /** False when the tenant has no exclusions, restrictions or dependencies, so rule checks can be skipped. */
  readonly hasRules: boolean;
  private readonly listeners: ChangeListener[] = [];
  /** Called when a licensed group's membership or licenses change and its members need (re)processing. */
  onGroupWork: (groupId: string, userIds: string[] | 'all', ctx: ChangeContext) => void = () => {};
  onMembershipChange: (group: SimGroup, user: { id: string; name: string }, added: boolean, ctx: ChangeContext) => void = () => {};
  onGroupLicenseChange: (group: SimGroup, old: AssignedLicense[], ctx: ChangeContext) => void = () => {};
  onUserUpdate: (user: SimUser, property: string, oldValue: unknown, newValue: unknown, ctx: ChangeContext) => void = () => {};
  /** A user's attributes that rules read changed ('new': the user was just created): dynamic groups re-evaluate. */
  onDirectoryChange: (user: SimUser, properties: RuleProperty[] | 'new', ctx: ChangeContext) => void = () => {};
  /** A dynamic group's rule or processing state changed: its whole membership is re-evaluated. */
  onRuleChange: (group: SimGroup, ctx: ChangeContext) => void = () => {};

  constructor(f: TenantFixture) {
    this.id = lc(f.tenant.id);
    this.displayName = f.tenant.displayName;
    this.defaultUsageLocation = f.tenant.defaultUsageLocation ?? null;
    this.domain = f.tenant.domain ?? 'contoso.onmicrosoft.com';
    for (const s of f.skus) {
      const sku: SimSku = {
        skuId: lc(s.skuId),
        skuPartNumber: s.skuPartNumber,
        displayName: s.displayName,
        prepaidUnits: {
          enabled: s.prepaidUnits.enabled,
          suspended: s.prepaidUnits.suspended,
          warning: s.prepaidUnits.warning,
          lockedOut: s.prepaidUnits.lockedOut,
        },
        servicePlans: s.servicePlans.map((p) => ({
          servicePlanId: lc(p.servicePlanId),
          servicePlanName: p.servicePlanName,
          appliesTo: p.appliesTo,
          dependsOn: (p.dependsOn ?? []).map(lc),
        })),
        holders: new Set(),
      };
      this.skus.set(sku.skuId, sku);
      this.skuList.push(sku);
      for (const plan of sku.servicePlans) this.planIndex.set(plan.servicePlanId, { sku, plan });
    }
    for (const [a, b] of f.mutuallyExclusivePlans) {
      const x = lc(a),
        y = lc(b);
      if (!this.exclusive.has(x)) this.exclusive.set(x, new Set());
      if (!this.exclusive.has(y)) this.exclusive.set(y, new Set());
      this.exclusive.get(x)!.add(y);
      this.exclusive.get(y)!.add(x);
    }
    for (const [plan, locs] of Object.entries(f.usageLocationRestrictions)) this.restrictions.set(lc(plan), new Set(locs));
    this.hasRules =
      this.exclusive.size > 0 || this.restrictions.size > 0 || this.skuList.some((s) => s.servicePlans.some((p) => p.dependsOn.length > 0));
    const created = now();
    for (const u of f.users) {
      const user = this.addUser({
        id: lc(u.id),
        userPrincipalName: u.userPrincipalName,
        displayName: u.displayName,
        usageLocation: u.usageLocation,
        accountEnabled: u.accountEnabled,
        attributes: u.attributes,
      });
      // Fixture direct assignments are the starting state: no validation, no audit.
      user.paths = u.assignedLicenses.map((l) => ({
        skuId: lc(l.skuId),
        disabledPlans: l.disabledPlans.map(lc),
        assignedByGroup: null,
        state: 'Active',
        error: 'None',
        lastUpdatedDateTime: created,
      }));
      for (const p of user.paths) this.skus.get(p.skuId)?.holders.add(user.id);
    }
    const created_: SimGroup[] = [];
    for (const g of f.groups) {
      const group = this.createGroupObject({
        id: lc(g.id),
        displayName: g.displayName,
        securityEnabled: g.securityEnabled,
        mailEnabled: g.mailEnabled,
        groupTypes: g.groupTypes,
        membershipRule: g.membershipRule,
        // loadFixture has checked the rule already.
        rule: isDynamic(g) ? parseMembershipRule(g.membershipRule ?? '') : null,
        ruleProcessingState: 'On',
      });
      group.assignedLicenses = g.assignedLicenses.map((l) => ({ skuId: lc(l.skuId), disabledPlans: l.disabledPlans.map(lc) }));
      created_.push(group);
    }
    // Members are linked once every group exists, so a group may list a group defined after it.
    f.groups.forEach((g, i) => {
      const group = created_[i];
      for (const m of g.members) this.linkMember(group, lc(m));
      if (g.allGeneratedUsersAreMembers) for (const u of this.userList) this.linkMember(group, u.id);
      // A dynamic group starts settled: its members are the users its rule matches, as Entra would have computed.
      const rule = group.rule;
      if (rule) {
        for (const u of this.userList) if (rule.matches((p) => ruleValue(u, p))) this.linkMember(group, u.id);
        group.ruleStatus = { status: 'Succeeded', lastMembershipUpdated: created };
      }
    });
  }

  addListener(l: ChangeListener): void {
    this.listeners.push(l);
  }

  addUser(u: {
    id?: string;
    userPrincipalName: string;
    displayName?: string;
    usageLocation: string | null;
    accountEnabled?: boolean;
    attributes?: DirectoryAttributes;
  }): SimUser {
    const user: SimUser = {
      id: u.id ?? randomUUID(),
      userPrincipalName: u.userPrincipalName,
      displayName: u.displayName ?? u.userPrincipalName.split('@')[0],
      usageLocation: u.usageLocation,
      accountEnabled: u.accountEnabled ?? true,
      attributes: u.attributes ?? directoryAttributes(u.userPrincipalName),
      paths: [],
      memberOf: new Set(),
      proxyConflict: false,
      createdDateTime: now(),
    };
    this.users.set(user.id, user);
    this.upnIndex.set(lc(user.userPrincipalName), user);
    this.userList.push(user);
    return user;
  }

  /** A user created while the tenant runs (a joiner): dynamic groups look at them like at any changed user. */
  createUser(u: Parameters<Tenant['addUser']>[0], ctx: ChangeContext): SimUser {
    const user = this.addUser(u);
    this.onDirectoryChange(user, 'new', ctx);
    return user;
  }

  private createGroupObject(
    g: Pick<
      SimGroup,
      'id' | 'displayName' | 'securityEnabled' | 'mailEnabled' | 'groupTypes' | 'membershipRule' | 'rule' | 'ruleProcessingState'
    > & {
      description?: string | null;
      mailNickname?: string;
    },
  ): SimGroup {
    const group: SimGroup = {
      ...g,
      description: g.description ?? null,
      mailNickname: g.mailNickname ?? g.displayName.replace(/[^A-Za-z0-9]/g, '') ?? 'group',
      assignedLicenses: [],
      members: new Map(),
      memberList: null,
      memberIndex: null,
      processingState: 'ProcessingComplete',
      licensedUsers: new Set(),
      errorMembers: new Set(),
      ruleStatus: { status: 'NotStarted', lastMembershipUpdated: null },
      createdDateTime: now(),
    };
    this.groups.set(group.id, group);
    this.groupList.push(group);
    return group;
  }

  createGroup(body: Record<string, unknown>, ctx: ChangeContext): SimGroup {
    const displayName = body.displayName;
    if (typeof displayName !== 'string' || !displayName)
      throw badRequest("Invalid value specified for property 'displayName' of resource 'Group'.");
    const mailNickname = typeof body.mailNickname === 'string' ? body.mailNickname : displayName.replace(/[^A-Za-z0-9]/g, '');
    const securityEnabled = body.securityEnabled === undefined ? true : body.securityEnabled;
    const mailEnabled = body.mailEnabled === undefined ? false : body.mailEnabled;
    if (typeof securityEnabled !== 'boolean')
      throw badRequest("Invalid value specified for property 'securityEnabled' of resource 'Group'.");
    if (typeof mailEnabled !== 'boolean') throw badRequest("Invalid value specified for property 'mailEnabled' of resource 'Group'.");
    const groupTypes = body.groupTypes ?? [];
    if (!Array.isArray(groupTypes) || groupTypes.some((t) => t !== 'Unified' && t !== 'DynamicMembership'))
      throw badRequest("Invalid value specified for property 'groupTypes' of resource 'Group'.");
    const dynamic = isDynamic({ groupTypes: groupTypes as string[] });
    // Entra computes a dynamic group's members from its rule: nobody can be listed, and a rule needs the group type.
    const rule = dynamic ? parseRuleForGraph(body.membershipRule) : null;
    if (!dynamic && body.membershipRule !== undefined && body.membershipRule !== null)
      throw badRequest(
        'Dynamic membership rule validation error: membershipRule is only valid when groupTypes contains DynamicMembership.',
      );
    const ruleProcessingState =
      body.membershipRuleProcessingState === undefined ? 'On' : parseRuleProcessingState(body.membershipRuleProcessingState);
    const binds = body['members@odata.bind'];
    if (dynamic && binds !== undefined) throw dynamicMembersRefused();
    const memberIds = binds === undefined ? [] : this.parseBinds(binds);
    const group = this.createGroupObject({
      id: randomUUID(),
      displayName,
      securityEnabled,
      mailEnabled,
      groupTypes: groupTypes as string[],
      membershipRule: rule ? rule.text : null,
      rule,
      ruleProcessingState,
      description: typeof body.description === 'string' ? body.description : null,
      mailNickname,
    });
    for (const id of memberIds) this.linkMember(group, id);
    if (rule && ruleProcessingState === 'On') this.onRuleChange(group, ctx);
    return group;
  }

  /**
   * PATCH of a dynamic group's membershipRule and/or membershipRuleProcessingState, validated whole first. A new
   * rule, or switching evaluation back on, re-evaluates every user; 'Paused' freezes the membership as it is.
   */
  updateMembershipRule(
    group: SimGroup,
    body: { membershipRule?: unknown; membershipRuleProcessingState?: unknown },
    ctx: ChangeContext,
  ): void {
    if (!isDynamic(group))
      throw badRequest(
        'Dynamic membership rule validation error: membershipRule is only valid when groupTypes contains DynamicMembership.',
      );
    const rule = 'membershipRule' in body ? parseRuleForGraph(body.membershipRule) : group.rule;
    const state =
      'membershipRuleProcessingState' in body ? parseRuleProcessingState(body.membershipRuleProcessingState) : group.ruleProcessingState;
    const changed = rule!.text !== group.membershipRule || state !== group.ruleProcessingState;
    group.rule = rule;
    group.membershipRule = rule!.text;
    group.ruleProcessingState = state;
    if (changed) this.onRuleChange(group, ctx);
  }

  findUser(idOrUpn: string): SimUser | undefined {
    return this.users.get(lc(idOrUpn)) ?? this.upnIndex.get(lc(idOrUpn));
  }

  requireUser(idOrUpn: string): SimUser {
    const u = this.findUser(idOrUpn);
    if (!u) throw notFound(idOrUpn);
    return u;
  }

  requireGroup(id: string): SimGroup {
    const g = this.groups.get(lc(id));
    if (!g) throw notFound(id);
    return g;
  }

  memberArray(group: SimGroup): string[] {
    if (!group.memberList) {
      group.memberList = [...group.members.keys()];
      group.memberIndex = null;
    }
    return group.memberList;
  }

  /** Position of a member in memberArray (for stable paging when members are removed mid-read). */
  memberPosition(group: SimGroup, id: string): number | undefined {
    const list = this.memberArray(group);
    if (!group.memberIndex) group.memberIndex = new Map(list.map((m, i) => [m, i]));
    return group.memberIndex.get(id);
  }

  private linkMember(group: SimGroup, id: string): void {
    if (group.members.has(id)) return;
    const user = this.users.get(id);
    if (user) {
      group.members.set(id, 'user');
      user.memberOf.add(group.id);
    } else if (this.groups.has(id)) {
      group.members.set(id, 'group');
    } else {
      return;
    }
    if (group.memberList) {
      group.memberIndex?.set(id, group.memberList.length);
      group.memberList.push(id);
    }
  }

  private parseBinds(binds: unknown): string[] {
    if (!Array.isArray(binds)) throw badRequest("Invalid value for 'members@odata.bind': expected an array of directoryObjects URLs.");
    if (binds.length > 20) throw badRequest('The maximum number of members that can be added in a single request is 20.');
    const ids: string[] = [];
    for (const b of binds) {
      const id = odataIdToObjectId(b);
      if (!id) throw badRequest(`Invalid object identifier '${String(b)}'.`);
      if (!this.users.has(id) && !this.groups.has(id))
        throw new GraphError(
          404,
          'Request_ResourceNotFound',
          `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
        );
      ids.push(id);
    }
    return ids;
  }

  /** Adds members (all-or-nothing), then asks for processing of users in a licensed group. */
  addMembers(group: SimGroup, refs: unknown[], ctx: ChangeContext, viaBind: boolean): void {
    if (isDynamic(group)) throw dynamicMembersRefused();
    const ids = viaBind
      ? this.parseBinds(refs)
      : refs.map((r) => {
          const id = odataIdToObjectId(r);
          if (!id) throw badRequest(`Invalid object identifier '${String(r)}'.`);
          if (!this.users.has(id) && !this.groups.has(id)) throw notFound(id);
          return id;
        });
    for (const id of ids) if (group.members.has(id) || id === group.id) throw badRequest(messages.duplicateMember);
    if (new Set(ids).size !== ids.length) throw badRequest(messages.duplicateMember);
    for (const id of ids) {
      this.linkMember(group, id);
      const u = this.users.get(id);
      this.onMembershipChange(group, { id, name: u?.userPrincipalName ?? this.groups.get(id)?.displayName ?? id }, true, ctx);
    }
    const userIds = ids.filter((id) => this.users.has(id));
    if (userIds.length && group.assignedLicenses.length) this.onGroupWork(group.id, userIds, ctx);
  }

  removeMember(group: SimGroup, memberId: string, ctx: ChangeContext): void {
    if (isDynamic(group)) throw dynamicMembersRefused();
    const id = lc(memberId);
    if (!group.members.has(id)) throw notFound(memberId);
    this.unlinkMember(group, id, ctx);
  }

  /**
   * Dynamic membership processing adds or removes one user as the group's rule says; license processing follows
   * as for any membership change. Returns whether the membership changed.
   */
  setDynamicMember(group: SimGroup, user: SimUser, member: boolean, ctx: ChangeContext): boolean {
    if (member === (group.members.get(user.id) === 'user')) return false;
    group.ruleStatus.lastMembershipUpdated = now();
    if (!member) {
      this.unlinkMember(group, user.id, ctx);
      return true;
    }
    this.linkMember(group, user.id);
    this.onMembershipChange(group, { id: user.id, name: user.userPrincipalName }, true, ctx);
    if (group.assignedLicenses.length) this.onGroupWork(group.id, [user.id], ctx);
    return true;
  }

  private unlinkMember(group: SimGroup, id: string, ctx: ChangeContext): void {
    group.members.delete(id);
    group.memberList = null;
    group.memberIndex = null;
    const u = this.users.get(id);
    u?.memberOf.delete(group.id);
    this.onMembershipChange(group, { id, name: u?.userPrincipalName ?? this.groups.get(id)?.displayName ?? id }, false, ctx);
    if (u && group.licensedUsers.has(id)) this.onGroupWork(group.id, [id], ctx);
  }

  private updateHolder(user: SimUser, skuId: string): void {
    const sku = this.skus.get(skuId);
    if (!sku) return;
    if (holds(user, skuId)) sku.holders.add(user.id);
    else sku.holders.delete(user.id);
  }

  /** Deletes a group; Entra refuses while the group still carries licenses. */
  deleteGroup(group: SimGroup): void {
    if (group.assignedLicenses.length)
      throw badRequest(`Group ${group.id} has licenses assigned. Remove the licenses from the group before deleting it.`);
    if (group.licensedUsers.size)
      throw badRequest(`Group ${group.id} is still removing licenses from its members; try again when license processing is complete.`);
    for (const [id, kind] of group.members) if (kind === 'user') this.users.get(id)?.memberOf.delete(group.id);
    for (const other of this.groupList)
      if (other.members.delete(group.id)) {
        other.memberList = null;
        other.memberIndex = null;
      }
    this.groups.delete(group.id);
    this.groupList.splice(this.groupList.indexOf(group), 1);
  }

  consumed(sku: SimSku): number {
    return sku.holders.size;
  }

  available(sku: SimSku): number {
    return sku.prepaidUnits.enabled + sku.prepaidUnits.warning;
  }

  /** Runs a change of one user's paths and tells listeners (audit, invariants) what changed. */
  changePaths(user: SimUser, ctx: ChangeContext, mutate: (paths: Path[]) => Path[]): void {
    const beforePaths = user.paths;
    const afterPaths = mutate(beforePaths.slice());
    user.paths = afterPaths;
    for (const p of beforePaths) this.updateHolder(user, p.skuId);
    for (const p of afterPaths) this.updateHolder(user, p.skuId);
    if (samePaths(beforePaths, afterPaths)) return;
    let before: Map<string, Set<string>> | null = null;
    let after: Map<string, Set<string>> | null = null;
    const change: LicenseChange = {
      user,
      ctx,
      beforePaths,
      afterPaths,
      before: () => (before ??= effectivePlans(this, beforePaths)),
      after: () => (after ??= effectivePlans(this, afterPaths)),
      onlyAdded: () => beforePaths.every((p) => p.state === 'Error' || afterPaths.includes(p)),
    };
    for (const l of this.listeners) l(change);
  }

  /** Every added SKU and disabled plan must exist in the tenant, as Graph checks before anything else. */
  private checkKnownLicenses(add: { skuId: string; disabledPlans: string[] }[]): void {
    for (const l of add) {
      const sku = this.skus.get(l.skuId);
      if (!sku) throw badRequest(messages.unknownSku(l.skuId));
      for (const p of l.disabledPlans)
        if (!sku.servicePlans.some((sp) => sp.servicePlanId === p)) throw badRequest(messages.invalidPlan(p, l.skuId));
    }
  }

  /** Direct assignLicense, synchronous and all-or-nothing, with Graph's validation. */
  assignUserLicense(user: SimUser, body: unknown, ctx: ChangeContext): void {
    const { add, remove } = parseAssignBody(body);
    this.checkKnownLicenses(add);
    const byClient = ctx.actor === 'client' && remove.length > 0;
    for (const skuId of remove) {
      if (!this.skus.has(skuId)) throw badRequest(messages.unknownSku(skuId));
      const direct = user.paths.some((p) => p.skuId === skuId && p.assignedByGroup === null);
      if (!direct) {
        if (byClient) this.removals.refused++;
        if (user.paths.some((p) => p.skuId === skuId)) throw badRequest(messages.inherited);
        throw badRequest(messages.notAssigned(skuId));
      }
    }
    if (add.length && !user.usageLocation) throw badRequest(messages.usageLocation);
    for (const l of add) {
      const sku = this.skus.get(l.skuId)!;
      if (!holds(user, l.skuId) && sku.holders.size >= this.available(sku)) throw badRequest(messages.noSeats(l.skuId));
    }
    const stamp = now();
    const removeSet = new Set(remove);
    const addMap = new Map(add.map((l) => [l.skuId, l]));
    const next = user.paths.filter((p) => !(p.assignedByGroup === null && (removeSet.has(p.skuId) || addMap.has(p.skuId))));
    for (const l of add)
      next.push({
        skuId: l.skuId,
        disabledPlans: l.disabledPlans,
        assignedByGroup: null,
        state: 'Active',
        error: 'None',
        lastUpdatedDateTime: stamp,
      });
    const addedPlans = add.flatMap((l) => enabledOf(this, l));
    const problem = newRuleProblem(this, user.paths, next, user.usageLocation, addedPlans);
    if (problem) {
      if (problem.error === 'MutuallyExclusiveViolation') throw badRequest(messages.exclusive(problem.plan, problem.other[0]));
      if (problem.error === 'DependencyViolation') throw badRequest(messages.dependsOn(problem.plan, problem.other));
      throw badRequest(messages.prohibited(problem.plan, problem.other[0]));
    }
    this.changePaths(user, ctx, () => next);
    if (byClient) {
      // Counted per product: one write removing E3 and EMS removes two direct assignments, each for the first time.
      const mine = this.removals.applied.get(user.id) ?? new Map<string, number>();
      for (const skuId of removeSet) mine.set(skuId, (mine.get(skuId) ?? 0) + 1);
      this.removals.applied.set(user.id, mine);
      this.removals.writes++;
    }
  }

  /**
   * Direct assignments a client removed, per user and SKU, the client writes that removed them, and removals refused
   * because there was no direct assignment to remove: what a tool that removes "at most once" must keep at one per
   * user and SKU, and zero.
   */
  readonly removals = { applied: new Map<string, Map<string, number>>(), writes: 0, refused: 0 };

  /** Group assignLicense: validates synchronously, stores the intent, leaves members to async processing. */
  assignGroupLicense(group: SimGroup, body: unknown, ctx: ChangeContext): void {
    if (!group.securityEnabled)
      throw badRequest(`License assignment is not supported for group ${group.id} because it is not security enabled.`);
    const { add, remove } = parseAssignBody(body);
    this.checkKnownLicenses(add);
    for (const skuId of remove) {
      if (!group.assignedLicenses.some((l) => l.skuId === skuId)) throw badRequest(`The group does not have license ${skuId} assigned.`);
    }
    const removeSet = new Set(remove);
    const addMap = new Map(add.map((l) => [l.skuId, l]));
    const next = group.assignedLicenses.filter((l) => !removeSet.has(l.skuId) && !addMap.has(l.skuId)).concat(add);
    // An add-on whose prerequisite plan the group itself does not enable is refused at the call.
    const enabled = new Set(next.flatMap((l) => enabledOf(this, l)));
    for (const l of next) {
      for (const planId of enabledOf(this, l)) {
        const deps = this.planIndex.get(planId)?.plan.dependsOn ?? [];
        const missing = deps.filter((d) => !enabled.has(d));
        // Only a dependency on a plan of another SKU in the same group can be checked here; plans of SKUs the group lacks are per-user.
        const missingInGroup = missing.filter((d) => next.some((x) => x.skuId === this.planIndex.get(d)?.sku.skuId));
        if (missingInGroup.length)
          throw badRequest(
            `License operation failed. Make sure that the group has necessary services before adding or removing a dependent service. The service ${this.planIndex.get(planId)!.plan.servicePlanName} requires ${missingInGroup.map((d) => this.planIndex.get(d)!.plan.servicePlanName).join(', ')} to be enabled as well.`,
          );
      }
    }
    const old = group.assignedLicenses;
    group.assignedLicenses = next;
    this.onGroupLicenseChange(group, old, ctx);
    this.onGroupWork(group.id, 'all', ctx);
  }

  /** Brings one user's paths from one group in line with the group's licenses and membership. */
  reconcile(user: SimUser, group: SimGroup, ctx: ChangeContext, force: boolean): 'success' | 'failure' | 'none' {
    const isMember = group.members.get(user.id) === 'user' && group.securityEnabled;
    const desired = isMember ? group.assignedLicenses : [];
    const current = user.paths.filter((p) => p.assignedByGroup === group.id);
    const others = user.paths.filter((p) => p.assignedByGroup !== group.id);
    if (!desired.length) {
      if (!current.length) return 'none';
      // Removing a prerequisite another active product still needs is blocked (DependencyViolation).
      const problem = newRuleProblem(this, user.paths, others, user.usageLocation, []);
      if (problem && problem.error === 'DependencyViolation' && current.some((p) => p.state !== 'Error')) {
        this.changePaths(user, ctx, (paths) =>
          paths.map((p) =>
            p.assignedByGroup === group.id && p.state !== 'Error'
              ? { ...p, state: 'ActiveWithError', error: 'DependencyViolation', lastUpdatedDateTime: now() }
              : p,
          ),
        );
        group.errorMembers.add(user.id);
        return 'failure';
      }
      this.changePaths(user, ctx, () => others);
      group.licensedUsers.delete(user.id);
      group.errorMembers.delete(user.id);
      return 'success';
    }
    const same =
      current.length === desired.length &&
      desired.every((d) => current.some((p) => p.skuId === d.skuId && p.state === 'Active' && sameSet(p.disabledPlans, d.disabledPlans)));
    if (same && !force) return 'success';
    const error = this.evaluateGroup(user, group, others);
    const stamp = now();
    const state: Path['state'] = error === 'None' ? 'Active' : 'Error';
    const next = others.concat(
      desired.map((d) => ({
        skuId: d.skuId,
        disabledPlans: [...d.disabledPlans],
        assignedByGroup: group.id,
        state,
        error,
        lastUpdatedDateTime: stamp,
      })),
    );
    this.changePaths(user, ctx, () => next);
    group.licensedUsers.add(user.id);
    if (error === 'None') group.errorMembers.delete(user.id);
    else group.errorMembers.add(user.id);
    return error === 'None' ? 'success' : 'failure';
  }

  /** Per-user outcome of a group's licenses: all SKUs of the group succeed or fail together. */
  private evaluateGroup(user: SimUser, group: SimGroup, others: Path[]): LicenseError {
    if (user.proxyConflict) return 'UniquenessViolation';
    if (this.hasRules) {
      const problem = this.groupRuleProblem(user, group, others);
      if (problem !== 'None') return problem;
    }
    for (const l of group.assignedLicenses) {
      const sku = this.skus.get(l.skuId);
      if (!sku) return 'Other';
      if (!sku.holders.has(user.id) && sku.holders.size >= this.available(sku)) return 'CountViolation';
    }
    return 'None';
  }

  private groupRuleProblem(user: SimUser, group: SimGroup, others: Path[]): LicenseError {
    const location = user.usageLocation ?? this.defaultUsageLocation;
    const stamp = now();
    const proposed = others.concat(
      group.assignedLicenses.map((d) => ({
        skuId: d.skuId,
        disabledPlans: d.disabledPlans,
        assignedByGroup: group.id,
        state: 'Active' as const,
        error: 'None' as const,
        lastUpdatedDateTime: stamp,
      })),
    );
    const groupPlans = group.assignedLicenses.flatMap((l) => enabledOf(this, l));
    if (!location && groupPlans.some((p) => this.restrictions.has(p))) return 'ProhibitedInUsageLocationViolation';
    const problem = newRuleProblem(this, others, proposed, location, groupPlans);
    return problem ? problem.error : 'None';
  }

  /**
   * Applies a validated PATCH-shaped change of a user (a client's PATCH, HR sync through the test hook, the
   * automation disabling a leaver): audits each changed property and lets dynamic groups re-evaluate the user.
   */
  updateUser(user: SimUser, patch: UserPatch, ctx: ChangeContext): void {
    const changed: UserPatch = {};
    const audit = (name: string, old: unknown, value: unknown) =>
      this.onUserUpdate(user, name[0].toUpperCase() + name.slice(1), old, value, ctx);
    for (const [key, value] of Object.entries(patch) as [keyof UserPatch, unknown][]) {
      if (value === undefined) continue;
      if (key === 'onPremisesExtensionAttributes') {
        // Graph merges the keys sent into the existing set; keys not sent keep their values.
        const ext: Record<string, string | null> = {};
        for (const [k, v] of Object.entries(patch.onPremisesExtensionAttributes ?? {})) {
          if (v === undefined || user.attributes.extensionAttributes[k] === v) continue;
          audit(k, user.attributes.extensionAttributes[k], v);
          user.attributes.extensionAttributes[k] = v;
          ext[k] = v;
        }
        if (Object.keys(ext).length) changed.onPremisesExtensionAttributes = ext;
        continue;
      }
      const target = key === 'displayName' || key === 'usageLocation' || key === 'accountEnabled' ? user : user.attributes;
      const old = (target as unknown as Record<string, unknown>)[key];
      if (old === value) continue;
      (target as unknown as Record<string, unknown>)[key] = value;
      (changed as Record<string, unknown>)[key] = value;
      audit(key, old, value);
    }
    const props = ruleProperties(changed);
    if (props.length) this.onDirectoryChange(user, props, ctx);
  }
}

function parseAssignBody(body: unknown): { add: AssignedLicense[]; remove: string[] } {
  if (typeof body !== 'object' || body === null) throw badRequest('Empty Payload, JSON content expected.');
  const b = body as Record<string, unknown>;
  if (!('addLicenses' in b) || !Array.isArray(b.addLicenses))
    throw badRequest("The request body must contain 'addLicenses' (an array; it may be empty).", 'Request_BadRequest');
  if (!('removeLicenses' in b) || !Array.isArray(b.removeLicenses))
    throw badRequest("The request body must contain 'removeLicenses' (an array; it may be empty).", 'Request_BadRequest');
  const guidRe = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
  const add = b.addLicenses.map((l: unknown, i: number) => {
    const o = l as Record<string, unknown> | null;
    if (!o || typeof o.skuId !== 'string' || !guidRe.test(o.skuId)) throw badRequest(`addLicenses[${i}].skuId must be a GUID.`);
    const dp = o.disabledPlans ?? [];
    if (!Array.isArray(dp) || dp.some((p) => typeof p !== 'string' || !guidRe.test(p)))
      throw badRequest(`addLicenses[${i}].disabledPlans must be an array of GUIDs.`);
    return { skuId: lc(o.skuId), disabledPlans: [...new Set((dp as string[]).map(lc))] };
  });
  const remove = b.removeLicenses.map((r: unknown, i: number) => {
    if (typeof r !== 'string' || !guidRe.test(r)) throw badRequest(`removeLicenses[${i}] must be a GUID.`);
    return lc(r);
  });
  if (new Set(add.map((a) => a.skuId)).size !== add.length) throw badRequest('The same license is listed twice in addLicenses.');
  return { add, remove };
}

function sameSet(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  const s = new Set(a);
  return b.every((x) => s.has(x));
}

function samePaths(a: Path[], b: Path[]): boolean {
  if (a.length !== b.length) return false;
  return a.every(
    (p, i) =>
      p === b[i] ||
      (p.skuId === b[i].skuId &&
        p.assignedByGroup === b[i].assignedByGroup &&
        p.state === b[i].state &&
        p.error === b[i].error &&
        sameSet(p.disabledPlans, b[i].disabledPlans)),
  );
}
