"""ScrubFilter and scrub_logging: what handlers write is scrubbed, nothing is dropped."""

import io
import logging
import unittest

import logscrub

AWS_KEY = "AKIAZ5B3Q2XJ7N4PLW6R"


class LogFilterTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.engine = logscrub.Engine()

    def setUp(self):
        self.logger = logging.getLogger(f"logscrub-test-{self.id()}")
        self.logger.propagate = False
        self.logger.setLevel(logging.DEBUG)
        self.sink = io.StringIO()
        handler = logging.StreamHandler(self.sink)
        handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
        self.logger.addHandler(handler)
        self.addCleanup(self.logger.removeHandler, handler)

    def test_message_and_args_are_scrubbed(self):
        logscrub.scrub_logging(self.engine, self.logger)
        self.logger.info("user %s key %s", "bob@example.org", AWS_KEY)
        self.assertEqual(self.sink.getvalue(),
                         "INFO user [REDACTED:pii.email] key [REDACTED:aws.access_key_id]\n")

    def test_child_logger_records_are_scrubbed_by_the_handler_filter(self):
        logscrub.scrub_logging(self.engine, self.logger)
        child = self.logger.getChild("db")
        child.warning("connect postgres://app:s3cr3t-pass@db.internal/app")
        self.assertNotIn("s3cr3t-pass", self.sink.getvalue())
        self.assertIn("WARNING connect postgres://app:", self.sink.getvalue())

    def test_exception_text_is_scrubbed(self):
        logscrub.scrub_logging(self.engine, self.logger)
        try:
            raise RuntimeError(f"login failed for bob@example.org with {AWS_KEY}")
        except RuntimeError:
            self.logger.exception("request failed")
        written = self.sink.getvalue()
        self.assertIn("Traceback", written)
        self.assertIn("RuntimeError: login failed for [REDACTED:pii.email]", written)
        self.assertNotIn(AWS_KEY, written)

    def test_bad_format_arguments_are_scrubbed_not_raised(self):
        logscrub.scrub_logging(self.engine, self.logger)
        self.logger.info("only one %s", "bob@example.org", "extra")
        written = self.sink.getvalue()
        self.assertIn("only one", written)
        self.assertNotIn("bob@example.org", written)

    def test_without_the_filter_the_secret_reaches_the_handler(self):
        # The control: the same call with no filter writes the secret.
        self.logger.info("key %s", AWS_KEY)
        self.assertIn(AWS_KEY, self.sink.getvalue())


if __name__ == "__main__":
    unittest.main()
