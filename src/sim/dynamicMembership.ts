import type { Behaviour } from './fixture';
import type { PendingWork } from './groupProcessing';
import type { RuleProperty } from '../common/membershipRule';
import { isDynamic, type ChangeContext, type SimGroup, type SimUser, type Tenant } from './tenant';
import { ruleValue } from './userAttributes';

interface Job {
  group: SimGroup;
  /** Every user is evaluated: the rule changed, the group was created, or evaluation was switched back on. */
  all: boolean;
  allCtx: ChangeContext | null;
  /** Single users to evaluate (their attributes changed), each with the change that asked for it. */
  pending: Map<string, ChangeContext>;
  queue: string[];
  pos: number;
  /** Users still to be evaluated while the job runs. */
  todo: Set<string>;
  queuedAt: string;
  startedAt: number;
  deadline: number;
  timer: NodeJS.Timeout | null;
  phase: 'queued' | 'running';
}

export interface MembershipEvents {
  /** One user was evaluated against the group's rule; `changed` when they joined or left. */
  evaluated(group: SimGroup, userId: string, changed: boolean): void;
}

/** Key of a group's pending membership work, distinct from its license processing (keyed by the group id). */
export const membershipKey = (groupId: string) => `membership:${groupId}`;

/**
 * Entra's asynchronous dynamic membership processing. A new group, a changed rule or evaluation switched back
 * on re-evaluates every user (membershipRuleProcessingStatus NotStarted → Running → Succeeded); a user whose
 * attributes a rule reads changed, or a new user, is evaluated on their own after the same delay while the
 * status stays Succeeded (Graph: "incremental object changes are processed perpetually") — so a client cannot
 * see from the group that a member is about to leave. Joins and leaves go through the tenant like any
 * membership change, and group license processing follows them.
 */
export class MembershipProcessor {
  private readonly jobs = new Map<string, Job>();
  private closed = false;

  constructor(
    private readonly tenant: Tenant,
    private readonly behaviour: () => Behaviour,
    private readonly events: MembershipEvents,
  ) {}

  /** The group's rule or processing state changed: everyone is looked at again, or nothing while paused. */
  ruleChanged(group: SimGroup, ctx: ChangeContext): void {
    if (this.closed) return;
    if (!group.rule || group.ruleProcessingState !== 'On') {
      const job = this.jobs.get(group.id);
      if (job) this.drop(job);
      if (job?.all) group.ruleStatus.status = 'NotStarted';
      return;
    }
    const job = this.job(group);
    job.all = true;
    job.allCtx = wrap(group, ctx, job.allCtx);
    if (job.phase === 'running') {
      group.ruleStatus.status = 'Running';
      for (const u of this.tenant.userList) this.push(job, u.id);
    } else group.ruleStatus.status = 'NotStarted';
  }

  /** A user's attributes changed (or the user is new): every dynamic group whose rule reads them re-evaluates the user. */
  userChanged(user: SimUser, properties: RuleProperty[] | 'new', ctx: ChangeContext): void {
    if (this.closed) return;
    for (const group of this.tenant.groupList) {
      const rule = group.rule;
      if (!rule || !isDynamic(group) || group.ruleProcessingState !== 'On') continue;
      if (properties !== 'new' && !properties.some((p) => rule.properties.has(p))) continue;
      const job = this.job(group);
      job.pending.set(user.id, wrap(group, ctx, job.pending.get(user.id) ?? null));
      if (job.phase === 'running') this.push(job, user.id);
    }
  }

  /**
   * Licensed dynamic groups whose pending evaluation may still remove this user: only a member can be removed, and
   * only a group that licenses them can take a license with it.
   */
  pendingFor(userId: string): PendingWork[] {
    const out: PendingWork[] = [];
    for (const job of this.jobs.values()) {
      const g = job.group;
      if (g.members.get(userId) !== 'user' || !(g.assignedLicenses.length || g.licensedUsers.has(userId))) continue;
      const touches = job.phase === 'queued' ? job.all || job.pending.has(userId) : job.todo.has(userId);
      if (!touches) continue;
      const ctx = job.pending.get(userId) ?? job.allCtx!;
      out.push({
        key: membershipKey(g.id),
        groupId: g.id,
        what: 'dynamic membership processing',
        cause: ctx.cause,
        queuedAt: job.queuedAt,
      });
    }
    return out;
  }

  busy(): boolean {
    return this.jobs.size > 0;
  }

  close(): void {
    this.closed = true;
    for (const job of this.jobs.values()) if (job.timer) clearTimeout(job.timer);
    this.jobs.clear();
  }

  private job(group: SimGroup): Job {
    let job = this.jobs.get(group.id);
    if (job) return job;
    job = {
      group,
      all: false,
      allCtx: null,
      pending: new Map(),
      queue: [],
      pos: 0,
      todo: new Set(),
      queuedAt: new Date().toISOString(),
      startedAt: Date.now(),
      deadline: 0,
      timer: null,
      phase: 'queued',
    };
    this.jobs.set(group.id, job);
    this.schedule(job, Math.floor(this.delayMs() * 0.2));
    return job;
  }

  private delayMs(): number {
    const b = this.behaviour();
    return b.membershipProcessingDelayMs ?? b.groupProcessingDelayMs;
  }

  /** Cancels a job; users it would have looked at are told it is over, so nothing keeps waiting on it. */
  private drop(job: Job): void {
    if (job.timer) clearTimeout(job.timer);
    this.jobs.delete(job.group.id);
    const members = [...job.group.members].filter(([, kind]) => kind === 'user').map(([id]) => id);
    const waiting = job.phase === 'running' ? [...job.todo] : job.all ? members : [...job.pending.keys()];
    for (const id of waiting) this.events.evaluated(job.group, id, false);
  }

  private push(job: Job, id: string): void {
    job.queue.push(id);
    job.todo.add(id);
  }

  private schedule(job: Job, ms: number): void {
    if (job.timer) clearTimeout(job.timer);
    job.timer = setTimeout(() => this.step(job), Math.max(0, ms));
    job.timer.unref();
  }

  private step(job: Job): void {
    job.timer = null;
    if (this.closed) return;
    const group = job.group;
    // A deleted or paused group evaluates nothing more.
    if (this.tenant.groups.get(group.id) !== group || !group.rule || group.ruleProcessingState !== 'On') {
      this.drop(job);
      return;
    }
    if (job.phase === 'queued') {
      job.phase = 'running';
      if (job.all) group.ruleStatus.status = 'Running';
      const ids = new Set(job.pending.keys());
      if (job.all) {
        for (const u of this.tenant.userList) ids.add(u.id);
        for (const [id, kind] of group.members) if (kind === 'user') ids.add(id);
      }
      job.queue = [...ids];
      job.todo = new Set(ids);
      job.pos = 0;
      const now = Date.now();
      job.deadline = now + Math.max(0, this.delayMs() - (now - job.startedAt));
    }
    const now = Date.now();
    const tick = Math.min(250, Math.max(10, (job.deadline - now) / 8));
    const remaining = job.queue.length - job.pos;
    const count = now >= job.deadline ? remaining : Math.ceil(remaining / Math.max(1, Math.ceil((job.deadline - now) / tick)));
    for (let i = 0; i < count && job.pos < job.queue.length; i++) {
      const id = job.queue[job.pos++];
      job.todo.delete(id);
      const ctx = job.pending.get(id) ?? job.allCtx;
      job.pending.delete(id);
      const user = this.tenant.users.get(id);
      if (!user || !ctx) continue;
      // The rule is read now, not when the job was queued: a rule changed meanwhile is the one that counts.
      const member = group.rule.matches((p) => ruleValue(user, p));
      const changed = this.tenant.setDynamicMember(group, user, member, ctx);
      this.events.evaluated(group, id, changed);
    }
    const left = job.queue.length - job.pos;
    if (left || now < job.deadline) {
      this.schedule(job, left ? tick : job.deadline - now);
      return;
    }
    this.jobs.delete(group.id);
    if (job.all) group.ruleStatus.status = 'Succeeded';
  }
}

/** The context membership changes carry: system-made, but a client's change stays the client's (invariants). */
function wrap(group: SimGroup, ctx: ChangeContext, current: ChangeContext | null): ChangeContext {
  // When a client's and someone else's change wait for the same evaluation, the client's is kept: its losses are the client's.
  if (current && (current.clientCaused || !ctx.clientCaused)) return current;
  return { actor: 'system', cause: `dynamic membership processing of ${group.id} after ${ctx.cause}`, clientCaused: ctx.clientCaused };
}
