import type { Activity, TurnContext } from 'botbuilder';
import { AdapterNotifier, type ConversationRef, type ProactiveAdapter } from '../../src/bot/notifier';

/** A hand-written fake connector: records every operation, can fail the next ones, can hold sends. */
class FakeConnector implements ProactiveAdapter {
  readonly ops: { kind: 'post' | 'update'; conversationId?: string; text?: string; id?: string }[] = [];
  failures: number[] = [];
  gate: Promise<void> | null = null;
  private nextId = 1;

  async continueConversationAsync(
    _appId: string,
    reference: ConversationRef,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<void> {
    const record = (kind: 'post' | 'update', a: Partial<Activity>, id?: string) =>
      this.ops.push({ kind, conversationId: reference.conversation?.id, text: a.text, id });
    const context = {
      sendActivity: async (a: Partial<Activity>) => {
        await this.step();
        const id = `m${this.nextId++}`;
        record('post', a, id);
        return { id };
      },
      updateActivity: async (a: Partial<Activity>) => {
        await this.step();
        record('update', a, a.id);
      },
    } as unknown as TurnContext;
    await logic(context);
  }

  private async step(): Promise<void> {
    if (this.gate) await this.gate;
    const status = this.failures.shift();
    if (status) throw Object.assign(new Error(`status ${status}`), { statusCode: status });
  }
}

const conv = (id: string): ConversationRef => ({ conversation: { id } as never, serviceUrl: 'https://smba.example.test/' });

describe('AdapterNotifier', () => {
  it('should post and return the new message id, then edit that message', async () => {
    const fake = new FakeConnector();
    const n = new AdapterNotifier(fake, 'app-id', { limits: [{ ms: 1000, max: 1000 }] });
    const id = await n.post(conv('c1'), { type: 'message', text: 'hello' });
    expect(id).toBe('m1');
    await n.update(conv('c1'), id!, { type: 'message', text: 'hello again' });
    expect(fake.ops).toEqual([
      { kind: 'post', conversationId: 'c1', text: 'hello', id: 'm1' },
      { kind: 'update', conversationId: 'c1', text: 'hello again', id: 'm1' },
    ]);
  });

  it('should coalesce queued edits of one message into the newest content', async () => {
    const fake = new FakeConnector();
    const n = new AdapterNotifier(fake, 'app-id', { limits: [{ ms: 1000, max: 1000 }] });
    let open!: () => void;
    fake.gate = new Promise((r) => {
      open = r;
    });
    const first = n.update(conv('c1'), 'm9', { text: '10%' });
    const queued = [
      n.update(conv('c1'), 'm9', { text: '20%' }),
      n.update(conv('c1'), 'm9', { text: '30%' }),
      n.update(conv('c1'), 'm9', { text: '40%' }),
    ];
    fake.gate = null;
    open();
    await Promise.all([first, ...queued]);
    expect(fake.ops.map((o) => o.text)).toEqual(['10%', '40%']);
  });

  it('should keep posts in order and never merge them', async () => {
    const fake = new FakeConnector();
    const n = new AdapterNotifier(fake, 'app-id', { limits: [{ ms: 1000, max: 1000 }] });
    await Promise.all(['a', 'b', 'c'].map((t) => n.post(conv('c1'), { text: t })));
    expect(fake.ops.map((o) => o.text)).toEqual(['a', 'b', 'c']);
  });

  it('should back off and retry on 429, 412 and 5xx gateway errors', async () => {
    const fake = new FakeConnector();
    fake.failures = [429, 503, 412];
    const n = new AdapterNotifier(fake, 'app-id', { limits: [{ ms: 1000, max: 1000 }], baseBackoffMs: 1 });
    await expect(n.post(conv('c1'), { text: 'made it' })).resolves.toBe('m1');
    expect(fake.ops).toHaveLength(1);
  });

  it('should give up after the last attempt and on errors that a retry cannot fix', async () => {
    const fake = new FakeConnector();
    fake.failures = [403];
    const n = new AdapterNotifier(fake, 'app-id', { limits: [{ ms: 1000, max: 1000 }], baseBackoffMs: 1, maxAttempts: 2 });
    await expect(n.post(conv('c1'), { text: 'x' })).rejects.toMatchObject({ statusCode: 403 });
    fake.failures = [429, 429];
    await expect(n.post(conv('c1'), { text: 'y' })).rejects.toMatchObject({ statusCode: 429 });
    // The lane keeps working afterwards.
    await expect(n.post(conv('c1'), { text: 'z' })).resolves.toBeDefined();
    expect(fake.ops.map((o) => o.text)).toEqual(['z']);
  });

  it('should drain once every queued operation has settled', async () => {
    const fake = new FakeConnector();
    const n = new AdapterNotifier(fake, 'app-id', { limits: [{ ms: 1000, max: 1000 }] });
    void n.post(conv('c1'), { text: 'one' });
    void n.post(conv('c2'), { text: 'two' });
    await n.drain();
    expect(fake.ops.map((o) => o.text).sort()).toEqual(['one', 'two']);
  });

  it('should keep each conversation within its windows, queueing what does not fit', async () => {
    const fake = new FakeConnector();
    const at: number[] = [];
    const timed = {
      continueConversationAsync: (...a: Parameters<FakeConnector['continueConversationAsync']>) => (
        at.push(Date.now()),
        fake.continueConversationAsync(...a)
      ),
    };
    const n = new AdapterNotifier(timed, 'app-id', { limits: [{ ms: 200, max: 2 }] });
    await Promise.all(['a', 'b', 'c', 'd', 'e'].map((t) => n.post(conv('c1'), { text: t })));
    expect(fake.ops.map((o) => o.text)).toEqual(['a', 'b', 'c', 'd', 'e']);
    for (const t of at) expect(at.filter((u) => u >= t && u < t + 200).length).toBeLessThanOrEqual(2);
  });
});
