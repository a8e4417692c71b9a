'use strict';
// Engine: scrub and find through the native add-on, options, errors.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const logscrub = require('..');

const AWS_KEY = 'AKIAZ5B3Q2XJ7N4PLW6R';
// The private test rule the CLI tests use too (tokens tok_ + 16 letters or digits).
const TEST_RULE = fs.readFileSync(
  path.join(__dirname, '..', '..', '..', 'tests', 'data', 'test_token_rule.yaml'), 'utf8');
const engine = new logscrub.Engine();

test('scrub redacts a string and keeps the rest', () => {
  assert.equal(engine.scrub(`export AWS_ACCESS_KEY_ID=${AWS_KEY}\nplain line\n`),
               'export AWS_ACCESS_KEY_ID=[REDACTED:aws.access_key_id]\nplain line\n');
});

test('a Buffer in gives a Buffer out, bytes outside redactions unchanged', () => {
  const input = Buffer.concat([Buffer.from('caf\xe9 \xff ', 'latin1'), Buffer.from(`id ${AWS_KEY}`)]);
  const out = engine.scrub(input);
  assert.ok(Buffer.isBuffer(out));
  assert.deepEqual(out, Buffer.concat([Buffer.from('caf\xe9 \xff ', 'latin1'),
                                       Buffer.from('id [REDACTED:aws.access_key_id]')]));
});

test('clean and empty input come back unchanged', () => {
  assert.equal(engine.scrub(''), '');
  assert.deepEqual(engine.scrub(Buffer.alloc(0)), Buffer.alloc(0));
  const text = 'GET /index.html 200 0.004s ünïcode ✓ 😀\n'.repeat(50);
  assert.equal(engine.scrub(text), text);
});

test('output longer than the first buffer guess is complete', () => {
  const line = Array(2000).fill('a@b.io').join(' ');
  assert.equal(engine.scrub(line), Array(2000).fill('[REDACTED:pii.email]').join(' '));
});

test('find reports rule, category and span', () => {
  const text = `key=${AWS_KEY} mail bob@example.org`;
  const found = engine.find(text);
  assert.deepEqual(found.map((f) => [f.ruleId, f.category]),
                   [['aws.access_key_id', 'secret'], ['pii.email', 'pii']]);
  assert.deepEqual(found.map((f) => text.slice(f.start, f.end)), [AWS_KEY, 'bob@example.org']);
});

test('find spans are string indices for strings and byte offsets for Buffers', () => {
  const text = 'héllo ✓ 😀 bob@example.org';
  const [inString] = engine.find(text);
  assert.equal(text.slice(inString.start, inString.end), 'bob@example.org');
  const bytes = Buffer.from(text);
  const [inBytes] = engine.find(bytes);
  assert.equal(bytes.subarray(inBytes.start, inBytes.end).toString(), 'bob@example.org');
  assert.notEqual(inString.start, inBytes.start);
});

test('ruleIds lists the active rules', () => {
  assert.ok(engine.ruleIds.includes('aws.access_key_id'));
  assert.ok(engine.ruleIds.length >= 150);
  const noPii = new logscrub.Engine({ disableCategories: 'pii' });
  assert.ok(!noPii.ruleIds.includes('pii.email'));
  assert.equal(noPii.scrub('bob@example.org'), 'bob@example.org');
});

test('options reach the library', () => {
  assert.equal(new logscrub.Engine({ style: 'mask' }).scrub(`k ${AWS_KEY}`), 'k [REDACTED]');
  assert.equal(new logscrub.Engine({ style: 'mask', maskSameLength: true }).scrub(`k ${AWS_KEY}`),
               'k ' + '*'.repeat(AWS_KEY.length));
  assert.equal(new logscrub.Engine({ styles: { card: 'partial' } }).scrub('card 4111 1111 1111 1111'),
               'card **** **** **** 1111');
  assert.equal(new logscrub.Engine({ disable: ['pii.email'] }).scrub('bob@example.org'),
               'bob@example.org');
  const keyed = new logscrub.Engine({ style: 'hmac', hmacKey: '0123456789abcdef0123' });
  const [first, second] = keyed.scrub(`${AWS_KEY}\n${AWS_KEY}`).split('\n');
  assert.match(first, /^\[REDACTED:aws\.access_key_id#[0-9a-f]{16}\]$/);
  assert.equal(first, second);
});

test('rulesText and ruleFiles add rules', () => {
  const own = new logscrub.Engine({ builtinRules: false, rulesText: TEST_RULE });
  assert.deepEqual([...own.ruleIds], ['test.token']);
  assert.equal(own.scrub(`a=tok_abcdefghij123456 ${AWS_KEY}`), `a=[REDACTED:test.token] ${AWS_KEY}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'logscrub-node-'));
  try {
    const file = path.join(dir, 'rules.yaml');
    fs.writeFileSync(file, TEST_RULE);
    const both = new logscrub.Engine({ ruleFiles: [file] });
    assert.ok(both.ruleIds.includes('test.token') && both.ruleIds.includes('aws.access_key_id'));
  } finally {
    fs.rmSync(dir, { recursive: true });
  }
});

test('an oversized record is masked whole', () => {
  const small = new logscrub.Engine({ maxLineBytes: 64 });
  assert.equal(small.scrub('x'.repeat(100) + '\nshort\n'), '[REDACTED:oversized-record]\nshort\n');
});

test('errors carry the status name and the cause', () => {
  assert.throws(() => new logscrub.Engine({ rulesText: "rules:\n  - id: broken\n    pattern: '('\n" }),
                (err) => err.code.startsWith('LOGSCRUB_E_') && /broken/.test(err.message));
  assert.throws(() => new logscrub.Engine({ ruleFiles: '/nonexistent/rules.yaml' }),
                (err) => err.code === 'LOGSCRUB_E_RULE_FILE' &&
                         err.message.includes('/nonexistent/rules.yaml'));
  assert.throws(() => new logscrub.Engine({ style: 'hmac' }),
                (err) => err.code === 'LOGSCRUB_E_NO_HMAC_KEY');
  assert.throws(() => new logscrub.Engine({ cardKeepLast: 9 }),
                (err) => err.code === 'LOGSCRUB_E_INVALID_ARGUMENT' && /cardKeepLast/.test(err.message));
  assert.throws(() => new logscrub.Engine({ style: 'blur' }), RangeError);
  assert.throws(() => new logscrub.Engine({ stlye: 'mask' }), RangeError);
  assert.throws(() => engine.scrub(42), TypeError);
});
