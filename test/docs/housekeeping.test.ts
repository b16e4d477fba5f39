import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * What a reader of the source relies on: docs/layout.md (README's Layout) names every folder of src, and no
 * comment in src points at a tracker number, which a reader of the repository cannot follow (a comment says
 * the reason itself).
 */
const root = new URL('../..', import.meta.url).pathname;

const sourceFiles = () =>
  readdirSync(join(root, 'src'), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.(?:ts|js|mjs|css|html)$/.test(entry.name))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)));

/** "issue 14", "Issue 23", "issue #7": a tracker's number. */
const TRACKER_NUMBER = /\bissue\s+#?\d+/i;

describe('housekeeping', () => {
  it('docs/layout.md names every folder of src', () => {
    const layout = readFileSync(join(root, 'docs/layout.md'), 'utf8');
    const folders = readdirSync(join(root, 'src'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => `src/${entry.name}`);
    expect(folders.length).toBeGreaterThan(20);
    expect(folders.filter((folder) => !layout.includes(`| \`${folder}\` |`))).toEqual([]);
  });

  it('no file of src cites a tracker number', () => {
    const files = sourceFiles();
    expect(files.length).toBeGreaterThan(200);
    const citing = files.filter((file) => TRACKER_NUMBER.test(readFileSync(join(root, file), 'utf8')));
    expect(citing).toEqual([]);
    expect(['see issue 14', 'Issue 23:', 'issue #7'].every((text) => TRACKER_NUMBER.test(text))).toBe(true);
    expect(TRACKER_NUMBER.test('an issue of the card')).toBe(false);
  });
});
