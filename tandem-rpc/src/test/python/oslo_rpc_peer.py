#!/usr/bin/python3
"""Real oslo.messaging RPC peer for Tandem's RPC-level interoperability tests (RpcInteropIT).

  oslo_rpc_peer.py client URL TOPIC LOGIN_METHOD
      reads a JSON list of steps on stdin and prints one JSON line per step, then {"step": "done"}.
      A step: {"id", "op": "call"|"cast", "method", "args", optional "server", "version",
      "namespace", "fanout", "timeout", "exmods": [allowed remote exception modules],
      "hydrate": name of an arg whose primitive is built from a Python Gadget}.
  oslo_rpc_peer.py server URL TOPIC LOGIN_METHOD NAME[,NAME...]
      runs one oslo RPC server (threading executor) per name on TOPIC; prints {"step": "READY"},
      then one JSON line per cast received; stops when stdin closes.

LOGIN_METHOD is PLAIN for Qpid Broker-J (oslo's default AMQPLAIN is not offered there).
nova.exception is the stand-in next to this script (fakenova/). Run with /usr/bin/python3.
"""
import json
import os
import sys
import threading

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), 'fakenova'))

from oslo_config import cfg  # noqa: E402
import oslo_messaging as messaging  # noqa: E402
from oslo_versionedobjects import base as ovo_base  # noqa: E402
from oslo_versionedobjects import fields as ovo_fields  # noqa: E402

import nova.exception  # noqa: E402

OUT_LOCK = threading.Lock()


def emit(**fields):
    with OUT_LOCK:
        print(json.dumps(fields, sort_keys=True), flush=True)


class TestObject(ovo_base.VersionedObject):
    OBJ_SERIAL_NAMESPACE = 'nova_object'
    OBJ_PROJECT_NAMESPACE = 'nova'


@ovo_base.VersionedObjectRegistry.register
class Gadget(TestObject):
    # 1.0: name; 1.1: color
    VERSION = '1.1'
    fields = {'name': ovo_fields.StringField(),
              'color': ovo_fields.StringField(nullable=True)}


def configure(login_method):
    cfg.CONF([], project='tandem-rpc-interop')
    messaging.set_transport_defaults('nova')


def transport(url, login_method, exmods=None):
    t = messaging.get_rpc_transport(cfg.CONF, url=url, allowed_remote_exmods=exmods or [])
    # the rabbit driver registers its options on load and connects lazily
    cfg.CONF.set_override('rabbit_login_method', login_method, group='oslo_messaging_rabbit')
    return t


def describe_error(e):
    return {'error_class': type(e).__name__, 'error_module': type(e).__module__,
            'error': str(e).split('\n')[0], 'exc_type': getattr(e, 'exc_type', None),
            'value': getattr(e, 'value', None), 'kwargs': getattr(e, 'kwargs', None)}


def client(url, topic, login_method):
    configure(login_method)
    steps = json.load(sys.stdin)
    transports = {}
    ctxt = {'request_id': 'req-python-rpc', 'user_id': 'pyuser', 'project_id': 'pyproject'}
    for step in steps:
        exmods = tuple(step.get('exmods', ['nova.exception']))
        if exmods not in transports:
            transports[exmods] = transport(url, login_method, list(exmods))
        c = messaging.get_rpc_client(transports[exmods], messaging.Target(topic=topic), timeout=30)
        prep = {k: step[k] for k in ('server', 'version', 'namespace', 'fanout', 'timeout') if k in step}
        if prep:
            c = c.prepare(**prep)
        args = dict(step.get('args', {}))
        if 'hydrate' in step:
            g = Gadget(name='py-gadget', color='green')
            args[step['hydrate']] = g.obj_to_primitive()
        try:
            if step['op'] == 'cast':
                c.cast(ctxt, step['method'], **args)
                emit(id=step['id'], result='sent')
                continue
            result = c.call(ctxt, step['method'], **args)
            out = {'id': step['id'], 'result': result}
            if 'hydrate' in step:
                back = Gadget.obj_from_primitive(result)
                out['hydrated'] = {'name': back.name, 'color': back.color, 'version': back.VERSION,
                                   'changes': sorted(back.obj_what_changed())}
            emit(**out)
        except Exception as e:  # a remote failure or a timeout: report what oslo made of it
            emit(id=step['id'], **describe_error(e))
    emit(step='done')
    for t in transports.values():
        t.cleanup()


class ServerEndpoint(object):
    target = messaging.Target(version='1.3')

    def __init__(self, name):
        self.name = name

    def echo(self, ctxt, value):
        return {'value': value, 'server': self.name, 'request_id': ctxt.get('request_id')}

    def nest(self, ctxt, outer):
        return {'wrapped': outer, 'keys': sorted(outer.keys()), 'depth': {'a': {'b': {'c': [1, 2.5, None, True]}}}}

    def repaint(self, ctxt, gadget, color):
        g = Gadget.obj_from_primitive(gadget)
        g.obj_reset_changes()
        g.color = color
        return g.obj_to_primitive()

    def boom(self, ctxt, text):
        raise KeyError('python lost ' + text)

    def break_gadget(self, ctxt, name):
        raise nova.exception.GadgetBroken('Gadget %s is broken' % name, gadget=name)

    def note(self, ctxt, n):
        emit(step='cast', server=self.name, n=n, user_id=ctxt.get('user_id'))


def server(url, topic, login_method, names):
    configure(login_method)
    servers = []
    for name in names.split(','):
        t = transport(url, login_method)
        s = messaging.get_rpc_server(t, messaging.Target(topic=topic, server=name), [ServerEndpoint(name)],
                                     executor='threading')
        s.start()
        servers.append((s, t))
    emit(step='READY')
    stop = threading.Event()

    def wait_stdin():
        sys.stdin.read()
        stop.set()

    threading.Thread(target=wait_stdin, daemon=True).start()
    stop.wait(300)
    for s, t in servers:
        s.stop()
        s.wait()
        t.cleanup()
    emit(step='stopped')


if __name__ == '__main__':
    mode, url, topic, login = sys.argv[1:5]
    if mode == 'client':
        client(url, topic, login)
    else:
        server(url, topic, login, sys.argv[5])
