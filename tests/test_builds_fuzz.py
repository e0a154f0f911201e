"""The build readers never fail with anything but a one-line InputError, whatever the file holds:
YAML documents of any shape in workflow and Compose files, HCL and JSON noise in Bake files."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ocilint.builds import bake, compose, workflows
from ocilint.errors import InputError

KEYS = st.sampled_from(
    ["jobs", "steps", "uses", "with", "env", "run", "strategy", "matrix", "include", "services",
     "build", "context", "dockerfile", "labels", "args", "platforms", "tags", "image", "target",
     "annotations", "outputs", "file", "id", "images", "docker/build-push-action@v6",
     "docker/metadata-action@v5", "${{ matrix.x }}", "${{ steps.meta.outputs.labels }}", "x"]
)  # fmt: skip
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), KEYS, st.text(max_size=20))
DOCUMENTS = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(KEYS, children, max_size=5)
    ),
    max_leaves=30,
)
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _safely(load: object, path: Path, data: bytes) -> None:
    try:
        load(str(path), data)  # type: ignore[operator]
    except InputError as error:
        assert "\n" not in str(error)


@FUZZ
@given(DOCUMENTS)
def test_workflows_and_compose_files_of_any_shape(
    tmp_path_factory: object, document: object
) -> None:
    root = tmp_path_factory.mktemp("fuzz")  # type: ignore[attr-defined]
    data = yaml.safe_dump(document).encode()
    (root / ".github" / "workflows").mkdir(parents=True)
    _safely(
        workflows.ocilint_load_builds,
        root / ".github" / "workflows" / "x.yml",
        data + b"\n# docker build",
    )
    _safely(compose.ocilint_load_builds, root / "compose.yaml", data)


@FUZZ
@given(DOCUMENTS)
def test_bake_json_of_any_shape(tmp_path_factory: object, document: object) -> None:
    root = tmp_path_factory.mktemp("fuzz")  # type: ignore[attr-defined]
    wrapped = {"target": {"a": document}, "variable": {"V": document}, "group": document}
    _safely(bake.ocilint_load_builds, root / "docker-bake.json", json.dumps(wrapped).encode())


HCL_PIECES = st.sampled_from(
    ['target "a" {', 'target "b" {', "}", 'inherits = ["a"]', 'inherits = ["b"]', "tags = [",
     '"x:${V}"', "]", 'labels = { "k" = "v" }', "labels = V", 'variable "V" {', 'default = "d"',
     "platforms = [\"linux/amd64\", \"linux/arm64\"]", 'context = "."', "args = { A = V }",
     'annotations = ["index:k=v"]', "group \"default\" {", 'targets = ["a"]', "# c", "${", '"']
)  # fmt: skip


@FUZZ
@given(st.lists(HCL_PIECES, max_size=25))
def test_bake_hcl_noise(tmp_path_factory: object, pieces: list[str]) -> None:
    root = tmp_path_factory.mktemp("fuzz")  # type: ignore[attr-defined]
    _safely(bake.ocilint_load_builds, root / "docker-bake.hcl", "\n".join(pieces).encode())
