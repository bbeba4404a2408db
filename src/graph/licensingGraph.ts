import type { AssignedLicense, AuditEvent, GroupInfo, GroupMember, ItemResult, Sku, UserLicenses } from './types';

/**
 * Everything the migration needs from Microsoft Graph, in domain terms.
 * Whole-call failures throw GraphRequestError; bulk calls return one ItemResult per item.
 */
export interface LicensingGraph {
  /** Subscribed SKUs of the tenant with units and service plans. */
  listSkus(): Promise<Sku[]>;
  /** Pages (≤999) of users who hold the SKU by any path, with their assignment states. */
  usersWithSku(skuId: string): AsyncIterable<UserLicenses[]>;
  /** How many users hold the SKU by any path (Graph's advanced-query count, eventually consistent); null if Graph gave none. */
  countUsersWithSku(skuId: string): Promise<number | null>;
  /** Pages of the group's direct members; users with their license data. */
  groupMembers(groupId: string): AsyncIterable<GroupMember[]>;
  /** One user read fresh (by id or userPrincipalName); null when not found. */
  getUser(idOrUpn: string): Promise<UserLicenses | null>;
  /**
   * Many users read fresh via $batch; a missing user is an item failure of kind notFound. `directory` names
   * membership-rule properties to read as well (into `directory`).
   */
  getUsers(ids: string[], options?: { directory?: readonly string[] }): Promise<ItemResult<UserLicenses>[]>;
  /** Whether each user is a direct member of the group, read fresh from each user's memberOf ($batch). */
  directMembership(groupId: string, userIds: string[]): Promise<ItemResult<boolean>[]>;
  /** Groups whose display name equals the text, or the group with that id. */
  findGroups(nameOrId: string): Promise<GroupInfo[]>;
  /** Security-enabled groups with their license fields, at most `limit` (default 50), for a pick list. */
  listSecurityGroups(limit?: number): Promise<GroupInfo[]>;
  /** One group with its license fields; null when not found. */
  getGroup(groupId: string): Promise<GroupInfo | null>;
  /** Creates a security-enabled, non-mail group. */
  createSecurityGroup(displayName: string, description?: string): Promise<GroupInfo>;
  /** Adds users as direct members in chunks of 20; already-members count as success. */
  addMembers(groupId: string, userIds: string[]): Promise<ItemResult[]>;
  /** Adds/removes licenses on a group (asynchronous processing follows). */
  assignGroupLicense(groupId: string, add: AssignedLicense[], remove: string[]): Promise<void>;
  /** Removes the DIRECT assignment of a SKU from many users ($batch); per-user results. An answer lost on 502/504 is not replayed. */
  removeDirectLicense(skuId: string, userIds: string[], options?: { beforeSend?: () => void }): Promise<ItemResult<UserLicenses | null>[]>;
  /**
   * Removes, per user, the DIRECT assignments of several SKUs in one assignLicense ($batch): one write per user
   * however many products go. Per-user results; an answer lost on 502/504 is not replayed.
   */
  removeDirectLicenses(
    items: { userId: string; skuIds: string[] }[],
    options?: { beforeSend?: () => void },
  ): Promise<ItemResult<UserLicenses | null>[]>;
  /**
   * Adds a direct assignment with the given disabledPlans to many users ($batch). `urgent` (a restore) goes
   * ahead of writes waiting for the pacer. An answer lost on 502/504 is not replayed: the caller re-reads.
   */
  addDirectLicense(
    items: { userId: string; license: AssignedLicense }[],
    options?: { urgent?: boolean },
  ): Promise<ItemResult<UserLicenses | null>[]>;
  /**
   * Adds, per user, direct assignments of several SKUs (each with its disabledPlans) in one assignLicense ($batch):
   * one write per user however many products come back. Graph applies the call whole or not at all, so one product
   * it refuses (no free units, say) refuses them all. `urgent` (a restore) goes ahead of writes waiting for the
   * pacer. An answer lost on 502/504 is not replayed: the caller re-reads.
   */
  addDirectLicenses(
    items: { userId: string; licenses: AssignedLicense[] }[],
    options?: { urgent?: boolean },
  ): Promise<ItemResult<UserLicenses | null>[]>;
  /** Ids of the group's members whose license from this group is in error. */
  membersWithLicenseErrors(groupId: string): Promise<string[]>;
  /** Directory audit events at or after the time, optionally of one activity. */
  auditEventsSince(since: Date, activityDisplayName?: string): Promise<AuditEvent[]>;
  /** The same events a page at a time (a large migration writes an event per user). */
  auditEventPages(since: Date, activityDisplayName?: string): AsyncIterable<AuditEvent[]>;
  /** Asks Entra to re-evaluate one user's group-based assignments. */
  reprocessUser(userId: string): Promise<void>;
  /** Asks Entra to re-evaluate many users' group-based assignments ($batch, paced as writes); per-user results. */
  reprocessUsers(userIds: string[]): Promise<ItemResult<UserLicenses | null>[]>;
}
