#!/usr/bin/python3
"""Writes oslo.versionedobjects compatibility vectors for Tandem's Java tests.

Defines a small family of test objects with the REAL oslo.versionedobjects library (Debian's
python3-oslo.versionedobjects), builds deterministic instances, and writes their primitives --
current, backported to every older version, backported to version manifests -- plus hydration
(coercion) vectors and expected errors, as JSON files.

Usage: /usr/bin/python3 tools/ovo-fixtures/generate.py [OUTPUT_DIR]
Default OUTPUT_DIR: tandem-objects/src/test/resources/ovo-fixtures (relative to the repository).
The Java twins of these objects live in tandem-objects/src/test/java/org/tandem/objects/fixtures/.
"""

import copy
import datetime
import json
import os
import sys

from oslo_versionedobjects import base
from oslo_versionedobjects import exception
from oslo_versionedobjects import fields
from oslo_utils import versionutils

UTC = datetime.timezone.utc


class TestBase(base.VersionedObject):
    OBJ_SERIAL_NAMESPACE = 'nova_object'
    OBJ_PROJECT_NAMESPACE = 'nova'


def vt(version):
    return versionutils.convert_version_to_tuple(version)


@base.VersionedObjectRegistry.register
class Gadget(TestBase):
    # 1.0: initial
    # 1.1: added label
    # 1.2: added weight
    VERSION = '1.2'
    fields = {
        'id': fields.IntegerField(),
        'label': fields.StringField(nullable=True),
        'weight': fields.FloatField(default=1.0),
    }

    def obj_make_compatible(self, primitive, target_version):
        super().obj_make_compatible(primitive, target_version)
        t = vt(target_version)
        if t < (1, 2):
            primitive.pop('weight', None)
        if t < (1, 1):
            primitive.pop('label', None)


@base.VersionedObjectRegistry.register
class GadgetList(base.ObjectListBase, TestBase):
    # 1.0: Gadget 1.0
    # 1.1: Gadget 1.1
    # 1.2: Gadget 1.2
    VERSION = '1.2'
    fields = {'objects': fields.ListOfObjectsField('Gadget')}
    child_versions = {'1.0': '1.0', '1.1': '1.1', '1.2': '1.2'}


@base.VersionedObjectRegistry.register
class PlainGadgetList(base.ObjectListBase, TestBase):
    # 1.0: initial; no child_versions, so OVO falls back to element version 1.0
    VERSION = '1.0'
    fields = {'objects': fields.ListOfObjectsField('Gadget')}


@base.VersionedObjectRegistry.register
class Endpoint(TestBase):
    # 1.0: initial
    VERSION = '1.0'
    fields = {
        'ip': fields.IPAddressField(nullable=True),
        'v4': fields.IPV4AddressField(nullable=True),
        'v6': fields.IPV6AddressField(nullable=True),
        'cpus': fields.SetOfIntegersField(nullable=True),
        'port': fields.NonNegativeIntegerField(nullable=True),
        'load': fields.NonNegativeFloatField(nullable=True),
    }


@base.VersionedObjectRegistry.register
class Widget(TestBase):
    # 1.0: initial
    # 1.1: added extra; Gadget 1.1
    # 1.2: added gadgets
    # 1.3: added spec (sent as metadata['spec_id'] to older receivers)
    # 1.4: added updated_at and gadget_list; Gadget 1.2
    VERSION = '1.4'
    fields = {
        'uuid': fields.UUIDField(),
        'name': fields.StringField(),
        'count': fields.IntegerField(default=0),
        'enabled': fields.BooleanField(default=False),
        'ratio': fields.FloatField(nullable=True),
        'created_at': fields.DateTimeField(nullable=True),
        'state': fields.EnumField(['active', 'stopped', 'error'], default='active'),
        'metadata': fields.DictOfStringsField(default={}),
        'tags': fields.ListOfStringsField(default=[]),
        'sizes': fields.ListOfIntegersField(nullable=True),
        'gadget': fields.ObjectField('Gadget', nullable=True),
        'extra': fields.DictOfNullableStringsField(nullable=True),
        'gadgets': fields.ListOfObjectsField('Gadget', default=[]),
        'spec': fields.ObjectField('Gadget', nullable=True),
        'updated_at': fields.DateTimeField(nullable=True),
        'gadget_list': fields.ObjectField('GadgetList', nullable=True),
    }
    obj_relationships = {
        'gadget': [('1.0', '1.0'), ('1.1', '1.1'), ('1.4', '1.2')],
        'gadgets': [('1.2', '1.1'), ('1.4', '1.2')],
        'spec': [('1.3', '1.1'), ('1.4', '1.2')],
        'gadget_list': [('1.4', '1.2')],
    }

    def obj_make_compatible(self, primitive, target_version):
        super().obj_make_compatible(primitive, target_version)
        t = vt(target_version)
        if t < (1, 4):
            primitive.pop('updated_at', None)
            primitive.pop('gadget_list', None)
        if t < (1, 3):
            primitive.pop('spec', None)
            if self.obj_attr_is_set('spec') and self.spec is not None:
                meta = primitive.setdefault('metadata', {})
                meta['spec_id'] = str(self.spec.id)
        if t < (1, 2):
            primitive.pop('gadgets', None)
        if t < (1, 1):
            primitive.pop('extra', None)


def dt(*args, tz=UTC):
    # Offsets are named like iso8601 names them ('+02:00'); an unnamed timezone would print 'UTC+02:00'.
    return datetime.datetime(*args, tzinfo=tz)


def gadget(id_, label=None, weight=None, reset=True):
    g = Gadget(id=id_)
    if label is not None:
        g.label = label
    if weight is not None:
        g.weight = weight
    if reset:
        g.obj_reset_changes()
    return g


def widget_full():
    w = Widget(uuid='6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f', name='full', count=42, enabled=True,
               ratio=0.1, created_at=dt(2015, 3, 4, 5, 6, 7, 123456), state='stopped',
               metadata={'a': '1', 'b': 'two'}, tags=['x', 'y'], sizes=[1, -2, 9007199254740993],
               gadget=gadget(1, 'one', 2.5), extra={'k': 'v', 'n': None},
               gadgets=[gadget(2, 'two'), gadget(3, None, 0.25)],
               spec=gadget(7, 'spec', 3.0),
               updated_at=dt(2016, 1, 2, 3, 4, 5, tz=datetime.timezone(datetime.timedelta(hours=2), '+02:00')),
               gadget_list=GadgetList(objects=[gadget(4, 'four'), gadget(5)]))
    w.obj_reset_changes(recursive=True)
    w.name = 'full-renamed'
    w.count = 43
    w.gadget.label = 'one-changed'   # child change propagates to 'gadget'
    return w


def widget_sparse():
    w = Widget(uuid='00000000-0000-4000-8000-000000000001', name='sparse', created_at=None,
               gadget=None, ratio=None, sizes=None)
    return w


def widget_spec():
    w = Widget(uuid='00000000-0000-4000-8000-000000000002', name='spec-only',
               spec=gadget(9, 'nine', 9.5, reset=False), extra={})
    w.obj_reset_changes(['uuid'])
    return w


def widget_text():
    w = Widget(uuid='00000000-0000-4000-8000-000000000003', name='\u00fcnic\u00f8de \u2603 "quoted" \\ /',
               count=-7, ratio=1e16, metadata={}, tags=[], enabled=False,
               created_at=dt(1999, 12, 31, 23, 59, 59, 999999,
                             tz=datetime.timezone(datetime.timedelta(hours=-1, minutes=-30), '-01:30')),
               state='error', sizes=[])
    w.obj_reset_changes()
    return w


def gadget_list():
    gl = GadgetList(objects=[gadget(1, 'a', 1.5, reset=False), gadget(2)])
    return gl


SCENARIOS = {
    'widget_full': widget_full,
    'widget_sparse': widget_sparse,
    'widget_spec': widget_spec,
    'widget_text': widget_text,
    'gadget_list': gadget_list,
    'gadget': lambda: gadget(11, 'solo', 4.0, reset=False),
    'plain_gadget_list': lambda: PlainGadgetList(objects=[gadget(1, 'a', 1.5), gadget(2, 'b')]),
}

MANIFESTS = [
    {'Widget': '1.4', 'Gadget': '1.2', 'GadgetList': '1.2'},
    {'Widget': '1.4', 'Gadget': '1.0', 'GadgetList': '1.0'},
    {'Widget': '1.4', 'GadgetList': '1.1'},
    {'Widget': '1.2', 'Gadget': '1.1'},
    {'Widget': '1.0', 'Gadget': '1.0', 'GadgetList': '1.0'},
    {'Gadget': '1.1', 'GadgetList': '1.2'},
    {'Gadget': '1.0', 'GadgetList': '1.1'},
    {'PlainGadgetList': '1.0'},
    {'PlainGadgetList': '1.0', 'Gadget': '1.1'},
]

HISTORY = ['1.0', '1.1', '1.2', '1.3', '1.4']


def sort_changes(node):
    """Change lists come from Python sets; sort them so output is deterministic."""
    if isinstance(node, dict):
        out = {}
        for k, v in node.items():
            if k.endswith('.changes') and isinstance(v, list):
                out[k] = sorted(v)
            else:
                out[k] = sort_changes(v)
        return out
    if isinstance(node, list):
        return [sort_changes(x) for x in node]
    return node


def prim(obj, **kwargs):
    return sort_changes(copy.deepcopy(obj.obj_to_primitive(**kwargs)))


def scenario_doc(name, factory):
    obj = factory()
    doc = {'scenario': name, 'object': obj.obj_name(), 'current': prim(obj), 'targets': {}, 'reencoded': {},
           'manifests': []}
    for v in HISTORY:
        if vt(v) <= vt(obj.VERSION):
            doc['targets'][v] = prim(factory(), target_version=v)
            # Hydrating a backported primitive and encoding it again is not always the identity:
            # a backported child keeps its pre-backport change list, which re-encoding filters.
            doc['reencoded'][v] = prim(TestBase.obj_from_primitive(copy.deepcopy(doc['targets'][v])))
    for m in MANIFESTS:
        if obj.obj_name() in m:
            doc['manifests'].append({'manifest': m, 'primitive': prim(
                factory(), target_version=m[obj.obj_name()], version_manifest=m)})
    return doc


def e(data):
    return w('1.0', data, name='Endpoint')


def w(version, data, changes=None, name='Widget', namespace='nova'):
    p = {'nova_object.name': name, 'nova_object.namespace': namespace,
         'nova_object.version': version, 'nova_object.data': data}
    if changes is not None:
        p['nova_object.changes'] = changes
    return p


UID = '00000000-0000-4000-8000-0000000000aa'

HYDRATE = [
    ('integer from numeric string', w('1.4', {'uuid': UID, 'name': 'n', 'count': ' 12 '})),
    ('integer from float truncates', w('1.4', {'uuid': UID, 'name': 'n', 'count': -3.9})),
    ('integer from boolean', w('1.4', {'uuid': UID, 'name': 'n', 'count': True})),
    ('integer with underscores', w('1.4', {'uuid': UID, 'name': 'n', 'count': '1_000'})),
    ('boolean truthiness of strings', w('1.4', {'uuid': UID, 'name': 'n', 'enabled': 'false'})),
    ('boolean from empty string', w('1.4', {'uuid': UID, 'name': 'n', 'enabled': ''})),
    ('boolean from zero', w('1.4', {'uuid': UID, 'name': 'n', 'enabled': 0})),
    ('float from string', w('1.4', {'uuid': UID, 'name': 'n', 'ratio': '2.5e-3'})),
    ('float from integer', w('1.4', {'uuid': UID, 'name': 'n', 'ratio': 3})),
    ('string from integer', w('1.4', {'uuid': UID, 'name': 17})),
    ('string from float', w('1.4', {'uuid': UID, 'name': 1e16})),
    ('string from small float', w('1.4', {'uuid': UID, 'name': 0.00001})),
    ('string from boolean', w('1.4', {'uuid': UID, 'name': True})),
    ('naive datetime is UTC', w('1.4', {'uuid': UID, 'name': 'n', 'created_at': '2015-03-04 05:06:07'})),
    ('datetime with offset and fraction',
     w('1.4', {'uuid': UID, 'name': 'n', 'created_at': '2015-03-04T05:06:07.654321+05:30'})),
    ('datetime basic format', w('1.4', {'uuid': UID, 'name': 'n', 'created_at': '20150304T050607Z'})),
    ('datetime compact offset', w('1.4', {'uuid': UID, 'name': 'n', 'created_at': '2015-03-04T05:06:07-0800'})),
    ('null on defaulted field uses default', w('1.4', {'uuid': UID, 'name': 'n', 'count': None, 'tags': None})),
    ('dict of strings coerces values', w('1.4', {'uuid': UID, 'name': 'n', 'metadata': {'a': 1, 'b': 2.5}})),
    ('list of integers coerces', w('1.4', {'uuid': UID, 'name': 'n', 'sizes': ['1', 2.7, False]})),
    ('unknown data keys are ignored', w('1.4', {'uuid': UID, 'name': 'n', 'bogus': [1, 2]})),
    ('changes filtered to known fields', w('1.4', {'uuid': UID, 'name': 'n'}, ['name', 'bogus', 'count'])),
    ('older compatible version keeps its version', w('1.1', {'uuid': UID, 'name': 'old', 'extra': {'a': None}})),
    ('three-part version', w('1.3.7', {'uuid': UID, 'name': 'n'})),
] + [
    ('ip address %r' % (v,), e({'ip': v}))
    for v in ['10.0.0.1', '010.0.0.1', '10.1', '0x0a.0.0.1', '4294967295', 256, 2 ** 40, '2001:DB8:0:0:0:0:0:1', '::',
              '::1', '1::', '2001:db8:0:0:1:0:0:1', '2001:0:0:1:0:0:0:1', '::ffff:1.2.3.4', '::1.2.3.4',
              '::0.0.0.2', '1:0:3:4:5:6:7:8', 'fe80::0:0:a', '0:0:0:0:0:ffff:a00:1']
] + [
    ('ipv4 and ipv6 fields', e({'v4': '192.168.000.001', 'v6': 'FE80:0000::0001', 'ip': None})),
    ('set of integers (small values: Python prints them sorted)', e({'cpus': [5, 1, 3, 1, '2']})),
    ('empty set and non-negative numbers', e({'cpus': [], 'port': '8080', 'load': 0})),
] + [
    ('nested objects hydrate through the registry',
     w('1.4', {'uuid': UID, 'name': 'n',
               'gadget': w('1.0', {'id': '5'}, name='Gadget'),
               'gadget_list': w('1.1', {'objects': [w('1.1', {'id': 6, 'label': 7}, ['label'], name='Gadget')]},
                                name='GadgetList')})),
]

ERRORS = [
    ('non-integer string', w('1.4', {'uuid': UID, 'name': 'n', 'count': 'abc'})),
    ('integer from list', w('1.4', {'uuid': UID, 'name': 'n', 'count': [1]})),
    ('invalid enum value', w('1.4', {'uuid': UID, 'name': 'n', 'state': 'bogus'})),
    ('null on non-nullable field without default', w('1.4', {'uuid': UID, 'name': None})),
    ('null element in list of strings', w('1.4', {'uuid': UID, 'name': 'n', 'tags': ['a', None]})),
    ('string from dict', w('1.4', {'uuid': UID, 'name': {'a': 'b'}})),
    ('dict field given a list', w('1.4', {'uuid': UID, 'name': 'n', 'metadata': ['a']})),
    ('bad datetime', w('1.4', {'uuid': UID, 'name': 'n', 'created_at': 'yesterday'})),
    ('wrong object type in object field', w('1.4', {'uuid': UID, 'name': 'n', 'gadget': w('1.0', {'uuid': UID, 'name': 'x'})})),
    ('not an ip address', e({'ip': 'host.example.com'})),
    ('ip address with zone', e({'ip': 'fe80::1%eth0'})),
    ('ip address with spaces', e({'ip': ' 10.0.0.1'})),
    ('ip address part too big', e({'ip': '10.0.0.256'})),
    ('ipv6 in ipv4 field', e({'v4': '::1'})),
    ('ipv4 in ipv6 field', e({'v6': '10.0.0.1'})),
    ('two double colons', e({'v6': '1::2::3'})),
    ('negative non-negative integer', e({'port': -1})),
    ('negative non-negative float', e({'load': -0.5})),
    ('set given a string', e({'cpus': 'x'})),  # one char: Python iterates it in hash order
    ('newer minor version', w('1.5', {'uuid': UID, 'name': 'n'})),
    ('other major version', w('2.0', {'uuid': UID, 'name': 'n'})),
    ('unknown object name', w('1.0', {}, name='Nope')),
    ('foreign project namespace', w('1.0', {'uuid': UID, 'name': 'n'}, namespace='cinder')),
]

JAVA_EXCEPTION = {
    'ValueError': 'FieldValueException',
    'TypeError': 'FieldValueException',
    'AttributeError': 'FieldValueException',
    'IncompatibleObjectVersion': 'IncompatibleObjectVersion',
    'UnsupportedObjectError': 'UnsupportedObjectError',
}


def hydration_doc():
    cases = []
    for title, p in HYDRATE:
        obj = TestBase.obj_from_primitive(copy.deepcopy(p))
        cases.append({'title': title, 'input': p, 'output': prim(obj)})
    errors = []
    for title, p in ERRORS:
        try:
            TestBase.obj_from_primitive(copy.deepcopy(p))
        except Exception as e:  # noqa: we record which exception OVO raises
            kind = type(e).__name__
            errors.append({'title': title, 'input': p, 'python': kind, 'java': JAVA_EXCEPTION[kind],
                           'message': str(e)})
        else:
            raise SystemExit('expected an error from OVO for: %s' % title)
    return {'hydrate': cases, 'errors': errors,
            'tree_versions': {n: base.obj_tree_get_versions(n) for n in ('Widget', 'GadgetList', 'Gadget', 'PlainGadgetList')}}


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    default = os.path.join(here, '..', '..', 'tandem-objects', 'src', 'test', 'resources', 'ovo-fixtures')
    out = sys.argv[1] if len(sys.argv) > 1 else default
    os.makedirs(out, exist_ok=True)
    docs = {name: scenario_doc(name, f) for name, f in SCENARIOS.items()}
    docs['hydration'] = hydration_doc()
    for name, doc in docs.items():
        with open(os.path.join(out, name + '.json'), 'w', encoding='utf-8') as fh:
            json.dump(doc, fh, sort_keys=True, indent=1, ensure_ascii=False)
            fh.write('\n')
    print('wrote %d fixture files to %s' % (len(docs), os.path.normpath(out)))


if __name__ == '__main__':
    main()
