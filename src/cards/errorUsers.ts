import type { UserClassification } from '../migration/types';
import type { UnitShortage } from '../migration/unitShortage';
import template from './templates/errorUsers.json';
import { clip, describeLicenseError, plain } from './format';
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
  const t = l.m.cards.errorUsers;
  const errorCount = slice.filter((u) => u.class === 'error').length;
  // The classification's fix is an English sentence for logs and the CLI; other languages say it from the class, the
  // plans and the code (for a verification stored by an earlier version, the fix names the group license alone).
  const english = l.locale === 'en';
  const missingFix = (u: UserClassification) =>
    u.missingPlans.length
      ? l.f(u.missingEverywhere ? t.missingFixEverywhere : t.missingFixGroup, { plans: u.missingPlans.join(', ') })
      : t.missingFix;
  const counted = l.p(t.subtitle, total, { page: page + 1, pages });
  // A verification keeps only the first problems by name; the rest are counted, and listed by the verify command.
  const subtitle = total > input.users.length ? l.f(t.partial, { subtitle: counted, listed: input.users.length }) : counted;
  return renderCard(template, {
    t,
    subtitle: input.users.length === 0 ? t.nothingToFix : subtitle,
    users: slice.map((u) => {
      if (u.class === 'planMismatch') {
        return {
          upn: clip(u.userPrincipalName, 100),
          cause: clip(l.f(t.missingCause, { plans: u.missingPlans.join(', ') || t.missingSome }), 300),
          fix: clip(l.f(t.fix, { fix: (english && u.fix) || missingFix(u) }), 300),
          effect: t.missingEffect,
        };
      }
      const known = describeLicenseError(u.error, l);
      return {
        upn: clip(u.userPrincipalName, 100),
        cause: clip(l.f(t.cause, { code: u.error ?? t.errorCode, cause: known.cause }), 300),
        fix: clip(l.f(t.fix, { fix: (english && u.fix) || known.fix }), 300),
        effect: u.directDisabledPlans === null ? t.effectNoDirect : t.effectKeeps,
      };
    }),
    empty: input.users.length === 0,
    shortage: input.shortage ? shortageView(input.shortage, l) : null,
    // Only users in error can be processed again; a plan mismatch is fixed on the group license.
    hasReprocess: slice.some((u) => u.class === 'error'),
    reprocessTitle: l.p(t.reprocess, errorCount),
    reprocessData: { runId: input.runId, page, userIds: slice.filter((u) => u.class === 'error').map((u) => u.userId) },
    hasPrevious: page > 0,
    hasNext: page < pages - 1,
    previousData: { runId: input.runId, page: Math.max(0, page - 1) },
    nextData: { runId: input.runId, page: page + 1 },
  });
}

/** The CountViolation group: how many units are missing, and why migrating frees none. */
function shortageView(s: UnitShortage, l: Localizer): { title: string; units: string; holders: string } {
  const t = l.m.cards.errorUsers;
  const waiting = s.atLeast ? l.f(t.waitingAtLeast, { count: s.waiting }) : l.p(t.waiting, s.waiting);
  const free = l.p(t.freeUnits, s.freeUnits);
  const units =
    s.missing > 0
      ? l.p(t.shortMissing, s.missing, {
          waiting,
          free,
          missing: s.atLeast ? l.f(t.missingUnitsAtLeast, { count: s.missing }) : l.p(t.missingUnits, s.missing),
        })
      : l.f(t.freeNow, { waiting, free });
  const named = s.directOnly.first.map((upn) => plain(upn, 100)).join(', ');
  const extra = s.directOnly.count - s.directOnly.first.length;
  const names = extra > 0 ? l.f(t.andMore, { names: named, count: extra }) : named;
  const holders = s.directOnly.count > 0 ? l.p(t.holdersNamed, s.directOnly.count, { names }) : t.holdersNone;
  return { title: l.f(t.shortageTitle, { sku: plain(s.skuPartNumber, 80) }), units, holders };
}
