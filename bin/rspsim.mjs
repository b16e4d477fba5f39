#!/usr/bin/env node
// rspsim command line: the compiled JavaScript in dist/ (built by `npm run build`, which `npm ci` runs as
// `prepare`), run in this process.
let cli;
try {
  cli = await import('../dist/cli/main.js');
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes('dist/cli/main.js'))
    throw error;
  process.stderr.write('rspsim: dist/ is missing: run `npm run build` (npm ci runs it)\n');
  process.exit(1);
}
await cli.main(process.argv);
