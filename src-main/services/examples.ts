/**
 * The examples gallery: Brian2 scripts in examples/ (`*.py`), titled by their first comment line.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ExampleModel, ExampleSummary } from '../../src-shared/ipc';

/** The example the app opens on. */
export const QUICK_START_EXAMPLE = 'quickstart';

function titleOf(text: string, name: string): string {
  const first = text.split('\n').find((line) => line.startsWith('#'));
  return first === undefined ? name : first.replace(/^#\s*/, '').replace(/\.$/, '');
}

/** Lists the example scripts. */
export async function listExamples(examplesDir: string): Promise<ExampleSummary[]> {
  const files = (await readdir(examplesDir)).filter((f) => f.endsWith('.py')).sort();
  const summaries: ExampleSummary[] = [];
  for (const file of files) {
    const name = file.slice(0, -3);
    summaries.push({ name, title: titleOf(await readFile(join(examplesDir, file), 'utf8'), name) });
  }
  return summaries.sort((a, b) => (a.name === QUICK_START_EXAMPLE ? -1 : b.name === QUICK_START_EXAMPLE ? 1 : a.name.localeCompare(b.name)));
}

/** Reads one example; `undefined` when there is none of that name. */
export async function readExample(examplesDir: string, name: string): Promise<ExampleModel | undefined> {
  if (!/^[A-Za-z0-9_-]+$/.test(name)) return undefined;
  const fileName = `${name}.py`;
  try {
    const text = await readFile(join(examplesDir, fileName), 'utf8');
    return { name, title: titleOf(text, name), fileName, text };
  } catch {
    return undefined;
  }
}
