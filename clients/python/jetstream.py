"""The JetStream calls `feed.py --nats` needs, as JetStream's JSON API over
core NATS request/reply (clients/python/natsc.py): the Python twin of the
parts of nats/jetstream.cc that `docpipe feed --nats` uses, sending the same
bytes (the stream configuration libnats 3.4 sends, the Nats-Msg-Id header).

  with natsc.Connection(urls) as conn:
      jetstream.ensure_stream(conn, "S", ["s"], work_queue=True, replicas=3)
      seq, duplicate = jetstream.publish(conn, "s", data, msg_id="a-1")
      pending, ack_pending = jetstream.consumer_state(conn, "S", "worker")

Errors: natsc.NatsError (no answer, connection down: `retryable`) or
JetStreamError (the API answered {"error": ...}; `not_found` for a missing
stream or consumer, other API errors are worth retrying while a stream's
leader moves, as nats/jetstream.cc treats them).
"""
import json
import time

import natsc

API = "$JS.API."
STREAM_NOT_FOUND = 10059
CONSUMER_NOT_FOUND = 10014
STREAM_NAME_EXISTS = 10058  # "stream name already in use" (other config)
TIMEOUT = 5.0  # seconds, like nats::ClientOptions::timeout


class JetStreamError(Exception):
    def __init__(self, what, error):
        self.code = error.get("code", 0)
        self.err_code = error.get("err_code", 0)
        self.not_found = self.err_code in (STREAM_NOT_FOUND, CONSUMER_NOT_FOUND)
        self.retryable = not self.not_found
        super().__init__(f"nats: {what}: {error.get('description', error)} "
                         f"[jetstream error {self.err_code}]")


def api(conn, call, payload=b"", timeout=TIMEOUT, what=None):
    """$JS.API.<call> with `payload`; the reply as a dict, or
    JetStreamError (naming `what`, else the call) if it carries an error."""
    reply = json.loads(conn.request(API + call, payload, timeout=timeout))
    if "error" in reply:
        raise JetStreamError(what or call, reply["error"])
    return reply


def stream_config(name, subjects, work_queue, replicas,
                  duplicate_window_ns=120 * 10**9):
    """The configuration JSON exactly as libnats 3.4's js_AddStream sends it
    for nats::StreamConfig (file storage, no limits)."""
    return json.dumps({
        "name": name, "subjects": list(subjects),
        "retention": "workqueue" if work_queue else "limits",
        "max_consumers": -1, "max_msgs": -1, "max_bytes": -1, "max_age": 0,
        "max_msg_size": -1, "max_msgs_per_subject": 0, "discard": "old",
        "storage": "file", "num_replicas": replicas,
        "duplicate_window": duplicate_window_ns,
    }, separators=(",", ":")).encode()


def ensure_stream(conn, name, subjects, work_queue, replicas,
                  timeout=TIMEOUT):
    """Creates the stream, or checks an existing one has the retention
    asked (ValueError otherwise), as nats::Client::EnsureStream: retries
    retryable errors (a meta-leader election) for up to 4 timeouts."""
    give_up = time.monotonic() + 4 * timeout
    config = stream_config(name, subjects, work_queue, replicas)
    while True:
        try:
            return _ensure_stream_once(conn, name, config, work_queue, timeout)
        except (natsc.NatsError, JetStreamError) as e:
            if not e.retryable or time.monotonic() > give_up:
                raise
            time.sleep(0.2)


def _ensure_stream_once(conn, name, config, work_queue, timeout):
    try:
        api(conn, f"STREAM.CREATE.{name}", config, timeout,
            what=f"create stream {name}")
        return
    except JetStreamError as e:
        if e.err_code != STREAM_NAME_EXISTS:
            raise
    # It exists with another configuration: check what matters.
    info = api(conn, f"STREAM.INFO.{name}", b"", timeout,
               what=f"stream info {name}")
    want = "workqueue" if work_queue else "limits"
    if info.get("config", {}).get("retention") != want:
        raise ValueError(
            f"nats: stream {name} exists with another retention policy; "
            "delete it or use another name")


def publish(conn, subject, data, msg_id="", timeout=TIMEOUT):
    """Publishes `data` (bytes) with Nats-Msg-Id `msg_id` (if any) and waits
    for the stream's acknowledgement: (stream sequence, duplicate)."""
    headers = {"Nats-Msg-Id": msg_id} if msg_id else None
    reply = json.loads(conn.request(subject, data, headers, timeout))
    if "error" in reply:
        raise JetStreamError(f"publish {subject}", reply["error"])
    return int(reply.get("seq", 0)), bool(reply.get("duplicate", False))


def consumer_state(conn, stream, durable, timeout=TIMEOUT):
    """(messages not yet delivered, delivered but unacknowledged) of the
    durable consumer; JetStreamError with not_found if it does not exist."""
    info = api(conn, f"CONSUMER.INFO.{stream}.{durable}", b"", timeout,
               what=f"consumer info {durable}")
    return int(info.get("num_pending", 0)), int(info.get("num_ack_pending", 0))
