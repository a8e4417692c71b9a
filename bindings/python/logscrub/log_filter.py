"""A logging.Filter that scrubs each record before any handler formats it."""

import logging

from .engine import Engine


class ScrubFilter(logging.Filter):
    """Replaces a record's message (msg % args, formatted once, here), its exception text and
    its stack text by their scrubbed versions. Attach it to handlers (a filter on a logger
    does not see records logged through its child loggers). Never drops a record: filter()
    always returns True. A message whose formatting fails (args that do not fit msg) is
    scrubbed as "msg args" instead of raising into the code that logged it."""

    def __init__(self, engine=None, name=""):
        super().__init__(name)
        self.engine = engine if engine is not None else Engine()

    def filter(self, record):
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a bad format must not make logging raise
            message = f"{record.msg} {record.args!r}"
        record.msg = self.engine.scrub(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.engine.scrub(record.exc_text)
        if record.stack_info:
            record.stack_info = self.engine.scrub(record.stack_info)
        return True


def scrub_logging(engine=None, logger=None):
    """Adds one ScrubFilter to every handler of `logger` (default: the root logger, which on
    AWS Lambda holds the runtime's handler) and returns it. Handlers added later are not
    covered: call it again, or add the filter to them."""
    target = logger if logger is not None else logging.getLogger()
    scrub_filter = ScrubFilter(engine)
    for handler in target.handlers:
        handler.addFilter(scrub_filter)
    return scrub_filter
