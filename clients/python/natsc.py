"""Core NATS request/reply over Debian's C client libnats, through ctypes.

Debian 12 packages no Python NATS client, but it packages the C one
(libnats3.4, installed by scripts/setup). This module binds the few core
calls a JetStream client needs when it speaks JetStream's JSON API itself
(clients/python/jetstream.py): connect, request (with headers), read a
reply's payload, close. Every libnats object is used through an opaque
pointer; no C struct layout is repeated here.

  conn = natsc.Connection("nats://127.0.0.1:4222,nats://127.0.0.1:4223")
  reply = conn.request("$JS.API.INFO", b"", timeout=5.0)
  ack = conn.request("docpipe.ingest", data, headers={"Nats-Msg-Id": "a-1"})
  conn.close()

Errors are NatsError, naming what failed ("nats: connect nats://...:
No server available for connection"). A Connection belongs to one thread.
"""
import ctypes
import ctypes.util

# natsStatus values (nats/status.h, libnats 3.4).
OK = 0
IO_ERROR = 3
CONNECTION_CLOSED = 5
NO_SERVER = 6
STALE_CONNECTION = 7
CONNECTION_DISCONNECTED = 10
TIMEOUT = 26
NO_RESPONDERS = 34
# The connection is down or no JetStream server answered yet: retrying later
# can help (nats/jetstream.cc maps these to UNAVAILABLE/DEADLINE_EXCEEDED).
RETRYABLE = {IO_ERROR, CONNECTION_CLOSED, NO_SERVER, STALE_CONNECTION,
             CONNECTION_DISCONNECTED, TIMEOUT, NO_RESPONDERS}

_P = ctypes.c_void_p
_PP = ctypes.POINTER(ctypes.c_void_p)
_lib = None


class NatsError(Exception):
    """A failed libnats call; `status` is its natsStatus."""

    def __init__(self, what, status):
        self.status = status
        self.retryable = status in RETRYABLE
        text = _lib.natsStatus_GetText(status).decode(errors="replace")
        last = _lib.nats_GetLastError(None)
        detail = last.decode(errors="replace") if last else ""
        msg = f"nats: {what}: {text}"
        if detail and detail != text:
            msg += f" ({detail})"
        super().__init__(msg)


def _load():
    global _lib
    if _lib is not None:
        return _lib
    name = "libnats.so.3.4"
    try:
        lib = ctypes.CDLL(name)
    except OSError:
        found = ctypes.util.find_library("nats")
        if found is None:
            raise ImportError(
                "natsc: libnats not found (Debian package libnats3.4; "
                "scripts/setup installs it)") from None
        lib = ctypes.CDLL(found)
    sig = {
        "natsOptions_Create": (ctypes.c_int, [_PP]),
        "natsOptions_Destroy": (None, [_P]),
        "natsOptions_SetServers": (ctypes.c_int, [_P, ctypes.POINTER(ctypes.c_char_p),
                                                  ctypes.c_int]),
        "natsOptions_SetName": (ctypes.c_int, [_P, ctypes.c_char_p]),
        "natsOptions_SetMaxReconnect": (ctypes.c_int, [_P, ctypes.c_int]),
        "natsOptions_SetReconnectWait": (ctypes.c_int, [_P, ctypes.c_int64]),
        "natsOptions_SetToken": (ctypes.c_int, [_P, ctypes.c_char_p]),
        "natsOptions_SetUserCredentialsFromFiles": (
            ctypes.c_int, [_P, ctypes.c_char_p, ctypes.c_char_p]),
        "natsOptions_SetSecure": (ctypes.c_int, [_P, ctypes.c_bool]),
        "natsOptions_LoadCATrustedCertificates": (ctypes.c_int,
                                                  [_P, ctypes.c_char_p]),
        "natsConnection_Connect": (ctypes.c_int, [_PP, _P]),
        "natsConnection_RequestMsg": (ctypes.c_int,
                                      [_PP, _P, _P, ctypes.c_int64]),
        "natsConnection_Close": (None, [_P]),
        "natsConnection_Destroy": (None, [_P]),
        "natsMsg_Create": (ctypes.c_int, [_PP, ctypes.c_char_p,
                                          ctypes.c_char_p, ctypes.c_char_p,
                                          ctypes.c_int]),
        "natsMsgHeader_Set": (ctypes.c_int, [_P, ctypes.c_char_p,
                                             ctypes.c_char_p]),
        "natsMsg_GetData": (_P, [_P]),
        "natsMsg_GetDataLength": (ctypes.c_int, [_P]),
        "natsMsg_Destroy": (None, [_P]),
        "natsStatus_GetText": (ctypes.c_char_p, [ctypes.c_int]),
        "nats_GetLastError": (ctypes.c_char_p, [_P]),
    }
    for fn, (res, args) in sig.items():
        f = getattr(lib, fn)
        f.restype, f.argtypes = res, args
    _lib = lib
    return lib


class Connection:
    """One libnats connection to the first reachable server of `urls`
    ("URL[,URL...]"); libnats reconnects in the background after a break,
    every 100 ms and without giving up, as docpipe's C++ clients do
    (requests meanwhile fail with a retryable NatsError). What the cluster
    asks of a client, as `docpipe --nats_*`: `token`, a .creds file
    `creds`, and `tls_ca`, the CA bundle of the servers' certificates
    (connects with TLS)."""

    def __init__(self, urls, name="docpipe-py", token="", creds="", tls_ca=""):
        lib = _load()
        self._nc = _P()
        opts = _P()
        s = lib.natsOptions_Create(ctypes.byref(opts))
        if s != OK:
            raise NatsError("options", s)
        try:
            servers = [u.strip().encode() for u in urls.split(",") if u.strip()]
            array = (ctypes.c_char_p * len(servers))(*servers)
            steps = [("servers", lambda o, a: lib.natsOptions_SetServers(o, a, len(servers)),
                      array),
                     ("name", lib.natsOptions_SetName, name.encode()),
                     ("reconnect", lib.natsOptions_SetMaxReconnect, -1),
                     ("reconnect wait", lib.natsOptions_SetReconnectWait, 100)]
            if token:
                steps.append(("token", lib.natsOptions_SetToken, token.encode()))
            if creds:
                steps.append(("credentials " + creds,
                              lambda o, c: lib.natsOptions_SetUserCredentialsFromFiles(o, c, None),
                              creds.encode()))
            if tls_ca:
                steps.append(("tls", lib.natsOptions_SetSecure, True))
                steps.append(("CA " + tls_ca, lib.natsOptions_LoadCATrustedCertificates,
                              tls_ca.encode()))
            for what, fn, arg in steps:
                s = fn(opts, arg)
                if s != OK:
                    raise NatsError(what, s)
            s = lib.natsConnection_Connect(ctypes.byref(self._nc), opts)
            if s != OK:
                raise NatsError(f"connect {urls}", s)
        finally:
            lib.natsOptions_Destroy(opts)

    def request(self, subject, data=b"", headers=None, timeout=5.0):
        """Sends `data` (bytes) with `headers` to `subject` and returns the
        reply's payload (bytes); waits at most `timeout` seconds."""
        lib = _lib
        msg = _P()
        s = lib.natsMsg_Create(ctypes.byref(msg), subject.encode(), None,
                               data, len(data))
        if s != OK:
            raise NatsError(f"message to {subject}", s)
        reply = _P()
        try:
            for k, v in (headers or {}).items():
                s = lib.natsMsgHeader_Set(msg, k.encode(), v.encode())
                if s != OK:
                    raise NatsError(f"header {k} of message to {subject}", s)
            s = lib.natsConnection_RequestMsg(ctypes.byref(reply), self._nc,
                                              msg, max(1, int(timeout * 1000)))
            if s != OK:
                raise NatsError(f"request {subject}", s)
            n = lib.natsMsg_GetDataLength(reply)
            ptr = lib.natsMsg_GetData(reply)
            return ctypes.string_at(ptr, n) if n > 0 else b""
        finally:
            lib.natsMsg_Destroy(msg)
            if reply:
                lib.natsMsg_Destroy(reply)

    def close(self):
        if self._nc:
            _lib.natsConnection_Close(self._nc)
            _lib.natsConnection_Destroy(self._nc)
            self._nc = _P()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
