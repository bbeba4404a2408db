/**
 * Starts the chaos suite first. It is the longest suite (a real bot process killed and restarted, waiting on
 * leases) and mostly waits, so it runs beside all the others on one worker. Without timings from an earlier run
 * (a clean clone in CI has none) jest orders by file size and started it last, leaving a lone tail of minutes.
 */
const path = require('node:path');
const Sequencer = require('@jest/test-sequencer').default;

const FIRST = [path.join('test', 'chaos', 'chaos.int.test.ts')];

class LongFirstSequencer extends Sequencer {
  sort(tests) {
    const rank = (t) => (FIRST.some((f) => t.path.endsWith(path.sep + f)) ? 0 : 1);
    return super.sort(tests).sort((a, b) => rank(a) - rank(b));
  }
}

module.exports = LongFirstSequencer;
