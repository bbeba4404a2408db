import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FileStorage } from '../../src/bot/fileStorage';
import { RunMessages } from '../../src/bot/runMessages';

describe('FileStorage (botbuilder Storage over JSON files)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'lmb-botstate-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('should keep items across instances (a restart) and delete them', async () => {
    await new FileStorage(dir).write({ 'msteams/conversations/19:abc@thread.tacv2': { dialogState: { x: 1 } } });
    const again = new FileStorage(dir);
    const items = await again.read(['msteams/conversations/19:abc@thread.tacv2', 'missing']);
    expect(items['msteams/conversations/19:abc@thread.tacv2']).toMatchObject({ dialogState: { x: 1 }, eTag: expect.any(String) });
    expect(items.missing).toBeUndefined();
    await again.delete(['msteams/conversations/19:abc@thread.tacv2']);
    expect(await again.read(['msteams/conversations/19:abc@thread.tacv2'])).toEqual({});
  });

  it('should refuse a write with an outdated eTag and accept "*"', async () => {
    const s = new FileStorage(dir);
    await s.write({ k: { v: 1 } });
    const { k } = await s.read(['k']);
    await s.write({ k: { ...k, v: 2 } });
    await expect(s.write({ k: { ...k, v: 3 } })).rejects.toThrow(/eTag conflict/);
    await s.write({ k: { v: 4, eTag: '*' } });
    expect((await s.read(['k'])).k).toMatchObject({ v: 4 });
  });

  it('should let RunMessages remember message ids after a restart', async () => {
    await new RunMessages(new FileStorage(dir)).update('run-1', (r) => {
      r.approvalActivityIds.b0 = 'msg-7';
      r.statusActivityId = 'msg-1';
    });
    const record = await new RunMessages(new FileStorage(dir)).get('run-1');
    expect(record).toEqual({ runId: 'run-1', statusActivityId: 'msg-1', approvalActivityIds: { b0: 'msg-7' } });
  });
});
