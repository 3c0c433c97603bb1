// Parties by name: "harbor-line" -> "Harbor Line". The catalog and the
// policies know parties only by id; this is the one place that turns an id
// into the words a page shows.
export function displayName(party) {
  const id = String(party ?? '');
  if (!id) return 'someone';
  return id.split(/[-_]+/).filter(Boolean).map((w) => w[0].toUpperCase() + w.slice(1)).join(' ');
}
