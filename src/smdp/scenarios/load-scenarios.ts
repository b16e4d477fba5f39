/** A scenario file: a JSON array of scenarios (see scenario.ts). */
import { readFile } from 'node:fs/promises';
import { type Scenario, ScenarioError, validateScenario } from './scenario.ts';

export async function loadScenarios(file: string): Promise<Scenario[]> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new ScenarioError(`cannot read scenarios ${file}: ${(error as Error).message}`);
  }
  if (!Array.isArray(parsed)) throw new ScenarioError(`${file} must hold a JSON array of scenarios`);
  return parsed.map(validateScenario);
}
