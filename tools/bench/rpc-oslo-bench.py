#!/usr/bin/python3
"""oslo.messaging side of Tandem's RPC benchmark (tools/bench/rpc-bench).

  rpc-oslo-bench.py URL SECONDS [LOGIN_METHOD]

Starts an oslo.messaging RPC server (threading executor) and a client in this process, on the
given broker, and prints one JSON object: rows of calls (sequential and 32 threads; small and
~6 KB object-primitive payload) and casts, each with count, seconds, throughput, p50 and p99 (ms).
Run with Debian's /usr/bin/python3 (python3-oslo.messaging).
"""
import json
import sys
import threading
import time
import uuid

from oslo_config import cfg
import oslo_messaging as messaging

BLOB = 'x' * 5800


def object_payload():
    return {'nova_object.name': 'BenchObject', 'nova_object.namespace': 'nova',
            'nova_object.version': '1.0',
            'nova_object.data': {'id': 42, 'name': 'bench', 'blob': BLOB,
                                 'tags': {'k%d' % i: 'v%d' % i for i in range(8)}},
            'nova_object.changes': ['blob']}


class Endpoint(object):
    target = messaging.Target(version='1.0')

    def __init__(self):
        self.casts = 0
        self.lock = threading.Lock()

    def echo(self, ctxt, payload):
        return payload

    def note(self, ctxt, n):
        with self.lock:
            self.casts += 1


def pct(sorted_ms, p):
    if not sorted_ms:
        return None
    return sorted_ms[min(len(sorted_ms) - 1, int(len(sorted_ms) * p))]


def run_calls(client, payload, threads, seconds):
    lat = []
    lock = threading.Lock()
    deadline = time.time() + seconds
    ctxt = {'request_id': 'req-bench', 'user_id': 'u1'}

    def worker():
        mine = []
        while time.time() < deadline:
            t0 = time.perf_counter()
            client.call(ctxt, 'echo', payload=payload)
            mine.append((time.perf_counter() - t0) * 1000.0)
        with lock:
            lat.extend(mine)

    start = time.perf_counter()
    ts = [threading.Thread(target=worker) for _ in range(threads)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    elapsed = time.perf_counter() - start
    lat.sort()
    return {'count': len(lat), 'seconds': elapsed, 'throughput': len(lat) / elapsed,
            'p50_ms': pct(lat, 0.50), 'p99_ms': pct(lat, 0.99)}


def run_casts(client, endpoint, seconds):
    ctxt = {'request_id': 'req-bench', 'user_id': 'u1'}
    endpoint.casts = 0
    sent = 0
    start = time.perf_counter()
    deadline = time.time() + seconds
    while time.time() < deadline:
        client.cast(ctxt, 'note', n=sent)
        sent += 1
    wait_until = time.time() + 60
    while endpoint.casts < sent and time.time() < wait_until:
        time.sleep(0.005)
    elapsed = time.perf_counter() - start
    return {'count': endpoint.casts, 'sent': sent, 'seconds': elapsed, 'throughput': endpoint.casts / elapsed}


def main():
    url, seconds = sys.argv[1], float(sys.argv[2])
    login = sys.argv[3] if len(sys.argv) > 3 else None
    conf = cfg.CONF
    conf([], project='tandem-bench')
    messaging.set_transport_defaults('nova')
    transport = messaging.get_rpc_transport(conf, url=url)
    if login:
        conf.set_override('rabbit_login_method', login, group='oslo_messaging_rabbit')
    topic = 'bench_oslo_' + uuid.uuid4().hex[:8]
    endpoint = Endpoint()
    server = messaging.get_rpc_server(transport, messaging.Target(topic=topic, server='bench'),
                                      [endpoint], executor='threading')
    server.start()
    client = messaging.get_rpc_client(transport, messaging.Target(topic=topic), timeout=60)
    ctxt = {'request_id': 'req-warm'}
    for _ in range(50):  # warm-up: reply queue, connections
        client.call(ctxt, 'echo', payload={'x': 1})
    small = {'x': 1, 'text': 'hello'}
    rows = {}
    for name, payload in (('small', small), ('object6k', object_payload())):
        rows['call_seq_' + name] = run_calls(client, payload, 1, seconds)
        rows['call_c32_' + name] = run_calls(client, payload, 32, seconds)
    rows['cast_seq'] = run_casts(client, endpoint, seconds)
    print(json.dumps({'payload_bytes': len(json.dumps(object_payload())), 'rows': rows}), flush=True)
    server.stop()
    server.wait()
    transport.cleanup()


if __name__ == '__main__':
    main()
