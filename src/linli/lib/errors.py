"""The base of errors whose message is shown to a person."""


class UserError(ValueError):
    """Bad input: `message` is translatable (lazy) text, `code` a stable machine name."""

    def __init__(self, message, code: str):
        super().__init__(str(message))
        self.message = message
        self.code = code
