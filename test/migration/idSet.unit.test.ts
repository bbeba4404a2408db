import { IdSet } from '../../src/migration/idSet';
import { mulberry32 } from '../../src/sim/fixture';

const guid = (rng: () => number) =>
  Array.from({ length: 32 }, () => Math.floor(rng() * 16).toString(16))
    .join('')
    .replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');

describe('IdSet', () => {
  it('answers as a Set of the same ids does, through many growths, for random and sequential GUIDs', () => {
    const rng = mulberry32(3);
    const random = Array.from({ length: 30_000 }, () => guid(rng));
    // Generated tenants number their users: ids that differ in the last few digits only.
    const sequential = Array.from({ length: 30_000 }, (_, n) => `00000001-6e6e-4000-8000-${n.toString(16).padStart(12, '0')}`);
    const ids = new IdSet();
    const reference = new Set<string>();
    // Disagreements are collected and compared once: an expect per id made this test take half a minute.
    const disagreements: string[] = [];
    for (const id of [...random, ...sequential]) {
      const isNew = !reference.has(id);
      reference.add(id);
      if (ids.add(id) !== isNew) disagreements.push(`add ${id}`);
    }
    expect(ids.size).toBe(reference.size);
    for (const id of [...random, ...sequential]) if (!ids.has(id)) disagreements.push(`has ${id}`);
    for (let i = 0; i < 5000; i++) {
      const other = guid(rng);
      if (ids.has(other) !== reference.has(other)) disagreements.push(`has (other) ${other}`);
    }
    expect(disagreements).toEqual([]);
    expect(ids.add(random[0])).toBe(false);
  });

  it('treats a GUID in capitals as the same id, and keeps ids that are not GUIDs as they are', () => {
    const ids = new IdSet();
    expect(ids.add('6fd2c87f-b296-42f0-b197-1e91e994b900')).toBe(true);
    expect(ids.has('6FD2C87F-B296-42F0-B197-1E91E994B900')).toBe(true);
    expect(ids.add('00000000-0000-0000-0000-000000000000')).toBe(true);
    expect(ids.has('00000000-0000-0000-0000-000000000000')).toBe(true);
    expect(ids.add('00000000-0000-0000-0000-000000000000')).toBe(false);
    for (const odd of ['user-1', 'User-1', '6fd2c87f-b296-42f0-b197-1e91e994b90g', '6fd2c87fb29642f0b1971e91e994b900']) {
      expect(ids.has(odd)).toBe(false);
      expect(ids.add(odd)).toBe(true);
      expect(ids.has(odd)).toBe(true);
    }
    expect(ids.size).toBe(6);
  });
});
