// Amounts as the pages show them: "USD 1,234.50", read from the exact
// decimal strings of a decision ("1234.500000"). Strings only — an amount
// never passes through a floating-point number, so nothing is rounded: the
// fraction is cut back to the currency's minor unit only where the digits
// cut are zeros, and otherwise shown in full ("USD 0.0315").

// ISO 4217 minor units that are not 2. Codes with no minor unit (precious
// metals, units of account) show the digits they have and no more.
const MINOR_UNITS = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0, UYI: 0, VND: 0, VUV: 0,
  XAF: 0, XOF: 0, XPF: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
  CLF: 4, UYW: 4,
  XAG: 0, XAU: 0, XPD: 0, XPT: 0, XDR: 0, XSU: 0, XUA: 0, XBA: 0, XBB: 0, XBC: 0, XBD: 0,
};

export function minorUnit(currency) {
  return MINOR_UNITS[currency] ?? 2;
}

// "1234.500000", "USD" -> "USD 1,234.50"; "0.031500" -> "USD 0.0315"; "-5.000000" -> "USD −5.00".
// A text that is not a decimal number is shown as it is, after the currency.
export function formatMoney(amount, currency) {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(String(amount).trim());
  if (!m) return `${currency} ${amount}`;
  const [, sign, whole, fraction = ''] = m;
  const keep = Math.max(minorUnit(currency), fraction.replace(/0+$/, '').length);
  const digits = fraction.padEnd(keep, '0').slice(0, keep);
  const grouped = whole.replace(/^0+(?=\d)/, '').replace(/\B(?=(\d{3})+$)/g, ',');
  return `${currency} ${sign ? '−' : ''}${grouped}${digits ? `.${digits}` : ''}`;
}

// "20000.00 USD" (a money value as a request or a policy writes it) -> "USD 20,000.00".
export function formatMoneyText(text) {
  const m = /^\s*(-?\d+(?:\.\d+)?)\s+([A-Z]{3})\s*$/.exec(String(text));
  return m ? formatMoney(m[1], m[2]) : String(text);
}
