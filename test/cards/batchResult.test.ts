import { buildBatchResultCard } from '../../src/cards';
import { productNamer } from '../../src/cards/outcomeText';
import { localizer } from '../../src/i18n';
import type { SettleReport } from '../../src/migration/types';
import { runSchema } from '../../src/storage/schemas';
import { storedRun } from '../support/unitFixtures';
import { textOf } from './cardWalk';
import * as fx from './fixtures';

describe('batch result card title', () => {
  const result = fx.batchResult(200);

  it('should number the canary and later batches as people count them, never by the stored id', () => {
    const canary = textOf(buildBatchResultCard({ result, position: { index: 0, total: 5 } }));
    expect(canary).toContain('Canary batch 1 of 5 finished');
    const third = textOf(buildBatchResultCard({ result, position: { index: 2, total: 5 } }));
    expect(third).toContain('Batch 3 of 5 finished');
    expect(`${canary}\n${third}`).not.toContain(result.batchId);
  });

  it('should still have a title without a position', () => {
    expect(textOf(buildBatchResultCard({ result }))).toMatch(/^Batch finished/);
  });
});

describe('batch result card settle check', () => {
  const base = fx.batchResult(20);

  it('should say the check passed with the number of removed users read back', () => {
    const text = textOf(buildBatchResultCard({ result: { ...base, settle: { checked: 18, restored: [], complete: true } } }));
    expect(text).toContain('Settle check passed');
    expect(text).toContain('all 18 removed users still had every service');
  });

  it('should name the users who lost services and whether their assignment is back', () => {
    const restored = Array.from({ length: 7 }, (_, i) => ({
      userId: `u${i}`,
      userPrincipalName: `user_${i}@contoso.com`,
      lost: ['EXCHANGE_S_ENTERPRISE'],
      ok: i !== 6,
    }));
    const text = textOf(buildBatchResultCard({ result: { ...base, settle: { checked: 18, restored, complete: true } } }));
    expect(text).toContain('Settle check: 7 users lost services after Entra finished processing the group');
    expect(text).toContain('Direct assignment re-added for 6; could NOT be re-added for 1.');
    expect(text).toContain('user\\_0@contoso.com');
    expect(text).toContain('and 2 more');
  });

  it('should warn when the check could not finish, and say nothing for a batch without one', () => {
    const text = textOf(
      buildBatchResultCard({
        result: {
          ...base,
          settle: {
            checked: 0,
            restored: [],
            complete: false,
            reason: 'group "All users" is still processing licenses (ProcessingInProgress) after waiting 1800 s',
          },
        },
      }),
    );
    expect(text).toContain('Settle check not finished');
    expect(text).toContain('after waiting 1800 s. Check the removed users (verify) before approving the next batch.');
    expect(textOf(buildBatchResultCard({ result: base }))).not.toContain('Settle check');
  });

  describe('why the check did not finish, in the reader language', () => {
    const en = localizer('en');
    const nl = localizer('nl');
    const unfinished = (gap?: SettleReport['gap'], reason?: string): SettleReport => ({
      checked: 3,
      restored: [],
      complete: false,
      ...(reason ? { reason } : {}),
      ...(gap ? { gap } : {}),
    });
    const slow = unfinished(
      { kind: 'group', group: 'Licensing E3', problem: { kind: 'licenseProcessing', state: 'ProcessingInProgress' }, waitedSeconds: 1800 },
      'group "Licensing E3" is still processing licenses (ProcessingInProgress) after waiting 1800 s',
    );
    const unread = unfinished(
      { kind: 'unread', user: 'adele@contoso.example', failure: 'throttled' },
      'could not read adele@contoso.example back (throttled)',
    );
    const card = (settle: SettleReport, l = nl, productName = productNamer()) =>
      textOf(buildBatchResultCard({ result: { ...base, settle }, productName }, l));
    /** Words of the engine's English reasons that must not reach a Dutch card. */
    const ENGLISH = /\b(still|processing|licenses|after waiting|could not|read|back|group "|license of)\b/;

    it('should say the group not ready in time, and a user not read back, from the facts in Dutch', () => {
      const group = card(slow);
      expect(group).toContain('Nacontrole niet voltooid');
      expect(group).toContain(
        'groep "Licensing E3" verwerkt licenties nog (ProcessingInProgress), na 1.800 s wachten. Controleer de verwijderde gebruikers (verify)',
      );
      const user = card(unread);
      expect(user).toContain('adele@contoso.example kon niet opnieuw worden gelezen (throttled). Controleer');
      // The settle check's own line carries none of the engine's English.
      const settleLine = (text: string) => text.split('\n')[text.split('\n').indexOf('Nacontrole niet voltooid') + 1];
      for (const said of [group, user]) expect(settleLine(said)).not.toMatch(ENGLISH);
    });

    it('should name a product of the group by its readable name, the run own name first', () => {
      const changed = unfinished(
        { kind: 'group', group: 'Licensing E3', problem: { kind: 'licenseChanged', sku: 'ENTERPRISEPACK' } },
        'the ENTERPRISEPACK license of group "Licensing E3" was changed',
      );
      expect(card(changed)).toContain('de Office 365 E3-licentie van groep "Licensing E3" is gewijzigd');
      const named = productNamer({ skuId: 'sku-e3', skuPartNumber: 'ENTERPRISEPACK', skuDisplayName: 'Office 365 E3 (Contoso)' });
      expect(card(changed, nl, named)).toContain('de Office 365 E3 (Contoso)-licentie van groep');
      // English keeps the engine's sentence, part number and all.
      expect(card(changed, en, named)).toContain('the ENTERPRISEPACK license of group "Licensing E3" was changed. Check the removed users');
    });

    it("should keep the engine's English reason in English, and for a report of an earlier version (no facts)", () => {
      expect(card(slow, en)).toContain(
        'group "Licensing E3" is still processing licenses (ProcessingInProgress) after waiting 1800 s. Check the removed users (verify)',
      );
      expect(card(unread, en)).toContain('could not read adele@contoso.example back (throttled). Check the removed users');
      // Without facts Dutch shows the English reason it has, or says in Dutch that Entra was not done.
      const old = card(unfinished(undefined, 'could not read u1 back (timeout)'));
      expect(old).toContain('could not read u1 back (timeout). Controleer de verwijderde gebruikers');
      expect(card(unfinished())).toContain('Entra was nog niet klaar met het verwerken van de groep. Controleer');
      // Facts without the English sentence are said in English too.
      expect(card(unfinished(unread.gap), en)).toContain('adele@contoso.example could not be read back (throttled). Check');
    });

    it('should keep the facts of a stored batch, and drop facts of a shape this version does not know', () => {
      const tally = { removed: 3, skipped: 0, failed: 0, restored: 0 };
      const batch = { id: 'b0', index: 0, size: 3, sample: [], tally, status: 'failed' as const, approvals: [], settle: slow };
      expect(runSchema.parse({ ...storedRun(), batches: [batch] }).batches[0].settle).toEqual(slow);
      const future = { ...batch, settle: { ...slow, gap: { kind: 'fromTheFuture' } } };
      const { gap: _gap, ...withoutGap } = slow;
      expect(runSchema.parse({ ...storedRun(), batches: [future] }).batches[0].settle).toEqual(withoutGap);
      const earlier = { ...batch, settle: withoutGap };
      expect(runSchema.parse({ ...storedRun(), batches: [earlier] }).batches[0].settle).toEqual(withoutGap);
    });
  });
});
