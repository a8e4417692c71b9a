"""logscrub: find and redact secrets and personal data in logs (Python binding of the C API).

    import logscrub
    engine = logscrub.Engine()                      # built-in rules; share it across threads
    engine.scrub("key=AKIAZ5B3Q2XJ7N4PLW6R\\n")      # 'key=[REDACTED:aws.access_key_id]\\n'
    engine.find("mail bob@example.org")             # [Finding('pii.email', 'pii', 5, 20)]
    logscrub.scrub_logging(engine)                  # every root-logger handler scrubs records

The library is loaded with ctypes: set LOGSCRUB_LIBRARY to the path of liblogscrub.so when it
is not in this checkout's build/ directory or on the system's library path.
"""

from ._native import lib as _lib
from .engine import Engine, Finding, LogscrubError, Stream
from .log_filter import ScrubFilter, scrub_logging

__all__ = ["Engine", "Finding", "LogscrubError", "Stream", "ScrubFilter", "scrub_logging",
           "library_version"]


def library_version():
    """The version of the C library loaded, e.g. "0.1.0"."""
    return _lib.logscrub_version_string().decode()
