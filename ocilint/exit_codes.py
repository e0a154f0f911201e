"""Process exit statuses."""

OK = 0  # nothing at or above --fail-on
FINDINGS = 1  # at least one finding at or above --fail-on
ERROR = 2  # usage, configuration, input or plugin error
