"""Sends one compute RPC call with the real oslo.messaging (Debian's python3-oslo.messaging) and
prints what came back as one JSON line: {"result": ...} or {"exc_type": ..., "value": ...}.

Usage: call_compute.py URL EXCHANGE HOST VERSION METHOD [KWARGS_JSON]
Used by the services tests to show that a juno compute answers a 4.0 message with the upgrade
guide's exact words.
"""
import json
import sys

from oslo_config import cfg
import oslo_messaging as messaging


def main():
    url, exchange, host, version, method = sys.argv[1:6]
    kwargs = json.loads(sys.argv[6]) if len(sys.argv) > 6 else {}
    cfg.CONF([], project='tandem-services-test')
    messaging.set_transport_defaults(exchange)
    transport = messaging.get_rpc_transport(cfg.CONF, url=url)
    client = messaging.get_rpc_client(transport, messaging.Target(topic='compute'), timeout=30)
    ctxt = {'request_id': 'req-python-compute', 'user_id': 'pyuser', 'project_id': 'pyproject'}
    try:
        result = client.prepare(server=host, version=version).call(ctxt, method, **kwargs)
        out = {'result': result}
    except Exception as e:  # noqa: BLE001 - the test reads whatever came back
        out = {'error_class': type(e).__name__, 'exc_type': getattr(e, 'exc_type', None),
               'value': getattr(e, 'value', None), 'error': str(e).split('\n')[0]}
    print(json.dumps(out))
    transport.cleanup()


if __name__ == '__main__':
    main()
