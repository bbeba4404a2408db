/**
 * Why a user was skipped or failed, on the batch result card, in the reader's language: Dutch says what the
 * outcome's code means (with the engine's reason as details where it names more), English keeps the engine's
 * reason, and an unknown code keeps the engine's reason in any language.
 */
import { buildBatchResultCard } from '../../src/cards';
import { outcomeCause } from '../../src/cards/outcomeText';
import type { UserOutcome } from '../../src/migration/types';
import { localizer } from '../../src/i18n';
import { textOf } from './cardWalk';

const at = '2026-01-01T00:00:00.000Z';
const outcome = (n: number, kind: 'failed' | 'skipped', code: string | undefined, reason: string | undefined): UserOutcome => ({
  userId: `u${n}`,
  userPrincipalName: `user${n}@contoso.example`,
  batchId: 'b1',
  outcome: kind,
  ...(code ? { code } : {}),
  ...(reason ? { reason } : {}),
  at,
});

// Reasons as the removal path, the settle check and rollback write them.
const LOST = outcome(1, 'failed', 'servicesLost', 'after removal lost SWAY; direct assignment could NOT be re-added (throttled)');
const STILL = outcome(2, 'failed', 'stillDirect', 'Graph reported success but the direct assignment is still there');
const PENDING = outcome(3, 'skipped', 'pending', 'no longer ready: pending');
const THROTTLED = outcome(4, 'skipped', 'throttled', 'could not re-read the user (throttled); direct assignment kept');
const REFUSED = outcome(5, 'failed', 'forbidden', 'removal refused: Insufficient privileges to complete the operation.');
const GONE = outcome(6, 'skipped', 'notFound', 'user no longer exists');
const NEW_CODE = outcome(7, 'skipped', 'somethingNew', 'a reason the card layer does not know yet');
const ERROR = outcome(8, 'skipped', 'error', 'no longer ready: error (CountViolation)');
const NO_REASON = outcome(9, 'failed', 'restoreFailed', undefined);

describe('outcome reasons in the language of the reader', () => {
  const nl = localizer('nl');
  const en = localizer('en');

  it('should say a known code in Dutch, with the engine reason as details where it names more', () => {
    expect(outcomeCause(LOST, nl)).toBe(
      'na het verwijderen ontbrak een service; de directe toewijzing is meteen teruggezet, tenzij de details iets anders zeggen ' +
        '(details: after removal lost SWAY; direct assignment could NOT be re-added (throttled))',
    );
    expect(outcomeCause(STILL, nl)).toBe('Graph meldde succes, maar de directe toewijzing is er nog; er is niets verwijderd');
    expect(outcomeCause(PENDING, nl)).not.toContain('pending');
    expect(outcomeCause(GONE, nl)).toBe('de gebruiker of de directe toewijzing bestaat niet meer; er viel niets te verwijderen');
    // The Entra code stays as Entra writes it.
    expect(outcomeCause(ERROR, nl)).toContain('CountViolation');
  });

  it("should name Graph's failure kind, and whether the direct assignment is kept or still there", () => {
    expect(outcomeCause(THROTTLED, nl)).toBe(
      'Graph kon een leesactie of het verwijderen niet voltooien (throttled); directe toewijzing behouden',
    );
    expect(outcomeCause(REFUSED, nl)).toBe(
      'Graph weigerde het verwijderen (forbidden); de directe toewijzing is er nog (details: removal refused: Insufficient privileges to complete the operation.)',
    );
  });

  it("should keep the engine's reason for an unknown code, and in English", () => {
    expect(outcomeCause(NEW_CODE, nl)).toBe('a reason the card layer does not know yet');
    for (const o of [LOST, STILL, PENDING, THROTTLED, REFUSED, GONE, NEW_CODE, ERROR]) expect(outcomeCause(o, en)).toBe(o.reason);
  });

  it('should say a code stored without a reason in either language', () => {
    expect(outcomeCause(NO_REASON, en)).toBe('rollback could NOT re-add the direct assignment');
    expect(outcomeCause(NO_REASON, nl)).toBe('rollback kon de directe toewijzing NIET terugzetten');
    expect(outcomeCause(outcome(10, 'skipped', undefined, undefined), nl)).toBe('geen reden vastgelegd');
  });

  it('should put the Dutch reasons on the batch result card', () => {
    const issues = [LOST, STILL, PENDING, THROTTLED];
    const result = { runId: 'r1', batchId: 'b1', removed: 6, skipped: 2, failed: 2, issues };
    const text = textOf(buildBatchResultCard({ result, position: { index: 1, total: 3 } }, nl));
    expect(text).toContain('Mislukt: na het verwijderen ontbrak een service');
    expect(text).toContain('Overgeslagen: Graph kon een leesactie');
    expect(text).not.toContain('no longer ready');
    const english = textOf(buildBatchResultCard({ result, position: { index: 1, total: 3 } }, en));
    expect(english).toContain('Failed: after removal lost SWAY; direct assignment could NOT be re-added');
  });
});
