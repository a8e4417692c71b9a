#!/usr/bin/env node
// Baseline: the "line loop" scrubber a Node.js user would write with JavaScript RegExp.
// Reads stdin in chunks, splits them on '\n', and for each line applies every pattern of
// patterns.txt in turn with String.prototype.replace and a global regex; the scrubbed lines of a
// chunk are joined and written with one process.stdout.write (honouring backpressure).
// The bytes are decoded as latin1 (one char per byte), so any input, invalid UTF-8 included,
// comes out byte-for-byte where nothing was redacted.
//
// Usage: node node_scrubber.js [PATTERNS_TXT] < in.log > out.log
'use strict';
const fs = require('fs');
const path = require('path');

function load(file) {
  const rules = [];
  for (const raw of fs.readFileSync(file, 'latin1').split('\n')) {
    const source = raw.replace(/\r$/, '');
    if (source === '' || source.startsWith('#')) continue;
    const re = new RegExp(source, 'g');
    const groups = new RegExp(source + '|').exec('').length - 1;
    const replacement = groups >= 2 ? '$1[REDACTED]$2' : groups === 1 ? '$1[REDACTED]' : '[REDACTED]';
    rules.push([re, replacement]);
  }
  return rules;
}

const rules = load(process.argv[2] || path.join(__dirname, 'patterns.txt'));

function scrub(line) {
  for (const [re, replacement] of rules) line = line.replace(re, replacement);
  return line;
}

let carry = '';
process.stdin.setEncoding('latin1');
process.stdin.on('data', (chunk) => {
  const lines = (carry + chunk).split('\n');
  carry = lines.pop();  // an incomplete last line waits for the next chunk
  for (let i = 0; i < lines.length; i++) lines[i] = scrub(lines[i]);
  if (lines.length === 0) return;
  lines.push('');
  if (!process.stdout.write(lines.join('\n'), 'latin1')) {
    process.stdin.pause();
    process.stdout.once('drain', () => process.stdin.resume());
  }
});
process.stdin.on('end', () => {
  if (carry !== '') process.stdout.write(scrub(carry), 'latin1');
});
