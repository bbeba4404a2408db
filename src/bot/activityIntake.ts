import type { IncomingMessage } from 'node:http';
import { z } from 'zod';

/** Largest activity accepted: Teams messages and card payloads are a few KB; Adaptive Card replies stay under 28 KB. */
export const MAX_ACTIVITY_BYTES = 256 * 1024;

/** Why a request was not admitted, with the HTTP status to answer. */
export class IntakeError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'IntakeError';
  }
}

const text = (max: number) => z.string().max(max);

/**
 * The shape every activity must have before botbuilder sees it: from Teams, addressed to a conversation, with
 * strings where strings belong (a non-string serviceUrl or a missing type made botbuilder answer 500).
 */
const activitySchema = z.looseObject({
  type: text(64).min(1),
  channelId: z.literal('msteams', { error: 'only Microsoft Teams activities (channelId "msteams") are accepted' }),
  serviceUrl: text(2048).regex(/^https?:\/\/[^\s]+$/, 'serviceUrl must be an http(s) URL'),
  id: text(1024).optional(),
  name: text(256).optional(),
  text: text(28_000).optional(),
  from: z.looseObject({ id: text(1024).min(1), name: text(1024).optional(), aadObjectId: text(128).optional() }),
  recipient: z.looseObject({ id: text(1024) }).optional(),
  conversation: z.looseObject({
    id: text(1024).min(1),
    tenantId: text(128).optional(),
    conversationType: text(64).optional(),
  }),
  channelData: z.looseObject({ tenant: z.looseObject({ id: text(128) }).optional() }).optional(),
});

/** Reads a request body up to the limit; larger ones are refused without being buffered. */
export function readBody(req: IncomingMessage, limit = MAX_ACTIVITY_BYTES): Promise<string> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit)
    return Promise.reject(new IntakeError(413, 'PayloadTooLarge', `The body is over ${limit} bytes.`));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new IntakeError(413, 'PayloadTooLarge', `The body is over ${limit} bytes.`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => reject(new IntakeError(400, 'BadRequest', 'The request body could not be read.')));
  });
}

/** Checks the headers of a POST to /api/messages: JSON, not encoded. */
export function checkHeaders(req: IncomingMessage): void {
  const type = String(req.headers['content-type'] ?? '')
    .split(';')[0]
    .trim()
    .toLowerCase();
  if (type !== 'application/json') throw new IntakeError(415, 'UnsupportedMediaType', 'Send the activity as application/json.');
  const encoding = String(req.headers['content-encoding'] ?? 'identity')
    .trim()
    .toLowerCase();
  if (encoding !== 'identity' && encoding !== '') throw new IntakeError(415, 'UnsupportedMediaType', 'Compressed bodies are not accepted.');
}

/** Parses and checks one activity; anything else is a 400 with the first problem found. */
export function parseActivity(body: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(body, (key, v: unknown) => {
      // No activity field has these names; objects carrying them are built to poison prototypes further on.
      if (key === '__proto__' || key === 'constructor' || key === 'prototype')
        throw new IntakeError(400, 'BadRequest', `Not a valid activity: the key "${key}" is not allowed.`);
      return v;
    });
  } catch (err) {
    if (err instanceof IntakeError) throw err;
    throw new IntakeError(400, 'BadRequest', 'The body is not JSON.');
  }
  const parsed = activitySchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length ? issue.path.join('.') : 'activity';
    throw new IntakeError(400, 'BadRequest', `Not a valid activity: ${where}: ${issue.message}`);
  }
  const activity = parsed.data;
  const fromConversation = activity.conversation.tenantId;
  const fromChannelData = activity.channelData?.tenant?.id;
  if (fromConversation && fromChannelData && fromConversation.toLowerCase() !== fromChannelData.toLowerCase()) {
    throw new IntakeError(400, 'BadRequest', 'Not a valid activity: conversation.tenantId and channelData.tenant.id disagree.');
  }
  return activity as Record<string, unknown>;
}

/** Counts requests in flight; past the limit new ones are turned away until others finish. */
export class InFlightLimit {
  private active = 0;
  constructor(readonly max: number) {}

  tryEnter(): boolean {
    if (this.active >= this.max) return false;
    this.active++;
    return true;
  }

  leave(): void {
    this.active = Math.max(0, this.active - 1);
  }
}
