import type { Stored } from '../audit';
import { badRequest } from '../errors';
import type { FilterNode } from '../odata';
import type { SimState } from '../simulator';
import type { Route } from '../types';
import { checkFilterProps, context, filterPredicate, ok, pageOf, skuView } from '../views';

const AUDIT_PROPS = [
  'id',
  'category',
  'correlationId',
  'result',
  'resultReason',
  'activityDisplayName',
  'activityDateTime',
  'loggedByService',
  'operationType',
  'initiatedBy',
  'targetResources',
  'additionalDetails',
];

export function directoryRoutes(s: SimState): Route[] {
  const t = s.tenant;
  return [
    {
      method: 'GET',
      template: '/subscribedSkus',
      handler: ({ req }) => {
        if (req.params.has('$filter'))
          throw badRequest("Query option '$filter' is not supported on subscribedSkus.", 'Request_UnsupportedQuery');
        return ok({ '@odata.context': context(req, 'subscribedSkus'), value: t.skuList.map((sku) => skuView(t, sku)) });
      },
    },
    {
      method: 'GET',
      template: '/subscribedSkus/{id}',
      handler: ({ req, p }) => {
        const sku = t.skuList.find((x) => `${t.id}_${x.skuId}` === p[0].toLowerCase() || x.skuId === p[0].toLowerCase());
        if (!sku) throw badRequest(`Resource '${p[0]}' does not exist.`, 'Request_ResourceNotFound');
        return ok({ '@odata.context': context(req, 'subscribedSkus/$entity'), ...skuView(t, sku) });
      },
    },
    {
      method: 'GET',
      template: '/auditLogs/directoryAudits',
      handler: ({ req, query }) => {
        const q = query(1000);
        checkFilterProps(q, AUDIT_PROPS, 'directoryAudit');
        const snapshot = q.snapshot ?? Date.now();
        const newestFirst = !(q.orderby && /activityDateTime\s+asc/i.test(q.orderby));
        const filter = filterPredicate<Stored>(q, (r, prop) => s.audit.property(r, prop));
        // Newest first, a lower bound on the time ends the scan at the first older record: a verification asks for
        // the events since its run began, not for a walk through millions of older ones.
        const since = newestFirst ? lowerTimeBound(q.filter) : null;
        return pageOf(
          req,
          q,
          s.audit.writtenBy(snapshot, newestFirst),
          (r) => s.audit.isVisible(r, snapshot) && filter(r),
          (r) => s.audit.view(r) as unknown as Record<string, unknown>,
          {
            defaultTop: 1000,
            context: context(req, 'auditLogs/directoryAudits'),
            snapshot,
            end: since === null ? undefined : (r) => s.audit.writtenAt(r) < since,
          },
        );
      },
    },
  ];
}

/**
 * The epoch ms of an `activityDateTime ge|gt <time>` the whole filter depends on (one operand of a top-level `and`),
 * less a second so precision never matters; null when the filter has none.
 */
function lowerTimeBound(node: FilterNode | null): number | null {
  if (!node) return null;
  if (node.kind === 'and') {
    const bounds = [lowerTimeBound(node.left), lowerTimeBound(node.right)].filter((b): b is number => b !== null);
    return bounds.length ? Math.max(...bounds) : null;
  }
  if (node.kind !== 'cmp' || (node.op !== 'ge' && node.op !== 'gt')) return null;
  const { left, right } = node;
  if (left.kind !== 'prop' || left.path.join('/') !== 'activityDateTime' || right.kind !== 'lit') return null;
  const ms = typeof right.value === 'string' ? Date.parse(right.value) : NaN;
  return Number.isFinite(ms) ? ms - 1000 : null;
}
