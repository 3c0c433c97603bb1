// Reads a case file (format: tests/cases/README.md) into {sources, catalog, diagnostics, hasDiagnostics, requests}.
export function parseCase(text) {
  const sections = [];
  let current = null;
  for (const line of text.split('\n')) {
    if (line.startsWith('--- ')) {
      const rest = line.slice(4).trim();
      const space = rest.indexOf(' ');
      current = { kind: space < 0 ? rest : rest.slice(0, space), arg: space < 0 ? '' : rest.slice(space + 1).trim(), lines: [] };
      sections.push(current);
    } else if (current) {
      current.lines.push(line);
    }
  }
  const body = (s) => {
    const lines = [...s.lines];
    while (lines.length && lines[lines.length - 1] === '') lines.pop();
    return lines.map((l) => l + '\n').join('');
  };
  const result = { sources: [], catalog: null, diagnostics: '', hasDiagnostics: false, requests: [] };
  for (let i = 0; i < sections.length; i++) {
    const s = sections[i];
    if (s.kind === 'source') result.sources.push({ name: s.arg, text: body(s) });
    else if (s.kind === 'catalog') result.catalog = { name: s.arg || 'catalog.jsonl', text: body(s) };
    else if (s.kind === 'diagnostics') {
      result.diagnostics = body(s);
      result.hasDiagnostics = true;
    }
    else if (s.kind === 'request') {
      const decision = sections[i + 1];
      if (!decision || decision.kind !== 'decision') throw new Error('a request needs a decision right after it');
      result.requests.push({ label: s.arg, request: body(s), decision: body(decision) });
      i++;
    } else {
      throw new Error(`unknown section \`${s.kind}\``);
    }
  }
  return result;
}
