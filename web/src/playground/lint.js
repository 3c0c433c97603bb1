// The compiler's diagnostics as CodeMirror lint diagnostics. The compiler
// counts columns in bytes (docs/language.md §11.1); CodeMirror counts UTF-16 units.
import { setDiagnostics } from '@codemirror/lint';

function utf8Length(ch) {
  const c = ch.codePointAt(0);
  return c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
}

// The document position of 1-based `line` and byte column `col`.
export function positionOf(doc, line, col) {
  const l = doc.line(Math.min(Math.max(line, 1), doc.lines));
  let bytes = 1, offset = 0;
  for (const ch of l.text) {
    if (bytes >= col) break;
    bytes += utf8Length(ch);
    offset += ch.length;
  }
  return { from: l.from + offset, lineEnd: l.to };
}

// A transaction spec that shows `diagnostics` (the compiler's, for this file) in `state`.
export function lintSpec(state, diagnostics) {
  const marks = diagnostics.map((d) => {
    const { from, lineEnd } = positionOf(state.doc, d.line, d.col);
    const word = state.doc.sliceString(from, lineEnd).match(/^(?:[\w.]+|\S)/);
    return { from, to: Math.min(lineEnd, from + (word ? word[0].length : 0)), severity: d.severity, message: d.message,
      source: `${d.file}:${d.line}:${d.col}` };
  });
  return setDiagnostics(state, marks);
}
