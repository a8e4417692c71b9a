"""The shipped examples run and scrub what they log."""

import importlib.util
import io
import logging
import pathlib
import unittest

EXAMPLES = pathlib.Path(__file__).resolve().parents[1] / "examples"


class LambdaExampleTest(unittest.TestCase):
    def test_handler_logs_are_scrubbed(self):
        root = logging.getLogger()
        sink = io.StringIO()
        handler = logging.StreamHandler(sink)  # stands in for the Lambda runtime's handler
        root.addHandler(handler)
        self.addCleanup(root.removeHandler, handler)
        spec = importlib.util.spec_from_file_location("lambda_function",
                                                      EXAMPLES / "lambda_function.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)  # installs the filter on the handlers present

        self.assertEqual(module.handler({"user": "bob@example.org"}, None), {"statusCode": 200})
        event = {"fail": 1, "token": "sk_live_4eC39HqLyjWDarjtT1zdp7dc"}
        self.assertEqual(module.handler(event, None), {"statusCode": 502})
        written = sink.getvalue()
        self.assertIn("event received: {'user': '[REDACTED:pii.email]'}", written)
        self.assertIn("Traceback", written)
        self.assertNotIn("bob@example.org", written)
        self.assertIn("ValueError: upstream rejected token [REDACTED:stripe.", written)
        self.assertNotIn("4eC39HqLyjWDarjtT1zdp7dc", written)


if __name__ == "__main__":
    unittest.main()
