import type { DialogContext } from 'botbuilder-dialogs';
import type { CardActionPayload } from '../cards/actions';
import { CardInputDialog, type Interpretation } from './cardInput';
import { md } from '../cards/format';
import { turnLocalizer } from '../bot/turnLocale';
import { skuProductName } from '../migration/skuNames';

/** As the license choice card shows a SKU: its name, and the part number one may type (as Graph and PowerShell show it). */
function productAndPartNumber(s: SkuOption): string {
  const name = skuProductName(s);
  return name === s.skuPartNumber ? name : `${name} (${s.skuPartNumber})`;
}

export interface SkuOption {
  skuId: string;
  skuPartNumber: string;
  displayName?: string;
}

export const SKU_INPUT = 'skuInput';

/** The SKU to migrate: a click on the SKU card, or its part number, name or position typed. */
export class SkuInputDialog extends CardInputDialog<string> {
  constructor() {
    super(SKU_INPUT, 'migrate.sku');
  }

  protected async fromCard(dc: DialogContext, action: CardActionPayload): Promise<Interpretation<string>> {
    const skuId = (action as { skuId: string }).skuId;
    const known = this.options<{ skus: SkuOption[] }>(dc).skus.find((s) => s.skuId.toLowerCase() === skuId.toLowerCase());
    const l = turnLocalizer(dc.context);
    if (!known) return { ok: false, message: l.f(l.m.input.skuUnknown, { sku: md(skuId, 60) }) };
    return { ok: true, value: known.skuId };
  }

  protected async fromText(dc: DialogContext, text: string): Promise<Interpretation<string>> {
    const skus = this.options<{ skus: SkuOption[] }>(dc).skus;
    const wanted = text.toLowerCase();
    const byIndex = /^\d+$/.test(wanted) ? skus[Number(wanted) - 1] : undefined;
    const found =
      byIndex ??
      skus.find(
        (s) => s.skuPartNumber.toLowerCase() === wanted || s.skuId.toLowerCase() === wanted || skuProductName(s).toLowerCase() === wanted,
      );
    if (!found) {
      const names = skus
        .slice(0, 10)
        .map((s, i) => `${i + 1}. ${md(productAndPartNumber(s), 160)}`)
        .join(', ');
      const l = turnLocalizer(dc.context);
      return { ok: false, message: l.f(l.m.input.skuTyped, { text: md(text, 60), names }) };
    }
    return { ok: true, value: found.skuId };
  }
}
