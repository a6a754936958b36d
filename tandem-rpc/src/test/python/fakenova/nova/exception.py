"""Stand-in for nova.exception: enough for oslo.messaging to rebuild Tandem's domain failures."""


class NovaException(Exception):
    code = 500

    def __init__(self, message=None, **kwargs):
        self.kwargs = dict(kwargs)
        self.kwargs.setdefault('code', self.code)
        super().__init__(message or type(self).__name__)


class GadgetBroken(NovaException):
    code = 409
