/**
 * `rspsim eim order|lookup|list|delete|info`: the eIM's operator API (src/eim/http/operator-api.ts,
 * onomondo-eim's REST API) from the command line, over HTTPS with the admin token; one line per mistake.
 */
import { type Command, Option } from 'commander';
import { readInputFileSync } from '../config/input-file.ts';
import { ORDER_FACILITIES } from '../eim/eim-repository.ts';
import { HttpStatusError } from '../errors/client-errors.ts';
import { type AdminOptions, adminCall } from './admin-client.ts';
import { printList, printResult } from './output.ts';
import { addSecretOption } from './secret-option.ts';

/** The options of every command that talks to a running eIM: its URL, the admin token, its TLS trust. */
export const eimAdmin = (command: Command) =>
  addSecretOption(
    command.addOption(
      new Option('--url <url>', 'eIM base URL').env('RSPSIM_EIM_URL').default('https://localhost:8445'),
    ),
    {
      flag: '--token <token>',
      help: 'admin token of the eIM (printed by eim start)',
      env: 'RSPSIM_EIM_ADMIN_TOKEN',
    },
  )
    .option('--ca <pem>', 'CA certificate to trust (default: the SGP.26 test CI)')
    .option('--insecure', 'do not verify the TLS certificate')
    .option('--json', 'machine-readable output');

function facility(name: string): string {
  if (!(ORDER_FACILITIES as readonly string[]).includes(name))
    throw new Error(`no facility ${name}: one of ${ORDER_FACILITIES.join(', ')}`);
  return name;
}

/** The order's JSON: given inline, or `@file`. */
function orderJson(text: string): unknown {
  const source = text.startsWith('@') ? readInputFileSync(text.slice(1), 'json').toString('utf8') : text;
  try {
    return JSON.parse(source);
  } catch {
    throw new Error(`the order is not JSON: ${source.slice(0, 60)}`);
  }
}

interface Lookup {
  status: string;
  timestamp?: string;
  outcome?: unknown[];
  resourceId?: string;
}

const lookupLine = (id: string, answer: Lookup) =>
  `${id}  ${answer.status}${answer.outcome?.length ? `  ${JSON.stringify(answer.outcome)}` : ''}`;

export function registerEimOperatorCommands(eim: Command): void {
  eimAdmin(eim.command('order'))
    .description(
      'queue an order for an eUICC: rspsim eim order psmo --eid <EID> \'[{"enable": {"iccid": "…"}}]\' (the facility\'s order value, or @file)',
    )
    .argument('<facility>', ORDER_FACILITIES.join(' | '))
    .argument(
      '<order>',
      "the facility's order as JSON (psmo/eco/euicc: a list; edr/download: an object), or @file",
    )
    .requiredOption('--eid <eid>', 'the EID (32 digits)')
    .action(async (name: string, order: string, options: AdminOptions & { eid: string }) => {
      const f = facility(name);
      const body = JSON.stringify({ eidValue: options.eid, order: { [f]: orderJson(order) } });
      let created: Lookup;
      try {
        created = await adminCall<Lookup>(options, `/${f}/create`, 'POST', body, {
          'Content-Type': 'application/json',
        });
      } catch (error) {
        // 303 See Other to the lookup: the answer is the new order
        if (!(error instanceof HttpStatusError) || error.status !== 303) throw error;
        created = error.body as Lookup;
      }
      printResult(
        options,
        created,
        () =>
          `${created.resourceId ?? '?'}  ${created.status} (rspsim eim lookup ${f} ${created.resourceId ?? ''})`,
      );
    });
  eimAdmin(eim.command('lookup'))
    .description("an order's status and outcome (new | work | done | absent)")
    .argument('<facility>', ORDER_FACILITIES.join(' | '))
    .argument('<id>', 'the resource id eim order printed')
    .action(async (name: string, id: string, options: AdminOptions) => {
      const answer = await adminCall<Lookup>(options, `/${facility(name)}/lookup/${encodeURIComponent(id)}`);
      printResult(options, answer, () => lookupLine(id, answer));
    });
  eimAdmin(eim.command('list'))
    .description("a facility's orders, each with its status")
    .argument('<facility>', ORDER_FACILITIES.join(' | '))
    .action(async (name: string, options: AdminOptions) => {
      const f = facility(name);
      const { resourceIdList } = await adminCall<{ resourceIdList: string[] }>(options, `/${f}/list`);
      const rows = await Promise.all(
        resourceIdList.map(async (id) => ({
          id,
          ...(await adminCall<Lookup>(options, `/${f}/lookup/${id}`)),
        })),
      );
      printList(options, rows, `no ${f} orders`, (row) => lookupLine(row.id, row));
    });
  eimAdmin(eim.command('delete'))
    .description('delete an order (done ones, or revoke one not yet done)')
    .argument('<facility>', ORDER_FACILITIES.join(' | '))
    .argument('<id>', 'the resource id')
    .action(async (name: string, id: string, options: AdminOptions) => {
      const answer = await adminCall<Lookup>(options, `/${facility(name)}/delete/${encodeURIComponent(id)}`);
      printResult(options, answer, () => `${id}  ${answer.status}`);
    });
  eimAdmin(eim.command('info'))
    .description("the eIM's facts, with the addInitialEimRequest to give an eUICC (hex)")
    .action(async (options: AdminOptions) => {
      const info = await adminCall<Record<string, unknown>>(options, '/');
      printResult(options, info, () =>
        [
          `eimId ${String(info.eimId)}`,
          `eimFqdn ${String(info.eimFqdn)}`,
          `addInitialEimRequest ${String(info.addInitialEimRequest)}`,
        ].join('\n'),
      );
    });
}
