/**
 * Architecture test (the tessera habit): the log library must run on
 * Cloudflare Workers, so no source file here may reach for Node. The
 * compiler (tsconfig.core.json, types: []) catches most of it; this also
 * catches what type-checks anyway, like a dynamic import.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const DIR = new URL('./', import.meta.url);
const sources = readdirSync(DIR).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));

describe('src/crypto/merkle is Worker-safe', () => {
  it.each(sources)('%s uses no Node API', (file) => {
    const text = readFileSync(new URL(file, DIR), 'utf8');
    expect(text).not.toMatch(
      /from ['"]node:|require\(|import\(['"]node:|\bBuffer\b|\bprocess\.|\b__dirname\b/,
    );
    // Only relative imports: this folder depends on nothing but the platform.
    for (const m of text.matchAll(/^(?:import|export)\b[^;]*?\bfrom ['"]([^'"]+)['"]/gm))
      expect(m[1]).toMatch(/^\.\/[a-z0-9-]+\.ts$/);
  });
});
