/**
 * `npx tsx scripts/unused-exports.ts`: the exports of src/ that no other file imports (src, test, bench,
 * scripts through tsconfig.json; bin/rspsim.mjs runs dist's `main`; the admin page's app.js imports types
 * in JSDoc). One line each: `file:line value|type name (uses in its file: n)`; n = 0 is dead code, the
 * others only need no `export`. The SGP.22 / SAIP ASN.1 declarations and the error classes stay exported on
 * purpose (the message types are declared once as data, and callers tell errors apart by class): judge each
 * line, do not remove blindly. Reads with the TypeScript compiler API (typescript is a devDependency).
 */
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = fileURLToPath(new URL('../', import.meta.url));
/** Used from outside the TypeScript program: bin/rspsim.mjs calls dist/cli/main.js's main. */
const ENTRY_POINTS: Readonly<Record<string, readonly string[]>> = { 'src/cli/main.ts': ['main'] };
/** JavaScript files whose JSDoc imports types from src/. */
const JSDOC_IMPORTERS = ['src/smdp/http/admin-ui/app.js'];

const configPath = join(root, 'tsconfig.json');
const config = ts.readConfigFile(configPath, ts.sys.readFile);
const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, dirname(configPath));
const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options });
const checker = program.getTypeChecker();
const sources = program
  .getSourceFiles()
  .filter((f) => !f.isDeclarationFile && !f.fileName.includes('/node_modules/'));

const used = new Set<ts.Symbol>();
/** Modules imported as a whole (namespace, `export *` is resolved at the importer, dynamic or type import). */
const wholeModules = new Set<ts.SourceFile>();

const original = (symbol: ts.Symbol): ts.Symbol =>
  symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
const use = (symbol: ts.Symbol | undefined) => {
  if (symbol) used.add(original(symbol));
};

function moduleAt(specifier: string, from: string): ts.SourceFile | undefined {
  const resolved = ts.resolveModuleName(specifier, from, parsed.options, ts.sys).resolvedModule;
  return resolved && program.getSourceFile(resolved.resolvedFileName);
}

function useExport(module: ts.SourceFile, name: string): void {
  const moduleSymbol = checker.getSymbolAtLocation(module);
  use(moduleSymbol && checker.getExportsOfModule(moduleSymbol).find((e) => e.getName() === name));
}

function visit(file: ts.SourceFile, node: ts.Node): void {
  if (ts.isImportDeclaration(node) && node.importClause) {
    const { name, namedBindings } = node.importClause;
    if (name) use(checker.getSymbolAtLocation(name));
    if (namedBindings && ts.isNamespaceImport(namedBindings)) {
      const target = moduleAt((node.moduleSpecifier as ts.StringLiteral).text, file.fileName);
      if (target) wholeModules.add(target);
    } else if (namedBindings) {
      for (const element of namedBindings.elements) use(checker.getSymbolAtLocation(element.name));
    }
  }
  if (ts.isExportDeclaration(node) && node.exportClause && ts.isNamedExports(node.exportClause)) {
    for (const element of node.exportClause.elements)
      use(checker.getExportSpecifierLocalTargetSymbol(element));
  }
  // import('x').Name in a type: that export; import('x') as an expression: all of them.
  if (ts.isImportTypeNode(node)) {
    const literal = ts.isLiteralTypeNode(node.argument) ? node.argument.literal : undefined;
    const target = literal && ts.isStringLiteral(literal) ? moduleAt(literal.text, file.fileName) : undefined;
    const name = node.qualifier && ts.isIdentifier(node.qualifier) ? node.qualifier.text : undefined;
    if (target && name) useExport(target, name);
    else if (target) wholeModules.add(target);
  }
  if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
    const [argument] = node.arguments;
    const target =
      argument && ts.isStringLiteral(argument) ? moduleAt(argument.text, file.fileName) : undefined;
    if (target) wholeModules.add(target);
  }
  ts.forEachChild(node, (child) => visit(file, child));
}

for (const file of sources) visit(file, file);
for (const importer of JSDOC_IMPORTERS) {
  const at = join(root, importer);
  for (const [, specifier, name] of readFileSync(at, 'utf8').matchAll(/import\('([^']+)'\)\.(\w+)/g)) {
    const target = moduleAt(specifier!, at);
    if (target) useExport(target, name!);
  }
}

for (const file of sources) {
  const path = relative(root, file.fileName);
  const moduleSymbol = checker.getSymbolAtLocation(file);
  if (!path.startsWith('src/') || wholeModules.has(file) || !moduleSymbol) continue;
  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    const target = original(exported);
    const name = exported.getName();
    const declaration = target.declarations?.[0];
    // Re-exports are judged where they are declared.
    if (used.has(target) || ENTRY_POINTS[path]?.includes(name) || declaration?.getSourceFile() !== file)
      continue;
    const line = file.getLineAndCharacterOfPosition(declaration.getStart()).line + 1;
    const uses = (file.getFullText().match(new RegExp(`\\b${name.replaceAll('$', '\\$')}\\b`, 'g')) ?? [])
      .length;
    const kind = target.flags & ts.SymbolFlags.Value ? 'value' : 'type';
    process.stdout.write(`${path}:${line} ${kind} ${name} (uses in its file: ${uses - 1})\n`);
  }
}
