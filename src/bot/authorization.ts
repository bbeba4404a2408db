import type { Localizer, Messages, Params } from '../i18n';
import type { Activity } from 'botbuilder';
import type { LicensingGraph } from '../graph/licensingGraph';
import type { Journal } from '../migration/store';
import type { Batch, Run } from '../migration/types';
import type { Logger } from '../logger';
import { md } from '../cards/format';
import { errorMessage } from '../common/errorMessage';
import { approversOf, authorsOf, personKey } from '../migration/approvals';

/** Who clicked or typed, taken from the activity the channel signed, never from card data. */
export interface Actor {
  /** Entra object id (activity.from.aadObjectId); empty when the channel did not send one. */
  aadObjectId: string;
  name?: string;
  tenantId?: string;
}

/** Refusals from one disallowed tenant are logged at most once per this interval. */
const OUTSIDER_LOG_MS = 60_000;

export type RefusalCode =
  'tenantNotAllowed' | 'unknownIdentity' | 'notApprover' | 'requesterAlone' | 'alreadyDecidedByYou' | 'approverCheckFailed';

/** A refusal as a catalogue sentence with its values, so it reaches each person in their language. */
export interface RefusalText {
  key: keyof Messages['authorization'];
  params?: Params;
}

/** `reason` is the English sentence (for the journal); `text` renders it in the reader's language. */
export type Decision = { ok: true } | { ok: false; code: RefusalCode; reason: string; text: RefusalText };

/** A refusal in the reader's language. */
export function refusalText(l: Localizer, decision: { reason: string; text?: RefusalText }): string {
  return decision.text ? l.f(l.m.authorization[decision.text.key], decision.text.params) : decision.reason;
}

/** What the actor wants to do; `read` needs only an allowed tenant, the rest an approver. */
export type ProtectedAction =
  | { kind: 'read'; name: string }
  | { kind: 'operate'; name: string; run?: Run }
  | { kind: 'approve'; run: Run; batch: Batch }
  | { kind: 'reject'; run: Run; batch: Batch };

export interface AuthorizationPolicy {
  allowedTenantIds: string[];
  approverIds: string[];
  approverGroupId?: string;
  /** The requester of a run cannot approve its batches alone. */
  fourEyes: boolean;
}

/** The tenant of the conversation the activity came from (Teams sends it in two places). */
export function tenantOf(activity: Partial<Activity>): string | undefined {
  const fromConversation = (activity.conversation as { tenantId?: string } | undefined)?.tenantId;
  const fromChannelData = (activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id;
  return fromConversation || fromChannelData || undefined;
}

export function actorOf(activity: Partial<Activity>): Actor {
  return {
    aadObjectId: activity.from?.aadObjectId ?? '',
    name: activity.from?.name,
    tenantId: tenantOf(activity),
  };
}

const GROUP_CACHE_MS = 60_000;

/**
 * The one guard every command and card action passes through. Decisions are made from the
 * activity's identity and the stored run, so a forged card payload cannot widen anyone's rights.
 */
export class Authorizer {
  private groupCache: { at: number; ids: Set<string> } | null = null;

  constructor(
    private readonly policy: AuthorizationPolicy,
    private readonly deps: { graph?: LicensingGraph; journal?: Journal; logger?: Logger } = {},
  ) {}

  get fourEyes(): boolean {
    return this.policy.fourEyes;
  }

  /** True when nobody is named as approver, so every user of an allowed tenant may approve. */
  get approversOpen(): boolean {
    return this.policy.approverIds.length === 0 && !this.policy.approverGroupId;
  }

  checkTenant(actor: Actor): Decision {
    const allowed = this.policy.allowedTenantIds;
    if (allowed.length === 0) return { ok: true };
    if (!actor.tenantId) {
      return {
        ok: false,
        code: 'tenantNotAllowed',
        reason: 'This conversation carries no tenant id, and only allowed tenants may use this bot.',
        text: { key: 'noTenant' },
      };
    }
    const wanted = actor.tenantId.toLowerCase();
    if (!allowed.some((t) => t.toLowerCase() === wanted)) {
      return {
        ok: false,
        code: 'tenantNotAllowed',
        reason: `Tenant ${actor.tenantId} is not allowed to use this bot (ALLOWED_TENANT_IDS).`,
        text: { key: 'tenantNotAllowed', params: { tenant: md(actor.tenantId, 60) } },
      };
    }
    return { ok: true };
  }

  /** Whether the actor is a named approver or a direct member of the approver group. */
  async isApprover(actor: Actor): Promise<boolean> {
    if (!actor.aadObjectId) return false;
    if (this.approversOpen) return true;
    const id = actor.aadObjectId.toLowerCase();
    if (this.policy.approverIds.some((a) => a.toLowerCase() === id)) return true;
    if (!this.policy.approverGroupId || !this.deps.graph) return false;
    const members = await this.approverGroupMembers();
    return members.has(id);
  }

  async authorize(actor: Actor, action: ProtectedAction): Promise<Decision> {
    const tenant = this.checkTenant(actor);
    if (!tenant.ok || action.kind === 'read') return tenant;
    if (!actor.aadObjectId) {
      return {
        ok: false,
        code: 'unknownIdentity',
        reason: 'Your Microsoft Entra object id was not sent with this message, so I cannot check that you are an approver.',
        text: { key: 'noObjectId' },
      };
    }
    let approver: boolean;
    try {
      approver = await this.isApprover(actor);
    } catch (err) {
      // Fail closed: without the group's members nobody is let through on group membership.
      this.deps.logger?.warn({ err: errorMessage(err) }, 'approver group check failed');
      return {
        ok: false,
        code: 'approverCheckFailed',
        reason: `I could not check the approver group right now (${md(errorMessage(err), 300)}). Try again in a minute.`,
        text: { key: 'approverCheckFailed', params: { error: md(errorMessage(err), 300) } },
      };
    }
    if (!approver) {
      return {
        ok: false,
        code: 'notApprover',
        reason: `${actor.name ? md(actor.name, 100) : 'You'} ${actor.name ? 'is' : 'are'} not an approver for license migrations (APPROVER_IDS / APPROVER_GROUP_ID).`,
        text: actor.name ? { key: 'notApproverNamed', params: { name: md(actor.name, 100) } } : { key: 'notApprover' },
      };
    }
    if (action.kind === 'approve' || action.kind === 'reject') {
      const mine = action.batch.approvals.find((a) => personKey(a.approverId) === personKey(actor.aadObjectId));
      if (mine) {
        return {
          ok: false,
          code: 'alreadyDecidedByYou',
          reason: `You already ${mine.decision === 'approve' ? 'approved' : 'rejected'} batch ${action.batch.index + 1}.`,
          text: { key: mine.decision === 'approve' ? 'alreadyApproved' : 'alreadyRejected', params: { number: action.batch.index + 1 } },
        };
      }
    }
    if (action.kind === 'approve' && this.policy.fourEyes) {
      const authors = authorsOf(action.run);
      const me = personKey(actor.aadObjectId);
      const approvers = [...approversOf(action.batch), me];
      const wouldComplete = new Set(approvers).size >= action.run.requiredApprovals;
      if (authors.has(me) && wouldComplete && !approvers.some((a) => !authors.has(a))) {
        const requested = me === personKey(action.run.requestedBy);
        const why = requested ? 'You requested this run' : 'You made choices that shaped this run';
        return {
          ok: false,
          code: 'requesterAlone',
          reason: `${why}, so another approver must approve this batch too (four-eyes rule).`,
          text: { key: requested ? 'requesterAloneRequested' : 'requesterAloneShaped' },
        };
      }
    }
    return { ok: true };
  }

  /** Writes the refusal to the run's journal (or a run-less entry) so auditors see every attempt. */
  async recordRefusal(
    actor: Actor,
    action: string,
    refusal: { code: string; reason: string },
    runId?: string,
    batchId?: string,
  ): Promise<void> {
    if (refusal.code === 'tenantNotAllowed') {
      // A caller from outside has no say in any run's audit trail (and could otherwise flood one by runId):
      // one log line per tenant and minute, the rest counted.
      this.logOutsider(actor.tenantId, action);
      return;
    }
    this.deps.logger?.warn({ action, code: refusal.code, runId, batchId, actorId: actor.aadObjectId }, 'action refused');
    if (!this.deps.journal) return;
    try {
      await this.deps.journal.append({
        runId: runId ?? 'no-run',
        kind: 'action.refused',
        batchId,
        actorId: actor.aadObjectId || undefined,
        detail: { action, code: refusal.code, reason: refusal.reason, tenantId: actor.tenantId },
      });
    } catch (err) {
      this.deps.logger?.error({ err: errorMessage(err), runId }, 'could not journal a refused action');
    }
  }

  private readonly outsiders = new Map<string, { at: number; suppressed: number }>();

  private logOutsider(tenantId: string | undefined, action: string): void {
    const key = (tenantId ?? '(none)').toLowerCase().slice(0, 64);
    const now = Date.now();
    const seen = this.outsiders.get(key);
    if (seen && now - seen.at < OUTSIDER_LOG_MS) {
      seen.suppressed++;
      return;
    }
    if (this.outsiders.size > 1000) this.outsiders.clear();
    this.outsiders.set(key, { at: now, suppressed: 0 });
    this.deps.logger?.warn(
      { action, code: 'tenantNotAllowed', tenantId: key, suppressedSinceLast: seen?.suppressed ?? 0 },
      'request from a tenant that is not allowed',
    );
  }

  private async approverGroupMembers(): Promise<Set<string>> {
    const now = Date.now();
    if (this.groupCache && now - this.groupCache.at < GROUP_CACHE_MS) return this.groupCache.ids;
    const ids = new Set<string>();
    for await (const page of this.deps.graph!.groupMembers(this.policy.approverGroupId!)) {
      for (const m of page) if (m.kind === 'user') ids.add(m.id.toLowerCase());
    }
    this.groupCache = { at: now, ids };
    return ids;
  }
}
