import type { Behaviour } from './fixture';
import type { ChangeContext, SimGroup, Tenant } from './tenant';

interface Job {
  group: SimGroup;
  all: boolean;
  pending: Set<string>;
  queue: string[];
  pos: number;
  /** Users still to be reconciled while the job runs (the queue past pos, as a set for lookups). */
  todo: Set<string>;
  /** Users whose every path from the group is evaluated again, Active ones included (a reprocess). */
  forced: Set<string>;
  ctx: ChangeContext;
  queuedAt: string;
  startedAt: number;
  deadline: number;
  success: number;
  failure: number;
  timer: NodeJS.Timeout | null;
  phase: 'queued' | 'running';
}

export interface ProcessingEvents {
  start(group: SimGroup, ctx: ChangeContext): void;
  finish(group: SimGroup, success: number, failure: number, ctx: ChangeContext): void;
  /** One user's paths from the group were brought in line (whether or not anything changed). */
  reconciled?(group: SimGroup, userId: string): void;
}

/** Work still to come for one user: the group whose processing will look at them, and why it was queued. */
export interface PendingWork {
  /** Identifies the work across reports: the group id for license processing (see also membershipKey). */
  key: string;
  groupId: string;
  /** e.g. 'license processing', for timelines. */
  what: string;
  cause: string;
  queuedAt: string;
}

/**
 * Entra's asynchronous group license processing: a change queues the group, members are processed
 * over time (fixed delay or users per second), then the group reports ProcessingComplete.
 */
export class GroupProcessor {
  private readonly jobs = new Map<string, Job>();
  private closed = false;

  constructor(
    private readonly tenant: Tenant,
    private readonly behaviour: () => Behaviour,
    private readonly events: ProcessingEvents,
  ) {}

  enqueue(groupId: string, userIds: string[] | 'all', ctx: ChangeContext, opts: { force?: boolean } = {}): void {
    if (this.closed) return;
    const group = this.tenant.groups.get(groupId);
    if (!group) return;
    let job = this.jobs.get(groupId);
    if (!job) {
      job = {
        group,
        all: false,
        pending: new Set(),
        queue: [],
        pos: 0,
        todo: new Set(),
        forced: new Set(),
        ctx,
        queuedAt: new Date().toISOString(),
        startedAt: Date.now(),
        deadline: 0,
        success: 0,
        failure: 0,
        timer: null,
        phase: 'queued',
      };
      this.jobs.set(groupId, job);
      group.processingState = 'QueuedForProcessing';
      const total = this.behaviour().groupProcessingDelayMs;
      this.schedule(job, Math.floor(total * 0.2));
    }
    // A client-caused change taints the whole job: its losses are the client's.
    if (ctx.clientCaused) job.ctx = ctx;
    if (userIds === 'all') {
      job.all = true;
      // A second license change while members are being processed: everyone is looked at again.
      if (job.phase === 'running') {
        for (const [id, kind] of group.members) if (kind === 'user') this.push(job, id);
        for (const id of group.licensedUsers) this.push(job, id);
      }
    } else
      for (const id of userIds) {
        if (opts.force) job.forced.add(id);
        if (!job.pending.has(id)) {
          job.pending.add(id);
          if (job.phase === 'running') this.push(job, id);
        }
      }
  }

  /** Groups whose queued or running processing will still reconcile this user. */
  pendingFor(userId: string): PendingWork[] {
    const out: PendingWork[] = [];
    for (const job of this.jobs.values()) {
      const g = job.group;
      const touches =
        job.phase === 'queued'
          ? job.pending.has(userId) || (job.all && (g.members.get(userId) === 'user' || g.licensedUsers.has(userId)))
          : job.todo.has(userId);
      if (touches) out.push({ key: g.id, groupId: g.id, what: 'license processing', cause: job.ctx.cause, queuedAt: job.queuedAt });
    }
    return out;
  }

  private push(job: Job, id: string): void {
    job.queue.push(id);
    job.todo.add(id);
  }

  /** Whether any group still has queued or running work. */
  busy(): boolean {
    return this.jobs.size > 0;
  }

  close(): void {
    this.closed = true;
    for (const job of this.jobs.values()) if (job.timer) clearTimeout(job.timer);
    this.jobs.clear();
  }

  private schedule(job: Job, ms: number): void {
    if (job.timer) clearTimeout(job.timer);
    job.timer = setTimeout(() => this.step(job), Math.max(0, ms));
    job.timer.unref();
  }

  private step(job: Job): void {
    job.timer = null;
    if (this.closed) return;
    const b = this.behaviour();
    if (job.phase === 'queued') {
      job.phase = 'running';
      job.group.processingState = 'ProcessingInProgress';
      this.events.start(job.group, job.ctx);
      const ids = new Set(job.pending);
      if (job.all) {
        for (const [id, kind] of job.group.members) if (kind === 'user') ids.add(id);
        for (const id of job.group.licensedUsers) ids.add(id);
      }
      job.queue = [...ids];
      job.todo = new Set(ids);
      job.pos = 0;
      const now = Date.now();
      job.deadline = b.groupProcessingUsersPerSecond
        ? now + (job.queue.length / b.groupProcessingUsersPerSecond) * 1000
        : now + Math.max(0, b.groupProcessingDelayMs - (now - job.startedAt));
    }
    const now = Date.now();
    const tick = Math.min(250, Math.max(10, (job.deadline - now) / 8));
    const remaining = job.queue.length - job.pos;
    const ticksLeft = Math.max(1, Math.ceil((job.deadline - now) / tick));
    const count = now >= job.deadline ? remaining : Math.ceil(remaining / ticksLeft);
    const force = true;
    for (let i = 0; i < count && job.pos < job.queue.length; i++) {
      const id = job.queue[job.pos++];
      job.pending.delete(id);
      job.todo.delete(id);
      const user = this.tenant.users.get(id);
      if (!user) continue;
      const r = this.tenant.reconcile(user, job.group, job.ctx, force && (job.all || job.forced.has(id)));
      if (r === 'success') job.success++;
      else if (r === 'failure') job.failure++;
      this.events.reconciled?.(job.group, id);
    }
    const left = job.queue.length - job.pos;
    if (left || now < job.deadline) {
      this.schedule(job, left ? tick : job.deadline - now);
      return;
    }
    this.jobs.delete(job.group.id);
    job.group.processingState = 'ProcessingComplete';
    this.events.finish(job.group, job.success, job.failure, job.ctx);
  }
}
