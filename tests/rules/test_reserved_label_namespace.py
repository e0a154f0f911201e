"""OCL113 reserved-label-namespace: keys in Docker's reserved namespaces, as hadolint's DL3048."""

from tests.conftest import details, problems

SELECT = ["OCL113"]


def test_docstring_example() -> None:
    assert details('FROM scratch\nLABEL com.docker.team="platform"\n', SELECT) == [
        (
            2,
            7,
            "label key `com.docker.team` is in Docker's reserved namespace `com.docker.`",
            "use a namespace of your own, e.g. `com.example.team`",
        )
    ]


def test_each_reserved_namespace_and_nothing_else() -> None:
    text = """
        FROM scratch
        LABEL io.docker.a=1 org.dockerproject.b=1 com.dockerx.c=1 com.example.docker=1
        # ocilint: ignore=reserved-label-namespace
        LABEL com.docker.ignored=1
        """
    assert problems(text, SELECT) == [("OCL113", 2, 7), ("OCL113", 2, 21)]


def test_docker_extension_labels_are_documented_and_pass() -> None:
    text = """
        FROM scratch
        LABEL com.docker.desktop.extension.api.version=">= 0.3.0" \\
              com.docker.extension.screenshots="[]"
        """
    assert problems(text, SELECT) == []
