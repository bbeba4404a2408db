import type { Behaviour } from './fixture';

export type Fault = 'none' | '429' | '503' | 'timeout';

/** Rolls the configured random faults for one request; a timeout is decided before, applied after the change. */
export function rollFault(b: Behaviour, rnd: () => number = Math.random): { before: Fault; dropResponse: boolean } {
  const f = b.faults;
  let before: Fault = 'none';
  if (f.rate429 > 0 && rnd() < f.rate429) before = '429';
  else if (f.rate503 > 0 && rnd() < f.rate503) before = '503';
  const dropResponse = before === 'none' && f.rateTimeout > 0 && rnd() < f.rateTimeout;
  return { before, dropResponse };
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
