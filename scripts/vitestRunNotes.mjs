// Vitest reporter used by scripts/runTests.mjs next to the JSON reporter, for what the JSON report
// leaves out: the project of each test file, the note of each skipped test (`ctx.skip(note)`) and
// unhandled errors. Writes one JSON file to $SPIKEFORGE_RUN_NOTES; does nothing without it.
import { writeFileSync } from 'node:fs';

export default class RunNotesReporter {
  /**
   * @param {ReadonlyArray<import('vitest/node').TestModule>} testModules
   * @param {ReadonlyArray<{ message?: string, name?: string, stack?: string }>} unhandledErrors
   * @param {string} reason
   */
  onTestRunEnd(testModules, unhandledErrors, reason) {
    const file = process.env.SPIKEFORGE_RUN_NOTES;
    if (!file) return;
    const projects = {};
    const skipped = [];
    for (const testModule of testModules) {
      projects[testModule.moduleId] = testModule.project.name;
      for (const testCase of testModule.children.allTests()) {
        const result = testCase.result();
        if (result.state === 'skipped') {
          skipped.push({ file: testModule.moduleId, project: testModule.project.name, name: jsonFullName(testCase), mode: testCase.options.mode, note: result.note ?? null });
        }
      }
    }
    const errors = unhandledErrors.map((e) => `${e.name ?? 'Error'}: ${e.message ?? String(e)}`);
    writeFileSync(file, JSON.stringify({ reason, projects, skipped, unhandledErrors: errors }));
  }
}

/** The test's name as the JSON reporter spells it: suite and test titles joined by spaces. */
function jsonFullName(testCase) {
  const titles = [];
  for (let node = testCase; node && node.type !== 'module'; node = node.parent) titles.unshift(node.name);
  return titles.join(' ');
}
