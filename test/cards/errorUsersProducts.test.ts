import { buildErrorUsersCardFor } from '../../src/bot/replies';
import { parseCardAction, type AdaptiveCard } from '../../src/cards';
import type { UnitShortage } from '../../src/migration/unitShortage';
import type { UserClassification, VerificationReport } from '../../src/migration/types';
import { localizer } from '../../src/i18n';
import { actionsOf, sizeOf, textOf } from './cardWalk';
import * as fx from './fixtures';

/** A run of Office 365 E3 + EMS whose users have problems on both products. */
const E3 = '6fd2c87f-b296-42f0-b197-1e91e994b900';
const EMS = 'efccb6f7-5641-4e0e-bd10-b4976e1bf68e';
const E3_NAME = 'Office 365 E3';
const EMS_NAME = 'Enterprise Mobility + Security E3';

const problem = (n: number, skuId: string, cls: 'error' | 'planMismatch', error = 'CountViolation'): UserClassification => ({
  userId: fx.guid(n),
  userPrincipalName: fx.upn(n),
  skuId,
  class: cls,
  error: cls === 'error' ? error : null,
  fix: cls === 'error' ? 'Buy more licenses or free some up, then reprocess the group.' : undefined,
  missingPlans: cls === 'planMismatch' ? ['SWAY'] : [],
  directDisabledPlans: [],
});

/** A product's report with `problems` kept and `error`/`planMismatch` counted (more may be counted than kept). */
function productReport(skuId: string, skuPartNumber: string, problems: UserClassification[], counted?: number): VerificationReport {
  const base = fx.verificationReport(0, 'run-e3-ems');
  const error = problems.filter((p) => p.class === 'error').length;
  const planMismatch = problems.length - error;
  return {
    ...base,
    skuId,
    skuPartNumber,
    problems,
    summary: { ...base.summary, error: error + Math.max(0, (counted ?? problems.length) - problems.length), planMismatch },
  };
}

function twoProducts(e3: UserClassification[], ems: UserClassification[], emsCounted?: number): VerificationReport {
  const bySku = [productReport(E3, 'ENTERPRISEPACK', e3), productReport(EMS, 'EMS', ems, emsCounted)];
  return { ...bySku[0], bySku };
}

const shortage = (skuPartNumber: string, waiting: number): UnitShortage => ({
  skuPartNumber,
  waiting,
  atLeast: false,
  freeUnits: 0,
  missing: waiting,
  directOnly: { count: 0, first: [] },
});

/** Each user row of the card: its UPN and the line under it naming the product, if any. */
function rows(card: AdaptiveCard): { upn: string; product: string | null }[] {
  const containers = (card.body as { type: string; items?: { text: string; isSubtle?: boolean; weight?: string }[] }[]).filter(
    (e) => e.type === 'Container' && e.items?.[0]?.weight === 'bolder' && /@/.test(e.items[0].text),
  );
  return containers.map((c) => ({
    upn: c.items![0].text,
    product: /^Product: /.test(c.items![1].text) ? c.items![1].text.replace(/^Product: /, '') : null,
  }));
}

describe('error users card of a run of several products', () => {
  // 12 problems on E3 (CountViolation and plan mismatches), 5 on EMS; user 3 is in error on both products.
  const e3 = Array.from({ length: 12 }, (_, i) => problem(i, E3, i % 3 === 0 ? 'error' : 'planMismatch'));
  const ems = [3, 100, 101, 102, 103].map((n) => problem(n, EMS, 'error', n === 103 ? 'MutuallyExclusiveViolation' : 'CountViolation'));
  const report = twoProducts(e3, ems);
  const shortages = [shortage('ENTERPRISEPACK', 4), shortage('EMS', 4)];

  it('lists every product’s users in one paged list, each row naming its product, the total over both products', () => {
    const first = buildErrorUsersCardFor(report, 'run-e3-ems', 0, shortages);
    expect(textOf(first)).toContain('17 users with a group license error or a service the group does not enable · page 1 of 2');
    expect(rows(first)).toEqual(e3.slice(0, 10).map((u) => ({ upn: u.userPrincipalName, product: E3_NAME })));

    // The second page runs on from E3 into EMS.
    const second = buildErrorUsersCardFor(report, 'run-e3-ems', 1, shortages);
    expect(textOf(second)).toContain('page 2 of 2');
    expect(rows(second)).toEqual([
      ...e3.slice(10).map((u) => ({ upn: u.userPrincipalName, product: E3_NAME })),
      ...ems.map((u) => ({ upn: u.userPrincipalName, product: EMS_NAME })),
    ]);
    expect(textOf(second)).toContain('MutuallyExclusiveViolation');
    expect(
      actionsOf(first)
        .filter((a) => a.verb === 'errors.page')
        .map((a) => a.data),
    ).toEqual([{ runId: 'run-e3-ems', page: 1 }]);
    expect(
      actionsOf(second)
        .filter((a) => a.verb === 'errors.page')
        .map((a) => a.data),
    ).toEqual([{ runId: 'run-e3-ems', page: 0 }]);
  });

  it('shows a CountViolation group for each product short of units, named like the rows', () => {
    const text = textOf(buildErrorUsersCardFor(report, 'run-e3-ems', 1, shortages));
    expect(text).toContain(`Not enough units of ${E3_NAME}`);
    expect(text).toContain(`Not enough units of ${EMS_NAME}`);
    expect(text.match(/4 users wait for a unit \(CountViolation\)/g)).toHaveLength(2);
    // Only the product short of units has a group.
    const emsOnly = textOf(buildErrorUsersCardFor(report, 'run-e3-ems', 0, [shortages[1]]));
    expect(emsOnly).toContain(`Not enough units of ${EMS_NAME}`);
    expect(emsOnly).not.toContain('Not enough units of Office 365 E3');
  });

  it('reprocesses the page’s users in error once each, saying which product each is in error on', () => {
    const first = actionsOf(buildErrorUsersCardFor(report, 'run-e3-ems', 0, shortages)).find((a) => a.verb === 'errors.reprocess')!;
    const firstInError = e3.slice(0, 10).filter((u) => u.class === 'error');
    expect(first).toMatchObject({
      title: `Reprocess these ${firstInError.length} users`,
      data: {
        runId: 'run-e3-ems',
        page: 0,
        userIds: firstInError.map((u) => u.userId),
        products: [{ skuId: E3, userIds: firstInError.map((u) => u.userId) }],
      },
    });

    const second = actionsOf(buildErrorUsersCardFor(report, 'run-e3-ems', 1, shortages)).find((a) => a.verb === 'errors.reprocess')!;
    // On this page: no E3 user in error (10 and 11 are plan mismatches); the five EMS users, user 3 among them.
    const emsIds = ems.map((u) => u.userId);
    expect(second.title).toBe('Reprocess these 5 users');
    expect(second.data).toEqual({ runId: 'run-e3-ems', page: 1, userIds: emsIds, products: [{ skuId: EMS, userIds: emsIds }] });
    for (const action of [first, second]) expect(parseCardAction(action.verb, action.data)).toMatchObject({ ok: true });

    // User 3 in error on both products on one page: once in userIds, under both products.
    const both = twoProducts([problem(3, E3, 'error')], [problem(3, EMS, 'error'), problem(9, EMS, 'error')]);
    const button = actionsOf(buildErrorUsersCardFor(both, 'run-e3-ems', 0)).find((a) => a.verb === 'errors.reprocess')!;
    expect(button.title).toBe('Reprocess these 2 users');
    expect(button.data).toEqual({
      runId: 'run-e3-ems',
      page: 0,
      userIds: [fx.guid(3), fx.guid(9)],
      products: [
        { skuId: E3, userIds: [fx.guid(3)] },
        { skuId: EMS, userIds: [fx.guid(3), fx.guid(9)] },
      ],
    });
    expect(parseCardAction(button.verb, button.data)).toMatchObject({ ok: true });
  });

  it('lists the second product’s users when only it has problems, and counts what the verification did not keep', () => {
    const card = buildErrorUsersCardFor(twoProducts([], ems, 40), 'run-e3-ems', 0);
    expect(rows(card).map((r) => r.product)).toEqual(ems.map(() => EMS_NAME));
    expect(textOf(card)).toContain('40 users with a group license error or a service the group does not enable · page 1 of 1');
    expect(textOf(card)).toContain('these pages list the first 5 by name');
  });

  it('says it in Dutch too, and stays under 28 KB with full pages and a group per product', () => {
    const nl = buildErrorUsersCardFor(report, 'run-e3-ems', 1, shortages, localizer('nl'));
    expect(textOf(nl)).toContain(`Product: ${EMS_NAME}`);
    expect(textOf(nl)).toContain(`Niet genoeg eenheden van ${EMS_NAME}`);
    expect(textOf(nl)).toContain('17 gebruikers met een fout');
    // Worst case: three products, every row a user in error with a long name, every product short of units.
    const many = Array.from({ length: 3 }, (_, p) =>
      productReport(
        fx.guid(900 + p),
        `SOME_PRODUCT_WITH_A_LONG_PART_NUMBER_${p}`,
        Array.from({ length: 30 }, (_, i) => problem(p * 100 + i, fx.guid(900 + p), 'error')),
      ),
    );
    const big = { ...many[0], bySku: many };
    const named = (n: number) => ({
      ...shortage(`SOME_PRODUCT_WITH_A_LONG_PART_NUMBER_${n}`, 30),
      directOnly: { count: 9, first: [1, 2, 3, 4, 5].map(fx.upn) },
    });
    for (const l of [localizer('en'), localizer('nl')])
      for (const page of [0, 1, 8]) {
        const card = buildErrorUsersCardFor(big, 'run-e3-ems', page, [named(0), named(1), named(2)], l);
        expect(sizeOf(card)).toBeLessThan(28 * 1024);
        for (const a of actionsOf(card)) expect(parseCardAction(a.verb, a.data)).toMatchObject({ ok: true });
      }
  });

  it('looks as before for a run of one product: no product named, no products in Reprocess', () => {
    const one = productReport(E3, 'ENTERPRISEPACK', e3);
    const card = buildErrorUsersCardFor(one, 'run-e3', 0, [shortage('ENTERPRISEPACK', 4)]);
    expect(rows(card).every((r) => r.product === null)).toBe(true);
    // The shortage names the product as every card does; no row names one.
    expect(textOf(card)).toContain('Not enough units of Office 365 E3');
    expect(textOf(card).split('Office 365 E3')).toHaveLength(2);
    expect(textOf(card)).not.toContain('ENTERPRISEPACK');
    expect(textOf(card)).not.toContain('Product:');
    const reprocess = actionsOf(card).find((a) => a.verb === 'errors.reprocess')!;
    expect(Object.keys(reprocess.data as object).sort()).toEqual(['page', 'runId', 'userIds']);
  });
});
