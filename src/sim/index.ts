import { loadFixture, type Behaviour, type TenantFixture } from './fixture';
import type { Violation } from './invariants';
import { Simulator } from './server';
import type { Stats } from './stats';

export { loadFixture, FixtureError, generatedUserId } from './fixture';
export type { Behaviour, TenantFixture } from './fixture';
export type { Violation } from './invariants';
export type { Stats } from './stats';

export interface StartOptions {
  /** Path of a fixture file, or a fixture object. */
  fixture: string | object;
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  behaviour?: Partial<Behaviour>;
  quiet?: boolean;
}

export interface RunningSimulator {
  /** e.g. http://127.0.0.1:5050 (control plane under /_sim). */
  url: string;
  /** url + '/v1.0'. */
  graphUrl: string;
  close(): Promise<void>;
  invariants(): Violation[];
  stats(): Stats;
  resetStats(): void;
  behaviour(): Behaviour;
  setBehaviour(patch: Partial<Behaviour> | Record<string, unknown>): Behaviour;
  setAutomation(enabled: boolean): void;
  /** Whether any group has queued or running license or dynamic membership processing. */
  processing(): boolean;
  /** The live simulator, for tests that need more than the accessors. */
  simulator: Simulator;
}

/** Starts the Graph tenant simulator on HTTP and resolves once it listens. */
export async function startSimulator(opts: StartOptions): Promise<RunningSimulator> {
  const fixture: TenantFixture = loadFixture(opts.fixture);
  const sim = new Simulator(fixture, opts.behaviour ?? {});
  const host = opts.host ?? '127.0.0.1';
  let url: string;
  try {
    url = await sim.listen(opts.port ?? 0, host);
  } catch (e) {
    await sim.close();
    throw e;
  }
  if (!opts.quiet) console.log(`listening on ${url}`);
  return {
    url,
    graphUrl: `${url}/v1.0`,
    close: () => sim.close(),
    invariants: () => [...sim.state.invariants.violations],
    stats: () => sim.state.stats.snapshot(),
    resetStats: () => sim.state.stats.reset(),
    behaviour: () => sim.state.behaviour,
    setBehaviour: (patch) => sim.setBehaviour(patch),
    setAutomation: (enabled) => sim.state.automation.setEnabled(enabled),
    processing: () => sim.state.processor.busy() || sim.state.membership.busy(),
    simulator: sim,
  };
}
