-- logscrub for Fluent Bit: a Lua filter (LuaJIT FFI over liblogscrub.so) that redacts secrets
-- and personal data in every record, inside the Fluent Bit process.
--
-- Each record is written as one JSON object and scrubbed by one call of the C API, so the
-- engine applies everything it applies to a JSON log line: the rules to every string (escapes
-- decoded first), values under sensitive keys ("password", "authorization", "api_key", ...)
-- redacted whole, nested objects and arrays included. A record with no finding is returned
-- unchanged (code 0); otherwise the scrubbed JSON is read back into a table (code 2). A record
-- is never dropped and never passed on unscanned: output that cannot be read back as JSON
-- (a record over the engine's size limit, bytes that are not UTF-8 around a finding) replaces
-- the record by {log = <the scrubbed text>, logscrub = "<why>"}.
--
-- Fluent Bit configuration (classic format):
--   [FILTER]
--       Name    lua
--       Match   *
--       script  /path/to/logscrub.lua
--       call    logscrub_filter
--
-- The library is found at $LOGSCRUB_LIBRARY, else in the checkout's build/, else as
-- liblogscrub.so.0 on the loader's path.
-- As a module (require or dofile), new_filter(options) makes a filter with other options:
--   local logscrub = dofile("logscrub.lua")
--   scrub_pii_off = logscrub.new_filter{disable_category = {"pii"}, style = "mask"}
local ffi = require("ffi")

ffi.cdef [[
int memcmp(const void* a, const void* b, size_t n);
typedef struct logscrub_options logscrub_options;
typedef struct logscrub_engine logscrub_engine;
typedef struct logscrub_scratch logscrub_scratch;
const char* logscrub_status_name(int status);
logscrub_options* logscrub_options_create(void);
void logscrub_options_free(logscrub_options* options);
int logscrub_options_set_int(logscrub_options* options, int key, long long value);
int logscrub_options_set_str(logscrub_options* options, int key, const char* value, size_t len);
int logscrub_engine_create(const logscrub_options* options, logscrub_engine** engine,
                           char* error, size_t error_cap);
void logscrub_engine_free(logscrub_engine* engine);
int logscrub_scratch_create(const logscrub_engine* engine, logscrub_scratch** scratch);
void logscrub_scratch_free(logscrub_scratch* scratch);
int logscrub_scrub(const logscrub_engine* engine, logscrub_scratch* scratch, const char* in,
                   size_t in_len, char* out, size_t out_cap, size_t* out_len);
]]

local M = {}

-- The library: $LOGSCRUB_LIBRARY, else the build of the checkout this script is in, else
-- liblogscrub.so.0 on the loader's path (cmake --install). Raises, naming them, when none loads:
-- Fluent Bit then refuses to start rather than pass records on unscanned.
local function load_library()
  local env = os.getenv("LOGSCRUB_LIBRARY")
  if env and env ~= "" then return ffi.load(env) end
  local dir = debug.getinfo(1, "S").source:match("^@(.*)/[^/]*$") or "."
  local tried = {dir .. "/../../build/liblogscrub.so", "liblogscrub.so.0"}
  for _, path in ipairs(tried) do
    local ok, lib = pcall(ffi.load, path)
    if ok then return lib end
  end
  error("logscrub: cannot load the library (tried $LOGSCRUB_LIBRARY, " ..
        table.concat(tried, ", ") .. ")", 2)
end

local lib = load_library()

-- Option keys and values of include/logscrub/logscrub.h.
local OK, MASKED_RECORDS, DST_TOO_SMALL = 0, 1, -7
local INT_OPTIONS = {style = 2, mask_same_length = 3, card_keep_first = 4, card_keep_last = 5,
                     max_line_bytes = 6}
local STR_OPTIONS = {rule_file = 101, rule_text = 102, disable = 103, disable_category = 104,
                     enable = 105, hmac_key = 106, style_for = 107, json_key_add = 108,
                     json_key_remove = 109}
local STYLES = {tag = 0, mask = 1, partial = 2, hmac = 3}
local FORMAT, FORMAT_JSON = 7, 2

local function check(status, what)
  if status < 0 then
    error("logscrub: " .. what .. ": " .. ffi.string(lib.logscrub_status_name(status)), 3)
  end
end

-- An engine and its scratch for `options` (a table; see new_filter). Raises on a bad option
-- or a rule that does not compile, with the library's message.
local function make_engine(options)
  local opts = ffi.gc(lib.logscrub_options_create(), lib.logscrub_options_free)
  if opts == nil then error("logscrub: out of memory", 2) end
  check(lib.logscrub_options_set_int(opts, FORMAT, FORMAT_JSON), "format")
  for name, value in pairs(options or {}) do
    if INT_OPTIONS[name] then
      if name == "style" then
        value = STYLES[value] or error("logscrub: unknown style '" .. tostring(value) ..
                                       "' (tag, mask, partial, hmac)", 3)
      elseif type(value) == "boolean" then
        value = value and 1 or 0
      end
      check(lib.logscrub_options_set_int(opts, INT_OPTIONS[name], value), name)
    elseif STR_OPTIONS[name] then
      for _, v in ipairs(type(value) == "table" and value or {value}) do
        v = tostring(v)
        check(lib.logscrub_options_set_str(opts, STR_OPTIONS[name], v, #v), name)
      end
    else
      error("logscrub: unknown option '" .. tostring(name) .. "'", 3)
    end
  end
  local engine = ffi.new("logscrub_engine*[1]")
  local message = ffi.new("char[512]")
  local status = lib.logscrub_engine_create(opts, engine, message, 512)
  if status < 0 then error("logscrub: " .. ffi.string(message), 3) end
  local eng = ffi.gc(engine[0], lib.logscrub_engine_free)
  local scratch = ffi.new("logscrub_scratch*[1]")
  check(lib.logscrub_scratch_create(eng, scratch), "scratch")
  -- The scratch holds the engine, so the engine is freed after it.
  local scratch_of_engine = ffi.gc(scratch[0], function(s)
    lib.logscrub_scratch_free(s)
    local _ = eng
  end)
  return {engine = eng, scratch = scratch_of_engine, cap = 0, buf = nil,
          out_len = ffi.new("size_t[1]")}
end

-- ------------------------------------------------------------------ JSON writer and reader

local ESCAPES = {['"'] = '\\"', ['\\'] = '\\\\', ['\b'] = '\\b', ['\f'] = '\\f',
                 ['\n'] = '\\n', ['\r'] = '\\r', ['\t'] = '\\t'}

local function escape_byte(c)
  return ESCAPES[c] or string.format("\\u%04x", c:byte())
end

local function quote(s)
  if not s:find('[%c"\\]') then return '"' .. s .. '"' end  -- most strings: nothing to escape
  return '"' .. s:gsub('[%c"\\]', escape_byte) .. '"'
end

-- Whether `t` is a sequence 1..n (n >= 1) and nothing else.
local function is_array(t)
  local n = #t
  if n == 0 then return false end
  local count = 0
  for _ in pairs(t) do count = count + 1 end
  return count == n
end

local function number_text(v)
  if v ~= v or v == math.huge or v == -math.huge then return quote(tostring(v)) end
  if v == math.floor(v) and math.abs(v) < 2 ^ 53 then return string.format("%d", v) end
  return string.format("%.17g", v)
end

local function encode_into(v, out)
  local t = type(v)
  if t == "string" then
    out[#out + 1] = quote(v)
  elseif t == "number" then
    out[#out + 1] = number_text(v)
  elseif t == "boolean" then
    out[#out + 1] = v and "true" or "false"
  elseif t == "table" then
    if is_array(v) then
      out[#out + 1] = "["
      for i = 1, #v do
        if i > 1 then out[#out + 1] = "," end
        encode_into(v[i], out)
      end
      out[#out + 1] = "]"
    else
      out[#out + 1] = "{"
      local first = true
      for k, val in pairs(v) do
        if not first then out[#out + 1] = "," end
        first = false
        out[#out + 1] = quote(tostring(k))
        out[#out + 1] = ":"
        encode_into(val, out)
      end
      out[#out + 1] = "}"
    end
  elseif t == "cdata" then  -- a 64-bit integer: tostring gives "123LL" or "123ULL"
    out[#out + 1] = (tostring(v):gsub("U?LL$", ""))
  else  -- nil inside a table cannot happen; functions and userdata have no JSON form
    out[#out + 1] = "null"
  end
end

local function encode(v)
  local out = {}
  encode_into(v, out)
  return table.concat(out)
end

local function utf8_of(cp)
  if cp < 0x80 then return string.char(cp) end
  if cp < 0x800 then return string.char(0xC0 + math.floor(cp / 0x40), 0x80 + cp % 0x40) end
  if cp < 0x10000 then
    return string.char(0xE0 + math.floor(cp / 0x1000), 0x80 + math.floor(cp / 0x40) % 0x40,
                       0x80 + cp % 0x40)
  end
  return string.char(0xF0 + math.floor(cp / 0x40000), 0x80 + math.floor(cp / 0x1000) % 0x40,
                     0x80 + math.floor(cp / 0x40) % 0x40, 0x80 + cp % 0x40)
end

local UNESCAPES = {['"'] = '"', ['\\'] = '\\', ['/'] = '/', b = '\b', f = '\f', n = '\n',
                   r = '\r', t = '\t'}

local function skip_ws(s, i)
  return s:find("[^ \t\r\n]", i) or #s + 1
end

local function decode_string(s, i)  -- s[i] == '"'
  local parts, j = {}, i + 1
  while true do
    local k = s:find('["\\]', j)
    if not k then return nil end
    parts[#parts + 1] = s:sub(j, k - 1)
    if s:sub(k, k) == '"' then return table.concat(parts), k + 1 end
    local e = s:sub(k + 1, k + 1)
    if e == "u" then
      local hex = s:match("^%x%x%x%x", k + 2)
      if not hex then return nil end
      local cp = tonumber(hex, 16)
      j = k + 6
      if cp >= 0xD800 and cp < 0xDC00 and s:sub(j, j + 1) == "\\u" then
        local lo = tonumber(s:match("^%x%x%x%x", j + 2) or "", 16)
        if lo and lo >= 0xDC00 and lo < 0xE000 then
          cp = 0x10000 + (cp - 0xD800) * 0x400 + (lo - 0xDC00)
          j = j + 6
        end
      end
      parts[#parts + 1] = utf8_of(cp)
    elseif UNESCAPES[e] then
      parts[#parts + 1] = UNESCAPES[e]
      j = k + 2
    else
      return nil
    end
  end
end

-- Reads the JSON value at s[i]; returns it and the index after it, or nil on malformed input.
local function decode_at(s, i)
  i = skip_ws(s, i)
  local c = s:sub(i, i)
  if c == '"' then return decode_string(s, i) end
  if c == "{" or c == "[" then
    local result, close = {}, c == "{" and "}" or "]"
    i = skip_ws(s, i + 1)
    if s:sub(i, i) == close then return result, i + 1 end
    while true do
      local key
      if c == "{" then
        if s:sub(i, i) ~= '"' then return nil end
        key, i = decode_string(s, i)
        if not key then return nil end
        i = skip_ws(s, i)
        if s:sub(i, i) ~= ":" then return nil end
        i = i + 1
      end
      local value
      value, i = decode_at(s, i)
      if i == nil then return nil end
      if c == "{" then result[key] = value else result[#result + 1] = value end
      i = skip_ws(s, i)
      local sep = s:sub(i, i)
      if sep == close then return result, i + 1 end
      if sep ~= "," then return nil end
      i = skip_ws(s, i + 1)
    end
  end
  local word = s:match("^[%w%.%+%-]+", i)
  if not word then return nil end
  if word == "true" then return true, i + 4 end
  if word == "false" then return false, i + 5 end
  if word == "null" then return nil, i + 4 end
  local sign, digits = word:match("^(%-?)(%d+)$")
  local limit = sign == "-" and "9223372036854775808" or "9223372036854775807"
  if digits and #digits > 15 and (#digits < 19 or (#digits == 19 and digits <= limit)) then
    -- An integer a double may not hold exactly: a 64-bit integer, as Fluent Bit passes them.
    local n = 0LL
    for d in digits:gmatch("%d") do n = n * 10 + tonumber(d) end
    return sign == "-" and -n or n, i + #word
  end
  local n = tonumber(word)
  if n == nil then return nil end
  return n, i + #word
end

-- The table `s` holds, or nil when it is not one JSON object and nothing else.
local function decode_object(s)
  if s:sub(skip_ws(s, 1), skip_ws(s, 1)) ~= "{" then return nil end
  local value, i = decode_at(s, 1)
  if i == nil or skip_ws(s, i) <= #s then return nil end
  return value
end

-- ---------------------------------------------------------------------------- the filter

-- Scrubs `text` with `state`'s engine: the output and the status (OK or MASKED_RECORDS).
-- The output buffer and length are kept in `state`; the buffer grows when the library asks.
local function scrub_text(state, text)
  local out_len = state.out_len
  if state.cap < #text + 256 then
    state.cap = #text + 256
    state.buf = ffi.new("char[?]", state.cap)
  end
  for _ = 1, 2 do
    local status = lib.logscrub_scrub(state.engine, state.scratch, text, #text, state.buf,
                                      state.cap, out_len)
    if status == OK or status == MASKED_RECORDS then
      if out_len[0] == #text and ffi.C.memcmp(state.buf, text, #text) == 0 then
        return text, status  -- unchanged: no copy of the output
      end
      return ffi.string(state.buf, out_len[0]), status
    end
    if status ~= DST_TOO_SMALL then check(status, "scrub") end
    state.cap = tonumber(out_len[0])
    state.buf = ffi.new("char[?]", state.cap)
  end
  error("logscrub: output size kept growing", 2)
end

-- Makes a Fluent Bit callback, function(tag, timestamp, record) -> code, timestamp, record,
-- with its own engine. `options` (all optional) are the C API's options under Lua names:
--   style = "tag" | "mask" | "partial" | "hmac", mask_same_length = true, card_keep_first = 6,
--   card_keep_last = 4, max_line_bytes = N; and, each a string or a list of strings,
--   rule_file, rule_text, disable, disable_category, enable, hmac_key, style_for,
--   json_key_add, json_key_remove.
-- Raises (when the script loads) on an unknown option or a rule that does not compile.
function M.new_filter(options)
  local state = make_engine(options)
  return function(_, timestamp, record)
    -- Any failure (the engine out of memory, a record nested deeper than Lua's stack) replaces
    -- the record by a marker: when its filter raises, Fluent Bit passes the whole chunk on
    -- unchanged.
    local ok, json = pcall(encode, record)
    local scrubbed, status
    if ok then ok, scrubbed, status = pcall(scrub_text, state, json) end
    if not ok then
      return 2, timestamp, {log = "[REDACTED:logscrub-error]",
                            logscrub = tostring(scrubbed or json)}
    end
    if scrubbed == json then return 0, timestamp, record end
    local table_out
    if status == OK then
      ok, table_out = pcall(decode_object, scrubbed)
      if not ok then table_out = nil end
    end
    -- (An empty table would make Fluent Bit reject the result and pass the whole chunk on
    -- unchanged, as when the filter raises.)
    if type(table_out) ~= "table" or next(table_out) == nil then
      return 2, timestamp, {log = scrubbed, logscrub = status == OK and
                            "scrubbed record is not a JSON object" or "record masked whole"}
    end
    return 2, timestamp, table_out
  end
end

M.encode = encode
M.decode_object = decode_object

-- The filter with the built-in rules, for `call logscrub_filter`.
logscrub_filter = M.new_filter()

return M
