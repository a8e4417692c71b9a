"""Engine: scrub and find through the C library, options, errors, threads."""

import concurrent.futures
import os
import pathlib
import tempfile
import unittest

import logscrub

AWS_KEY = "AKIAZ5B3Q2XJ7N4PLW6R"
# The private test rule the CLI tests use too (tokens tok_ + 16 letters or digits).
TEST_RULE = (pathlib.Path(__file__).resolve().parents[3] / "tests" / "data" /
             "test_token_rule.yaml").read_text()


class EngineTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.engine = logscrub.Engine()

    def test_scrub_str_redacts_and_keeps_the_rest(self):
        line = f"export AWS_ACCESS_KEY_ID={AWS_KEY}\nplain line\n"
        self.assertEqual(self.engine.scrub(line),
                         "export AWS_ACCESS_KEY_ID=[REDACTED:aws.access_key_id]\nplain line\n")

    def test_scrub_bytes_gives_bytes(self):
        out = self.engine.scrub(f"id {AWS_KEY}".encode())
        self.assertIsInstance(out, bytes)
        self.assertEqual(out, b"id [REDACTED:aws.access_key_id]")

    def test_clean_text_and_empty_input_come_back_unchanged(self):
        self.assertEqual(self.engine.scrub(""), "")
        self.assertEqual(self.engine.scrub(b""), b"")
        text = "GET /index.html 200 0.004s ünïcode ✓\n" * 50
        self.assertEqual(self.engine.scrub(text), text)

    def test_non_utf8_bytes_survive_a_str_round_trip(self):
        raw = b"caf\xe9 \xff mail bob@example.org\n"
        text = raw.decode("utf-8", "surrogateescape")
        out = self.engine.scrub(text).encode("utf-8", "surrogateescape")
        self.assertEqual(out, b"caf\xe9 \xff mail [REDACTED:pii.email]\n")

    def test_output_larger_than_first_guess_is_complete(self):
        # Short secrets become longer markers: the binding's first buffer is too small and it
        # must retry with the size the library asks for, not truncate.
        line = " ".join(["a@b.io"] * 2000)
        out = self.engine.scrub(line)
        self.assertEqual(out, " ".join(["[REDACTED:pii.email]"] * 2000))

    def test_find_reports_rule_category_and_span(self):
        text = f"key={AWS_KEY} mail bob@example.org"
        findings = self.engine.find(text)
        self.assertEqual([(f.rule_id, f.category) for f in findings],
                         [("aws.access_key_id", "secret"), ("pii.email", "pii")])
        self.assertEqual([text[f.start:f.end] for f in findings], [AWS_KEY, "bob@example.org"])

    def test_find_spans_are_characters_for_str_and_bytes_for_bytes(self):
        text = "héllo ✓ bob@example.org"
        [char_span] = self.engine.find(text)
        self.assertEqual(text[char_span.start:char_span.end], "bob@example.org")
        raw = text.encode()
        [byte_span] = self.engine.find(raw)
        self.assertEqual(raw[byte_span.start:byte_span.end], b"bob@example.org")
        self.assertNotEqual(char_span.start, byte_span.start)

    def test_rule_ids_list_the_active_rules(self):
        self.assertIn("aws.access_key_id", self.engine.rule_ids)
        self.assertGreaterEqual(len(self.engine.rule_ids), 150)
        fewer = logscrub.Engine(disable_categories="pii")
        self.assertNotIn("pii.email", fewer.rule_ids)
        self.assertEqual(fewer.scrub("bob@example.org"), "bob@example.org")

    def test_options_reach_the_library(self):
        masked = logscrub.Engine(style="mask")
        self.assertEqual(masked.scrub(f"k {AWS_KEY}"), "k [REDACTED]")
        same_length = logscrub.Engine(style="mask", mask_same_length=True)
        self.assertEqual(same_length.scrub(f"k {AWS_KEY}"), "k " + "*" * len(AWS_KEY))
        partial_cards = logscrub.Engine(styles={"card": "partial"})
        self.assertEqual(partial_cards.scrub("card 4111 1111 1111 1111"), "card **** **** **** 1111")
        no_email = logscrub.Engine(disable="pii.email")
        self.assertEqual(no_email.scrub("bob@example.org"), "bob@example.org")
        keyed = logscrub.Engine(style="hmac", hmac_key=b"0123456789abcdef0123")
        first, second = keyed.scrub(f"{AWS_KEY}\n{AWS_KEY}").split("\n")
        self.assertTrue(first.startswith("[REDACTED:aws.access_key_id#"))
        self.assertEqual(first, second)  # equal secrets, equal pseudonyms

    def test_rules_text_and_rule_files_add_rules(self):
        own = logscrub.Engine(builtin_rules=False, rules_text=TEST_RULE)
        self.assertEqual(own.rule_ids, ("test.token",))
        self.assertEqual(own.scrub(f"a=tok_abcdefghij123456 {AWS_KEY}"),
                         f"a=[REDACTED:test.token] {AWS_KEY}")
        with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as f:
            f.write(TEST_RULE)
        try:
            from_file = logscrub.Engine(rule_files=[f.name])
            self.assertIn("test.token", from_file.rule_ids)
            self.assertIn("aws.access_key_id", from_file.rule_ids)
        finally:
            os.unlink(f.name)

    def test_oversized_record_is_masked_whole(self):
        small = logscrub.Engine(max_line_bytes=64)
        out = small.scrub("x" * 100 + "\nshort\n")
        self.assertEqual(out, "[REDACTED:oversized-record]\nshort\n")

    def test_errors_name_the_status_and_the_cause(self):
        with self.assertRaises(logscrub.LogscrubError) as caught:
            logscrub.Engine(rules_text="rules:\n  - id: broken\n    pattern: '('\n")
        self.assertLess(caught.exception.status, 0)
        self.assertIn("broken", str(caught.exception))
        with self.assertRaises(logscrub.LogscrubError) as caught:
            logscrub.Engine(rule_files="/nonexistent/rules.yaml")
        self.assertEqual(caught.exception.status_name, "LOGSCRUB_E_RULE_FILE")
        self.assertIn("/nonexistent/rules.yaml", str(caught.exception))
        with self.assertRaises(logscrub.LogscrubError) as caught:
            logscrub.Engine(style="hmac")
        self.assertEqual(caught.exception.status_name, "LOGSCRUB_E_NO_HMAC_KEY")
        with self.assertRaises(ValueError):
            logscrub.Engine(style="blur")

    def test_closed_engine_refuses_calls(self):
        engine = logscrub.Engine(builtin_rules=False, rules_text=TEST_RULE)
        stream = engine.stream()
        engine.close()
        with self.assertRaises(ValueError):
            engine.scrub("x")
        # A stream made before close keeps the engine alive until it goes.
        self.assertEqual(stream.write(b"tok_abcdefghij123456\n"), b"[REDACTED:test.token]\n")

    def test_threads_share_one_engine(self):
        lines = [f"worker {i} key {AWS_KEY} mail u{i}@example.org\n" * 200 for i in range(16)]
        expected = [f"worker {i} key [REDACTED:aws.access_key_id] mail [REDACTED:pii.email]\n"
                    * 200 for i in range(16)]
        with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
            for _ in range(5):
                self.assertEqual(list(pool.map(self.engine.scrub, lines)), expected)


if __name__ == "__main__":
    unittest.main()
