"""An AWS Lambda handler that logs through logscrub: every record the runtime's log handler
writes (messages, their arguments, exception tracebacks) is scrubbed first.

Deploy with the package directory (bindings/python/logscrub) and liblogscrub.so in the
function's package or a layer; set LOGSCRUB_LIBRARY when the library is not on the library
path (e.g. LOGSCRUB_LIBRARY=/opt/lib/liblogscrub.so for a layer).
"""

import logging

import logscrub

# Built once per execution environment (about a millisecond), shared by every invocation.
ENGINE = logscrub.Engine()
logging.getLogger().setLevel(logging.INFO)
logscrub.scrub_logging(ENGINE)  # the root logger's handlers: the Lambda runtime's included

log = logging.getLogger(__name__)


def handler(event, context):
    log.info("event received: %s", event)
    try:
        if "fail" in event:
            raise ValueError(f"upstream rejected token {event.get('token')}")
    except ValueError:
        log.exception("request failed")
        return {"statusCode": 502}
    return {"statusCode": 200}
