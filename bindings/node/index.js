'use strict';
// logscrub for Node.js: find and redact secrets and personal data in logs.
//
//   const logscrub = require('./bindings/node');
//   const engine = new logscrub.Engine();           // built-in rules; one per process
//   engine.scrub('key=AKIAZ5B3Q2XJ7N4PLW6R\n');     // 'key=[REDACTED:aws.access_key_id]\n'
//   logscrub.scrubConsole(engine);                  // console.log & co. scrub what they print
//
// The native add-on is looked for at $LOGSCRUB_NODE_ADDON, then in this checkout's
// build/bindings/node/, then beside this file.

const fs = require('node:fs');
const path = require('node:path');
const stream = require('node:stream');
const util = require('node:util');

function loadAddon() {
  const candidates = process.env.LOGSCRUB_NODE_ADDON
    ? [process.env.LOGSCRUB_NODE_ADDON]
    : [path.join(__dirname, '..', '..', 'build', 'bindings', 'node', 'logscrub.node'),
       path.join(__dirname, 'logscrub.node')];
  for (const file of candidates) {
    if (fs.existsSync(file)) return require(file);
  }
  throw new Error('logscrub: native add-on not found (tried ' + candidates.join(', ') +
                  '); build it with `cmake --build build` or set LOGSCRUB_NODE_ADDON');
}

const native = loadAddon();

// Option keys of include/logscrub/logscrub.h (stable).
const INT_OPTIONS = {
  builtinRules: 1, style: 2, maskSameLength: 3, cardKeepFirst: 4, cardKeepLast: 5,
  maxLineBytes: 6, format: 7,
};
const STR_OPTIONS = {
  ruleFiles: 101, rulesText: 102, disable: 103, disableCategories: 104, enable: 105,
  hmacKey: 106, jsonKeysAdd: 108, jsonKeysRemove: 109,
};
const STYLE_FOR = 107;
const STYLES = { tag: 0, mask: 1, partial: 2, hmac: 3 };
const FORMATS = { auto: 0, text: 1, json: 2 };

function choice(table, value, what) {
  if (!Object.prototype.hasOwnProperty.call(table, value)) {
    throw new RangeError(`logscrub: unknown ${what} ${JSON.stringify(value)}; one of: ` +
                         Object.keys(table).join(', '));
  }
  return table[value];
}

function optionPairs(options) {
  const pairs = [];
  for (const [name, value] of Object.entries(options)) {
    if (value === undefined) continue;
    if (name === 'style') {
      pairs.push([INT_OPTIONS.style, choice(STYLES, value, 'style'), name]);
    } else if (name === 'format') {
      pairs.push([INT_OPTIONS.format, choice(FORMATS, value, 'format'), name]);
    } else if (name === 'styles') {
      for (const [target, style] of Object.entries(value)) {
        choice(STYLES, style, 'style');
        pairs.push([STYLE_FOR, `${target}=${style}`, `styles.${target}`]);
      }
    } else if (name in INT_OPTIONS) {
      pairs.push([INT_OPTIONS[name], typeof value === 'boolean' ? Number(value) : value, name]);
    } else if (name in STR_OPTIONS) {
      const values = Array.isArray(value) ? value : [value];
      for (const v of values) pairs.push([STR_OPTIONS[name], Buffer.isBuffer(v) ? v : String(v), name]);
    } else {
      throw new RangeError(`logscrub: unknown option ${JSON.stringify(name)}`);
    }
  }
  return pairs;
}

// An immutable set of compiled rules. Options (all optional): builtinRules (false: only your
// rules), ruleFiles, rulesText, enable, disable (rule ids or tags), disableCategories
// ("secret", "pii"), style ("tag", "mask", "partial", "hmac"), styles ({id|tag|category:
// style}), hmacKey (>= 16 bytes), maskSameLength, cardKeepFirst, cardKeepLast, maxLineBytes,
// format ("auto", "text", "json"), jsonKeysAdd, jsonKeysRemove. Throws an Error whose `code`
// is the library's status name (e.g. "LOGSCRUB_E_RULE_FILE") when the engine cannot be built.
class Engine {
  constructor(options = {}) {
    this._native = native.engineCreate(optionPairs(options));
    this.ruleIds = Object.freeze(native.ruleIds(this._native));
  }

  // `input` (string or Buffer; the same type back) with every finding redacted. The output has
  // as many '\n' as the input and every byte outside a redaction unchanged; a record over
  // maxLineBytes becomes "[REDACTED:oversized-record]".
  scrub(input) {
    return native.scrub(this._native, input);
  }

  // [{ruleId, category, start, end}] ordered by start: string indices for a string, byte
  // offsets for a Buffer. Never the secret itself.
  find(input) {
    return native.find(this._native, input);
  }

  // A Stream over this engine.
  stream() {
    return new Stream(this);
  }

  // A stream.Transform that scrubs bytes piped through it: process.stdin.pipe(
  // engine.createTransform()).pipe(process.stdout). Records are passed on as their '\n'
  // arrives; the unfinished last one when the input ends.
  createTransform() {
    const s = this.stream();
    return new stream.Transform({
      transform(chunk, encoding, done) {
        try {
          done(null, s.write(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk, encoding)));
        } catch (err) {
          done(err);
        }
      },
      flush(done) {
        try {
          done(null, s.end());
        } catch (err) {
          done(err);
        }
      },
    });
  }
}

// Input in pieces (Buffers or strings), output as Buffers: the concatenated output equals
// engine.scrub of the whole input for every chunking; a secret cut across writes is still
// redacted. Bytes after the last '\n' are held until it arrives or end() is called.
class Stream {
  constructor(engine) {
    this._native = native.streamCreate(engine._native);
  }

  // The scrubbed records that `chunk` completed.
  write(chunk) {
    return native.streamScrub(this._native, chunk, false);
  }

  // Ends the input: the scrubbed unfinished last record (empty when none). The stream is
  // then ready for a new input.
  end() {
    return native.streamScrub(this._native, Buffer.alloc(0), true);
  }

  // Records replaced whole by a marker so far (too long, or not scannable).
  get maskedRecords() {
    return native.streamMaskedRecords(this._native);
  }
}

// Makes console.log, info, warn, error, debug and trace scrub what they print (the text
// util.format makes of their arguments). On AWS Lambda the runtime's console, which adds the
// request id, prints the scrubbed text. Returns a function that puts the originals back.
function scrubConsole(engine = new Engine(), target = console) {
  const methods = ['log', 'info', 'warn', 'error', 'debug', 'trace'];
  const originals = {};
  for (const name of methods) {
    const original = target[name];
    if (typeof original !== 'function') continue;
    originals[name] = original;
    target[name] = function scrubbed(...args) {
      return original.call(target, engine.scrub(util.format(...args)));
    };
  }
  return () => Object.assign(target, originals);
}

module.exports = { Engine, Stream, scrubConsole, libraryVersion: native.version };
