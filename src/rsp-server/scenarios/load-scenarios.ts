/**
 * Scenario files: each a JSON array of scenarios (see scenario.ts). The SM-DP+'s `scenarios` setting names
 * one file, a folder (its *.json files, in name order) or several of either, separated by commas.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { readInputFile } from '../../config/input-file.ts';
import { type Scenario, ScenarioError, validateScenario } from './scenario.ts';

async function loadScenarioFile(file: string): Promise<Scenario[]> {
  let parsed: unknown;
  try {
    parsed = JSON.parse((await readInputFile(file, 'json')).toString('utf8'));
  } catch (error) {
    throw new ScenarioError(`cannot read scenarios ${file}: ${(error as Error).message}`);
  }
  if (!Array.isArray(parsed)) throw new ScenarioError(`${file} must hold a JSON array of scenarios`);
  return parsed.map(validateScenario);
}

/** The files a `scenarios` setting names. */
async function scenarioFiles(setting: string): Promise<string[]> {
  const files: string[] = [];
  for (const path of setting
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const isFolder = await stat(path).then(
      (s) => s.isDirectory(),
      () => false,
    );
    if (!isFolder) {
      files.push(path);
      continue;
    }
    const names = (await readdir(path)).filter((name) => name.endsWith('.json')).sort();
    files.push(...names.map((name) => join(path, name)));
  }
  return files;
}

export async function loadScenarios(setting: string): Promise<Scenario[]> {
  const scenarios: Scenario[] = [];
  const seen = new Map<string, string>();
  for (const file of await scenarioFiles(setting)) {
    for (const scenario of await loadScenarioFile(file)) {
      const earlier = seen.get(scenario.name);
      if (earlier) throw new ScenarioError(`scenario ${scenario.name} is in ${earlier} and in ${file}`);
      seen.set(scenario.name, file);
      scenarios.push(scenario);
    }
  }
  return scenarios;
}
