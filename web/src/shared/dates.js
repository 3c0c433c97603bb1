// Dates as the pages show them, one format everywhere: "1 May 2026", and a
// time as "1 May 2026, 12:00 UTC". Read from the text (never through Date,
// so no time zone of the browser shifts a day).
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October',
  'November', 'December'];

// "2026-05-01" -> "1 May 2026"; anything else is returned as it is.
export function formatDate(text) {
  const m = /^(\d{4})-(\d\d)-(\d\d)$/.exec(String(text ?? '').trim());
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) return String(text ?? '');
  return `${Number(m[3])} ${MONTHS[Number(m[2]) - 1]} ${m[1]}`;
}

// "2026-05-01T12:00:00Z" -> "1 May 2026, 12:00 UTC"; "2026-05-01T12:00:30+02:00" ->
// "1 May 2026, 12:00:30 UTC+02:00"; a plain date -> "1 May 2026".
export function formatTime(text) {
  const s = String(text ?? '').trim();
  const m = /^(\d{4}-\d\d-\d\d)(?:[Tt ](\d\d):(\d\d):(\d\d)(?:\.\d+)?([Zz]|[+-]\d\d:\d\d))?$/.exec(s);
  if (!m) return s;
  const day = formatDate(m[1]);
  if (!m[2]) return day;
  const clock = `${m[2]}:${m[3]}${m[4] === '00' ? '' : `:${m[4]}`}`;
  const zone = /z/i.test(m[5]) || m[5] === '+00:00' ? 'UTC' : `UTC${m[5]}`;
  return `${day}, ${clock} ${zone}`;
}
