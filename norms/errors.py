"""Domain errors, raised by domain code and translated to HTTP by the api and web layers."""


class DomainError(Exception):
    """Base of every error a user can cause."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(DomainError):
    """The thing does not exist, or the actor may not know that it does."""


class Forbidden(DomainError):
    """The actor may see the thing but not do this to it."""


class Conflict(DomainError):
    """The thing is not in a state that allows this."""


class Invalid(DomainError):
    """One field of the input is wrong; `location` says where it was given (body or query)."""

    def __init__(self, field: str, message: str, location: str = "body") -> None:
        super().__init__(message)
        self.field = field
        self.location = location


class Stale(Conflict):
    """The thing changed since the actor read it; a lost update was refused."""
