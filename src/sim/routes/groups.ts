import { badRequest, dynamicMembersRefused } from '../errors';
import { clientCtx, type SimState } from '../simulator';
import { isDynamic, type SimGroup } from '../tenant';
import type { Route, SimRequest } from '../types';
import {
  checkFilterProps,
  checkSelect,
  context,
  filterPredicate,
  GROUP_PROPS,
  groupProps,
  groupResolver,
  groupView,
  noContent,
  ok,
  pageOf,
  USER_DEFAULT,
  USER_PROPS,
  userResolver,
} from '../views';

export function groupRoutes(s: SimState): Route[] {
  const t = s.tenant;
  const resolveGroup = groupResolver();
  const resolveUser = userResolver(t);
  const groupBody = (g: SimGroup, req: SimRequest) => ({ '@odata.context': context(req, 'groups/$entity'), ...groupView(g, null) });

  /** A directoryObject in a members list: users and groups keep their own properties and @odata.type. */
  const memberView = (id: string, select: string[] | null) => {
    const u = t.users.get(id);
    if (u) {
      const props = select ?? USER_DEFAULT;
      const out: Record<string, unknown> = { '@odata.type': '#microsoft.graph.user' };
      for (const p of props) out[p] = resolveUser(u, p);
      out.id = u.id;
      return out;
    }
    const g = t.groups.get(id)!;
    const out: Record<string, unknown> = { '@odata.type': '#microsoft.graph.group' };
    for (const p of select ?? ['id', 'displayName', 'securityEnabled', 'mailEnabled', 'groupTypes'])
      if (GROUP_PROPS.includes(p)) out[p] = resolveGroup(g, p);
    out.id = g.id;
    return out;
  };
  const memberProps = [...new Set([...USER_PROPS, ...GROUP_PROPS])];

  const listMembers = (
    req: SimRequest,
    q: ReturnType<Parameters<Route['handler']>[0]['query']>,
    ids: string[],
    onlyUsers: boolean,
    ctxName: string,
    group?: SimGroup,
  ) => {
    checkSelect(q.select, memberProps, 'directoryObject');
    checkFilterProps(q, memberProps, 'directoryObject');
    const f = filterPredicate(q, (id: string, prop) => {
      const u = t.users.get(id);
      return u ? resolveUser(u, prop) : resolveGroup(t.groups.get(id)!, prop);
    });
    return pageOf(
      req,
      q,
      { length: ids.length, at: (i) => ids[i] },
      (id) => (!onlyUsers || t.users.has(id)) && f(id),
      (id) => memberView(id, q.select),
      {
        defaultTop: 100,
        context: context(req, ctxName),
        anchor: group ? { key: (id) => id, locate: (id) => t.memberPosition(group, id) } : undefined,
      },
    );
  };

  const transitive = (g: SimGroup): string[] => {
    const seen = new Set<string>();
    const out: string[] = [];
    const visit = (grp: SimGroup) => {
      for (const [id, kind] of grp.members) {
        if (seen.has(id)) continue;
        seen.add(id);
        out.push(id);
        if (kind === 'group') {
          const child = t.groups.get(id);
          if (child) visit(child);
        }
      }
    };
    visit(g);
    return out;
  };

  return [
    {
      method: 'GET',
      template: '/groups',
      handler: ({ req, query }) => {
        const q = query();
        checkSelect(q.select, groupProps(req), 'group');
        checkFilterProps(q, GROUP_PROPS, 'group');
        return pageOf(
          req,
          q,
          { length: t.groupList.length, at: (i) => t.groupList[i] },
          filterPredicate(q, resolveGroup),
          (g) => groupView(g, q.select),
          {
            defaultTop: 100,
            context: context(req, q.select ? `groups(${q.select.join(',')})` : 'groups'),
          },
        );
      },
    },
    {
      method: 'POST',
      template: '/groups',
      handler: ({ req }) => {
        if (!req.body || typeof req.body !== 'object' || Array.isArray(req.body)) throw badRequest('Empty Payload, JSON content expected.');
        const g = t.createGroup(req.body as Record<string, unknown>, clientCtx('POST /groups'));
        s.audit.add({
          activity: 'Add group',
          category: 'GroupManagement',
          actor: 'client',
          operationType: 'Add',
          target: { id: g.id, displayName: g.displayName, type: 'Group', userPrincipalName: null, modifiedProperties: [] },
        });
        return ok(groupBody(g, req), 201, { Location: `${req.origin}/v1.0/groups/${g.id}` });
      },
    },
    {
      method: 'GET',
      template: '/groups/{id}',
      handler: ({ req, p, query }) => {
        const q = query();
        checkSelect(q.select, groupProps(req), 'group');
        const g = t.requireGroup(p[0]);
        return ok({
          '@odata.context': context(req, q.select ? `groups(${q.select.join(',')})/$entity` : 'groups/$entity'),
          ...groupView(g, q.select),
        });
      },
    },
    {
      method: 'PATCH',
      template: '/groups/{id}',
      handler: ({ req, p }) => {
        const g = t.requireGroup(p[0]);
        const body = req.body as Record<string, unknown> | null;
        if (!body || typeof body !== 'object' || Array.isArray(body)) throw badRequest('Empty Payload, JSON content expected.');
        const supported = ['members@odata.bind', 'displayName', 'description', 'membershipRule', 'membershipRuleProcessingState'];
        const unsupported = Object.keys(body).filter((k) => !supported.includes(k));
        if (unsupported.length)
          throw badRequest(`Property '${unsupported[0]}' cannot be updated through this simulator (supported: ${supported.join(', ')}).`);
        if ('displayName' in body && (typeof body.displayName !== 'string' || !body.displayName))
          throw badRequest("Invalid value specified for property 'displayName' of resource 'Group'.");
        if ('members@odata.bind' in body && isDynamic(g)) throw dynamicMembersRefused();
        const ctx = clientCtx('PATCH /groups/{id}');
        // Validated whole before it changes anything; refused on a group without dynamic membership.
        if ('membershipRule' in body || 'membershipRuleProcessingState' in body) t.updateMembershipRule(g, body, ctx);
        if ('members@odata.bind' in body) t.addMembers(g, body['members@odata.bind'] as unknown[], ctx, true);
        if (typeof body.displayName === 'string') g.displayName = body.displayName;
        if (typeof body.description === 'string') g.description = body.description;
        return noContent();
      },
    },
    {
      method: 'DELETE',
      template: '/groups/{id}',
      handler: ({ p }) => {
        const g = t.requireGroup(p[0]);
        t.deleteGroup(g);
        s.audit.add({
          activity: 'Delete group',
          category: 'GroupManagement',
          actor: 'client',
          operationType: 'Delete',
          target: { id: g.id, displayName: g.displayName, type: 'Group', userPrincipalName: null, modifiedProperties: [] },
        });
        return noContent();
      },
    },
    {
      method: 'POST',
      template: '/groups/{id}/assignLicense',
      handler: ({ req, p }) => {
        const g = t.requireGroup(p[0]);
        t.assignGroupLicense(g, req.body, clientCtx('POST /groups/{id}/assignLicense'));
        return ok(groupBody(g, req), 202, { Location: `${req.origin}/v1.0/groups/${g.id}` });
      },
    },
    {
      method: 'GET',
      template: '/groups/{id}/members',
      handler: ({ req, p, query }) => {
        const g = t.requireGroup(p[0]);
        return listMembers(req, query(), t.memberArray(g), false, `directoryObjects`, g);
      },
    },
    {
      method: 'GET',
      template: '/groups/{id}/members/microsoft.graph.user',
      handler: ({ req, p, query }) => {
        const g = t.requireGroup(p[0]);
        return listMembers(req, query(), t.memberArray(g), true, `users`, g);
      },
    },
    {
      method: 'GET',
      template: '/groups/{id}/transitiveMembers',
      handler: ({ req, p, query }) => listMembers(req, query(), transitive(t.requireGroup(p[0])), false, 'directoryObjects'),
    },
    {
      method: 'GET',
      template: '/groups/{id}/transitiveMembers/microsoft.graph.user',
      handler: ({ req, p, query }) => listMembers(req, query(), transitive(t.requireGroup(p[0])), true, 'users'),
    },
    {
      method: 'GET',
      template: '/groups/{id}/membersWithLicenseErrors',
      handler: ({ req, p, query }) => {
        const g = t.requireGroup(p[0]);
        return listMembers(req, query(), [...g.errorMembers], false, 'directoryObjects');
      },
    },
    {
      method: 'POST',
      template: '/groups/{id}/members/$ref',
      handler: ({ req, p }) => {
        const g = t.requireGroup(p[0]);
        const body = req.body as Record<string, unknown> | null;
        if (!body || typeof body !== 'object' || typeof body['@odata.id'] !== 'string')
          throw badRequest("The request body must contain '@odata.id' with a directoryObjects URL.", 'Request_BadRequest');
        t.addMembers(g, [body['@odata.id']], clientCtx('POST /groups/{id}/members/$ref'), false);
        return noContent();
      },
    },
    {
      method: 'DELETE',
      template: '/groups/{id}/members/{memberId}/$ref',
      handler: ({ p }) => {
        const g = t.requireGroup(p[0]);
        t.removeMember(g, p[1], clientCtx('DELETE /groups/{id}/members/{id}/$ref'));
        return noContent();
      },
    },
  ];
}
