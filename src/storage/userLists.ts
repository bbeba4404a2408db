import { z } from 'zod';
import { assertSafeId, describeIssues, StorageCorruptError } from './schemas';
import { InvalidRecordError } from './validate';

const FORMAT = 'license-migration-user-list';

/** A stored batch user list: written once, named by run and list id so a misplaced copy is caught on read. */
const listSchema = z.object({ format: z.literal(FORMAT), runId: z.string(), listId: z.string(), userIds: z.array(z.string().min(1)) });

/** Thrown when a run refers to a user list that is not in storage. */
export class MissingUserListError extends Error {
  constructor(runId: string, listId: string, location: string) {
    super(`User list ${listId} of run ${runId} is missing from ${location}; restore it from a backup (the run refers to it).`);
    this.name = 'MissingUserListError';
  }
}

/** Where a list is stored, `<runId>/<listId>`; both ids are checked first, since they become part of a path. */
export function userListKey(runId: string, listId: string): string {
  assertSafeId('run id', runId);
  assertSafeId('user list id', listId);
  return `${runId}/${listId}`;
}

/** The list as it may be stored: non-empty string ids only. */
export function checkUserList(userIds: readonly string[]): readonly string[] {
  if (!Array.isArray(userIds) || userIds.some((id) => typeof id !== 'string' || id === ''))
    throw new InvalidRecordError('user list', 'every entry must be a non-empty user id');
  return userIds;
}

/** Whether two lists hold the same ids in the same order (a repeated save of the same list). */
export function sameUsers(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}

/** The stored form of a list. */
export function serializeUserList(runId: string, listId: string, userIds: readonly string[]): string {
  return `${JSON.stringify({ format: FORMAT, runId, listId, userIds })}\n`;
}

/** Parses a stored list, checking it is the one asked for. */
export function parseUserList(text: string, runId: string, listId: string, where: string): string[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new StorageCorruptError(where, 'not valid JSON');
  }
  const parsed = listSchema.safeParse(json);
  if (!parsed.success) throw new StorageCorruptError(where, `not a stored user list (${describeIssues(parsed.error)})`);
  if (parsed.data.runId !== runId || parsed.data.listId !== listId)
    throw new StorageCorruptError(where, `it holds list ${parsed.data.listId} of run ${parsed.data.runId}`);
  return parsed.data.userIds;
}
