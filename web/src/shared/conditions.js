// The runtime's explanation (engine.explain) of why rules did not apply, as
// lines of text: the same words as the REPL's `:why`. It only reads the
// explanation; every value in it was computed by the runtime.

function shown(v) {
  return v.error ? `<${v.error.code}: ${v.error.message}>` : v.value;
}

const isTrue = (c) => !c.error && c.value === 'true';

// Why condition `c` (which did not hold) is false or failed, indented.
function explainFalse(c, indent, out) {
  if (c.kind === 'and') return explainFalse(isTrue(c.sides[0]) ? c.sides[1] : c.sides[0], indent, out);
  if (c.kind === 'or') {
    out.push(`${indent}neither side of \`${c.text}\` holds:`);
    explainFalse(c.sides[0], `${indent}  `, out);
    explainFalse(c.sides[1], `${indent}  `, out);
    return;
  }
  if (c.error) return void out.push(`${indent}\`${c.text}\` failed: ${c.error.code}: ${c.error.message}`);
  let line = `${indent}\`${c.text}\` is false`;
  if (c.kind === 'not') line += `: ${c.operands[0].text} is true`;
  else if (c.kind === 'has') line += `: the request has no \`${c.text.slice(4, -1)}\``;
  else (c.operands || []).forEach((o, i) => { line += `${i ? ', ' : ': '}${o.text} = ${shown(o)}`; });
  out.push(line);
}

// [{party, rule, lines: [...]}] for each policy its `on` silenced and each
// relevant allow rule whose `when` did not hold, in bundle order.
export function conditionLines(explanation) {
  const out = [];
  for (const s of explanation.scopes) {
    const lines = [`${s.party}: policy "${s.policy}" at ${s.at} says nothing: its \`on\` does not hold`];
    explainFalse(s.on, '  ', lines);
    out.push({ party: s.party, rule: s.at, lines });
  }
  for (const r of explanation.rules) {
    if (r.effect !== 'allow' || r.outcome === 'holds') continue;
    const head = `${r.party}: allow ${r.uses.join(', ')} at ${r.rule}`;
    const lines = [r.outcome === 'false' ? `${head} - when is false` : `${head} - when failed: ${r.when.error.code}: ${r.when.error.message}`];
    if (r.outcome === 'false') explainFalse(r.when, '  ', lines);
    out.push({ party: r.party, rule: r.rule, lines });
  }
  return out;
}
