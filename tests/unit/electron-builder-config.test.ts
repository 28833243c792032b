import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);

interface BuilderConfig { extends?: string; files: string[]; electronFuses: Record<string, boolean>; directories: { output: string } }
const read = (file: string) => parse(readFileSync(file, 'utf8')) as BuilderConfig;

// What the shipped binary must have; Playwright's test flavour differs in the inspect fuse alone.
const shippedFuses = {
  runAsNode: false,
  enableCookieEncryption: true,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
  loadBrowserProcessSpecificV8Snapshot: false,
  grantFileProtocolExtraPrivileges: false,
};

describe('electron-builder.yml', () => {
  it.each(['electron-builder.yml', 'electron-builder.e2e.yml'])('%s is valid against electron-builder\'s own configuration schema', (file) => {
    const schema = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8'));
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    expect(validate(read(file)) ? [] : validate.errors).toEqual([]);
  });

  it('packages the built host, preload and renderer that the Electron shell loads', () => {
    const config = read('electron-builder.yml');
    const main = (JSON.parse(readFileSync('package.json', 'utf8')) as { main: string }).main;
    expect(main).toBe('dist/main/shells/electron/main.js');
    expect(config.files).toEqual(expect.arrayContaining(['dist/main/**/*.js', 'dist/main/**/*.cjs', 'dist/renderer/**/*']));
  });

  it('flips every fuse that turns the shipped Electron into something else', () => {
    expect(read('electron-builder.yml').electronFuses).toEqual(shippedFuses);
  });

  it('has a test flavour for Playwright that differs only in the inspect fuse, built to its own folder', () => {
    const e2e = read('electron-builder.e2e.yml');
    expect(e2e.extends).toBe('electron-builder.yml');
    expect(e2e.electronFuses).toEqual({ ...shippedFuses, enableNodeCliInspectArguments: true });
    expect(e2e.directories.output).not.toBe(read('electron-builder.yml').directories.output);
  });
});
