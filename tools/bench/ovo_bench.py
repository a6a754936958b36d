#!/usr/bin/python3
"""Times encode, decode and backport of an Instance-like object with the real oslo.versionedobjects.

The Python half of Tandem's objects benchmark (tools/bench/objects-ratio runs both halves in one
go). The object family here -- BenchInstance 1.2 with a nested BenchFlavor 1.1 -- has the same
fields, values, versions and backport rules as org.tandem.benchmarks.BenchInstance in
tandem-benchmarks, and --dump-primitive prints the primitives that the Java side checks against
(tandem-benchmarks/src/test/resources/bench-instance.json), so both sides time the same data.

Operations (medians of repeated timeit runs, microseconds per operation):
  encode_json       obj_to_primitive() + json.dumps()
  encode_primitive  obj_to_primitive()
  decode_json       json.loads() + obj_from_primitive()
  decode_primitive  obj_from_primitive()
  backport          obj_to_primitive(target_version='1.0')

Usage: /usr/bin/python3 tools/bench/ovo_bench.py [--repeat N] [--min-time SECONDS]
       /usr/bin/python3 tools/bench/ovo_bench.py --dump-primitive
"""

import argparse
import copy
import datetime
import json
import platform
import statistics
import sys
import timeit

from oslo_versionedobjects import base
from oslo_versionedobjects import fields
from oslo_utils import versionutils

UTC = datetime.timezone.utc
BACKPORT_TARGET = '1.0'


def vt(version):
    return versionutils.convert_version_to_tuple(version)


class BenchBase(base.VersionedObject):
    OBJ_SERIAL_NAMESPACE = 'nova_object'
    OBJ_PROJECT_NAMESPACE = 'nova'


@base.VersionedObjectRegistry.register
class BenchFlavor(BenchBase):
    # 1.0: initial version
    # 1.1: added extra_specs
    VERSION = '1.1'
    fields = {
        'id': fields.IntegerField(),
        'name': fields.StringField(nullable=True),
        'memory_mb': fields.IntegerField(),
        'vcpus': fields.IntegerField(),
        'root_gb': fields.IntegerField(),
        'ephemeral_gb': fields.IntegerField(),
        'flavorid': fields.StringField(),
        'swap': fields.IntegerField(),
        'rxtx_factor': fields.FloatField(nullable=True, default=1.0),
        'vcpu_weight': fields.IntegerField(nullable=True),
        'disabled': fields.BooleanField(),
        'is_public': fields.BooleanField(),
        'extra_specs': fields.DictOfStringsField(),
    }

    def obj_make_compatible(self, primitive, target_version):
        super().obj_make_compatible(primitive, target_version)
        if vt(target_version) < (1, 1):
            primitive.pop('extra_specs', None)


@base.VersionedObjectRegistry.register
class BenchInstance(BenchBase):
    # 1.0: initial version; BenchFlavor 1.0
    # 1.1: added ephemeral_key_uuid; BenchFlavor 1.1
    # 1.2: added node_uuid (older receivers get it as system_metadata['node_uuid'])
    VERSION = '1.2'
    fields = {
        'id': fields.IntegerField(),
        'uuid': fields.UUIDField(),
        'user_id': fields.StringField(nullable=True),
        'project_id': fields.StringField(nullable=True),
        'image_ref': fields.StringField(nullable=True),
        'kernel_id': fields.StringField(nullable=True),
        'ramdisk_id': fields.StringField(nullable=True),
        'hostname': fields.StringField(nullable=True),
        'launch_index': fields.IntegerField(nullable=True),
        'key_name': fields.StringField(nullable=True),
        'power_state': fields.IntegerField(nullable=True),
        'vm_state': fields.StringField(nullable=True),
        'task_state': fields.StringField(nullable=True),
        'memory_mb': fields.IntegerField(nullable=True),
        'vcpus': fields.IntegerField(nullable=True),
        'root_gb': fields.IntegerField(nullable=True),
        'ephemeral_gb': fields.IntegerField(nullable=True),
        'host': fields.StringField(nullable=True),
        'node': fields.StringField(nullable=True),
        'instance_type_id': fields.IntegerField(nullable=True),
        'reservation_id': fields.StringField(nullable=True),
        'scheduled_at': fields.DateTimeField(nullable=True),
        'launched_at': fields.DateTimeField(nullable=True),
        'terminated_at': fields.DateTimeField(nullable=True),
        'availability_zone': fields.StringField(nullable=True),
        'display_name': fields.StringField(nullable=True),
        'display_description': fields.StringField(nullable=True),
        'launched_on': fields.StringField(nullable=True),
        'locked': fields.BooleanField(default=False),
        'locked_by': fields.EnumField(['owner', 'admin'], nullable=True),
        'os_type': fields.StringField(nullable=True),
        'root_device_name': fields.StringField(nullable=True),
        'access_ip_v4': fields.IPV4AddressField(nullable=True),
        'access_ip_v6': fields.IPV6AddressField(nullable=True),
        'progress': fields.IntegerField(nullable=True),
        'shutdown_terminate': fields.BooleanField(default=False),
        'cleaned': fields.BooleanField(default=False),
        'metadata': fields.DictOfStringsField(default={}),
        'system_metadata': fields.DictOfNullableStringsField(default={}),
        'flavor': fields.ObjectField('BenchFlavor', nullable=True),
        'created_at': fields.DateTimeField(nullable=True),
        'updated_at': fields.DateTimeField(nullable=True),
        'deleted': fields.BooleanField(default=False),
        'ephemeral_key_uuid': fields.UUIDField(nullable=True),
        'node_uuid': fields.UUIDField(nullable=True),
    }
    obj_relationships = {
        'flavor': [('1.0', '1.0'), ('1.1', '1.1')],
    }

    def obj_make_compatible(self, primitive, target_version):
        super().obj_make_compatible(primitive, target_version)
        t = vt(target_version)
        if t < (1, 2):
            primitive.pop('node_uuid', None)
            if self.obj_attr_is_set('node_uuid') and self.node_uuid is not None:
                sysmeta = primitive.setdefault('system_metadata', {})
                sysmeta['node_uuid'] = self.node_uuid
        if t < (1, 1):
            primitive.pop('ephemeral_key_uuid', None)


def utc(*args):
    return datetime.datetime(*args, tzinfo=UTC)


def make_instance():
    """The benchmark object: every field set, loaded then two fields changed (as before a save)."""
    flavor = BenchFlavor(id=6, name='m1.large', memory_mb=8192, vcpus=4, root_gb=80, ephemeral_gb=10,
                         flavorid='4', swap=1024, rxtx_factor=1.5, vcpu_weight=None, disabled=False,
                         is_public=True,
                         extra_specs={'hw:cpu_policy': 'dedicated', 'hw:mem_page_size': 'large',
                                      'quota:disk_read_iops_sec': '1000'})
    sysmeta = {'image_%02d' % i: 'value-%02d-%s' % (i, 'x' * (i % 7)) for i in range(17)}
    sysmeta.update({'instance_type_name': 'm1.large', 'instance_type_flavorid': '4',
                    'clean_attempts': '0'})
    inst = BenchInstance(
        id=1042, uuid='b2f1c3d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
        user_id='5c4f1e0a9b8d4c7e8f6a5b4c3d2e1f00', project_id='9a8b7c6d5e4f4a3b2c1d0e9f8a7b6c5d',
        image_ref='e1d2c3b4-a596-4877-8695-a4b3c2d1e0f9', kernel_id='', ramdisk_id='',
        hostname='web-frontend-07', launch_index=0, key_name='ops-key', power_state=1,
        vm_state='active', task_state=None, memory_mb=8192, vcpus=4, root_gb=80, ephemeral_gb=10,
        host='compute-17', node='compute-17.example.org', instance_type_id=6,
        reservation_id='r-3fk2l9qx', scheduled_at=utc(2015, 4, 30, 10, 11, 12, 345678),
        launched_at=utc(2015, 4, 30, 10, 12, 40), terminated_at=None, availability_zone='nova',
        display_name='web-frontend-07', display_description='Frontend web server \u2116 7',
        launched_on='compute-17', locked=True, locked_by='owner', os_type='linux',
        root_device_name='/dev/vda', access_ip_v4='192.0.2.17', access_ip_v6='2001:db8::17',
        progress=100, shutdown_terminate=False, cleaned=False,
        metadata={'role': 'frontend', 'tier': 'web', 'owner': 'team-blue'},
        system_metadata=sysmeta, flavor=flavor,
        created_at=utc(2015, 4, 30, 10, 11, 2), updated_at=utc(2015, 5, 2, 8, 0, 0), deleted=False,
        ephemeral_key_uuid=None, node_uuid='7d6c5b4a-3f2e-4d1c-9b0a-8f7e6d5c4b3a')
    inst.obj_reset_changes(recursive=True)
    inst.task_state = 'rebooting'
    inst.progress = 0
    return inst


def sort_changes(node):
    """Change lists come from Python sets; sorted, they compare stably with Tandem's."""
    if isinstance(node, dict):
        return {k: (sorted(v) if k.endswith('.changes') and isinstance(v, list) else sort_changes(v))
                for k, v in node.items()}
    if isinstance(node, list):
        return [sort_changes(x) for x in node]
    return node


def dump_primitive():
    inst = make_instance()
    return {
        'object': 'BenchInstance',
        'current': sort_changes(copy.deepcopy(inst.obj_to_primitive())),
        'backport_target': BACKPORT_TARGET,
        'backport': sort_changes(copy.deepcopy(inst.obj_to_primitive(target_version=BACKPORT_TARGET))),
    }


def measure(fn, repeat, min_time):
    """Median and spread of `repeat` timeit runs, each long enough to last about min_time seconds."""
    timer = timeit.Timer(fn)
    number = 1
    while True:
        if timer.timeit(number) >= min_time / 2:
            break
        number *= 2
    number = max(1, int(number * 2))
    runs = [t / number * 1e6 for t in timer.repeat(repeat=repeat, number=number)]
    return {'median': statistics.median(runs), 'min': min(runs), 'max': max(runs), 'runs': len(runs),
            'number': number}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--repeat', type=int, default=7, help='timeit repeats per operation (default 7)')
    ap.add_argument('--min-time', type=float, default=0.2,
                    help='seconds each repeat should last at least (default 0.2)')
    ap.add_argument('--dump-primitive', action='store_true',
                    help='print the benchmark object as primitives (current and backported) and exit')
    args = ap.parse_args()
    if args.dump_primitive:
        json.dump(dump_primitive(), sys.stdout, sort_keys=True, indent=1, ensure_ascii=False)
        sys.stdout.write('\n')
        return
    if args.repeat < 1 or args.min_time <= 0:
        ap.error('--repeat must be >= 1 and --min-time > 0')

    inst = make_instance()
    primitive = inst.obj_to_primitive()
    text = json.dumps(primitive)
    # Sanity: a round trip gives the same primitive, so decode times real work.
    again = BenchBase.obj_from_primitive(json.loads(text))
    if sort_changes(again.obj_to_primitive()) != sort_changes(json.loads(text)):
        raise SystemExit('ovo_bench: JSON round trip of BenchInstance changed the primitive')

    ops = {
        'encode_json': lambda: json.dumps(inst.obj_to_primitive()),
        'encode_primitive': lambda: inst.obj_to_primitive(),
        'decode_json': lambda: BenchBase.obj_from_primitive(json.loads(text)),
        'decode_primitive': lambda: BenchBase.obj_from_primitive(primitive),
        'backport': lambda: inst.obj_to_primitive(target_version=BACKPORT_TARGET),
    }
    results = {name: measure(fn, args.repeat, args.min_time) for name, fn in ops.items()}
    json.dump({'unit': 'us/op', 'python': platform.python_version(),
               'oslo.versionedobjects': _ovo_version(), 'json_bytes': len(text.encode('utf-8')),
               'operations': results}, sys.stdout, indent=1)
    sys.stdout.write('\n')


def _ovo_version():
    try:
        from importlib import metadata
        return metadata.version('oslo.versionedobjects')
    except Exception:  # noqa: the version is informative only
        return 'unknown'


if __name__ == '__main__':
    main()
