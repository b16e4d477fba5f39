/**
 * Several SM-DP+ instances behind one balancer (docs/scale-out.md): what the store shares every instance sees,
 * but each instance keeps its own session trace and its own enabled scenarios. `--instances` names them all,
 * so that one command asks each instance directly and puts the parts together: the whole trace of a download
 * whose calls were served by three instances, or a scenario enabled on every instance at once.
 */
import { type Command, Option } from 'commander';
import { HttpStatusError } from '../errors/client-errors.ts';
import type { AdminOptions } from './admin-client.ts';

export interface InstancesOptions extends AdminOptions {
  /** Base URLs of the instances, comma-separated; without it the command asks `--url` alone. */
  instances?: string;
}

/** Adds `--instances` (and RSPSIM_INSTANCES) to a command that already has the admin options. */
export const withInstances = (command: Command) =>
  command.addOption(
    new Option(
      '--instances <urls>',
      'ask each of these SM-DP+ instances (comma-separated base URLs, e.g. every instance behind a balancer) instead of --url, and merge their answers',
    ).env('RSPSIM_INSTANCES'),
  );

/** The admin options of each instance to ask: one per `--instances` URL, or the options themselves. */
export function instancesOf(options: InstancesOptions): AdminOptions[] {
  const urls = (options.instances ?? '')
    .split(',')
    .map((url) => url.trim())
    .filter((url) => url !== '');
  for (const url of urls) {
    if (!URL.canParse(url))
      throw new Error(`--instances: "${url}" is not a URL (e.g. https://10.0.0.11:8443)`);
  }
  return urls.length === 0 ? [options] : urls.map((url) => ({ ...options, url }));
}

/** Whether more than one instance is asked (the merged output then names the instance of each part). */
export const manyInstances = (options: InstancesOptions): boolean => instancesOf(options).length > 1;

/**
 * Asks every instance; an instance that answers 404 (it holds nothing under that name) is left out. When no
 * instance has it, the first refusal is what the command reports.
 */
export async function askEachInstance<T>(
  options: InstancesOptions,
  ask: (instance: AdminOptions) => Promise<T>,
): Promise<{ url: string; answer: T }[]> {
  const settled = await Promise.allSettled(
    instancesOf(options).map(async (instance) => ({ url: instance.url, answer: await ask(instance) })),
  );
  const answered = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const refusals = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as unknown] : []));
  // Anything but "not here" (unreachable, untrusted, token refused) is reported: a lab must not read a part
  // of a trace as the whole of it.
  const failure = refusals.find((r) => !(r instanceof HttpStatusError && r.status === 404));
  if (failure !== undefined) throw failure;
  if (answered.length === 0) throw refusals[0];
  return answered;
}
