import { randomUUID } from 'node:crypto';

/** A Graph-shaped failure: thrown by route handlers, turned into an OData error body by the server. */
export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export interface SimResponse {
  status: number;
  headers: Record<string, string>;
  body?: unknown;
}

/** Graph's OData error envelope. */
export function errorBody(code: string, message: string, requestId: string, clientRequestId?: string): unknown {
  return {
    error: {
      code,
      message,
      innerError: {
        date: new Date().toISOString().replace(/\.\d{3}Z$/, ''),
        'request-id': requestId,
        'client-request-id': clientRequestId ?? requestId,
      },
    },
  };
}

export function errorResponse(err: GraphError, clientRequestId?: string): SimResponse {
  const requestId = randomUUID();
  return {
    status: err.status,
    headers: { 'content-type': 'application/json', 'request-id': requestId, ...err.headers },
    body: errorBody(err.code, err.message, requestId, clientRequestId),
  };
}

export const badRequest = (message: string, code = 'Request_BadRequest') => new GraphError(400, code, message);
export const notFound = (id: string) =>
  new GraphError(
    404,
    'Request_ResourceNotFound',
    `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
  );
/**
 * Nobody adds or removes members of a dynamic group by hand: Graph refuses with its generic authorization error
 * (Microsoft's Entra developer support lists dynamic groups among the causes of this answer to members/$ref).
 */
export const dynamicMembersRefused = () =>
  new GraphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
export const unsupportedQuery = () => new GraphError(400, 'Request_UnsupportedQuery', 'Unsupported query.');

/** Messages of Graph's license assignment failures (reference §2.1). */
export const messages = {
  inherited: 'User license is inherited from a group membership and it cannot be removed directly from the user.',
  noSeats: (skuId: string) => `Subscription with SKU ${skuId} does not have any available licenses.`,
  usageLocation: 'License assignment cannot be done for user with invalid usage location.',
  exclusive: (a: string, b: string) => `License assignment failed because service plans ${a},${b} are mutually exclusive.`,
  dependsOn: (plan: string, on: string[]) =>
    `License assignment failed because service plan ${plan} depends on the service plan(s) ${on.join(',')}.`,
  prohibited: (plan: string, loc: string) =>
    `License assignment failed because service plan ${plan} is not available in usage location ${loc}.`,
  unknownSku: (skuId: string) => `License ${skuId} does not correspond to a valid company License.`,
  notAssigned: (skuId: string) => `User does not have a corresponding license ${skuId} to remove.`,
  invalidPlan: (plan: string, skuId: string) => `Service plan ${plan} is not part of the license ${skuId}.`,
  duplicateMember: "One or more added object references already exist for the following modified properties: 'members'.",
};
