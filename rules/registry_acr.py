"""Azure Container Registry name that Azure rejects.

## What it does
Checks every image on an Azure container registry (`NAME.azurecr.io`; `azurecr.cn` in Azure
China, `azurecr.us` in Azure Government) that a build pulls (`FROM`, `COPY --from=<image>`,
`RUN --mount=…,from=<image>`), and every reference given to `ocilint check image-ref`.

- NAME, the registry name, is 5-50 letters and digits. (A `-suffix` after it is let through,
  in case it is the hash that a domain name label scope adds to the login server.)
- The login server has no port: `NAME.azurecr.io:443/app` fails.
- The login server is written in lower case: `MyRegistry.azurecr.io/app` fails.

Repository names may contain lowercase letters, digits, `.`, `-`, `_` and `/`, which the
reference grammar already ensures.

## Why is this bad?
A registry name outside 5-50 alphanumerics cannot exist. With a port or upper-case letters in
the host, Docker looks up credentials and tokens under a host name the registry does not issue
them for, and pulls and pushes fail with `unauthorized: authentication required` even after a
successful `az acr login`.

## Example
    FROM contoso.azurecr.io:443/web:1.0

Use instead:
    FROM contoso.azurecr.io/web:1.0

## Options
- `allow`: registries (a pattern without `/`, matched against the host) or repositories (a
  pattern with `/`, matched against `host/path`) to leave alone (default: none).

## References
- [Azure REST API: Registries - Check Name Availability](https://learn.microsoft.com/en-us/rest/api/containerregistry/registries/check-name-availability)
  ("The name must contain only alphanumeric characters, be globally unique, and between 5 and
  50 characters in length.")
- [Azure Container Registry: About registries, repositories, and artifacts](https://learn.microsoft.com/en-us/azure/container-registry/container-registry-concepts)
  (login server `myregistry.azurecr.io`, all lowercase; repository name characters)
- [Azure Container Registry: Troubleshoot registry login](https://learn.microsoft.com/en-us/azure/container-registry/container-registry-troubleshoot-login)
  (use an all-lowercase login server)
- [Azure/acr#359](https://github.com/Azure/acr/issues/359) and
  [MicrosoftDocs/azure-docs#58471](https://github.com/MicrosoftDocs/azure-docs/issues/58471):
  a port in the login server gives `unauthorized: authentication required`
"""

from collections.abc import Iterator

from ocilint.model import Finding, Options, Severity

CODE = "OCL305"
NAME = "acr-naming"
SEVERITY = Severity.ERROR
APPLIES_TO = ("dockerfile", "reference")
DEFAULTS: dict[str, tuple[str, ...]] = {"allow": ()}


def check(subject: object, options: Options) -> Iterator[Finding]:
    from ocilint.registries import ACR, check_uses

    return check_uses(subject, (ACR,), CODE, options)
