-- Tests of bindings/fluent-bit/logscrub.lua, run by LuaJIT the way Fluent Bit's Lua filter
-- calls it: callback(tag, timestamp, record) -> code, timestamp, record.
-- Usage: LOGSCRUB_LIBRARY=build/liblogscrub.so luajit bindings/fluent-bit/test/filter_test.lua
local here = arg[0]:match("^(.*)/[^/]*$") or "."
local logscrub = dofile(here .. "/../logscrub.lua")

local AWS_KEY = "AKIAZ5B3Q2XJ7N4PLW6R"
local CARD = "4111111111111111"

local failures, count = 0, 0

local function show(v)
  return type(v) == "table" and logscrub.encode(v) or tostring(v)
end

local function expect(cond, message)
  if not cond then error(message, 2) end
end

local function expect_eq(got, want, what)
  if show(got) ~= show(want) then
    error(string.format("%s: got %s, want %s", what or "value", show(got), show(want)), 2)
  end
end

-- True when `needle` occurs anywhere in `v` (keys and values, nested).
local function holds(v, needle)
  if type(v) == "table" then
    for k, val in pairs(v) do
      if holds(k, needle) or holds(val, needle) then return true end
    end
    return false
  end
  return tostring(v):find(needle, 1, true) ~= nil
end

local function test(name, fn)
  count = count + 1
  local ok, err = pcall(fn)
  if ok then
    print("ok   " .. name)
  else
    failures = failures + 1
    print("FAIL " .. name .. ": " .. tostring(err))
  end
end

local filter = logscrub_filter  -- the global the script defines for `call logscrub_filter`

test("a record with nothing to redact comes back unchanged (code 0)", function()
  local record = {log = "GET /health 200 3ms", level = "info", n = 42, ok = true}
  local code, ts, out = filter("app", 1700000000.5, record)
  expect_eq(code, 0, "code")
  expect_eq(ts, 1700000000.5, "timestamp")
  expect(out == record, "the same table is returned")
end)

test("a secret in a string field is redacted (code 2), other fields kept", function()
  local code, _, out = filter("app", 1, {log = "key " .. AWS_KEY .. " used", level = "warn"})
  expect_eq(code, 2, "code")
  expect_eq(out.log, "key [REDACTED:aws.access_key_id] used", "log")
  expect_eq(out.level, "warn", "level")
end)

test("values under sensitive keys are redacted whole, at any depth", function()
  local code, _, out = filter("app", 1, {
    user = "ana",
    password = "hunter2hunter2",
    http = {headers = {Authorization = "Basic YWxhZGRpbjpvcGVuc2VzYW1l", Accept = "*/*"}},
  })
  expect_eq(code, 2, "code")
  expect_eq(out.user, "ana", "user")
  expect_eq(out.password, "[REDACTED:json.sensitive_key]", "password")
  expect(not holds(out, "hunter2hunter2"), "password value gone")
  expect(not holds(out, "YWxhZGRpbjpvcGVuc2VzYW1l"), "authorization value gone")
  expect_eq(out.http.headers.Accept, "*/*", "a header that is not sensitive")
end)

test("arrays, numbers and escapes survive the round trip of a changed record", function()
  local record = {
    log = "line one\nline \"two\"\t\\ café ☕ " .. AWS_KEY,
    tags = {"a", "b", "c"},
    count = 3,
    ratio = 0.25,
    big = 1234567890123,
    flag = false,
    cards = {CARD, "not a card"},
  }
  local code, _, out = filter("app", 1, record)
  expect_eq(code, 2, "code")
  expect_eq(out.log, "line one\nline \"two\"\t\\ café ☕ [REDACTED:aws.access_key_id]", "log")
  expect_eq(out.tags, {"a", "b", "c"}, "tags")
  expect_eq(out.count, 3, "count")
  expect_eq(out.ratio, 0.25, "ratio")
  expect_eq(out.big, 1234567890123, "big")
  expect_eq(out.flag, false, "flag")
  expect(not holds(out, CARD), "the card number is gone")
  expect_eq(out.cards[2], "not a card", "the array's other element")
end)

test("a card number held as a JSON number is replaced by a quoted marker", function()
  local code, _, out = filter("app", 1, {card = tonumber(CARD), id = 7})
  expect_eq(code, 2, "code")
  expect_eq(type(out.card), "string", "type of the replaced value")
  expect(not holds(out, CARD), "the card number is gone")
  expect_eq(out.id, 7, "id")
end)

test("64-bit integers of a changed record keep every digit", function()
  local code, _, out = filter("app", 1, {trace = 1234567890123456789LL, log = AWS_KEY})
  expect_eq(code, 2, "code")
  expect(out.trace == 1234567890123456789LL, "trace id, got " .. tostring(out.trace))
end)

test("control characters and bytes that are not UTF-8 never let a secret through", function()
  for _, text in ipairs({"\1\2 " .. AWS_KEY, "\255\254 " .. AWS_KEY, AWS_KEY .. " \0 tail"}) do
    local code, _, out = filter("app", 1, {log = text})
    expect_eq(code, 2, "code")
    expect(not holds(out, AWS_KEY), "key gone from " .. show(out))
  end
end)

test("a record over the engine's size limit is masked whole, never dropped", function()
  local small = logscrub.new_filter{max_line_bytes = 64}
  local code, _, out = small("app", 1, {log = string.rep("x", 100) .. " " .. AWS_KEY})
  expect_eq(code, 2, "code")
  expect(not holds(out, AWS_KEY), "key gone")
  expect(type(out.log) == "string" and out.logscrub ~= nil, "marker record: " .. show(out))
end)

test("a record nested deeper than Lua's stack is replaced by a marker, not passed on", function()
  local deep = {log = AWS_KEY}
  for _ = 1, 200000 do deep = {inner = deep} end
  local ok, code, _, out = pcall(filter, "app", 1, deep)
  expect(ok, "the filter raised: " .. tostring(code))
  expect_eq(code, 2, "code")
  expect_eq(out.log, "[REDACTED:logscrub-error]", "log")
end)

test("options: a category off, another style, extra sensitive keys", function()
  local custom = logscrub.new_filter{disable_category = "pii", style = "mask",
                                     json_key_add = {"pin"}}
  local code, _, out = custom("app", 1, {log = "mail ana@example.org key " .. AWS_KEY,
                                          pin = "4921"})
  expect_eq(code, 2, "code")
  expect_eq(out.log, "mail ana@example.org key [REDACTED]", "log")
  expect_eq(out.pin, "[REDACTED]", "pin")
end)

test("bad options fail when the filter is made, naming the problem", function()
  local ok, err = pcall(logscrub.new_filter, {style = "shout"})
  expect(not ok and tostring(err):find("unknown style 'shout'", 1, true), tostring(err))
  ok, err = pcall(logscrub.new_filter, {colour = "red"})
  expect(not ok and tostring(err):find("unknown option 'colour'", 1, true), tostring(err))
  ok, err = pcall(logscrub.new_filter, {rule_text = "rules: [{id: x}]"})
  expect(not ok and tostring(err):find("logscrub: ", 1, true), tostring(err))
end)

test("the JSON reader rejects what is not one object", function()
  for _, s in ipairs({"", "[1]", "{", '{"a":1} x', '{"a":}', '{"a":"\\q"}', "{a:1}",
                      '{"a":"\\u 1a "}', '{"a":"\\u12"}'}) do
    expect(logscrub.decode_object(s) == nil, "accepted " .. s)
  end
  expect_eq(logscrub.decode_object(' {"a":[1,{"b":"\\u00e9\\ud83d\\ude00"}],"c":null} '),
            {a = {1, {b = "é😀"}}}, "decoded")
end)

print(string.format("%d tests, %d failed", count, failures))
os.exit(failures == 0 and 0 or 1)
