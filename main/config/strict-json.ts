/**
 * JSON for the files people write by hand (kiosk.json, breathalyser profiles), read strictly.
 * JSON.parse keeps the last of two keys with the same name, so a second "kind" or "profile"
 * pasted lower down silently wins over the one the person checked. A duplicate key, at any depth,
 * is refused with its name and line. Comments and trailing commas are refused too: these files
 * are plain JSON, and a kiosk never runs on a file it half understands.
 *
 * The scanner is Microsoft's jsonc-parser (the one VS Code uses), through its visitor: it reports
 * each property name with its line, which JSON.parse cannot.
 */
import { printParseErrorCode, visit, type ParseErrorCode } from 'jsonc-parser';

export class StrictJsonError extends Error {
  /** What is wrong and where, without the file's name: for a message that names the file its own way. */
  constructor(readonly file: string, readonly problem: string) {
    super(`${file} is not valid JSON: ${problem}.`);
  }
}

const syntaxWords: Partial<Record<ReturnType<typeof printParseErrorCode>, string>> = {
  InvalidSymbol: 'something that is not JSON',
  InvalidNumberFormat: 'a number JSON cannot read',
  PropertyNameExpected: 'a property name in double quotes was expected (is there a comma too many?)',
  ValueExpected: 'a value was expected (is there a comma too many?)',
  ColonExpected: 'a colon was expected after the property name',
  CommaExpected: 'a comma was expected',
  CloseBraceExpected: 'a closing } was expected',
  CloseBracketExpected: 'a closing ] was expected',
  EndOfFileExpected: 'the file should end here',
  InvalidCommentToken: 'a comment, which JSON does not allow',
  UnexpectedEndOfString: 'a string that is not closed',
};

interface Problem { words: string; line: number; column: number }

function firstProblem(text: string): Problem | null {
  let problem: Problem | null = null;
  const keysOfOpenObjects: Array<Set<string>> = [];
  visit(text, {
    onObjectBegin: () => { keysOfOpenObjects.push(new Set()); },
    onObjectEnd: () => { keysOfOpenObjects.pop(); },
    onObjectProperty: (property, _offset, _length, startLine, startCharacter, pathSupplier) => {
      const keys = keysOfOpenObjects.at(-1);
      if (!keys || problem) return;
      if (keys.has(property)) {
        const inside = pathSupplier().join('.');
        problem = { words: `the key "${property}" appears twice${inside ? ` in "${inside}"` : ''}: keep one`, line: startLine + 1, column: startCharacter + 1 };
      }
      keys.add(property);
    },
    onError: (error: ParseErrorCode, _offset, _length, startLine, startCharacter) => {
      if (problem) return;
      const code = printParseErrorCode(error);
      problem = { words: syntaxWords[code] ?? code, line: startLine + 1, column: startCharacter + 1 };
    },
  }, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  return problem;
}

/** The value in `text`, read as JSON; `file` names it in the refusal. */
export function parseStrictJson(text: string, file: string): unknown {
  const problem = firstProblem(text);
  if (problem) throw new StrictJsonError(file, `${problem.words}, at line ${problem.line}, column ${problem.column}`);
  // jsonc-parser found nothing wrong; JSON.parse builds the value exactly as the rest of the code expects it.
  return JSON.parse(text);
}
