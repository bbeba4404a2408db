import { badRequest } from '../errors';
import { skuHolderFilter } from '../odata';
import { clientCtx, type SimState } from '../simulator';
import type { SimUser } from '../tenant';
import type { Route } from '../types';
import { PATCHABLE_USER_PROPERTIES, userPatchSchema } from '../userAttributes';
import {
  checkFilterProps,
  checkSelect,
  context,
  filterPredicate,
  GROUP_PROPS,
  groupView,
  licenseDetailsView,
  noContent,
  ok,
  pageOf,
  USER_PROPS,
  userResolver,
  userView,
} from '../views';

export function userRoutes(s: SimState): Route[] {
  const t = s.tenant;
  const resolve = userResolver(t);
  // Direct memberships only, as Graph's memberOf: the plain list a strongly consistent membership check reads.
  // (Graph serves a cast or $filter on it only as an eventually consistent advanced query; this simulator does not.)
  const memberOf: Route = {
    method: 'GET',
    template: '/users/{id}/memberOf',
    handler: ({ req, p, query }) => {
      const q = query();
      if (q.filter)
        throw badRequest(
          'Filtering memberOf needs an advanced query; this simulator serves the plain list only.',
          'Request_UnsupportedQuery',
        );
      checkSelect(q.select, GROUP_PROPS, 'group');
      const u = t.requireUser(p[0]);
      const ids = [...u.memberOf].filter((id) => t.groups.has(id));
      return pageOf(
        req,
        q,
        { length: ids.length, at: (i) => ids[i] },
        () => true,
        (id) => ({ '@odata.type': '#microsoft.graph.group', ...groupView(t.groups.get(id)!, q.select) }),
        {
          defaultTop: 100,
          context: context(req, 'directoryObjects'),
        },
      );
    },
  };
  const userBody = (u: SimUser, req: { origin: string }) => ({
    '@odata.context': `${req.origin}/v1.0/$metadata#users/$entity`,
    ...userView(t, u, null),
  });
  return [
    memberOf,
    {
      method: 'GET',
      template: '/users',
      handler: ({ req, query }) => {
        const q = query();
        checkSelect(q.select, USER_PROPS, 'user');
        checkFilterProps(q, USER_PROPS, 'user');
        const fast = q.filter ? skuHolderFilter(q.filter) : null;
        let accept = filterPredicate(q, resolve);
        let total: (() => number) | undefined;
        if (fast) {
          const holders = t.skus.get(fast.skuId)?.holders ?? new Set<string>();
          accept = fast.negated ? (u) => !holders.has(u.id) : (u) => holders.has(u.id);
          total = () => (fast.negated ? t.userList.length - holders.size : holders.size);
        } else if (!q.filter) total = () => t.userList.length;
        return pageOf(req, q, { length: t.userList.length, at: (i) => t.userList[i] }, accept, (u) => userView(t, u, q.select), {
          defaultTop: 100,
          context: context(req, q.select ? `users(${q.select.join(',')})` : 'users'),
          total,
        });
      },
    },
    {
      method: 'GET',
      template: '/users/{id}',
      handler: ({ req, p, query }) => {
        const q = query();
        checkSelect(q.select, USER_PROPS, 'user');
        const u = t.requireUser(p[0]);
        return ok({
          '@odata.context': context(req, q.select ? `users(${q.select.join(',')})/$entity` : 'users/$entity'),
          ...userView(t, u, q.select),
        });
      },
    },
    {
      method: 'PATCH',
      template: '/users/{id}',
      handler: ({ req, p }) => {
        const u = t.requireUser(p[0]);
        const body = req.body as Record<string, unknown> | null;
        if (!body || typeof body !== 'object' || Array.isArray(body)) throw badBody();
        const unsupported = Object.keys(body).filter((k) => !PATCHABLE_USER_PROPERTIES.includes(k));
        if (unsupported.length) throw badRequestProp(unsupported[0]);
        const parsed = userPatchSchema.safeParse(body);
        // Validated whole before anything changes, as Graph's PATCH is all-or-nothing.
        if (!parsed.success) throw invalidValue(String(parsed.error.issues[0].path[0] ?? Object.keys(body)[0]));
        t.updateUser(u, parsed.data, clientCtx('PATCH /users/{id}'));
        return noContent();
      },
    },
    {
      method: 'GET',
      template: '/users/{id}/licenseDetails',
      handler: ({ req, p }) => {
        const u = t.requireUser(p[0]);
        return ok({ '@odata.context': context(req, `users('${u.id}')/licenseDetails`), value: licenseDetailsView(t, u) });
      },
    },
    {
      method: 'POST',
      template: '/users/{id}/assignLicense',
      handler: ({ req, p }) => {
        const u = t.requireUser(p[0]);
        t.assignUserLicense(u, req.body, clientCtx('POST /users/{id}/assignLicense'));
        return ok(userBody(u, req));
      },
    },
    {
      method: 'POST',
      template: '/users/{id}/reprocessLicenseAssignment',
      handler: ({ req, p }) => {
        const u = t.requireUser(p[0]);
        const cause = 'POST /users/{id}/reprocessLicenseAssignment';
        // Graph queues the user for group license processing and answers at once: the states change afterwards,
        // each group-based path evaluated again (errors retried, Active paths checked); direct paths are untouched.
        const groups = new Set<string>([...u.memberOf, ...u.paths.map((x) => x.assignedByGroup).filter((g): g is string => !!g)]);
        for (const gid of groups) {
          const g = t.groups.get(gid);
          if (g && (g.assignedLicenses.length || g.licensedUsers.has(u.id) || u.paths.some((x) => x.assignedByGroup === gid)))
            s.processor.enqueue(
              gid,
              [u.id],
              { actor: 'system', cause: `group license processing of ${gid} after ${cause}`, clientCaused: true },
              { force: true },
            );
        }
        // The portal's reprocess is audited under this activity (GroupManagement); the target is the user.
        s.audit.add({
          activity: 'Trigger group license recalculation',
          category: 'GroupManagement',
          actor: 'client',
          target: { id: u.id, displayName: u.displayName, type: 'User', userPrincipalName: u.userPrincipalName, modifiedProperties: [] },
        });
        return ok(userBody(u, req));
      },
    },
  ];
}

const badBody = () => badRequest('Empty Payload, JSON content expected.');
const badRequestProp = (prop: string) =>
  badRequest(`Property '${prop}' cannot be updated through this simulator (supported: ${PATCHABLE_USER_PROPERTIES.join(', ')}).`);
const invalidValue = (prop: string) => badRequest(`Invalid value specified for property '${prop}' of resource 'User'.`);
