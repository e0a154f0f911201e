// Shape: Bake files driven by docker/bake-action that take GitHub Actions' environment as
// variables (GITHUB_REPOSITORY, GITHUB_REPOSITORY_OWNER), as in the Bake "Variables" docs;
// one tag forgets `lower()`.
variable "GITHUB_REPOSITORY_OWNER" {
  default = "octo-org"
}

variable "GITHUB_REPOSITORY" {}

variable "VERSION" {
  default = "dev"
}

target "default" {
  context = "."
  tags = [
    "ghcr.io/${GITHUB_REPOSITORY}:${VERSION}",
    "ghcr.io/${lower(GITHUB_REPOSITORY_OWNER)}/tool:${VERSION}",
  ]
  labels = {
    "org.opencontainers.image.source" = "https://github.com/${GITHUB_REPOSITORY}"
    "org.opencontainers.image.description" = "Octo tool"
    "org.opencontainers.image.licenses" = "MIT"
  }
}
