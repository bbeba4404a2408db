// Preloaded (NODE_OPTIONS=--import) into every Node process of a measured child: npm, tsx and the program tsx
// starts each append their own peak RSS when they exit, so the bench sees the largest process of the tree.
// A process killed for want of memory writes nothing, and its missing line says so.
import { appendFileSync } from 'node:fs';

const file = process.env.LMB_PEAK_RSS_FILE;
if (file) {
  process.on('exit', () => {
    const line = { pid: process.pid, argv: process.argv.slice(1, 3), maxRssKb: process.resourceUsage().maxRSS };
    try {
      appendFileSync(file, JSON.stringify(line) + '\n');
    } catch {
      // Nowhere to report to: the bench then reports the figure as missing.
    }
  });
}
