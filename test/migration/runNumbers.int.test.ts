import { promises as fs } from 'node:fs';
import path from 'node:path';
import { contoso, startHarness, type Harness } from '../support/engineHarness';
import { CONTOSO_ALL_USERS as ALL_USERS } from '../support/constants';

const TENANT = '00000000-0000-0100-0000-000000000000';

describe('run numbers', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness(contoso(10), { file: true });
  });
  afterEach(() => h.close());

  const create = () => h.engine.createRun({ requestedBy: 'admin-1', tenantId: TENANT, skuId: 'ENTERPRISEPACK', group: { id: ALL_USERS } });

  it('never repeat when the counter is lost (a store restored or moved without it)', async () => {
    expect([(await create()).number, (await create()).number, (await create()).number]).toEqual([1, 2, 3]);
    await fs.rm(path.join(h.dir!, 'counters'), { recursive: true, force: true });
    const next = await create();
    expect(next.number).toBe(4);
    expect(next.name).toMatch(/· #4$/);
  });
});
