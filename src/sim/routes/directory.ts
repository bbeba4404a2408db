import type { AuditRecord } from '../audit';
import { badRequest } from '../errors';
import type { Resolver } from '../odata';
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
  const resolveAudit: Resolver<AuditRecord> = (r, prop) => (r as unknown as Record<string, unknown>)[prop];
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
        let stored = s.audit.visible(snapshot);
        if (q.orderby && /activityDateTime\s+asc/i.test(q.orderby)) stored = stored.reverse();
        return pageOf(
          req,
          q,
          { length: stored.length, at: (i) => s.audit.view(stored[i]) },
          filterPredicate(q, resolveAudit),
          (r) => r as unknown as Record<string, unknown>,
          {
            defaultTop: 1000,
            context: context(req, 'auditLogs/directoryAudits'),
            snapshot,
          },
        );
      },
    },
  ];
}
