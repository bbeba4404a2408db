import { GraphError } from '@microsoft/microsoft-graph-client';
import { GraphNetworkError, isTransient, retryAfterSeconds, toGraphFailure } from '../../src/graph/graphFailure';
import { GraphRequestError } from '../../src/graph/types';

const badRequest = (message: string, code = 'Request_BadRequest') => ({
  error: { code, message, innerError: { 'request-id': 'req-1', date: '2024-01-01T00:00:00' } },
});

describe('toGraphFailure', () => {
  it.each([
    ['User license is inherited from a group membership and it cannot be removed directly from the user.', 'inheritedOnly'],
    ['Subscription with SKU 6fd2c87f-b296-42f0-b197-1e91e994b900 does not have any available licenses.', 'noFreeUnits'],
    ['License assignment cannot be done for user with invalid usage location.', 'usageLocationMissing'],
    ['License assignment failed because service plans a,b are mutually exclusive.', 'mutuallyExclusive'],
    ['License assignment failed because service plan a depends on the service plan(s) b.', 'dependency'],
    ["One or more added object references already exist for the following modified properties: 'members'.", 'alreadyMember'],
    ['License assignment failed because service plan a is not available in usage location KP.', 'usageLocationProhibited'],
    ['User does not have a corresponding license 6fd2c87f-b296-42f0-b197-1e91e994b900 to remove.', 'notAssigned'],
    ['Unsupported query.', 'badRequest'],
  ])('should name the 400 "%s" as %s', (message, kind) => {
    const f = toGraphFailure(400, badRequest(message));
    expect(f).toMatchObject({ kind, status: 400, code: 'Request_BadRequest', message, requestId: 'req-1' });
  });

  it('should read an error body given as a JSON string', () => {
    expect(toGraphFailure(400, JSON.stringify(badRequest('User license is inherited from a group membership.'))).kind).toBe(
      'inheritedOnly',
    );
  });

  it.each([
    [404, 'Request_ResourceNotFound', 'notFound'],
    [400, 'Request_ResourceNotFound', 'notFound'],
    [403, 'Authorization_RequestDenied', 'forbidden'],
    [400, 'Authorization_RequestDenied', 'forbidden'],
    [401, 'InvalidAuthenticationToken', 'unauthorized'],
    [502, 'BadGateway', 'unavailable'],
    [503, 'ServiceUnavailable', 'unavailable'],
    [504, 'GatewayTimeout', 'unavailable'],
    [500, 'InternalServerError', 'unknown'],
    [409, 'Conflict', 'badRequest'],
  ])('should name status %i with code %s as %s', (status, code, kind) => {
    expect(toGraphFailure(status, badRequest('whatever', code)).kind).toBe(kind);
  });

  it('should carry Retry-After of a 429 as seconds, from Headers or a plain record', () => {
    const body = { error: { code: 'TooManyRequests', message: 'Please retry again later.' } };
    expect(toGraphFailure(429, body, new Headers({ 'Retry-After': '2.128' }))).toMatchObject({
      kind: 'throttled',
      retryAfterSeconds: 2.128,
    });
    expect(toGraphFailure(429, body, { 'retry-after': '7' })).toMatchObject({ kind: 'throttled', retryAfterSeconds: 7 });
    expect(toGraphFailure(503, null, { 'Retry-After': '1' })).toMatchObject({ kind: 'unavailable', retryAfterSeconds: 1 });
  });

  it('should not let a message turn a 429 into something else', () => {
    expect(toGraphFailure(429, badRequest('already exist')).kind).toBe('throttled');
  });

  it('should still give a code and message when the body is empty or not JSON', () => {
    expect(toGraphFailure(404, null)).toMatchObject({ kind: 'notFound', code: 'HTTP404', message: 'HTTP 404' });
    expect(toGraphFailure(502, '<html>bad gateway</html>')).toMatchObject({ kind: 'unavailable', code: 'HTTP502' });
  });

  it('should call a dropped connection a timeout (the change may have been applied)', () => {
    expect(toGraphFailure(new GraphNetworkError('no response within 50 ms'))).toMatchObject({
      kind: 'timeout',
      status: 0,
      message: 'no response within 50 ms',
    });
    // What the SDK hands back after wrapping the transport error.
    const wrapped = new GraphError(-1, '', new GraphNetworkError('socket hang up'));
    wrapped.code = 'GraphNetworkError';
    expect(toGraphFailure(wrapped).kind).toBe('timeout');
    expect(toGraphFailure(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })).kind).toBe('timeout');
  });

  it('should map an SDK GraphError with a status like the status itself', () => {
    const e = new GraphError(403, 'Insufficient privileges');
    e.body = JSON.stringify(badRequest('Insufficient privileges to complete the operation.', 'Authorization_RequestDenied'));
    expect(toGraphFailure(e).kind).toBe('forbidden');
  });

  it('should pass a GraphRequestError through unchanged and call other errors unknown', () => {
    const failure = { kind: 'noFreeUnits' as const, status: 400, code: 'x', message: 'y' };
    expect(toGraphFailure(new GraphRequestError(failure))).toBe(failure);
    expect(toGraphFailure(new TypeError('x is not a function')).kind).toBe('unknown');
  });
});

describe('retryAfterSeconds', () => {
  it('should accept seconds, fractions and HTTP dates and ignore garbage', () => {
    expect(retryAfterSeconds({ 'Retry-After': '0' })).toBe(0);
    expect(retryAfterSeconds(new Headers({ 'retry-after': '1.5' }))).toBe(1.5);
    const inFuture = new Date(Date.now() + 10_000).toUTCString();
    expect(retryAfterSeconds({ 'Retry-After': inFuture })).toBeGreaterThan(5);
    expect(retryAfterSeconds({ 'Retry-After': 'soon' })).toBeUndefined();
    expect(retryAfterSeconds(undefined)).toBeUndefined();
  });
});

describe('isTransient', () => {
  it('should call only throttled and unavailable transient', () => {
    expect(isTransient(toGraphFailure(429, null))).toBe(true);
    expect(isTransient(toGraphFailure(503, null))).toBe(true);
    expect(isTransient(toGraphFailure(404, null))).toBe(false);
    expect(isTransient(toGraphFailure(new GraphNetworkError('x')))).toBe(false);
  });
});
