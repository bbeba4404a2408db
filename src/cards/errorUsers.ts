import type { UserClassification } from '../migration/types';
import template from './templates/errorUsers.json';
import { clip, describeLicenseError, formatCount, plural } from './format';
import { renderCard } from './render';
import type { AdaptiveCard } from './types';

export interface ErrorUsersCardInput {
  runId: string;
  /** The users to page through, in order (usually class 'error' and 'planMismatch'); may be the first of more. */
  users: UserClassification[];
  /** How many such users there are when `users` holds only the first of them; default: all are in `users`. */
  total?: number;
  /** Zero-based; clamped to the last page. */
  page: number;
  /** Clamped to 1–25 so a page always fits in a card. */
  pageSize: number;
}

export const MAX_ERROR_PAGE_SIZE = 25;

/** One page of users who keep their direct assignment, each with cause and fix; paging via `errors.page`. */
export function buildErrorUsersCard(input: ErrorUsersCardInput): AdaptiveCard {
  const pageSize = Math.max(1, Math.min(MAX_ERROR_PAGE_SIZE, Math.floor(input.pageSize) || MAX_ERROR_PAGE_SIZE));
  const total = Math.max(input.total ?? 0, input.users.length);
  const pages = Math.max(1, Math.ceil(input.users.length / pageSize));
  const page = Math.max(0, Math.min(pages - 1, Math.floor(input.page) || 0));
  const slice = input.users.slice(page * pageSize, (page + 1) * pageSize);
  // A verification keeps only the first problems by name; the rest are counted, and listed by the verify command.
  const partial =
    total > input.users.length
      ? ` · these pages list the first ${formatCount(input.users.length)} by name; the verify command (npm run verify -- --format csv) lists them all`
      : '';
  return renderCard(template, {
    subtitle:
      input.users.length === 0
        ? 'Nothing to fix.'
        : `${plural(total, 'user')} keep their direct assignment until fixed · page ${page + 1} of ${formatCount(pages)}${partial}`,
    users: slice.map((u) => {
      if (u.class === 'planMismatch') {
        return {
          upn: clip(u.userPrincipalName, 100),
          cause: clip(`The group does not enable: ${u.missingPlans.join(', ') || 'some plans the user has directly'}.`, 300),
          fix: clip(`Fix: ${u.fix ?? 'Enable those plans on the group license, or accept losing them, then verify again.'}`, 300),
        };
      }
      const known = describeLicenseError(u.error);
      return {
        upn: clip(u.userPrincipalName, 100),
        cause: clip(`${u.error ?? 'Error'}: ${known.cause}`, 300),
        fix: clip(`Fix: ${u.fix ?? known.fix}`, 300),
      };
    }),
    empty: input.users.length === 0,
    hasPrevious: page > 0,
    hasNext: page < pages - 1,
    previousData: { runId: input.runId, page: Math.max(0, page - 1) },
    nextData: { runId: input.runId, page: page + 1 },
  });
}
