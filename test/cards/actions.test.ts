import { CARD_VERBS, MAX_PAYLOAD_CHARS, parseCardAction } from '../../src/cards';

const RUN = 'run-20261125-abc123';
const SKU = 'c7df2760-2c81-4ef7-b578-5b5392b571df';
const GROUP = '0b7a1c5e-8d2f-4c11-9a0e-3f6b2d7c9e10';

function refused(verb: unknown, data: unknown): string {
  const result = parseCardAction(verb, data);
  if (result.ok) throw new Error(`expected ${String(verb)} to be refused, got ${JSON.stringify(result.action)}`);
  return result.message;
}

describe('parseCardAction', () => {
  it('should accept every verb with a well-formed payload', () => {
    const good: Record<(typeof CARD_VERBS)[number], unknown> = {
      'migrate.sku': { skuId: SKU },
      'migrate.group': { skuId: SKU, group: { id: GROUP } },
      'migrate.confirm': { runId: RUN, cardVersion: 0 },
      'run.cancel': { runId: RUN, cardVersion: 1 },
      'run.pause': { runId: RUN, cardVersion: 2 },
      'run.resume': { runId: RUN, cardVersion: 3 },
      'run.rollback': { runId: RUN, batchId: 'b1', cardVersion: 4 },
      'errors.page': { runId: RUN, page: 0 },
      'errors.reprocess': { runId: RUN, page: 1, userIds: [GROUP] },
      'batch.approve': { runId: RUN, batchId: 'b1', cardVersion: 5 },
      'batch.reject': { runId: RUN, batchId: 'b1', cardVersion: 6 },
      'drift.followUp': { runId: RUN },
      'plan.show': {},
      'plan.migrate': { profileKey: `0:|1:${SKU}`, group: { newName: 'License – Office 365 E3 + EMS E3' } },
    };
    for (const verb of CARD_VERBS) {
      const result = parseCardAction(verb, good[verb]);
      expect(result).toEqual({ ok: true, action: { verb, ...(good[verb] as object) } });
    }
  });

  it('should refuse a profile click without a profile or with a bad group, saying which', () => {
    expect(refused('plan.migrate', { group: { id: GROUP } })).toMatch(/profileKey is missing/);
    expect(refused('plan.migrate', { profileKey: 'a\u0000b', group: { id: GROUP } })).toMatch(
      /profileKey is empty or contains invalid characters/,
    );
    expect(refused('plan.migrate', { profileKey: '0:', group: { id: 'nope' } })).toMatch(/group/);
    expect(refused('plan.migrate', { profileKey: '0:', group: { id: GROUP }, skuId: SKU })).toMatch(/unexpected field/);
  });

  it('should fold the cohort card inputs into group and keep the chosen cohort', () => {
    expect(parseCardAction('migrate.group', { skuId: SKU, groupId: GROUP, newGroupName: '' })).toEqual({
      ok: true,
      action: { verb: 'migrate.group', skuId: SKU, group: { id: GROUP } },
    });
    expect(parseCardAction('migrate.group', { skuId: SKU, newGroupName: '  Licensing E5 ', cohortKey: `${SKU}|` })).toEqual({
      ok: true,
      action: { verb: 'migrate.group', skuId: SKU, cohortKey: `${SKU}|`, group: { newName: 'Licensing E5' } },
    });
    expect(refused('migrate.group', { skuId: SKU })).toMatch(/Pick an existing group or type a name/);
    expect(refused('migrate.group', { skuId: SKU, groupId: GROUP, newGroupName: 'X' })).toMatch(/not both/);
    expect(refused('migrate.group', { skuId: SKU, groupId: 'not-a-guid' })).toMatch(/group id is not a valid GUID/);
    expect(refused('migrate.group', { skuId: SKU, newGroupName: 'x'.repeat(257) })).toMatch(/longer than 256/);
  });

  it('should take only a run id to start a follow-up run from a drift card', () => {
    expect(refused('drift.followUp', {})).toMatch(/runId is missing/);
    expect(refused('drift.followUp', { runId: '../other' })).toMatch(/runId must be an id/);
    expect(refused('drift.followUp', { runId: RUN, skuId: SKU })).toMatch(/unexpected field\(s\) 'skuId'/);
    expect(refused('drift.followUp', { runId: 7 })).toMatch(/runId must be a string/);
  });

  it('should take only a page of distinct user ids to reprocess', () => {
    const ids = Array.from({ length: 26 }, (_, i) => `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`);
    expect(parseCardAction('errors.reprocess', { runId: RUN, page: 0, userIds: ids.slice(0, 25) }).ok).toBe(true);
    expect(refused('errors.reprocess', { runId: RUN, page: 0, userIds: ids })).toMatch(/more than 25 users/);
    expect(refused('errors.reprocess', { runId: RUN, page: 0, userIds: [] })).toMatch(/userIds is empty/);
    expect(refused('errors.reprocess', { runId: RUN, page: 0, userIds: [ids[0], ids[0].toUpperCase()] })).toMatch(/a user twice/);
    expect(refused('errors.reprocess', { runId: RUN, page: 0, userIds: ['someone'] })).toMatch(/a user id is not a valid GUID/);
    expect(refused('errors.reprocess', { runId: RUN, page: 0, userIds: ids[0] })).toMatch(/userIds must be a list/);
    expect(refused('errors.reprocess', { runId: RUN, userIds: [ids[0]] })).toMatch(/page is missing/);
    expect(refused('errors.reprocess', { runId: RUN, page: 0, userIds: [ids[0]], skuId: SKU })).toMatch(/unexpected field\(s\) 'skuId'/);
  });

  it('should take, for a run of several products, which product each user to reprocess is in error on', () => {
    const ids = Array.from({ length: 26 }, (_, i) => `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`);
    const EMS = 'efccb6f7-5641-4e0e-bd10-b4976e1bf68e';
    const base = { runId: RUN, page: 1, userIds: ids.slice(0, 3) };
    // A user in error on both products is under both, and once in userIds.
    const good = {
      ...base,
      products: [
        { skuId: SKU, userIds: ids.slice(0, 2) },
        { skuId: EMS, userIds: [ids[1], ids[2]] },
      ],
    };
    expect(parseCardAction('errors.reprocess', good)).toEqual({ ok: true, action: { verb: 'errors.reprocess', ...good } });
    const reprocess = (products: unknown) => refused('errors.reprocess', { ...base, products });
    expect(reprocess([])).toMatch(/products is empty/);
    expect(reprocess({ skuId: SKU, userIds: ids.slice(0, 3) })).toMatch(/products must be a list/);
    expect(reprocess(['x'])).toMatch(/a product must be an object/);
    expect(reprocess([{ skuId: 'EMS', userIds: ids.slice(0, 3) }])).toMatch(/skuId is not a valid GUID/);
    expect(reprocess([{ userIds: ids.slice(0, 3) }])).toMatch(/skuId is missing/);
    expect(reprocess([{ skuId: SKU }])).toMatch(/the userIds of a product is missing/);
    expect(reprocess([{ skuId: SKU, userIds: [] }])).toMatch(/the userIds of a product is empty/);
    expect(reprocess([{ skuId: SKU, userIds: [ids[0], ids[0]] }])).toMatch(/the userIds of a product lists a user twice/);
    expect(reprocess([{ skuId: SKU, userIds: ids.slice(0, 3), page: 2 }])).toMatch(/unexpected field\(s\) 'page'/);
    expect(
      reprocess([
        { skuId: SKU, userIds: ids.slice(0, 3) },
        { skuId: SKU.toUpperCase(), userIds: [ids[0]] },
      ]),
    ).toMatch(/products lists a product twice/);
    // Exactly the users of userIds: none left out, none added.
    expect(reprocess([{ skuId: SKU, userIds: ids.slice(0, 2) }])).toMatch(/products must name exactly the users of userIds/);
    expect(reprocess([{ skuId: SKU, userIds: ids.slice(0, 4) }])).toMatch(/products must name exactly the users of userIds/);
    expect(reprocess(Array.from({ length: 26 }, (_, i) => ({ skuId: ids[i], userIds: ids.slice(0, 3) })))).toMatch(/more than 25 products/);
  });

  it('should reject unknown or missing verbs', () => {
    expect(refused('batch.approveAll', { runId: RUN })).toMatch(/Unknown card action 'batch.approveAll'/);
    expect(refused(undefined, {})).toMatch(/Unknown card action a missing verb/);
    expect(refused(42, {})).toMatch(/Unknown card action/);
  });

  it('should reject forged fields: a card carries ids only', () => {
    expect(refused('batch.approve', { runId: RUN, batchId: 'b1', cardVersion: 1, approverId: 'someone-else' })).toMatch(
      /unexpected field\(s\) 'approverId'/,
    );
    expect(refused('batch.approve', { runId: RUN, batchId: 'b1', cardVersion: 1, userIds: ['a'] })).toMatch(/'userIds'/);
    expect(refused('run.pause', { runId: RUN, cardVersion: 1, status: 'completed' })).toMatch(/'status'/);
  });

  it('should reject malformed ids, versions and pages with a message naming the field', () => {
    expect(refused('batch.approve', { runId: '../../etc/passwd', batchId: 'b1', cardVersion: 1 })).toMatch(/runId must be an id/);
    expect(refused('batch.approve', { runId: RUN, batchId: 'b'.repeat(129), cardVersion: 1 })).toMatch(/batchId/);
    expect(refused('batch.approve', { runId: RUN, batchId: 'b1' })).toMatch(/cardVersion is missing/);
    expect(refused('batch.reject', { runId: RUN, batchId: 'b1', cardVersion: -1 })).toMatch(/cardVersion must be 0 or more/);
    expect(refused('batch.reject', { runId: RUN, batchId: 'b1', cardVersion: 1.5 })).toMatch(/whole number/);
    expect(refused('batch.reject', { runId: RUN, batchId: 'b1', cardVersion: '1' })).toMatch(/cardVersion must be a number/);
    expect(refused('errors.page', { runId: RUN, page: -2 })).toMatch(/page must be 0 or more/);
    expect(refused('migrate.sku', { skuId: 'E5' })).toMatch(/skuId is not a valid GUID/);
    expect(refused('migrate.sku', {})).toMatch(/skuId is missing/);
    expect(refused('migrate.sku', { skuId: 7 })).toMatch(/skuId must be a string/);
  });

  it('should reject oversized and non-object payloads', () => {
    expect(refused('batch.approve', { runId: RUN, batchId: 'b1', cardVersion: 1, pad: 'x'.repeat(MAX_PAYLOAD_CHARS) })).toMatch(
      /too large/,
    );
    expect(refused('batch.approve', [RUN, 'b1', 1])).toMatch(/must be an object/);
    expect(refused('batch.approve', 'runId=1')).toMatch(/must be an object/);
  });

  it('should take the verb from the action, not from the data', () => {
    const result = parseCardAction('run.pause', { verb: 'batch.approve', runId: RUN, cardVersion: 1 });
    expect(result).toEqual({ ok: true, action: { verb: 'run.pause', runId: RUN, cardVersion: 1 } });
  });
});

describe('parseCardAction with real cohort keys', () => {
  it('should accept the key of a cohort with many disabled plans (skuId:plan,plan,…)', () => {
    const plans = Array.from({ length: 100 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    const cohortKey = `${SKU}:${plans.join(',')}`;
    const result = parseCardAction('migrate.group', { skuId: SKU, cohortKey, groupId: GROUP });
    expect(result).toEqual({ ok: true, action: { verb: 'migrate.group', skuId: SKU, cohortKey, group: { id: GROUP } } });
  });
});
