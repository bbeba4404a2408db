import type { DialogContext } from 'botbuilder-dialogs';
import type { CardActionPayload } from '../cards/actions';
import type { LicensingGraph } from '../graph/licensingGraph';
import { CardInputDialog, type Interpretation } from './cardInput';
import { md } from '../cards/format';
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
    if (a.skuId.toLowerCase() !== opts.skuId.toLowerCase())
      return { ok: false, message: 'That card belongs to another SKU choice; use the latest cohort card.' };
    if (a.cohortKey && !opts.cohortKeys.includes(a.cohortKey))
      return { ok: false, message: 'That cohort is not one of the cohorts found for this SKU.' };
    if ('id' in a.group) {
      const known = await this.existing(a.group.id);
      return known.ok ? { ok: true, value: { cohortKey: a.cohortKey, group: known.value } } : known;
    }
    const named = await this.byName(a.group.newName);
    return named.ok ? { ok: true, value: { cohortKey: a.cohortKey, group: named.value } } : named;
  }

  /**
   * A "new" name that an existing group already has means that group: a second group with the
   * same name would only confuse admins later.
   */
  private async byName(name: string): Promise<Interpretation<GroupAnswer['group']>> {
    const found = await this.graph.findGroups(name);
    if (found.length === 0) return { ok: true, value: { createWithName: name } };
    if (found.length === 1) return { ok: true, value: { id: found[0].id } };
    return ambiguous(name, found);
  }

  /** A group named by id must exist: checked here, so the admin can pick again instead of losing the dialog. */
  private async existing(id: string): Promise<Interpretation<{ id: string }>> {
    const group = await this.graph.getGroup(id);
    if (!group)
      return { ok: false, message: `No group has the id ${md(id, 60)} in this tenant. Pick a group from the list, or type its name.` };
    return { ok: true, value: { id: group.id } };
  }

  protected async fromText(_dc: DialogContext, text: string): Promise<Interpretation<GroupAnswer>> {
    if (!text)
      return {
        ok: false,
        message:
          'Type the name or id of an existing security group, or **new** followed by a name to create one (e.g. `new Licensing E3`).',
      };
    const created = /^new\s+(.+)$/i.exec(text);
    if (created) {
      const name = created[1].trim();
      if (name.length > 256) return { ok: false, message: 'A group name can have at most 256 characters.' };
      const named = await this.byName(name);
      return named.ok ? { ok: true, value: { group: named.value } } : named;
    }
    if (isGuid(text)) {
      const known = await this.existing(text);
      return known.ok ? { ok: true, value: { group: known.value } } : known;
    }
    const found = await this.graph.findGroups(text);
    if (found.length === 1) return { ok: true, value: { group: { id: found[0].id } } };
    if (found.length === 0)
      return {
        ok: false,
        message: `No group is named "${md(text, 80)}". Type **new ${md(text, 80)}** to create it, or the exact name or id of an existing group.`,
      };
    return ambiguous(text, found);
  }
}

/** Several groups share the name: the admin names one by id. */
function ambiguous(name: string, found: { id: string }[]): { ok: false; message: string } {
  const ids = found
    .slice(0, 5)
    .map((g) => g.id)
    .join(', ');
  return { ok: false, message: `${found.length} groups are named "${md(name, 80)}"; type the id of the one you mean: ${ids}.` };
}
