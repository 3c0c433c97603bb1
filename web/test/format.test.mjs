// Amounts and dates as the pages show them (web/src/shared/money.js, dates.js).
//   node --test web/test/format.test.mjs
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatDate, formatTime } from '../src/shared/dates.js';
import { formatMoney, formatMoneyText } from '../src/shared/money.js';

test('amounts: the currency code first, the minor unit, thousands grouped', () => {
  assert.equal(formatMoney('840.000000', 'USD'), 'USD 840.00');
  assert.equal(formatMoney('1200.000000', 'USD'), 'USD 1,200.00');
  assert.equal(formatMoney('1234567.500000', 'EUR'), 'EUR 1,234,567.50');
  assert.equal(formatMoney('0.000000', 'GBP'), 'GBP 0.00');
  assert.equal(formatMoney('800.000000', 'JPY'), 'JPY 800');
  assert.equal(formatMoney('12.345000', 'KWD'), 'KWD 12.345');
  assert.equal(formatMoney('-5.000000', 'USD'), 'USD −5.00');
});

test('amounts are never rounded: digits beyond the minor unit that are not zero are shown', () => {
  assert.equal(formatMoney('0.031500', 'USD'), 'USD 0.0315');
  assert.equal(formatMoney('882.000001', 'USD'), 'USD 882.000001');
  assert.equal(formatMoney('9223372036854.775807', 'USD'), 'USD 9,223,372,036,854.775807');  // past 2^53: no float
  assert.equal(formatMoney('0.500000', 'JPY'), 'JPY 0.5');
  assert.equal(formatMoneyText('20000.00 USD'), 'USD 20,000.00');
});

test('dates: one format, read from the text', () => {
  assert.equal(formatDate('2026-05-01'), '1 May 2026');
  assert.equal(formatDate('2024-12-31'), '31 December 2024');
  assert.equal(formatTime('2026-05-01T12:00:00Z'), '1 May 2026, 12:00 UTC');
  assert.equal(formatTime('2026-05-15T18:00:00+01:00'), '15 May 2026, 18:00 UTC+01:00');
  assert.equal(formatTime('2026-05-15T18:00:30.250Z'), '15 May 2026, 18:00:30 UTC');
  assert.equal(formatTime('2026-05-01'), '1 May 2026');
  assert.equal(formatTime('soon'), 'soon');
});
