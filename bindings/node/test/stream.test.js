'use strict';
// Stream, the Transform over it, and scrubConsole.
const test = require('node:test');
const assert = require('node:assert/strict');
const { Readable, Writable } = require('node:stream');
const { pipeline } = require('node:stream/promises');
const logscrub = require('..');

const INPUT = Buffer.from(
  'start\n' +
  'export AWS_ACCESS_KEY_ID=AKIAZ5B3Q2XJ7N4PLW6R\n' +
  '{"level":"info","user":"bob@example.org","password":"hunter2-secret"}\n' +
  'no newline at the end AKIAZ5B3Q2XJ7N4PLW6R');
const engine = new logscrub.Engine();
const whole = engine.scrub(INPUT);

function feed(s, sizes) {
  const out = [];
  let pos = 0;
  for (const size of sizes) {
    out.push(s.write(INPUT.subarray(pos, pos + size)));
    pos += size;
  }
  out.push(s.write(INPUT.subarray(pos)), s.end());
  return Buffer.concat(out);
}

test('the one-shot output is redacted', () => {
  for (const secret of ['AKIAZ5B3Q2XJ7N4PLW6R', 'hunter2-secret', 'bob@example.org'])
    assert.ok(!whole.includes(secret), secret);
});

test('one-byte writes equal one-shot', () => {
  assert.deepEqual(feed(engine.stream(), Array(INPUT.length).fill(1)), whole);
});

test('random chunkings equal one-shot, one stream reused after end()', () => {
  let seed = 7;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) % 41;
  const s = engine.stream();
  for (let round = 0; round < 50; ++round) {
    assert.deepEqual(feed(s, Array.from({ length: 20 }, random)), whole);
  }
});

test('a record is written when its newline arrives', () => {
  const s = engine.stream();
  assert.equal(s.write('key AKIAZ5B3Q2XJ7N4').length, 0);
  assert.equal(s.write('PLW6R more').length, 0);
  assert.equal(s.write('\nnext').toString(), 'key [REDACTED:aws.access_key_id] more\n');
  assert.equal(s.end().toString(), 'next');
});

test('output beyond the stream buffer is all returned, call after call', () => {
  const big = Buffer.from('mail bob@example.org '.repeat(20000) + '\n');  // output > 64 KiB
  const s = engine.stream();
  for (let round = 0; round < 3; ++round) assert.deepEqual(s.write(big), engine.scrub(big));
});

test('an oversized record is masked and counted', () => {
  const s = new logscrub.Engine({ maxLineBytes: 16 }).stream();
  const out = Buffer.concat([s.write('x'.repeat(20)), s.write('\nok\n')]);
  assert.equal(out.toString(), '[REDACTED:oversized-record]\nok\n');
  assert.equal(s.maskedRecords, 1);
});

test('createTransform scrubs a pipeline like one-shot', async () => {
  const pieces = [];
  for (let i = 0; i < INPUT.length; i += 5) pieces.push(INPUT.subarray(i, i + 5));
  const out = [];
  await pipeline(Readable.from(pieces), engine.createTransform(),
                 new Writable({ write(chunk, enc, done) { out.push(chunk); done(); } }));
  assert.deepEqual(Buffer.concat(out), whole);
});

test('a stream outlives the engine object that made it', () => {
  let s = new logscrub.Engine({ builtinRules: false, rulesText:
    "rules:\n  - id: test.token\n    name: T\n    category: secret\n    pattern: 'tok_[a-z0-9]{16}'\n" +
    "    examples: ['tok_abcdefghij123456']\n    negative_examples: ['tok_x']\n" }).stream();
  if (global.gc) global.gc();
  assert.equal(s.write('tok_abcdefghij123456\n').toString(), '[REDACTED:test.token]\n');
  s = null;
});

test('scrubConsole scrubs what console methods print, and can be undone', () => {
  const printed = [];
  const fake = { log: (text) => printed.push(text), error: (text) => printed.push(text) };
  const restore = logscrub.scrubConsole(engine, fake);
  fake.log('user %s key %s', 'bob@example.org', 'AKIAZ5B3Q2XJ7N4PLW6R');
  fake.error(new Error('login failed for ana@example.org'));
  restore();
  fake.log('after restore bob@example.org');
  assert.equal(printed[0], 'user [REDACTED:pii.email] key [REDACTED:aws.access_key_id]');
  assert.match(printed[1], /^Error: login failed for \[REDACTED:pii\.email\]\n\s+at /);
  assert.equal(printed[2], 'after restore bob@example.org');
});
