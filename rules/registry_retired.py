"""Image from a registry that has been shut down or frozen.

## What it does
Flags every image that a build pulls (`FROM`, `COPY --from=<image>`,
`RUN --mount=…,from=<image>`), and every reference given to `ocilint check image-ref`, on:

- Google Container Registry (`gcr.io`, `us.gcr.io`, `eu.gcr.io`, `asia.gcr.io`), shut down in
  2025: writing has failed since 18 March 2025 and Container Registry storage is no longer
  read. A `gcr.io` name still works where its project moved the repository to an Artifact
  Registry `gcr.io` repository, which includes Google's own public images. The fix names the
  Artifact Registry location that matches the host (`gcr.io` and `us.gcr.io`: `us`,
  `eu.gcr.io`: `europe`, `asia.gcr.io`: `asia`).
- `k8s.gcr.io`, the Kubernetes project's old registry, frozen since 3 April 2023 and
  redirected to `registry.k8s.io`.

`mirror.gcr.io`, Artifact Registry's cache of Docker Hub, is not flagged.

## Why is this bad?
Images on a retired registry stop being updated, and pulls depend on a redirect or a
migration that may not have happened: the build breaks, or silently keeps an old image.

## Example
    FROM k8s.gcr.io/pause:3.9

Use instead:
    FROM registry.k8s.io/pause:3.9

## Options
- `allow`: registries (a pattern without `/`, matched against the host) or repositories (a
  pattern with `/`, matched against `host/path`) to leave alone. The default lets through
  Google-owned public images served from Artifact Registry `gcr.io` repositories:
  `gcr.io/distroless/*`, `gcr.io/google.com/cloudsdktool/*`, `gcr.io/cloud-builders/*` and
  `gcr.io/kaniko-project/*`.

## References
- [Google Cloud: Container Registry deprecation](https://cloud.google.com/container-registry/docs/deprecations/container-registry-deprecation)
- [Artifact Registry: gcr.io repositories](https://cloud.google.com/artifact-registry/docs/transition/gcr-repositories)
  (host to location mapping; "gcr.io URLs hosted on Artifact Registry are not affected by the
  Container Registry shutdown")
- [Artifact Registry: Pull cached Docker Hub images](https://cloud.google.com/artifact-registry/docs/pull-cached-dockerhub-images)
  (`mirror.gcr.io`)
- [Kubernetes blog: k8s.gcr.io Redirect to registry.k8s.io](https://kubernetes.io/blog/2023/03/10/image-registry-redirect/)
- [AWS Containers blog: Changes to the Kubernetes container image registry](https://aws.amazon.com/blogs/containers/changes-to-the-kubernetes-container-image-registry/)
  (redirect from 20 March 2023, frozen from 3 April 2023)
"""

import re
from collections.abc import Iterator
from dataclasses import replace

from ocilint.model import Finding, Fix, Options, Severity

CODE = "OCL308"
NAME = "retired-registry"
SEVERITY = Severity.WARNING
APPLIES_TO = ("dockerfile", "reference")
DEFAULTS: dict[str, tuple[str, ...]] = {
    "allow": (
        "gcr.io/distroless/*",
        "gcr.io/google.com/cloudsdktool/*",
        "gcr.io/cloud-builders/*",
        "gcr.io/kaniko-project/*",
    )
}


def check(subject: object, options: Options) -> Iterator[Finding]:
    from ocilint.fixes.spans import reference_edit
    from ocilint.registries import CONTAINER_REGISTRY, K8S_GCR, check_uses

    uses = {use.location: use for use in getattr(subject, "image_uses", ())}
    for finding in check_uses(subject, (CONTAINER_REGISTRY, K8S_GCR), CODE, options):
        # A successor registry serves the same image under the new name: an exact edit.
        use = uses.get(finding.location)
        successor = _USE.match(finding.fix or "")
        if use is not None and successor is not None:
            edit = reference_edit(subject, use, successor[1])
            finding = replace(finding, fix=None, autofix=Fix.use(successor[1], edit))
        yield finding


_USE = re.compile(r"use `([^`]+)`\Z")
