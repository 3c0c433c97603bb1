// The portal's checks of what an artist types (web/src/portal/validate.js), in Node.
//   node --test web/test/validate.test.mjs
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { policySource } from '../src/portal/policy-source.js';
import { emptySettings } from '../src/portal/settings.js';
import * as v from '../src/portal/validate.js';
import { useGroups, leafUses } from '../src/shared/uses.js';

v.setVocabulary({ territories: ['GB', 'GH', 'SE', 'US'], currencies: ['EUR', 'USD'] });

test('money: plain decimals only, with the reason in words', () => {
  assert.equal(v.moneyProblem('0.02'), '');
  assert.equal(v.moneyProblem('0,02'), 'Use a point for decimals: 0.02, not 0,02.');
  assert.equal(v.moneyProblem('$0.02'), 'Write only the number: the currency is chosen in the list beside it.');
  assert.equal(v.moneyProblem('0.02 USD'), 'Write only the number: the currency is chosen in the list beside it.');
  assert.equal(v.moneyProblem('70%'), 'This is an amount of money, not a percentage: write a number such as 0.02.');
  assert.equal(v.moneyProblem('-1'), 'A price cannot be negative.');
  assert.equal(v.moneyProblem('1,500.00'), 'Write the number without commas: 1500.00 (use a point for decimals).');
  assert.equal(v.moneyProblem('0.0000001'), 'Amounts have at most six decimals, such as 0.000125.');
  assert.equal(v.moneyProblem('9223372036854.775807'), '');
  assert.equal(v.moneyProblem('9223372036854.775808'), 'That amount is too large.');
  assert.equal(v.moneyProblem(''), '');
  assert.equal(v.moneyProblem('', { required: true, what: 'the fee' }), 'Enter the fee, such as 0.02 or 1500.00.');
});

test('percentages: 0 to 100, at most four decimals; a split adds up to exactly 100', () => {
  assert.equal(v.percentProblem('100'), '');
  assert.equal(v.percentProblem('100.0001'), 'A percentage cannot be more than 100.');
  assert.equal(v.percentProblem('70%'), 'Write just the number, without the % sign: 70.');
  assert.equal(v.percentProblem('2.12345'), 'A percentage has at most four decimals, such as 2.5 or 12.3456.');
  assert.deepEqual(v.splitProblems({ artist: '70', label: '30' }), { fields: {}, total: '' });
  assert.deepEqual(v.splitProblems({}), { fields: {}, total: '' });
  assert.equal(v.splitProblems({ artist: '33.3333', label: '33.3333', producer: '33.3333' }).total,
    'The shares add up to 99.9999%; they must add up to exactly 100% (or leave them all blank: everything goes to you).');
  assert.deepEqual(v.splitProblems({ artist: '70,5', label: '29.5' }).fields, { artist: 'Use a point for decimals: 70.5, not 70,5.' });
});

test('places: known two-letter codes; an empty "only in" is an error and would mean nowhere', () => {
  assert.equal(v.territoriesProblem('us, GB se'), '');
  assert.equal(v.territoriesProblem('USA'), '“USA” is not a country code: use two-letter ISO codes such as US, GB or SE, separated by commas.');
  assert.equal(v.territoriesProblem('XX'), '“XX” is not a country code we know: use two-letter ISO codes such as US, GB or SE.');
  const uses = [{ name: 'ai', parent: '' }, { name: 'ai.train', parent: 'ai' }, { name: 'ai.train.generative', parent: 'ai.train' }];
  const settings = emptySettings('ana', leafUses(uses));
  Object.assign(settings.uses['ai.train.generative'], { stance: 'in', where: 'only' });
  assert.deepEqual(v.settingsProblems(settings), [{ use: 'ai.train.generative', field: 'ai.train.generative-where',
    message: 'Choose at least one region or country, or choose Anywhere. (To allow this use nowhere, opt out of it instead.)' }]);
  assert.match(policySource(settings, useGroups(uses), 'Ana').text, /^ {4}when territory in \[\]$/m);
  settings.uses['ai.train.generative'].where = 'anywhere';
  assert.deepEqual(v.settingsProblems(settings), []);
  assert.doesNotMatch(policySource(settings, useGroups(uses), 'Ana').text, /territory/);
});

test('dates: whole dates, and an end after the start', () => {
  assert.equal(v.dateProblem('?'), 'Enter a whole date (day, month and year), or clear the field.');
  assert.equal(v.dateOrderProblem('2026-01-01', '2026-01-01', { startName: 'From', endName: 'Until' }),
    '“Until” must be after “From”: the terms run from the first day up to, but not including, the second.');
  assert.equal(v.dateOrderProblem('2026-01-01', '2026-01-02', { startName: 'From', endName: 'Until' }), '');
});

test("one's own request: units, revenue, territory, time", () => {
  assert.equal(v.unitsProblem(''), '');
  assert.equal(v.unitsProblem('60000'), '');
  assert.equal(v.unitsProblem('60,000'), 'Write the number without commas, points or spaces: 60000.');
  assert.equal(v.unitsProblem('60.000'), 'Write the number without commas, points or spaces: 60000.');
  assert.equal(v.unitsProblem('-5'), 'Units cannot be negative.');
  assert.equal(v.unitsProblem('2.5'), 'Units are whole numbers, such as 40000.');
  assert.equal(v.unitsProblem('99999999999999999'), 'That number is too large.');
  assert.equal(v.revenueProblem('20000.00 usd'), '');
  assert.equal(v.revenueProblem('20000.00 XYZ'), '“XYZ” is not a currency code we know, such as USD, EUR or GBP.');
  assert.equal(v.revenueProblem('-5.00 USD'), 'Revenue cannot be negative.');
  assert.equal(v.territoryProblem('se'), '');
  assert.equal(v.timeProblem('2026-02-29'), 'That date or time does not exist.');
  assert.equal(v.timeProblem('2028-02-29T23:59:59+01:00'), '');
});

test('publishing: a site is a whole http(s) address; a path starts with / and has no spaces or #', () => {
  for (const site of ['', 'https://luna-ray.example', 'https://luna-ray.example/', 'http://example.com/luna/'])
    assert.equal(v.siteProblem(site), '', site);
  for (const site of ['luna-ray.example', 'ftp://luna-ray.example', 'https://', 'https//luna-ray.example'])
    assert.equal(v.siteProblem(site), 'Write your site’s whole address, starting with https://, such as https://luna-ray.example.', site);
  assert.equal(v.siteProblem('https://luna-ray.example/?a=1'), 'Just the site’s address, without ? or #: such as https://luna-ray.example.');
  for (const path of ['/', '/music/*', '/music/moth-light/']) assert.equal(v.pathProblem(path), '', path);
  assert.equal(v.pathProblem(''), 'Say which part of your site these files cover: / is all of it.');
  assert.equal(v.pathProblem('music'), 'A path on your site starts with /, such as /music.');
  assert.equal(v.pathProblem('/my music'), 'A path has no spaces and no #, such as /music/moth-light/.');
  assert.equal(v.pathProblem('/a#b'), 'A path has no spaces and no #, such as /music/moth-light/.');
});
