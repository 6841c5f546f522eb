import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { prompts } from '../../agent/src/prompts.generated.js';

const dir = new URL('../../agent/prompts/', import.meta.url);

describe('embedded prompts', () => {
  it('match the Markdown files (run node agent/scripts/embed-prompts.mjs after editing them)', () => {
    const files = readdirSync(dir).filter((name) => name.endsWith('.md'));
    expect(Object.keys(prompts).sort()).toEqual(files.map((name) => name.replace(/\.md$/, '')).sort());
    for (const name of files) {
      expect(prompts[name.replace(/\.md$/, '') as keyof typeof prompts]).toBe(readFileSync(new URL(name, dir), 'utf8'));
    }
  });

  it('name the files and placeholders the workflow relies on', () => {
    expect(prompts.coder).toContain('figures.json');
    expect(prompts.validator).toContain('validation file named in your task');
    expect(prompts.validator).not.toMatch(/\{\{/);
    expect(prompts.reporter).toContain('{{total_sales}}');
    expect(prompts.reporter).toContain('build_pdf');
  });
});
