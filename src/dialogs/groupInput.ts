import type { DialogContext } from 'botbuilder-dialogs';
import type { CardActionPayload } from '../cards/actions';
import type { LicensingGraph } from '../graph/licensingGraph';
import { CardInputDialog, type Interpretation } from './cardInput';
import { md } from '../cards/format';
import { turnLocalizer } from '../bot/turnLocale';
import type { Localizer } from '../i18n';
import { isGuid } from '../common/ids';

export interface GroupAnswer {
  cohortKey?: string;
  group: { id: string } | { createWithName: string };
}

export const GROUP_INPUT = 'groupInput';

/** The target group and cohort: the cohort card's inputs, or a typed group name or id, or `new` and a name. */
export class GroupInputDialog extends CardInputDialog<GroupAnswer> {
  constructor(private readonly graph: LicensingGraph) {
    super(GROUP_INPUT, 'migrate.group');
  }

  protected async fromCard(dc: DialogContext, action: CardActionPayload): Promise<Interpretation<GroupAnswer>> {
    const a = action as Extract<CardActionPayload, { verb: 'migrate.group' }>;
    const opts = this.options<{ skuId: string; cohortKeys: string[] }>(dc);
    const l = turnLocalizer(dc.context);
    if (a.skuId.toLowerCase() !== opts.skuId.toLowerCase()) return { ok: false, message: l.m.input.otherSkuCard };
    if (a.cohortKey && !opts.cohortKeys.includes(a.cohortKey)) return { ok: false, message: l.m.input.unknownCohort };
    if ('id' in a.group) {
      const known = await this.existing(a.group.id, l);
      return known.ok ? { ok: true, value: { cohortKey: a.cohortKey, group: known.value } } : known;
    }
    const named = await this.byName(a.group.newName, l);
    return named.ok ? { ok: true, value: { cohortKey: a.cohortKey, group: named.value } } : named;
  }

  /**
   * A "new" name that an existing group already has means that group: a second group with the
   * same name would only confuse admins later.
   */
  private async byName(name: string, l: Localizer): Promise<Interpretation<GroupAnswer['group']>> {
    const found = await this.graph.findGroups(name);
    if (found.length === 0) return { ok: true, value: { createWithName: name } };
    if (found.length === 1) return { ok: true, value: { id: found[0].id } };
    return ambiguous(name, found, l);
  }

  /** A group named by id must exist: checked here, so the admin can pick again instead of losing the dialog. */
  private async existing(id: string, l: Localizer): Promise<Interpretation<{ id: string }>> {
    const group = await this.graph.getGroup(id);
    if (!group) return { ok: false, message: l.f(l.m.input.noGroupId, { id: md(id, 60) }) };
    return { ok: true, value: { id: group.id } };
  }

  protected async fromText(dc: DialogContext, text: string): Promise<Interpretation<GroupAnswer>> {
    const l = turnLocalizer(dc.context);
    if (!text) return { ok: false, message: l.m.input.groupHow };
    const created = /^new\s+(.+)$/i.exec(text);
    if (created) {
      const name = created[1].trim();
      if (name.length > 256) return { ok: false, message: l.m.input.groupNameLong };
      const named = await this.byName(name, l);
      return named.ok ? { ok: true, value: { group: named.value } } : named;
    }
    if (isGuid(text)) {
      const known = await this.existing(text, l);
      return known.ok ? { ok: true, value: { group: known.value } } : known;
    }
    const found = await this.graph.findGroups(text);
    if (found.length === 1) return { ok: true, value: { group: { id: found[0].id } } };
    if (found.length === 0) return { ok: false, message: l.f(l.m.input.noGroupNamed, { name: md(text, 80) }) };
    return ambiguous(text, found, l);
  }
}

/** Several groups share the name: the admin names one by id. */
function ambiguous(name: string, found: { id: string }[], l: Localizer): { ok: false; message: string } {
  const ids = found
    .slice(0, 5)
    .map((g) => g.id)
    .join(', ');
  return { ok: false, message: l.f(l.m.input.ambiguousGroup, { count: found.length, name: md(name, 80), ids }) };
}
