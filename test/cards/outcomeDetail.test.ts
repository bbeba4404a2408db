/**
 * A skipped or failed user's reason said from the outcome's structured detail: Dutch names the plans, products,
 * Entra codes and attribute values as Entra writes them and nothing of the engine's English reason; an outcome
 * stored by an earlier version (no detail) still shows the English reason as details.
 */
import { DETAILED_CODES, outcomeCause, outcomeReason, productNamer } from '../../src/cards/outcomeText';
import { pauseReasonText } from '../../src/cards/pauseText';
import type { GroupProblem, OutcomeDetail } from '../../src/migration/outcomeDetail';
import { parseOutcomeDetail } from '../../src/migration/outcomeDetail';
import type { UserOutcome } from '../../src/migration/types';
import { localizer } from '../../src/i18n';
import { runSchema } from '../../src/storage/schemas';
import { storedRun } from '../support/unitFixtures';

const nl = localizer('nl');
const en = localizer('en');
const at = '2026-01-01T00:00:00.000Z';

function outcome(kind: 'failed' | 'skipped', code: string, reason: string, detail?: OutcomeDetail): UserOutcome {
  return {
    userId: 'u1',
    userPrincipalName: 'u1@contoso.example',
    batchId: 'b1',
    outcome: kind,
    code,
    reason,
    ...(detail ? { detail } : {}),
    at,
  };
}

/** English words of the engine's reason that must not reach a Dutch card (values Entra writes are left out). */
const ENGLISH =
  /\b(after|removal|removed|the user|direct assignment|re-added|could not|no longer|would|lost|left the group|membership rule|relies on|settle check|restore failed|not ready|group license|matches|needs|and|which|approval|answered)\b/i;

const MISS = [{ property: 'department', value: 'Marketing', clause: 'user.department -eq "Sales"' }];

const CASES: { name: string; o: UserOutcome; nl: string }[] = [
  {
    name: 'error',
    o: outcome('skipped', 'error', 'no longer ready: error (CountViolation)', {
      kind: 'notReady',
      products: [{ class: 'error', errorCode: 'CountViolation' }],
    }),
    nl: 'de groepslicentie had een fout bij de controle vlak voor het verwijderen; directe toewijzing behouden (details: de groepslicentie heeft een fout (CountViolation))',
  },
  {
    name: 'planMismatch',
    o: outcome('skipped', 'planMismatch', 'no longer ready: planMismatch (would lose SWAY, YAMMER_ENTERPRISE)', {
      kind: 'notReady',
      products: [{ class: 'planMismatch', plans: ['SWAY', 'YAMMER_ENTERPRISE'] }],
    }),
    nl:
      'de groep schakelde niet meer elk abonnement van hun directe toewijzing in bij de controle vlak voor het verwijderen; directe toewijzing behouden ' +
      '(details: ze zouden SWAY, YAMMER_ENTERPRISE verliezen)',
  },
  {
    name: 'planGain',
    o: outcome(
      'skipped',
      'planGain',
      'would gain SWAY, which the direct assignment disables, and the approval of this batch did not accept that gain',
      { kind: 'notReady', products: [{ class: 'planGain', plans: ['SWAY'] }] },
    ),
    nl:
      'ze zouden abonnementen erbij krijgen die hun directe toewijzing uitschakelt, en de goedkeuring van deze batch accepteerde dat niet; directe toewijzing behouden ' +
      '(details: ze zouden SWAY erbij krijgen, wat de goedkeuring niet accepteerde)',
  },
  {
    name: 'notMember (several products)',
    o: outcome('skipped', 'notMember', 'ENTERPRISEPACK: no longer ready: notMember; EMS: no longer ready: error (CountViolation)', {
      kind: 'notReady',
      products: [
        { sku: 'ENTERPRISEPACK', class: 'notMember' },
        { sku: 'EMS', class: 'error', errorCode: 'CountViolation' },
      ],
    }),
    nl:
      'geen lid meer van de groep, of niet meer gevonden door de lidmaatschapsregel, bij de controle vlak voor het verwijderen; directe toewijzing behouden ' +
      '(details: Office 365 E3: geen lid van de groep; Enterprise Mobility + Security E3: de groepslicentie heeft een fout (CountViolation))',
  },
  {
    name: 'notMember (dynamic rule)',
    o: outcome(
      'skipped',
      'notMember',
      'the membership rule of "Sales" no longer matches (department = "Marketing" (the rule needs user.department -eq "Sales")): Entra will take the user out of the group; direct assignment kept',
      { kind: 'ruleLeaver', group: 'Sales', misses: MISS },
    ),
    nl:
      'geen lid meer van de groep, of niet meer gevonden door de lidmaatschapsregel, bij de controle vlak voor het verwijderen; directe toewijzing behouden ' +
      '(details: de lidmaatschapsregel van "Sales" past niet meer op hen: department = "Marketing" (de regel vraagt user.department -eq "Sales"))',
  },
  {
    name: 'otherGroupUnconfirmed',
    o: outcome(
      'skipped',
      'otherGroupUnconfirmed',
      'relies on group g-2 for SWAY, and the user is no longer a member of it; direct assignment kept',
      { kind: 'reliance', reliance: { groupId: 'g-2', groupName: 'Sway users', plans: ['SWAY'], problem: { kind: 'notMember' } } },
    ),
    nl:
      'een andere groep waarop ze voor sommige abonnementen steunen, kon vlak voor het verwijderen niet worden bevestigd; directe toewijzing behouden ' +
      '(details: ze steunen voor SWAY op groep "Sway users", maar ze zijn geen lid meer van groep "Sway users")',
  },
  {
    name: 'graphFailed',
    o: outcome('failed', 'forbidden', 'removal refused: Insufficient privileges to complete the operation.', {
      kind: 'refused',
      message: 'Insufficient privileges to complete the operation.',
    }),
    // Graph's own message stays as Graph wrote it.
    nl: 'Graph weigerde het verwijderen (forbidden); de directe toewijzing is er nog (details: antwoord van Graph: Insufficient privileges to complete the operation.)',
  },
  {
    name: 'servicesLost',
    o: outcome(
      'failed',
      'servicesLost',
      'after removal lost SWAY; direct assignment could NOT be re-added (throttled: Too many requests)',
      {
        kind: 'restore',
        when: 'removal',
        risk: { kind: 'lost', plans: ['SWAY'] },
        reAdded: false,
        restoreFailure: { kind: 'graph', failure: 'throttled', message: 'Too many requests' },
      },
    ),
    nl:
      'na het verwijderen ontbrak een service; de directe toewijzing is meteen teruggezet, tenzij de details iets anders zeggen ' +
      '(details: na het verwijderen: ze verloren SWAY; directe toewijzing kon NIET worden teruggezet (Graph antwoordde throttled: Too many requests))',
  },
  {
    name: 'servicesLost (answer lost, another product kept)',
    o: outcome(
      'failed',
      'servicesLost',
      'after a removal whose answer was lost (timeout) the user no longer holds EMS; direct assignment re-added; ENTERPRISEPACK kept direct',
      {
        kind: 'restore',
        when: 'lostAnswer',
        failure: 'timeout',
        risk: { kind: 'notHeld', skus: ['EMS'] },
        reAdded: true,
        keptDirect: ['ENTERPRISEPACK'],
      },
    ),
    nl:
      'na het verwijderen ontbrak een service; de directe toewijzing is meteen teruggezet, tenzij de details iets anders zeggen ' +
      '(details: na een verwijdering waarvan het antwoord verloren ging (timeout): ze hadden Enterprise Mobility + Security E3 niet meer; directe toewijzing teruggezet; Office 365 E3 blijft direct toegewezen)',
  },
  {
    name: 'servicesLostAfterSettle',
    o: outcome('failed', 'servicesLostAfterSettle', 'settle check: lost SWAY once group processing settled; direct assignment re-added', {
      kind: 'restore',
      when: 'settle',
      risk: { kind: 'lost', plans: ['SWAY'] },
      reAdded: true,
    }),
    nl:
      'er ontbrak een service nadat Entra de groep had verwerkt; de directe toewijzing is teruggezet, tenzij de details iets anders zeggen ' +
      '(details: nadat de groepsverwerking klaar was: ze verloren SWAY; directe toewijzing teruggezet)',
  },
  {
    name: 'groupChanged',
    o: outcome(
      'failed',
      'groupChanged',
      'after removal the ENTERPRISEPACK license of group "Licensing E3" was changed (its disabled plans differ from the run\'s); removals would take services away; direct assignment re-added',
      {
        kind: 'restore',
        when: 'removal',
        risk: { kind: 'group', group: 'Licensing E3', problem: { kind: 'licenseChanged', sku: 'ENTERPRISEPACK' } },
        reAdded: true,
      },
    ),
    nl:
      'de licentie of verwerking van de groep veranderde rond het verwijderen; de directe toewijzing is meteen teruggezet, tenzij de details iets anders zeggen ' +
      '(details: na het verwijderen: de Office 365 E3-licentie van groep "Licensing E3" is gewijzigd (de uitgeschakelde abonnementen wijken af van die van de run); directe toewijzing teruggezet)',
  },
  {
    name: 'leftGroup',
    o: outcome(
      'failed',
      'leftGroup',
      'after removal the membership rule of "Sales" no longer matches (department = "Marketing" (the rule needs user.department -eq "Sales")), so Entra will take the user out of the group; direct assignment re-added',
      { kind: 'restore', when: 'removal', risk: { kind: 'ruleMiss', group: 'Sales', misses: MISS }, reAdded: true },
    ),
    nl:
      'ze verlieten de groep, of de regel ervan past niet meer op hen, rond het verwijderen; de directe toewijzing is meteen teruggezet, tenzij de details iets anders zeggen ' +
      '(details: na het verwijderen: de lidmaatschapsregel van "Sales" past niet meer op hen (department = "Marketing" (de regel vraagt user.department -eq "Sales")), dus Entra haalt hen uit de groep; directe toewijzing teruggezet)',
  },
  {
    name: 'membershipUnknown',
    o: outcome(
      'failed',
      'membershipUnknown',
      'after removal group membership could not be confirmed; direct assignment could NOT be re-added (user no longer exists)',
      { kind: 'restore', when: 'removal', risk: { kind: 'membershipUnknown' }, reAdded: false, restoreFailure: { kind: 'userGone' } },
    ),
    nl:
      'hun groepslidmaatschap kon na het verwijderen niet worden bevestigd; de directe toewijzing is meteen teruggezet, tenzij de details iets anders zeggen ' +
      '(details: na het verwijderen: hun groepslidmaatschap kon niet worden bevestigd; directe toewijzing kon NIET worden teruggezet (de gebruiker bestaat niet meer))',
  },
  {
    name: 'restoreFailed',
    o: outcome('failed', 'restoreFailed', 'restore failed: a different direct assignment appeared meanwhile; left as it is', {
      kind: 'rollback',
      failure: { kind: 'otherAssignment' },
    }),
    nl: 'rollback kon de directe toewijzing NIET terugzetten (details: intussen verscheen een andere directe toewijzing, die is gelaten zoals hij is)',
  },
  {
    name: 'notAttempted after an unexpected result',
    o: outcome('skipped', 'notAttempted', 'not attempted: run paused after an unexpected result', {
      kind: 'notAttempted',
      stop: 'unexpected',
    }),
    nl: 'niet geprobeerd: de batch stopte voordat ze aan de beurt waren; directe toewijzing behouden (details: de run pauzeerde na een onverwacht resultaat)',
  },
  {
    name: 'notAttempted in a pause someone asked for',
    o: outcome('skipped', 'notAttempted', 'not attempted: run paused: lunch', { kind: 'notAttempted', stop: 'paused', reason: 'lunch' }),
    nl: 'niet geprobeerd: de batch stopte voordat ze aan de beurt waren; directe toewijzing behouden (details: de run is gepauzeerd: lunch)',
  },
  {
    name: 'notAttempted in a pause the engine recorded',
    o: outcome('skipped', 'notAttempted', 'not attempted: run paused: Batch b2 rejected by Bob', { kind: 'notAttempted', stop: 'paused' }),
    nl: 'niet geprobeerd: de batch stopte voordat ze aan de beurt waren; directe toewijzing behouden (details: de run is gepauzeerd)',
  },
  {
    name: 'notAttempted in a cancelled run',
    o: outcome('skipped', 'notAttempted', 'not attempted: run cancelled', { kind: 'notAttempted', stop: 'cancelled' }),
    nl: 'niet geprobeerd: de batch stopte voordat ze aan de beurt waren; directe toewijzing behouden (details: de run is geannuleerd)',
  },
  {
    name: 'a removal not sent again because the user left the group meanwhile',
    o: outcome(
      'skipped',
      'unavailable',
      'removal did not go through (unavailable) and the user is not a member of the group; direct assignment kept',
      {
        kind: 'notResent',
        why: { kind: 'notReady', products: [{ class: 'notMember' }] },
      },
    ),
    nl: 'Graph kon een leesactie of het verwijderen niet voltooien (unavailable); directe toewijzing behouden (details: niet opnieuw verzonden: geen lid van de groep)',
  },
  {
    name: 'a removal of two products that met one taken by someone else, the other not sent again twice',
    o: outcome(
      'skipped',
      'unavailable',
      'ENTERPRISEPACK was removed by someone else meanwhile, so the removal (removal answered unavailable) did not apply; EMS: it did not go through twice; direct assignment kept',
      { kind: 'notResent', why: { kind: 'twice' }, takenByOthers: ['ENTERPRISEPACK'], left: ['EMS'] },
    ),
    nl:
      'Graph kon een leesactie of het verwijderen niet voltooien (unavailable); directe toewijzing behouden (details: Office 365 E3 is intussen door iemand anders verwijderd, dus de verwijdering had geen effect; ' +
      'Enterprise Mobility + Security E3 niet opnieuw verzonden: de verwijdering lukte twee keer niet)',
  },
  {
    name: 'a removal not sent again because a relied-on group could not be confirmed',
    o: outcome(
      'skipped',
      'throttled',
      'removal did not go through (throttled) and relies on group g-2 for SWAY, and the user is no longer a member of it; direct assignment kept',
      {
        kind: 'notResent',
        why: { kind: 'reliance', reliance: { groupId: 'g-2', groupName: 'Sway users', plans: ['SWAY'], problem: { kind: 'notMember' } } },
      },
    ),
    nl:
      'Graph kon een leesactie of het verwijderen niet voltooien (throttled); directe toewijzing behouden (details: niet opnieuw verzonden: ' +
      'ze steunen voor SWAY op groep "Sway users", maar ze zijn geen lid meer van groep "Sway users")',
  },
  {
    name: 'a removal not sent again because the group changed or membership could not be read',
    o: outcome(
      'skipped',
      'timeout',
      'removal did not go through (timeout) and group "Licensing E3" no longer exists; direct assignment kept',
      {
        kind: 'notResent',
        why: { kind: 'group', group: 'Licensing E3', problem: { kind: 'gone' } },
      },
    ),
    nl: 'Graph kon een leesactie of het verwijderen niet voltooien (timeout); directe toewijzing behouden (details: niet opnieuw verzonden: groep "Licensing E3" bestaat niet meer)',
  },
  {
    name: 'a removal not sent again because membership could not be re-read',
    o: outcome(
      'skipped',
      'timeout',
      'removal did not go through (timeout) and their group membership could not be re-read; direct assignment kept',
      {
        kind: 'notResent',
        why: { kind: 'membershipUnread' },
      },
    ),
    nl: 'Graph kon een leesactie of het verwijderen niet voltooien (timeout); directe toewijzing behouden (details: niet opnieuw verzonden: hun groepslidmaatschap kon niet opnieuw worden gelezen)',
  },
];

describe('outcome details said in the reader language', () => {
  it.each(CASES)('should say $name in Dutch from the structured detail, without the English reason', ({ o, nl: dutch }) => {
    const said = outcomeCause(o, nl);
    expect(said).toBe(dutch);
    expect(said).not.toContain(o.reason!);
    expect(said).not.toMatch(ENGLISH);
    // English keeps the engine's own sentence.
    expect(outcomeCause(o, en)).toBe(o.reason);
  });

  it('should cover every code whose sentence takes details', () => {
    const codes = new Set(CASES.map((c) => (c.o.code === 'forbidden' ? 'graphFailed' : c.o.code)));
    for (const code of DETAILED_CODES) expect(codes).toContain(code);
  });

  it('should say every problem of a group, the run group or one relied on, in Dutch', () => {
    const problems: OutcomeDetail[] = (
      [
        { kind: 'gone' },
        { kind: 'noLicense', sku: 'ENTERPRISEPACK' },
        { kind: 'disables', plans: ['SWAY'] },
        { kind: 'becameDynamic' },
        { kind: 'ruleChanged' },
        { kind: 'membershipPaused' },
        { kind: 'membershipFailed', message: 'RuleTooComplex' },
        { kind: 'membershipFailed' },
        { kind: 'membershipProcessing', status: 'Running' },
        { kind: 'licenseProcessing', state: 'QueuedForProcessing' },
        { kind: 'licenseProcessing' },
        { kind: 'unreadable', message: 'HTTP 503' },
        { kind: 'membershipUnread', failure: 'throttled' },
        { kind: 'ruleUnreadable', message: 'memberOf' },
        { kind: 'ruleMiss', misses: [{ property: 'accountEnabled', value: false, clause: 'user.accountEnabled -eq true' }] },
        { kind: 'attributesUnread' },
      ] satisfies GroupProblem[]
    ).map((problem) => ({ kind: 'reliance', reliance: { groupId: 'g-2', plans: ['SWAY'], problem } }));
    for (const d of problems) {
      const said = outcomeCause(
        { outcome: 'skipped', code: 'otherGroupUnconfirmed', reason: 'relies on group g-2 for SWAY, and …', detail: d },
        nl,
      );
      // Without a display name (a group that is gone cannot be read), the group is named by its id.
      expect(said).toContain('ze steunen voor SWAY op groep "g-2", maar ');
      expect(said).not.toMatch(ENGLISH);
    }
  });

  it('should say a value that is not set, and keep attribute values as Entra holds them', () => {
    const said = outcomeCause(
      outcome('skipped', 'notMember', 'x', {
        kind: 'ruleLeaver',
        group: 'Sales',
        misses: [
          { property: 'department', value: 'sales ', clause: 'user.department -eq "Sales"' },
          { property: 'country', value: null, clause: '-not (user.country -eq "NL")' },
        ],
      }),
      nl,
    );
    expect(said).toContain(
      'department = "sales " (de regel vraagt user.department -eq "Sales"); country is niet ingesteld (de regel vraagt -not (user.country -eq "NL"))',
    );
  });

  it('should show the English reason as details for an outcome an earlier version stored without detail', () => {
    const old = outcome('failed', 'servicesLost', 'after removal lost SWAY; direct assignment re-added');
    expect(outcomeCause(old, nl)).toBe(
      'na het verwijderen ontbrak een service; de directe toewijzing is meteen teruggezet, tenzij de details iets anders zeggen ' +
        '(details: after removal lost SWAY; direct assignment re-added)',
    );
    expect(outcomeReason(old, nl)).toMatch(/^Mislukt: na het verwijderen ontbrak een service/);
  });

  it('should read a detail back, and leave out one of a shape this version does not know', () => {
    for (const c of CASES) expect(parseOutcomeDetail(JSON.parse(JSON.stringify(c.o.detail)))).toEqual(c.o.detail);
    expect(parseOutcomeDetail({ kind: 'fromTheFuture', x: 1 })).toBeUndefined();
    expect(parseOutcomeDetail(undefined)).toBeUndefined();
  });
});

describe('outcomes kept in a stored run', () => {
  const base = storedRun({ createdAt: at, updatedAt: at, status: 'completed' });

  it('should load outcomes stored without detail, with one, and drop a detail it cannot read', () => {
    const old = {
      userId: 'u1',
      batchId: 'b1',
      outcome: 'failed',
      reason: 'after removal lost SWAY; direct assignment re-added',
      code: 'servicesLost',
      at,
    };
    const withDetail = { ...old, userId: 'u2', detail: CASES[7].o.detail };
    const future = { ...old, userId: 'u3', detail: { kind: 'fromTheFuture' } };
    const run = runSchema.parse({ ...base, outcomes: [old, withDetail, future] });
    expect(run.outcomes![0]).not.toHaveProperty('detail');
    expect(run.outcomes![1].detail).toEqual(CASES[7].o.detail);
    expect(run.outcomes![2].detail).toBeUndefined();
    expect(run.outcomes![2].reason).toBe(old.reason);
  });
});

describe('products a detail names, by their readable names', () => {
  /** A profile run of two products, with the names Graph gave them when the run was made. */
  const run = {
    skuId: 'id-e3',
    skuPartNumber: 'ENTERPRISEPACK',
    licenses: [
      { skuId: 'id-e3', skuPartNumber: 'ENTERPRISEPACK', displayName: 'Office 365 E3 (Contoso)', disabledPlans: [] },
      { skuId: 'id-ems', skuPartNumber: 'EMS', disabledPlans: [] },
    ],
  };
  const named = productNamer(run);
  const notReady = outcome('skipped', 'notMember', 'ENTERPRISEPACK: no longer ready: notMember; EMS: no longer ready: pending', {
    kind: 'notReady',
    products: [
      { sku: 'ENTERPRISEPACK', class: 'notMember' },
      { sku: 'EMS', class: 'pending' },
    ],
  });

  it("should name the run's products by Graph's name, else the known name, in Dutch", () => {
    expect(outcomeCause(notReady, nl, named)).toContain(
      '(details: Office 365 E3 (Contoso): geen lid van de groep; Enterprise Mobility + Security E3: de groep heeft hun de licentie nog niet gegeven)',
    );
    // Without the run: the known names.
    expect(outcomeCause(notReady, nl)).toContain('(details: Office 365 E3: geen lid van de groep; Enterprise Mobility');
  });

  it('should name a product the engine knew by id, and keep a product no name is known for as written', () => {
    const rollback = outcome('failed', 'restoreFailed', 'restore failed: id-ems: the user no longer exists', {
      kind: 'rollback',
      failure: { kind: 'userGone', sku: 'id-ems' },
    });
    expect(outcomeCause(rollback, nl, named)).toContain('(details: Enterprise Mobility + Security E3: de gebruiker bestaat niet meer)');
    const other = outcome('failed', 'servicesLost', 'after removal the user no longer holds CONTOSO_SPECIAL; direct assignment re-added', {
      kind: 'restore',
      when: 'removal',
      risk: { kind: 'notHeld', skus: ['CONTOSO_SPECIAL', 'ems'] },
      reAdded: true,
      keptDirect: ['ENTERPRISEPACK'],
    });
    expect(outcomeCause(other, nl, named)).toContain(
      'ze hadden CONTOSO_SPECIAL, Enterprise Mobility + Security E3 niet meer; directe toewijzing teruggezet; Office 365 E3 (Contoso) blijft direct toegewezen',
    );
  });

  it("should keep the engine's English sentence, part numbers and all", () => {
    expect(outcomeCause(notReady, en, named)).toBe(notReady.reason);
    expect(outcomeReason(notReady, en, named)).toContain('ENTERPRISEPACK: no longer ready: notMember; EMS');
  });

  it("should name products in a pause's facts by the run's names in Dutch, and keep the English account", () => {
    const paused = {
      ...run,
      pausedReason: 'Batch b1: u1@contoso.example: ENTERPRISEPACK: no longer ready: notMember; EMS: no longer ready: pending',
      pauseCause: {
        kind: 'batchProblem' as const,
        batchId: 'b1',
        detail: 'u1@contoso.example: ENTERPRISEPACK: no longer ready: notMember; EMS: no longer ready: pending',
        about: {
          kind: 'user' as const,
          user: 'u1@contoso.example',
          outcome: 'skipped' as const,
          code: 'notMember',
          detail: notReady.detail,
        },
      },
      batches: [{ id: 'b1', index: 1 }] as never,
    };
    expect(pauseReasonText(paused, nl)).toContain('(details: Office 365 E3 (Contoso): geen lid van de groep; Enterprise Mobility');
    expect(pauseReasonText(paused, en)).toBe(`batch 2 met an unexpected result: ${paused.pauseCause.detail}`);
  });
});
