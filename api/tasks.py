"""Every kind of background job, registered by importing this module: the application, the worker
and the CLI import it, so that each knows every job (and publication is turned into its job)."""

from api import creation, mailer, publication, reports

NAMES = (creation.NAME, publication.NAME, reports.NAME, mailer.NAME)
