"""The C library, loaded with ctypes, and the signatures of the functions the binding calls.

Where the library is looked for, first found wins:
  1. $LOGSCRUB_LIBRARY, a path to liblogscrub.so;
  2. the build tree of the checkout this package sits in (<repo>/build/liblogscrub.so);
  3. the system's library path (liblogscrub.so.0).
"""

import ctypes
import os
import pathlib

# Status codes (include/logscrub/logscrub.h); stable across versions.
OK = 0
MASKED_RECORDS = 1
E_INVALID_ARGUMENT = -1
E_RULE_FILE = -3
E_COMPILE = -4
E_NO_HMAC_KEY = -5
E_BAD_SCRATCH = -6
E_DST_TOO_SMALL = -7
E_UNKNOWN = -9

# Option keys.
OPT_BUILTIN_RULES = 1
OPT_STYLE = 2
OPT_MASK_SAME_LENGTH = 3
OPT_CARD_KEEP_FIRST = 4
OPT_CARD_KEEP_LAST = 5
OPT_MAX_LINE_BYTES = 6
OPT_FORMAT = 7
OPT_RULE_FILE = 101
OPT_RULE_TEXT = 102
OPT_DISABLE = 103
OPT_DISABLE_CATEGORY = 104
OPT_ENABLE = 105
OPT_HMAC_KEY = 106
OPT_STYLE_FOR = 107
OPT_JSON_KEY_ADD = 108
OPT_JSON_KEY_REMOVE = 109

STYLES = {"tag": 0, "mask": 1, "partial": 2, "hmac": 3}
FORMATS = {"auto": 0, "text": 1, "json": 2}

# Streaming operations.
CONTINUE = 0
FLUSH = 1
END = 2


class Finding(ctypes.Structure):
    _fields_ = [
        ("rule_id", ctypes.c_char_p),
        ("category", ctypes.c_char_p),
        ("begin", ctypes.c_size_t),
        ("end", ctypes.c_size_t),
    ]


class InBuffer(ctypes.Structure):
    _fields_ = [("src", ctypes.c_void_p), ("size", ctypes.c_size_t), ("pos", ctypes.c_size_t)]


class OutBuffer(ctypes.Structure):
    _fields_ = [("dst", ctypes.c_void_p), ("size", ctypes.c_size_t), ("pos", ctypes.c_size_t)]


FINDING_CB = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(Finding), ctypes.c_void_p)


def _candidates():
    configured = os.environ.get("LOGSCRUB_LIBRARY")
    if configured:
        return [configured]
    repo = pathlib.Path(__file__).resolve().parents[3]
    return [str(repo / "build" / "liblogscrub.so"), "liblogscrub.so.0", "liblogscrub.so"]


def _load():
    errors = []
    for path in _candidates():
        if os.sep in path and not os.path.exists(path):
            errors.append(f"{path}: no such file")
            continue
        try:
            return ctypes.CDLL(path)
        except OSError as e:
            errors.append(str(e))
    raise ImportError(
        "logscrub: cannot load the C library (build it with `cmake --build build`, or set "
        "LOGSCRUB_LIBRARY to the path of liblogscrub.so): " + "; ".join(errors)
    )


lib = _load()

_P = ctypes.c_void_p
_SIZE = ctypes.c_size_t
_SIGNATURES = {
    "logscrub_version_string": (ctypes.c_char_p, []),
    "logscrub_status_name": (ctypes.c_char_p, [ctypes.c_int]),
    "logscrub_options_create": (_P, []),
    "logscrub_options_free": (None, [_P]),
    "logscrub_options_set_int": (ctypes.c_int, [_P, ctypes.c_int, ctypes.c_longlong]),
    "logscrub_options_set_str": (ctypes.c_int, [_P, ctypes.c_int, ctypes.c_char_p, _SIZE]),
    "logscrub_engine_create": (
        ctypes.c_int,
        [_P, ctypes.POINTER(_P), ctypes.c_char_p, _SIZE],
    ),
    "logscrub_engine_free": (None, [_P]),
    "logscrub_engine_rule_count": (_SIZE, [_P]),
    "logscrub_engine_rule_id": (ctypes.c_char_p, [_P, _SIZE]),
    "logscrub_scratch_create": (ctypes.c_int, [_P, ctypes.POINTER(_P)]),
    "logscrub_scratch_free": (None, [_P]),
    "logscrub_scrub": (
        ctypes.c_int,
        [_P, _P, ctypes.c_char_p, _SIZE, _P, _SIZE, ctypes.POINTER(_SIZE)],
    ),
    "logscrub_find": (ctypes.c_int, [_P, _P, ctypes.c_char_p, _SIZE, FINDING_CB, _P]),
    "logscrub_stream_create": (ctypes.c_int, [_P, ctypes.POINTER(_P)]),
    "logscrub_stream_free": (None, [_P]),
    "logscrub_stream_scrub": (
        ctypes.c_int,
        [
            _P,
            _P,
            ctypes.POINTER(OutBuffer),
            ctypes.POINTER(InBuffer),
            ctypes.c_int,
            ctypes.POINTER(_SIZE),
        ],
    ),
    "logscrub_stream_reset": (ctypes.c_int, [_P]),
    "logscrub_stream_masked_records": (_SIZE, [_P]),
}
for _name, (_restype, _argtypes) in _SIGNATURES.items():
    _fn = getattr(lib, _name)
    _fn.restype = _restype
    _fn.argtypes = _argtypes


def status_name(status):
    """The library's name for a status code, e.g. "LOGSCRUB_E_COMPILE"."""
    return lib.logscrub_status_name(status).decode()
