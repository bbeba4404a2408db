import { parseGraphBaseUrl, createGraphClient } from '../../src/graph/transport';
import { Semaphore } from '../../src/graph/semaphore';

describe('parseGraphBaseUrl', () => {
  it('should split the version off so the SDK joins host, version and path correctly', () => {
    expect(parseGraphBaseUrl('https://graph.microsoft.com/v1.0')).toEqual({
      root: 'https://graph.microsoft.com',
      version: 'v1.0',
      base: 'https://graph.microsoft.com/v1.0',
    });
    expect(parseGraphBaseUrl('http://127.0.0.1:5050/v1.0/')).toMatchObject({ root: 'http://127.0.0.1:5050', version: 'v1.0' });
    expect(parseGraphBaseUrl('https://proxy.example/graph/beta')).toMatchObject({ root: 'https://proxy.example/graph', version: 'beta' });
  });

  it('should reject what is not an http(s) URL with a clear message', () => {
    expect(() => parseGraphBaseUrl('graph.microsoft.com')).toThrow(/not a URL/);
    expect(() => parseGraphBaseUrl('ftp://x/v1.0')).toThrow(/http or https/);
  });
});

describe('createGraphClient', () => {
  it('should refuse to send a credential over plain http', () => {
    expect(() =>
      createGraphClient({ baseUrl: 'http://127.0.0.1:5050/v1.0', auth: 'clientSecret', tenantId: 't', clientId: 'c', clientSecret: 's' }),
    ).toThrow(/needs an https base URL/);
  });

  it('should name the missing setting of a credential', () => {
    expect(() =>
      createGraphClient({ baseUrl: 'https://graph.microsoft.com/v1.0', auth: 'certificate', tenantId: 't', clientId: 'c' }),
    ).toThrow(/needs certificatePath/);
  });

  it('should reject a concurrency below one', () => {
    expect(() => createGraphClient({ baseUrl: 'http://127.0.0.1:1/v1.0', auth: 'none', concurrency: 0 })).toThrow(/concurrency/);
  });
});

describe('Semaphore', () => {
  it('should let at most limit holders in and serve waiters in order', async () => {
    const s = new Semaphore(2);
    const order: number[] = [];
    const r1 = await s.acquire();
    const r2 = await s.acquire();
    const third = s.acquire().then((r) => (order.push(3), r));
    const fourth = s.acquire().then((r) => (order.push(4), r));
    expect(s.inUse).toBe(2);
    r1();
    r1(); // a second release of the same slot is ignored
    const r3 = await third;
    expect(order).toEqual([3]);
    r2();
    const r4 = await fourth;
    expect(order).toEqual([3, 4]);
    r3();
    r4();
    expect(s.inUse).toBe(0);
  });
});
