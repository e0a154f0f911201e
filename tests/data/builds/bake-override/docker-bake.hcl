// Shape: docker-bake.hcl plus docker-bake.override.hcl, which buildx reads after it (as in
// the Bake file-definition docs); the override adds the labels.
target "default" {
  context = "."
  tags = ["ghcr.io/octo-org/cli:dev"]
}
