import type { UserClassification } from '../migration/types';
import type { UnitShortage } from '../migration/unitShortage';
import template from './templates/errorUsers.json';
import { clip, describeLicenseError, plain } from './format';
import { skuProductName, type NamedProduct } from '../migration/skuNames';
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
  /**
   * The CountViolation groups, one per product short of units: units missing and who holds a unit through a direct
   * path alone. A run of one product has at most one.
   */
  shortages?: readonly UnitShortage[];
  /**
   * A run of several products: its products in order. Each row then names its user's product (the classification's
   * skuId), and "Reprocess" says which product each user is in error on. Absent or one product: rows name none.
   */
  products?: readonly ErrorUsersProduct[];
}

/** A product of a run of several, as the error card names it. */
export interface ErrorUsersProduct {
  skuId: string;
  skuPartNumber: string;
  /** Graph's name of the product, when it has one. */
  displayName?: string;
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
  const inError = slice.filter((u) => u.class === 'error');
  // A user may be in error on two products of a run: one row each, reprocessed once.
  const errorIds = [...new Map(inError.map((u) => [u.userId.toLowerCase(), u.userId])).values()];
  const several = (input.products?.length ?? 0) > 1 ? input.products! : null;
  const nameOf = (skuId: string) => {
    const product = several?.find((p) => p.skuId.toLowerCase() === skuId.toLowerCase());
    return product ? productLabel(product) : null;
  };
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
      const product = several ? l.f(t.product, { product: nameOf(u.skuId) ?? plain(u.skuId, 40) }) : null;
      if (u.class === 'planMismatch') {
        return {
          upn: clip(u.userPrincipalName, 100),
          product,
          cause: clip(l.f(t.missingCause, { plans: u.missingPlans.join(', ') || t.missingSome }), 300),
          fix: clip(l.f(t.fix, { fix: (english && u.fix) || missingFix(u) }), 300),
          effect: t.missingEffect,
        };
      }
      const known = describeLicenseError(u.error, l);
      return {
        upn: clip(u.userPrincipalName, 100),
        product,
        cause: clip(l.f(t.cause, { code: u.error ?? t.errorCode, cause: known.cause }), 300),
        fix: clip(l.f(t.fix, { fix: (english && u.fix) || known.fix }), 300),
        effect: u.directDisabledPlans === null ? t.effectNoDirect : t.effectKeeps,
      };
    }),
    empty: input.users.length === 0,
    shortages: (input.shortages ?? []).map((s) => shortageView(s, l)),
    // Only users in error can be processed again; a plan mismatch is fixed on the group license.
    hasReprocess: errorIds.length > 0,
    reprocessTitle: l.p(t.reprocess, errorIds.length),
    reprocessData: {
      runId: input.runId,
      page,
      userIds: errorIds,
      // Entra is asked per user, but the engine judges a user by one product: which one each user is in error on.
      ...(several ? { products: productsOf(inError, several) } : {}),
    },
    hasPrevious: page > 0,
    hasNext: page < pages - 1,
    previousData: { runId: input.runId, page: Math.max(0, page - 1) },
    nextData: { runId: input.runId, page: page + 1 },
  });
}

/** Users in error by product, in the run's order of products: what "Reprocess" carries for a run of several. */
function productsOf(
  inError: readonly UserClassification[],
  products: readonly ErrorUsersProduct[],
): { skuId: string; userIds: string[] }[] {
  const order = (skuId: string) => {
    const i = products.findIndex((p) => p.skuId.toLowerCase() === skuId.toLowerCase());
    return i < 0 ? products.length : i;
  };
  const bySku = new Map<string, { skuId: string; userIds: string[] }>();
  for (const u of [...inError].sort((a, b) => order(a.skuId) - order(b.skuId))) {
    const key = u.skuId.toLowerCase();
    const group = bySku.get(key) ?? bySku.set(key, { skuId: u.skuId, userIds: [] }).get(key)!;
    group.userIds.push(u.userId);
  }
  return [...bySku.values()];
}

/** A product as every card names it (skuProductName): "Office 365 E3", the part number when no name is known. */
function productLabel(product: NamedProduct): string {
  return plain(skuProductName(product), 80);
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
  return { title: l.f(t.shortageTitle, { sku: productLabel(s) }), units, holders };
}
