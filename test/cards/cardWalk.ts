/** Helpers to look inside a built card the way a host would. */
import type { AdaptiveCard } from '../../src/cards';

export interface FoundAction {
  title?: string;
  verb?: string;
  data?: unknown;
  type: string;
}

/** Every action on the card, including those inside ActionSets. */
export function actionsOf(card: AdaptiveCard): FoundAction[] {
  const found: FoundAction[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const obj = node as Record<string, unknown>;
    if (typeof obj.type === 'string' && obj.type.startsWith('Action.')) {
      found.push({ type: obj.type, title: obj.title as string, verb: obj.verb as string, data: obj.data });
    }
    Object.values(obj).forEach(visit);
  };
  visit(card);
  return found;
}

/** All TextBlock texts and fact titles/values, joined: what a reader sees. */
export function textOf(card: AdaptiveCard): string {
  const parts: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const obj = node as Record<string, unknown>;
    for (const key of ['text', 'title', 'value', 'label']) {
      if (typeof obj[key] === 'string') parts.push(obj[key] as string);
    }
    Object.values(obj).forEach(visit);
  };
  visit(card);
  return parts.join('\n');
}

export function sizeOf(card: AdaptiveCard): number {
  return Buffer.byteLength(JSON.stringify(card), 'utf8');
}
