import { journalStretches, type ReadAt } from '../../src/storage/journalLines';
import type { JournalEntry } from '../../src/migration/types';
import { StorageCorruptError } from '../../src/storage';
import { collect } from './storage.contract';

const line = (seq: number, extra: Record<string, unknown> = {}) =>
  `${JSON.stringify({ seq, at: '2026-01-01T00:00:00.000Z', runId: 'r1', kind: 'user.skipped', userId: `u${seq}`, ...extra })}\n`;

/** Reads from an in-memory journal, recording each read. */
function reader(text: string): { readAt: ReadAt; reads: [number, number][] } {
  const buf = Buffer.from(text, 'utf8');
  const reads: [number, number][] = [];
  return {
    reads,
    readAt: async (from, length) => {
      reads.push([from, length]);
      return buf.subarray(from, from + length);
    },
  };
}

const seqs = (entries: JournalEntry[]) => entries.map((e) => e.seq);

describe('journalStretches (the streamed reading of a JSON Lines journal)', () => {
  it('reads every entry in order a stretch at a time, whatever the stretch size', async () => {
    const text = Array.from({ length: 30 }, (_, i) => line(i + 1)).join('');
    for (const stretch of [64, 100, 1000, 1 << 20]) {
      const { readAt } = reader(text);
      expect(seqs(await collect(journalStretches(readAt, 'mem', 'r1', stretch)))).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    }
  });

  it('reads a line longer than the stretch by growing the read, then goes back to the stretch size', async () => {
    const text = line(1) + line(2, { detail: { reason: 'x '.repeat(500) } }) + line(3);
    const { readAt, reads } = reader(text);
    const entries = await collect(journalStretches(readAt, 'mem', 'r1', 128));
    expect(seqs(entries)).toEqual([1, 2, 3]);
    expect(entries[1].detail?.reason).toHaveLength(1000);
    expect(reads.some(([, n]) => n > 128)).toBe(true);
    expect(reads.at(-1)![1]).toBe(128);
  });

  it('ends at a torn last line, also one longer than the stretch', async () => {
    const torn = line(3, { detail: { reason: 'y '.repeat(400) } }).slice(0, -20);
    for (const tail of ['{"seq":3,"at":"2026', torn]) {
      const { readAt } = reader(line(1) + line(2) + tail);
      expect(seqs(await collect(journalStretches(readAt, 'mem', 'r1', 64)))).toEqual([1, 2]);
    }
  });

  it('reports a corrupt line or a seq going backwards in a later stretch, naming the place', async () => {
    const { readAt } = reader(line(1) + line(2) + 'not json\n');
    await expect(collect(journalStretches(readAt, 'mem://r1', 'r1', 64))).rejects.toThrow(StorageCorruptError);
    const back = reader(line(1) + line(2) + line(2));
    await expect(collect(journalStretches(back.readAt, 'mem://r1', 'r1', 64))).rejects.toThrow(/seq 2 after 2/);
  });

  it('yields nothing for an empty journal', async () => {
    expect(await collect(journalStretches(reader('').readAt, 'mem', 'r1'))).toEqual([]);
  });
});
