#!/usr/bin/python3
"""Real oslo.messaging peer for Tandem's transport interoperability tests.

  oslo_peer.py client URL TOPIC SERVER [LOGIN_METHOD]   call and cast a Tandem listener; one JSON line per step
  oslo_peer.py server URL TOPIC SERVER [LOGIN_METHOD]   serve add(a, b) and boom(text); print READY;
                                                        stop when stdin closes

LOGIN_METHOD sets [oslo_messaging_rabbit] rabbit_login_method (oslo's default AMQPLAIN is not offered
by Qpid Broker-J, which needs PLAIN).

Run with Debian's /usr/bin/python3 (python3-oslo.messaging).
"""
import json
import sys
import threading

from oslo_config import cfg
import oslo_messaging as messaging


LOGIN_METHOD = None


def transport(url):
    conf = cfg.CONF  # the global config, as in Nova: oslo registers some options only there
    conf([], project='tandem-interop')
    messaging.set_transport_defaults('nova')
    t = messaging.get_rpc_transport(conf, url=url)
    if LOGIN_METHOD:
        # the rabbit driver registers its options on load and opens connections lazily
        conf.set_override('rabbit_login_method', LOGIN_METHOD, group='oslo_messaging_rabbit')
    return t


def emit(**fields):
    print(json.dumps(fields), flush=True)


def client(url, topic, server):
    t = transport(url)
    target = messaging.Target(topic=topic)
    c = messaging.get_rpc_client(t, target, timeout=30)
    ctxt = {'request_id': 'req-python-1', 'user_id': 'u1'}
    emit(step='shared', result=c.call(ctxt, 'echo', x=1, text='hello'))
    emit(step='directed', result=c.prepare(server=server, version='1.1').call(ctxt, 'echo', x=2))
    c.cast(ctxt, 'note', n=3)
    c.prepare(fanout=True).cast(ctxt, 'note', n=4)
    try:
        c.call(ctxt, 'fail', reason='because')
        emit(step='failure', error=None)
    except Exception as e:  # the remote failure comes back as an exception
        emit(step='failure', error_class=type(e).__name__, error=str(e))
    try:
        c.prepare(timeout=2).call(ctxt, 'silent')
        emit(step='timeout', error=None)
    except messaging.MessagingTimeout as e:
        emit(step='timeout', error_class=type(e).__name__, error=str(e))
    emit(step='done')
    t.cleanup()


class Endpoint(object):
    target = messaging.Target(version='1.3')

    def add(self, ctxt, a, b):
        return {'sum': a + b, 'request_id': ctxt.get('request_id')}

    def boom(self, ctxt, text):
        raise ValueError('python says: ' + text)


def server(url, topic, server_name):
    t = transport(url)
    target = messaging.Target(topic=topic, server=server_name)
    s = messaging.get_rpc_server(t, target, [Endpoint()], executor='threading')
    s.start()
    emit(step='READY')
    stop = threading.Event()

    def wait_stdin():
        sys.stdin.read()
        stop.set()

    threading.Thread(target=wait_stdin, daemon=True).start()
    stop.wait(300)
    s.stop()
    s.wait()
    t.cleanup()
    emit(step='stopped')


if __name__ == '__main__':
    mode, url, topic, name = sys.argv[1:5]
    if len(sys.argv) > 5:
        LOGIN_METHOD = sys.argv[5]
    {'client': client, 'server': server}[mode](url, topic, name)
