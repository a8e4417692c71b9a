"""Stream: any chunking gives Engine.scrub's output; held bytes; errors of use."""

import random
import unittest

import logscrub

INPUT = (b"start\n"
         b"export AWS_ACCESS_KEY_ID=AKIAZ5B3Q2XJ7N4PLW6R\n"
         b'{"level":"info","user":"bob@example.org","password":"hunter2-secret"}\n'
         b"Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlLWJ5dGVz\n"
         b"no newline at the end AKIAZ5B3Q2XJ7N4PLW6R")


class StreamTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.engine = logscrub.Engine()
        cls.whole = cls.engine.scrub(INPUT)

    def feed(self, stream, sizes):
        out, pos = [], 0
        for size in sizes:
            out.append(stream.write(INPUT[pos:pos + size]))
            pos += size
        out.append(stream.write(INPUT[pos:]))
        out.append(stream.end())
        return b"".join(out)

    def test_whole_output_is_redacted(self):
        self.assertNotIn(b"AKIAZ5B3Q2XJ7N4PLW6R", self.whole)
        self.assertNotIn(b"hunter2-secret", self.whole)
        self.assertNotIn(b"bob@example.org", self.whole)

    def test_one_byte_writes_equal_one_shot(self):
        self.assertEqual(self.feed(self.engine.stream(), [1] * len(INPUT)), self.whole)

    def test_random_chunkings_equal_one_shot(self):
        rng = random.Random(7)
        stream = self.engine.stream()  # reused: end() readies it for the next input
        for _ in range(50):
            sizes = [rng.randint(0, 40) for _ in range(20)]
            self.assertEqual(self.feed(stream, sizes), self.whole)

    def test_record_is_written_when_its_newline_arrives(self):
        stream = self.engine.stream()
        self.assertEqual(stream.write(b"key AKIAZ5B3Q2XJ7N4"), b"")  # held: no '\n' yet
        self.assertEqual(stream.write(b"PLW6R more"), b"")
        self.assertEqual(stream.write(b"\nnext"), b"key [REDACTED:aws.access_key_id] more\n")
        self.assertEqual(stream.end(), b"next")

    def test_output_beyond_one_buffer_is_all_returned(self):
        big = b"mail bob@example.org " * 20000 + b"\n"  # output far over the 64 KiB buffer
        self.assertEqual(self.engine.stream().write(big) + b"", self.engine.scrub(big))

    def test_oversized_record_is_masked_and_counted(self):
        engine = logscrub.Engine(max_line_bytes=16)
        stream = engine.stream()
        out = stream.write(b"x" * 10 + b"y" * 10) + stream.write(b"\nok\n")
        self.assertEqual(out, b"[REDACTED:oversized-record]\nok\n")
        self.assertEqual(stream.masked_records, 1)

    def test_reset_drops_held_bytes(self):
        stream = self.engine.stream()
        stream.write(b"half a record")
        stream.reset()
        self.assertEqual(stream.write(b"new\n"), b"new\n")

    def test_str_is_refused(self):
        with self.assertRaises(TypeError):
            self.engine.stream().write("text")


if __name__ == "__main__":
    unittest.main()
