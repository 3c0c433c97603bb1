// Who is who: each party's role, from the catalog's rights holders and from
// the `policy "NAME" by ROLE "PARTY"` headers of the sources.

// Map party -> role named in the policy headers of the sources.
export function rolesFromSources(sources) {
  const roles = new Map();
  for (const { text } of sources)
    for (const m of text.matchAll(/^\s*policy\s+"[^"]*"\s+by\s+([a-z_]+)\s+"([^"]*)"/gm))
      if (!roles.has(m[2])) roles.set(m[2], m[1]);
  return roles;
}

// The catalog's works, one object a line.
export function parseCatalog(jsonl) {
  return jsonl.split('\n').filter((line) => line.trim()).map((line) => JSON.parse(line));
}

// A lookup party -> role, preferring the role the party holds on this work.
export function roleLookup(work, sourceRoles) {
  return (party) => {
    const held = (work?.rightsholders || []).filter((r) => r.party === party).map((r) => r.role);
    if (held.length) return held.join(' and ');
    return sourceRoles.get(party) || 'party';
  };
}
