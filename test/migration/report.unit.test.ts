import { csvField, outcomesToCsv, outcomesToJson } from '../../src/migration/report';
import type { UserOutcome } from '../../src/migration/types';

const outcomes: UserOutcome[] = [
  { userId: 'u1', userPrincipalName: 'a@x', batchId: 'b1', outcome: 'removed', at: '2026-01-01T00:00:00Z' },
  {
    userId: 'u2',
    userPrincipalName: 'b@x',
    batchId: 'b1',
    outcome: 'skipped',
    reason: 'no longer ready: "pending", left group\nagain',
    at: '2026-01-01T00:00:01Z',
  },
];

describe('report export', () => {
  it('CSV has a header row and escapes quotes, commas and line breaks', () => {
    const csv = outcomesToCsv(outcomes);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('userId,userPrincipalName,batchId,outcome,reason,code,at');
    expect(lines[1]).toBe('u1,a@x,b1,removed,,,2026-01-01T00:00:00Z');
    expect(csv).toContain('"no longer ready: ""pending"", left group\nagain"');
  });

  it('defuses spreadsheet formulas', () => {
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
  });

  it('JSON carries totals and outcomes', () => {
    const parsed = JSON.parse(outcomesToJson(outcomes));
    expect(parsed.totals).toEqual({ removed: 1, skipped: 1, failed: 0, restored: 0 });
    expect(parsed.outcomes).toHaveLength(2);
  });
});
