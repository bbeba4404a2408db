/** Admin-facing fixes per Entra license error code (graph-licensing.md §6). */
export const ERROR_FIXES: Record<string, string> = {
  CountViolation:
    'Not enough licenses: buy more or free seats (remove unused direct or other group assignments), then reprocess the group.',
  MutuallyExclusiveViolation:
    'A service plan conflicts with a plan from another product the user holds: remove the conflicting license or disable the conflicting plan, then reprocess the user.',
  DependencyViolation:
    'A plan another product depends on would be missing: keep the required plan through another path or disable the dependent services, then reprocess.',
  ProhibitedInUsageLocationViolation:
    "A service is not available in the user's usage location: correct usageLocation or remove the user from the group, then reprocess.",
  UniquenessViolation: 'Duplicate proxy address (Exchange): fix the proxy addresses, then reprocess the user.',
  Other: 'Inspect the user in the Entra admin center (Licenses > assignment paths) and reprocess the user.',
};

/** The fix for an Entra license error code; unknown codes get the generic advice. */
export function fixForError(code: string | null | undefined): string {
  return (code && ERROR_FIXES[code]) || ERROR_FIXES.Other;
}
