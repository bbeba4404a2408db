import { CloudAdapter, type Activity, type InvokeResponse, type TurnContext } from 'botbuilder';

/**
 * CloudAdapter with its turn processing open to our own HTTP intake: the intake reads and checks the body and
 * answers every failure itself (one log line, no stack), where CloudAdapter.process would print stack traces.
 */
export class TeamsAdapter extends CloudAdapter {
  /** Authenticates the request (JWT when an app id is set) and runs the bot on the activity. */
  handleActivity(
    authHeader: string,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    return this.processActivity(authHeader, activity, logic);
  }
}

/** Whether an error is botbuilder's refusal of the caller's credentials (AuthenticationError carries a 401/403). */
export function isAuthenticationFailure(err: unknown): boolean {
  const status = (err as { statusCode?: unknown } | null)?.statusCode;
  return (err as Error | null)?.name === 'AuthenticationError' || status === 401 || status === 403;
}
