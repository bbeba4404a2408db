import type { BatchPolicy } from './engine';

export const DEFAULT_BATCH_POLICY: BatchPolicy = { canarySize: 10, growthFactor: 4, maxBatchSize: 1000 };

/** Checks a batch policy; returns the problems in words (empty when fine). */
export function batchPolicyProblems(p: BatchPolicy): string[] {
  const problems: string[] = [];
  if (!Number.isInteger(p.canarySize) || p.canarySize < 1) problems.push('canarySize must be a whole number ≥ 1');
  if (!Number.isFinite(p.growthFactor) || p.growthFactor < 1) problems.push('growthFactor must be a number ≥ 1');
  if (!Number.isInteger(p.maxBatchSize) || p.maxBatchSize < 1) problems.push('maxBatchSize must be a whole number ≥ 1');
  return problems;
}

/** Splits ready users into batches: a canary first, then batches growing by growthFactor up to maxBatchSize. */
export function planBatchSizes(total: number, policy: BatchPolicy): number[] {
  const sizes: number[] = [];
  let size = Math.min(policy.canarySize, policy.maxBatchSize);
  let left = total;
  while (left > 0) {
    const take = Math.min(size, left);
    sizes.push(take);
    left -= take;
    size = Math.min(policy.maxBatchSize, Math.max(size + 1, Math.floor(size * policy.growthFactor)));
  }
  return sizes;
}

/** User ids grouped into batches by planBatchSizes, keeping the given order. */
export function splitIntoBatches(userIds: readonly string[], policy: BatchPolicy): string[][] {
  const out: string[][] = [];
  let at = 0;
  for (const n of planBatchSizes(userIds.length, policy)) {
    out.push(userIds.slice(at, at + n));
    at += n;
  }
  return out;
}
