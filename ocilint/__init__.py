"""ocilint: a policy linter and pre-push validator for container images."""

__version__ = "0.1.0"
