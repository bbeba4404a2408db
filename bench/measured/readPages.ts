// The baseline of verify-1m: the pages a verification reads (scopePages: the group's members, then the SKU's holders
// outside it when there are any) through the same Graph client, with nothing done to the users. Prints one JSON
// line: time and users read.
import { createLicensingGraph } from '../../src/graph';
import { directAssignment } from '../../src/migration/cohorts';
import { scopePages } from '../../src/migration/scope';

async function main(): Promise<void> {
  const [graphUrl, skuId, groupId] = process.argv.slice(2);
  const graph = createLicensingGraph({ baseUrl: graphUrl, auth: 'none', concurrency: 8 });
  const t0 = performance.now();
  let members = 0;
  let outside = 0;
  for await (const page of scopePages(graph, skuId, groupId, (u) => !!directAssignment(u, skuId))) {
    if (page.isMember) members += page.users.length;
    else outside += page.users.length;
  }
  const ms = performance.now() - t0;
  process.stdout.write(JSON.stringify({ ms, members, outside }) + '\n');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
