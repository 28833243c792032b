import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);

describe('electron-builder.yml', () => {
  it('is valid against electron-builder\'s own configuration schema', () => {
    const schema = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8'));
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    const config = parse(readFileSync('electron-builder.yml', 'utf8'));
    expect(validate(config) ? [] : validate.errors).toEqual([]);
  });

  it('packages the built host, preload and renderer that the Electron shell loads', () => {
    const config = parse(readFileSync('electron-builder.yml', 'utf8')) as { files: string[]; electronFuses: Record<string, boolean> };
    const main = (JSON.parse(readFileSync('package.json', 'utf8')) as { main: string }).main;
    expect(main).toBe('dist/main/shells/electron/main.js');
    expect(config.files).toEqual(expect.arrayContaining(['dist/main/**/*.js', 'dist/main/**/*.cjs', 'dist/renderer/**/*']));
    expect(config.electronFuses['runAsNode']).toBe(false);
  });
});
