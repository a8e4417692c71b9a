'use strict';
// The shipped Lambda example scrubs what its handler prints.
const test = require('node:test');
const assert = require('node:assert/strict');

test('the Lambda example handler prints scrubbed text', async () => {
  const printed = [];
  const saved = {};
  for (const name of ['log', 'info', 'warn', 'error', 'debug', 'trace']) {
    saved[name] = console[name];
    console[name] = (text) => printed.push(text);  // stands in for the runtime's console
  }
  try {
    const { handler } = require('../examples/lambda.js');  // patches console on load
    assert.deepEqual(await handler({ user: 'bob@example.org' }), { statusCode: 200 });
    assert.deepEqual(await handler({ fail: true, token: 'sk_live_4eC39HqLyjWDarjtT1zdp7dc' }),
                     { statusCode: 502 });
  } finally {
    Object.assign(console, saved);
  }
  const all = printed.join('\n');
  assert.match(all, /event received: \{ user: '\[REDACTED:pii\.email\]' \}/);
  assert.match(all, /Error: upstream rejected token \[REDACTED:stripe\./);
  assert.ok(!all.includes('bob@example.org') && !all.includes('4eC39HqLyjWDarjtT1zdp7dc'));
});
