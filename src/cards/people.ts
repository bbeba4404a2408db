import type { Run } from '../migration/types';
import { plain } from './format';
import { localizer, type Localizer } from '../i18n';

/** "Requested by" on the cards: the requester, and anyone else whose choices shaped the run (four-eyes counts them alike). */
export function requestedByText(run: Run, withIds = false, l: Localizer = localizer('en')): string {
  const name = (p: { id: string; name?: string }) =>
    p.name ? (withIds ? `${plain(p.name, 100)} (${plain(p.id, 60)})` : plain(p.name, 100)) : plain(p.id, 100);
  const requester = name({ id: run.requestedBy, name: run.requestedByName });
  const others = (run.shapedBy ?? []).slice(0, 5).map(name);
  const more = (run.shapedBy?.length ?? 0) - others.length;
  if (!others.length) return requester;
  const names = more > 0 ? l.f(l.m.cards.people.andMore, { names: others.join(', '), count: more }) : others.join(', ');
  return l.f(l.m.cards.people.withChoicesBy, { requester, others: names });
}
