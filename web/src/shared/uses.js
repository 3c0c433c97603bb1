// The use tree (read from the compiler's vocabulary by the build) with the
// plain names the pages show.
const plainNames = {
  ai: 'Any AI use',
  'ai.train': 'Training',
  'ai.train.generative': 'Training models that make music',
  'ai.train.analytic': 'Training models that analyse music',
  'ai.generate': 'Generating',
  'ai.generate.voice': 'Voice clones',
  'ai.generate.style': 'Music in your style',
  'ai.generate.remix': 'AI remixes and covers',
  'ai.produce': 'Production tools',
  'ai.produce.stems': 'Stem separation',
  'ai.produce.master': 'AI mixing and mastering',
  'ai.engage': 'Fan engagement',
  'ai.engage.personalize': 'Personalised fan experiences',
  'ai.engage.persona': 'A chat persona of you',
};

export function plainUse(name) {
  return plainNames[name] || name;
}

// Groups under the root, each with its leaf uses: [{use, leaves: [use]}].
export function useGroups(uses) {
  const groups = uses.filter((u) => u.parent === 'ai');
  return groups.map((g) => ({ ...g, leaves: uses.filter((u) => u.parent === g.name) }));
}

export function leafUses(uses) {
  return uses.filter((u) => !uses.some((c) => c.parent === u.name));
}

// True when `use` is `ancestor` or lies inside its subtree.
export function covers(ancestor, use) {
  return use === ancestor || use.startsWith(`${ancestor}.`);
}
