"""Engine, Finding and Stream: the C API (include/logscrub/logscrub.h) in Python terms."""

import bisect
import ctypes
import dataclasses
import itertools
import threading

from . import _native
from ._native import lib


class LogscrubError(Exception):
    """A call into the library failed. `status` is the C status code, `status_name` its name
    (e.g. "LOGSCRUB_E_RULE_FILE"); the message names the rule file, line and rule when there
    is one, and never contains scanned data."""

    def __init__(self, status, message=""):
        self.status = status
        self.status_name = _native.status_name(status)
        super().__init__(f"{self.status_name}: {message}" if message else self.status_name)


def _check(status, what):
    if status < 0:
        raise LogscrubError(status, what)
    return status


@dataclasses.dataclass(frozen=True)
class Finding:
    """One rule's match: `rule_id` (e.g. "aws.access_key_id"), `category` ("secret" or
    "pii"), and the span [start, end) in the input, in characters for str input and bytes for
    bytes input. Never the secret itself: slice the input for that."""

    rule_id: str
    category: str
    start: int
    end: int


def _encode(text):
    """str -> UTF-8 bytes; lone surrogates from os.fsdecode-style decoding become their bytes."""
    try:
        return text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogatepass")


def _decode(data):
    return data.decode("utf-8", "surrogateescape")


class _Handle:
    """Owns the C engine. Every scratch and stream keeps a reference, so the engine is freed
    only after the last of them (the C API requires scratches to be freed first)."""

    def __init__(self, pointer):
        self.pointer = pointer

    def __del__(self):
        lib.logscrub_engine_free(self.pointer)


class _Scratch:
    """One thread's scratch, and an output buffer that grows to the largest output seen."""

    def __init__(self, handle):
        self.handle = handle
        self.pointer = ctypes.c_void_p()
        _check(lib.logscrub_scratch_create(handle.pointer, ctypes.byref(self.pointer)),
               "cannot create scratch")
        self.out = ctypes.create_string_buffer(0)

    def __del__(self):
        if self.pointer:
            lib.logscrub_scratch_free(self.pointer)

    def output_buffer(self, capacity):
        if ctypes.sizeof(self.out) < capacity:
            self.out = ctypes.create_string_buffer(capacity)
        return self.out


def _add_strings(options, key, values, what, secret=False):
    """Adds each of `values` (one str or bytes, or several) to string option `key`. An error
    names the value, unless it is `secret`."""
    if isinstance(values, (str, bytes)):
        values = [values]
    for value in values:
        raw = value if isinstance(value, bytes) else str(value).encode()
        status = lib.logscrub_options_set_str(options, key, raw, len(raw))
        if status < 0:
            raise LogscrubError(status, what if secret else f"{what} {value!r}")


def _choice(table, value, what):
    if value not in table:
        raise ValueError(f"unknown {what} {value!r}; one of: {', '.join(table)}")
    return table[value]


class Engine:
    """An immutable set of compiled rules. Create one per process and share it: every thread
    may call scrub/find at once (each thread gets its own scratch, and the library releases
    the GIL while it scans).

    Keyword arguments (all optional; the defaults are the built-in rules as `logscrub` runs
    them):
      builtin_rules      False: only the rules of rule_files/rules_text
      rule_files         paths of YAML rule files (extend or override built-ins by id)
      rules_text         YAML rule documents as strings
      enable, disable    rule ids or tags to switch on (default-off rules) or off
      disable_categories "secret" and/or "pii"
      style              "tag" (default), "mask", "partial" or "hmac", for every rule
      styles             {rule id, tag or category: style}
      hmac_key           bytes (>= 16) for the hmac style
      mask_same_length   mask style writes one '*' per byte
      card_keep_first    0 or 6 leading card digits shown by the partial style
      card_keep_last     0..4 trailing card digits shown by the partial style (default 4)
      max_line_bytes     longer records are replaced whole by a marker (default 64 MiB)
      format             "auto" (default), "text" or "json"
      json_keys_add, json_keys_remove   JSON key names to treat, or not, as sensitive

    Raises LogscrubError (status LOGSCRUB_E_RULE_FILE, _COMPILE, _UNKNOWN, _NO_HMAC_KEY...)
    with the library's message when the engine cannot be built, ValueError for an unknown
    style or format name.
    """

    def __init__(self, *, builtin_rules=True, rule_files=(), rules_text=(), enable=(),
                 disable=(), disable_categories=(), style=None, styles=None, hmac_key=None,
                 mask_same_length=False, card_keep_first=None, card_keep_last=None,
                 max_line_bytes=None, format="auto", json_keys_add=(), json_keys_remove=()):
        options = lib.logscrub_options_create()
        if not options:
            raise MemoryError("logscrub_options_create")
        try:
            ints = [(_native.OPT_BUILTIN_RULES, 1 if builtin_rules else 0, "builtin_rules"),
                    (_native.OPT_MASK_SAME_LENGTH, 1 if mask_same_length else 0,
                     "mask_same_length"),
                    (_native.OPT_FORMAT, _choice(_native.FORMATS, format, "format"), "format")]
            if style is not None:
                ints.append((_native.OPT_STYLE, _choice(_native.STYLES, style, "style"),
                             "style"))
            for key, value, name in ((_native.OPT_CARD_KEEP_FIRST, card_keep_first,
                                      "card_keep_first"),
                                     (_native.OPT_CARD_KEEP_LAST, card_keep_last,
                                      "card_keep_last"),
                                     (_native.OPT_MAX_LINE_BYTES, max_line_bytes,
                                      "max_line_bytes")):
                if value is not None:
                    ints.append((key, int(value), name))
            for key, value, name in ints:
                status = lib.logscrub_options_set_int(options, key, value)
                if status < 0:
                    raise LogscrubError(status, f"{name}={value!r}")
            _add_strings(options, _native.OPT_RULE_FILE, rule_files, "rule file")
            _add_strings(options, _native.OPT_RULE_TEXT, rules_text, "rule text")
            _add_strings(options, _native.OPT_ENABLE, enable, "enable")
            _add_strings(options, _native.OPT_DISABLE, disable, "disable")
            _add_strings(options, _native.OPT_DISABLE_CATEGORY, disable_categories,
                         "disable category")
            for name, value in (styles or {}).items():
                _choice(_native.STYLES, value, "style")
                _add_strings(options, _native.OPT_STYLE_FOR, f"{name}={value}", "style for")
            if hmac_key is not None:
                _add_strings(options, _native.OPT_HMAC_KEY, hmac_key, "hmac key", secret=True)
            _add_strings(options, _native.OPT_JSON_KEY_ADD, json_keys_add, "json key")
            _add_strings(options, _native.OPT_JSON_KEY_REMOVE, json_keys_remove, "json key")

            pointer = ctypes.c_void_p()
            error = ctypes.create_string_buffer(1024)
            status = lib.logscrub_engine_create(options, ctypes.byref(pointer), error,
                                                ctypes.sizeof(error))
            if status < 0:
                raise LogscrubError(status, error.value.decode(errors="replace"))
        finally:
            lib.logscrub_options_free(options)
        self._handle = _Handle(pointer)
        self._local = threading.local()
        count = lib.logscrub_engine_rule_count(pointer)
        self.rule_ids = tuple(lib.logscrub_engine_rule_id(pointer, i).decode()
                              for i in range(count))
        """The ids of the active rules, in the engine's order."""

    def close(self):
        """Drops this object's hold on the engine: later calls raise ValueError. The memory is
        freed once no thread's scratch and no stream uses it any more."""
        self._handle = None
        self._local = threading.local()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _scratch(self):
        if self._handle is None:
            raise ValueError("logscrub engine is closed")
        scratch = getattr(self._local, "scratch", None)
        if scratch is None:
            scratch = _Scratch(self._handle)
            self._local.scratch = scratch
        return scratch

    def scrub(self, data):
        """Returns `data` (str or bytes, same type back) with every finding redacted. Records
        are separated by '\\n'; the output has as many '\\n' as the input and every byte
        outside a redaction unchanged. A record over max_line_bytes comes back as the marker
        "[REDACTED:oversized-record]" (fail closed)."""
        if isinstance(data, str):
            return _decode(self._scrub_bytes(_encode(data)))
        return self._scrub_bytes(bytes(data))

    def _scrub_bytes(self, data):
        scratch = self._scratch()
        capacity = len(data) + len(data) // 4 + 256
        out_len = ctypes.c_size_t()
        for _ in range(2):
            out = scratch.output_buffer(capacity)
            status = lib.logscrub_scrub(self._handle.pointer, scratch.pointer, data, len(data),
                                        out, ctypes.sizeof(out), ctypes.byref(out_len))
            if status != _native.E_DST_TOO_SMALL:
                _check(status, "scrub failed")
                return ctypes.string_at(out, out_len.value)
            capacity = out_len.value  # what the library says it needs
        raise LogscrubError(_native.E_DST_TOO_SMALL, "output bound not met on retry")

    def find(self, data):
        """Every finding in `data` (str or bytes), ordered by start. Spans are in characters
        for str input (a span that cuts a character is widened to cover it) and in bytes for
        bytes input. Findings are not merged: two rules on the same text give two."""
        raw = _encode(data) if isinstance(data, str) else bytes(data)
        scratch = self._scratch()
        found = []

        def collect(finding_pointer, _user):
            f = finding_pointer.contents
            found.append((f.rule_id.decode(), f.category.decode(), f.begin, f.end))
            return 0

        _check(lib.logscrub_find(self._handle.pointer, scratch.pointer, raw, len(raw),
                                 _native.FINDING_CB(collect), None), "find failed")
        if isinstance(data, str) and len(raw) != len(data):
            starts = list(itertools.accumulate((len(_encode(c)) for c in data), initial=0))

            def to_chars(begin, end):
                return (bisect.bisect_right(starts, begin) - 1, bisect.bisect_left(starts, end))
        else:

            def to_chars(begin, end):
                return begin, end

        return [Finding(rule, category, *to_chars(begin, end))
                for rule, category, begin, end in found]

    def stream(self):
        """A new Stream over this engine."""
        return Stream(self)


class Stream:
    """Scrubs an input that arrives in pieces (bytes in, bytes out): the output of all write()
    calls and end() together is exactly Engine.scrub of the whole input, whatever the
    chunking, and a secret cut across two writes is still redacted. A record is written out
    when its '\\n' arrives; the bytes after the last '\\n' are held (at most max_line_bytes
    + 1) until it does or end() is called. One thread at a time."""

    _OUT_CHUNK = 1 << 16

    def __init__(self, engine):
        if engine._handle is None:
            raise ValueError("logscrub engine is closed")
        self._handle = engine._handle
        self._scratch = _Scratch(self._handle)  # the stream's own: used under self._lock
        self._pointer = ctypes.c_void_p()
        _check(lib.logscrub_stream_create(self._handle.pointer, ctypes.byref(self._pointer)),
               "cannot create stream")
        self._out = ctypes.create_string_buffer(self._OUT_CHUNK)
        self._lock = threading.Lock()

    def __del__(self):
        if getattr(self, "_pointer", None):
            lib.logscrub_stream_free(self._pointer)

    def _run(self, data, op):
        if not isinstance(data, (bytes, bytearray, memoryview)):
            raise TypeError(f"Stream takes bytes, not {type(data).__name__} (encode it first)")
        data = bytes(data)
        with self._lock:
            source = ctypes.c_char_p(data)  # keeps `data` referenced while the C call reads it
            inbuf = _native.InBuffer(ctypes.cast(source, ctypes.c_void_p), len(data), 0)
            pending = ctypes.c_size_t()
            pieces = []
            while True:
                outbuf = _native.OutBuffer(ctypes.cast(self._out, ctypes.c_void_p),
                                           self._OUT_CHUNK, 0)
                _check(lib.logscrub_stream_scrub(self._pointer, self._scratch.pointer,
                                                 ctypes.byref(outbuf), ctypes.byref(inbuf), op,
                                                 ctypes.byref(pending)), "stream failed")
                pieces.append(ctypes.string_at(self._out, outbuf.pos))
                if inbuf.pos == inbuf.size and pending.value == 0:
                    return b"".join(pieces)

    def write(self, data):
        """Pushes `data`; returns the scrubbed bytes of every record it completed."""
        return self._run(data, _native.CONTINUE)

    def end(self):
        """Ends the input: returns the scrubbed unfinished last record (b"" when there is
        none). The stream is then ready for a new input."""
        return self._run(b"", _native.END)

    def reset(self):
        """Drops held bytes and any error: the next write starts a new input."""
        with self._lock:
            _check(lib.logscrub_stream_reset(self._pointer), "reset failed")

    @property
    def masked_records(self):
        """Records replaced whole by a marker so far (too long, or not scannable)."""
        return lib.logscrub_stream_masked_records(self._pointer)
