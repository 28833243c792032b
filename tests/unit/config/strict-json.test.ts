/**
 * Hand-written JSON is read strictly: JSON.parse would keep the second of two keys with the same
 * name without a word, so a pasted line lower down would quietly win over the one a person checked.
 */
import { describe, expect, it } from 'vitest';
import { parseStrictJson } from '../../../main/config/strict-json.js';

const read = (text: string) => () => parseStrictJson(text, '/data/kiosk.json');

describe('strict JSON', () => {
  it('reads plain JSON as JSON.parse does', () => {
    expect(parseStrictJson('{"a": [1, {"b": null}], "c": "d"}', 'f.json')).toEqual({ a: [1, { b: null }], c: 'd' });
    // The same key in two different objects is not a duplicate.
    expect(parseStrictJson('[{"kind": "none"}, {"kind": "usb"}]', 'f.json')).toEqual([{ kind: 'none' }, { kind: 'usb' }]);
  });

  it('refuses a duplicate key at the top, naming the key and its line', () => {
    expect(read('{\n  "demoData": false,\n  "demoData": true\n}')).toThrow('/data/kiosk.json is not valid JSON: the key "demoData" appears twice: keep one, at line 3, column 3.');
  });

  it('refuses a duplicate key deep inside, naming where it is', () => {
    const text = '{\n  "breathalyser": {\n    "kind": "serial",\n    "path": "/dev/ttyUSB0",\n    "path": "/dev/ttyS0"\n  }\n}';
    expect(read(text)).toThrow(/the key "path" appears twice in "breathalyser": keep one, at line 5/);
  });

  it('refuses comments, trailing commas and an empty file with the line', () => {
    expect(read('{\n  "a": 1 // why\n}')).toThrow(/a comment, which JSON does not allow, at line 2/);
    expect(read('{\n  "a": 1,\n}')).toThrow(/property name in double quotes was expected .* at line 3/);
    expect(read('')).toThrow(/a value was expected/);
    expect(read('{ demoData: yes')).toThrow(/is not valid JSON: .* at line 1/);
  });
});
