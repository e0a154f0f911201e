"""Amazon ECR name that ECR rejects.

## What it does
Checks every image in an Amazon ECR private registry that a build pulls (`FROM`,
`COPY --from=<image>`, `RUN --mount=…,from=<image>`), and every reference given to
`ocilint check image-ref`. The registry host is `ACCOUNT.dkr.ecr.REGION.amazonaws.com`, also
with `dkr.ecr-fips`, in the China Regions (`.amazonaws.com.cn`) and on the dual-stack endpoint
`ACCOUNT.dkr-ecr.REGION.on.aws`.

- ACCOUNT is the 12-digit AWS account ID (the API's `registryId`, pattern `[0-9]{12}`).
- REGION looks like an AWS Region code (`us-east-1`, `us-gov-west-1`, `cn-north-1`).
- The repository name (the whole path) is 2-256 characters and matches the CreateRepository
  `repositoryName` pattern `(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*`:
  unlike the reference grammar it allows no `__` and no `--`.

## Why is this bad?
ECR cannot create or hold a repository of that name, and a host with a malformed account or
Region does not exist; the push or pull fails after the build has run.

## Example
    FROM 123456789012.dkr.ecr.us-east-1.amazonaws.com/web__frontend:1.0

Use instead:
    FROM 123456789012.dkr.ecr.us-east-1.amazonaws.com/web_frontend:1.0

## Options
- `allow`: registries (a pattern without `/`, matched against the host, e.g.
  `*.dkr.ecr.us-east-1.amazonaws.com`) or repositories (a pattern with `/`, matched against
  `host/path`) to leave alone (default: none).

## References
- [Amazon ECR API Reference: CreateRepository](https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_CreateRepository.html)
  (`registryId`: `[0-9]{12}`; `repositoryName`: 2-256 characters and the pattern above; its
  prose also says a name "must start with a letter", which the published pattern does not
  require, so a leading digit is accepted here)
- [Amazon ECR User Guide: Private registry](https://docs.aws.amazon.com/AmazonECR/latest/userguide/Registries.html)
- [Amazon ECR User Guide: Making requests (dual-stack endpoints)](https://docs.aws.amazon.com/AmazonECR/latest/userguide/ecr-requests.html)
"""

from collections.abc import Iterator

from ocilint.model import Finding, Options, Severity

CODE = "OCL303"
NAME = "ecr-naming"
SEVERITY = Severity.ERROR
APPLIES_TO = ("dockerfile", "reference")
DEFAULTS: dict[str, tuple[str, ...]] = {"allow": ()}


def check(subject: object, options: Options) -> Iterator[Finding]:
    from ocilint.registries import ECR, check_uses

    return check_uses(subject, (ECR,), CODE, options)
