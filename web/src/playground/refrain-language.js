// Syntax highlighting for Refrain in CodeMirror 6: a stream tokenizer that
// follows the lexer of docs/language.md §2 (comments, strings, dates, money,
// percents, keywords, uses, territories).
import { StreamLanguage } from '@codemirror/language';

const KEYWORDS = new Set(['policy', 'by', 'effective', 'expires', 'on', 'allow', 'deny', 'except', 'when', 'pay', 'split',
  'duty', 'consent', 'from', 'for', 'region', 'and', 'or', 'not', 'in', 'has', 'max', 'min']);
const WORD_OPERATORS = new Set(['matches', 'starts_with', 'ends_with', 'contains']);
const ROLES = new Set(['artist', 'label', 'publisher', 'writer', 'producer', 'platform']);
const ATOMS = new Set(['true', 'false']);

function token(stream) {
  if (stream.eatSpace()) return null;
  if (stream.match(/^#.*/)) return 'comment';
  if (stream.match(/^"(?:[^"\\]|\\.)*"?/)) return 'string';
  if (stream.match(/^\d{4}-\d\d-\d\d(?:T\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d))?/)) return 'number';
  if (stream.match(/^\d[\d_]*(?:\.\d+)?(?: [A-Z]{3}\b|%)/)) return 'number';
  if (stream.match(/^\d[\d_]*(?:\.\d+)?/)) return 'number';
  const word = stream.match(/^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*/);
  if (word) {
    const w = word[0];
    if (KEYWORDS.has(w)) return 'keyword';
    if (WORD_OPERATORS.has(w)) return 'operatorKeyword';
    if (ATOMS.has(w)) return 'atom';
    if (w === 'ai' || w.startsWith('ai.')) return 'typeName';
    if (ROLES.has(w)) return 'className';
    if (/^[A-Z][A-Z0-9_]+$/.test(w)) return 'atom';
    return 'variableName';
  }
  if (stream.match(/^(?:==|!=|<=|>=|[<>+\-*])/)) return 'operator';
  stream.next();
  return 'punctuation';
}

export const refrainLanguage = StreamLanguage.define({
  name: 'refrain',
  token,
  languageData: { commentTokens: { line: '#' } },
});
