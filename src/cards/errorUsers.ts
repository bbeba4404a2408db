import type { UserClassification } from '../migration/types';
import type { UnitShortage } from '../migration/unitShortage';
import template from './templates/errorUsers.json';
import { clip, describeLicenseError, formatCount, plain, plural } from './format';
import { renderCard } from './render';
import { localizer, type Localizer } from '../i18n';
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
  /** Shown as the CountViolation group: units missing and who holds a unit through a direct path alone. */
  shortage?: UnitShortage | null;
}

export const MAX_ERROR_PAGE_SIZE = 25;

/** One page of users in error or who would lose a service, each with cause, what it means for them and fix; paging via `errors.page`. */
export function buildErrorUsersCard(input: ErrorUsersCardInput, l: Localizer = localizer('en')): AdaptiveCard {
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
    t: l.m.cards.errorUsers,
    subtitle:
      input.users.length === 0
        ? 'Nothing to fix.'
        : `${plural(total, 'user')} with a group license error or a service the group does not enable · page ${page + 1} of ${formatCount(pages)}${partial}`,
    users: slice.map((u) => {
      if (u.class === 'planMismatch') {
        return {
          upn: clip(u.userPrincipalName, 100),
          cause: clip(`The group does not enable: ${u.missingPlans.join(', ') || 'some plans the user has directly'}.`, 300),
          fix: clip(`Fix: ${u.fix ?? 'Enable those plans on the group license, or accept losing them, then verify again.'}`, 300),
          effect: 'Keeps the direct assignment: it is never removed while a service would be lost.',
        };
      }
      const known = describeLicenseError(u.error);
      return {
        upn: clip(u.userPrincipalName, 100),
        cause: clip(`${u.error ?? 'Error'}: ${known.cause}`, 300),
        fix: clip(`Fix: ${u.fix ?? known.fix}`, 300),
        effect:
          u.directDisabledPlans === null
            ? 'Group member without a direct assignment: could not get the license from the group, and the migration does not touch them.'
            : 'Keeps the direct assignment until the error is fixed.',
      };
    }),
    empty: input.users.length === 0,
    shortage: input.shortage ? shortageView(input.shortage) : null,
    // Only users in error can be processed again; a plan mismatch is fixed on the group license.
    hasReprocess: slice.some((u) => u.class === 'error'),
    reprocessTitle: `Reprocess ${slice.filter((u) => u.class === 'error').length === 1 ? 'this user' : `these ${slice.filter((u) => u.class === 'error').length} users`}`,
    reprocessData: { runId: input.runId, page, userIds: slice.filter((u) => u.class === 'error').map((u) => u.userId) },
    hasPrevious: page > 0,
    hasNext: page < pages - 1,
    previousData: { runId: input.runId, page: Math.max(0, page - 1) },
    nextData: { runId: input.runId, page: page + 1 },
  });
}

/** The CountViolation group: how many units are missing, and why migrating frees none. */
function shortageView(s: UnitShortage): { title: string; units: string; holders: string } {
  const waiting = s.atLeast ? `${formatCount(s.waiting)} or more users wait` : plural(s.waiting, 'user waits', 'users wait');
  const units =
    s.missing > 0
      ? `${waiting} for a unit (CountViolation); ${plural(s.freeUnits, 'unit is', 'units are')} free: ${plural(s.missing, 'unit')}${s.atLeast ? ' or more' : ''} missing. Buy or free units, then reprocess them.`
      : `${waiting} for a unit (CountViolation) and ${plural(s.freeUnits, 'unit is', 'units are')} free now: reprocess them.`;
  const named = s.directOnly.first.map((upn) => plain(upn, 100)).join(', ');
  const more =
    s.directOnly.count > s.directOnly.first.length ? ` and ${formatCount(s.directOnly.count - s.directOnly.first.length)} more` : '';
  const holders =
    s.directOnly.count > 0
      ? `Migrating users frees no unit: each keeps one through the group. ${plural(s.directOnly.count, 'direct holder')} of this run hold the license through no active group path (${named}${more}): removing such a direct assignment gives a unit back, and takes the license away from that user.`
      : 'Migrating users frees no unit: each keeps one through the group, and no user of this run holds the license through a direct path alone.';
  return { title: `Not enough units of ${plain(s.skuPartNumber, 80)}`, units, holders };
}
