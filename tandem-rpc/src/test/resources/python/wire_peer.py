"""Test peer: reads a JSON request on stdin, answers with what oslo.messaging/oslo.context make of it."""
import json
import sys

from oslo_context import context
from oslo_messaging import _utils
from oslo_messaging._drivers import common
from oslo_messaging.rpc import dispatcher

req = json.load(sys.stdin)
out = {}

# Java failures as a Nova peer (allowed module nova.exception) sees them.
out["failures"] = []
for failure in req["failures"]:
    exc = common.deserialize_remote_exception(failure, ["nova.exception"])
    out["failures"].append({"type": type(exc).__name__,
                            "exc_type": getattr(exc, "exc_type", None),
                            "value": getattr(exc, "value", None),
                            "first_line": str(exc).splitlines()[0]})

# A Java context dict read by oslo.context.
ctx = context.RequestContext.from_dict(req["context"])
out["context"] = {"user_id": ctx.user_id, "project_id": ctx.project_id, "roles": ctx.roles,
                  "request_id": ctx.request_id, "is_admin": ctx.is_admin}

# oslo's compatibility rule over the given pairs.
out["compatible"] = [_utils.version_is_compatible(imp, ver) for imp, ver in req["pairs"]]

# Failures and a context made by Python, for Java to read.
python_failures = []
for exc in (dispatcher.UnsupportedVersion("5.0", method="foo"), dispatcher.NoSuchMethod("bar"),
            TypeError("f() got an unexpected keyword argument 'b'"), KeyError("k")):
    try:
        raise exc
    except Exception:
        python_failures.append(common.serialize_remote_exception(sys.exc_info()))
out["python_failures"] = python_failures
out["python_context"] = context.RequestContext(user_id="pu", project_id="pp", roles=["reader"],
                                               request_id="req-py", is_admin=True).to_dict()
json.dump(out, sys.stdout)
